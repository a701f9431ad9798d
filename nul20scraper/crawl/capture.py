"""Scrapy extension: write the fetched responses of a run to WARC files.

Enable with EXTENSIONS = {"nul20scraper.crawl.capture.WarcCapture": 500} and setting
NUL20_WARC_DIR (disabled when unset). Settings:

- NUL20_WARC_DIR: directory for `<run-id>-<serial>.warc.gz`.
- NUL20_WARC_ALL (default False): capture every response (robots.txt, sitemaps, redirects,
  304s, errors) instead of only successful HTML pages, which include every article page.
- NUL20_WARC_MAX_SIZE (default 1e9 bytes): roll to the next file past this size.
- Request.meta["nul20_warc"] = True/False forces one request in or out.

It listens to `response_downloaded`, which Scrapy sends as a response leaves the download
handler: before any downloader middleware, so the record holds the body as the server sent it
(still gzip-encoded if it was; warcio decodes it on reading) and every redirect hop is a
response of its own. It also stamps `request.meta["nul20_fetched_at"]` with the record's
WARC-Date, so that an item built from the response can carry the very same fetch time and a
re-parse of the WARC gives an identical item, and `request.meta["nul20_warc_location"]` with
where the response record starts (a WarcLocation), which WarcProvenance hands to the item.

WarcProvenance, a spider middleware (SPIDER_MIDDLEWARES, active with NUL20_WARC_DIR and
NUL20_STORE_PATH), puts that location on every item the spider builds from the response, under
the private key `_warc_location`; the store pipeline takes it off and records it with the
revision. A spider middleware because it is the one Scrapy component that sees the response
and the items it produced together: the pipeline sees the item only. The ordering holds by
construction: response_downloaded is sent before the response reaches any middleware or the
spider, so the location is in the request's meta before the item exists.

A record that cannot be written (OSError: a full disk, say) is a `warc_failed` outcome with the
OS error as its cause, and closes the crawl with reason `warc_failed`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.defer import deferred_from_coro

from nul20scraper import shared
from nul20scraper.archive.run import run_label
from nul20scraper.archive.warc import DEFAULT_MAX_SIZE, WarcRecorder, warc_date
from nul20scraper.shared import FETCHED_AT_META, WARC_LOCATION_META, is_html

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Request, Response

logger = logging.getLogger(__name__)

FORCE_META = "nul20_warc"
# The private item key under which WarcProvenance hands the location to the store pipeline.
WARC_LOCATION_KEY = "_warc_location"


def _header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class WarcCapture:
    def __init__(self, crawler: Crawler, recorder: WarcRecorder, capture_all: bool) -> None:
        self.crawler = crawler
        self.recorder = recorder
        self.capture_all = capture_all

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        settings = crawler.settings
        directory = settings.get("NUL20_WARC_DIR")
        if not directory:
            # NUL20_WARC_DIR is not set; no message, which Scrapy logs as a warning
            raise NotConfigured
        recorder = WarcRecorder(
            directory,
            run_label(crawler),
            max_size=settings.getint("NUL20_WARC_MAX_SIZE", DEFAULT_MAX_SIZE),
            info={"robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"},
        )
        capture = cls(crawler, recorder, settings.getbool("NUL20_WARC_ALL"))
        crawler.signals.connect(capture.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(capture.spider_closed, signal=signals.spider_closed)
        return capture

    def wants(self, request: Request, response: Response) -> bool:
        forced = request.meta.get(FORCE_META)
        if forced is not None:
            return bool(forced)
        if self.capture_all:
            return True
        return 200 <= response.status < 300 and is_html(response)

    def response_downloaded(self, response: Response, request: Request, **_: Any) -> None:
        date = warc_date()
        request.meta[FETCHED_AT_META] = date
        # A retried or redirected request inherits the meta of the one before it: a location
        # left there would name another response's record.
        request.meta.pop(WARC_LOCATION_META, None)
        if not self.wants(request, response):
            return
        stats = self.crawler.stats
        try:
            location = self.recorder.write_exchange(
                response.url,
                status=response.status,
                response_headers=_header_pairs(response.headers),
                body=response.body,
                method=request.method,
                request_headers=_header_pairs(request.headers),
                request_body=request.body,
                date=date,
                ip_address=str(response.ip_address) if response.ip_address else None,
                protocol=response.protocol or "HTTP/1.1",
            )
        except OSError as exc:  # a full disk must not crash the crawl; the run is partial
            self.capture_failed(response.url, exc)
            return
        request.meta[WARC_LOCATION_META] = location
        stats.inc_value("archive/warc_records")
        stats.set_value("archive/warc_files", len(self.recorder.paths))

    def capture_failed(self, url: str, exc: OSError) -> None:
        """Count and name the page whose record could not be written, and stop the crawl:
        the disk that refused this record (full, read-only, failing) refuses the next ones,
        and a page fetched without its record cannot be re-parsed or replayed."""
        stats = self.crawler.stats
        stats.inc_value("archive/warc_errors")
        cause = exc.strerror or str(exc) or type(exc).__name__
        logger.error("WARC capture of %s failed: %s", url, cause)
        self.crawler.signals.send_catch_log(
            shared.page_outcome, outcome=shared.WARC_FAILED, url=url, detail=cause
        )
        if stats.get_value(shared.WARC_ERROR_STAT):
            return
        stats.set_value(shared.WARC_ERROR_STAT, cause)
        engine = self.crawler.engine
        if engine is not None:
            logger.error("WARC files cannot be written (%s): stopping the crawl", cause)
            deferred_from_coro(engine.close_spider_async(reason=shared.WARC_FAILED))

    def spider_closed(self, **_: Any) -> None:
        try:
            self.recorder.close()
        except OSError as exc:  # the last buffered bytes did not fit: counted, not a traceback
            self.crawler.stats.inc_value("archive/warc_errors")
            logger.error("closing the WARC file failed: %s", exc.strerror or exc)


class WarcProvenance(BaseSpiderMiddleware):
    """Spider middleware: each item carries the WARC location of the response it came from."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcProvenance:
        settings = crawler.settings
        if not settings.get("NUL20_WARC_DIR") or not settings.get("NUL20_STORE_PATH"):
            # Without a store nothing takes the private key off the item again.
            # provenance needs NUL20_WARC_DIR and NUL20_STORE_PATH (no message: Scrapy
            # logs one as a warning)
            raise NotConfigured
        return cls(crawler)

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        if response is not None and response.request is not None and isinstance(item, dict):
            location = response.meta.get(WARC_LOCATION_META)
            if location is not None:
                item[WARC_LOCATION_KEY] = location
        return item
