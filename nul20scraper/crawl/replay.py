"""Downloader middleware: a resumed run answers from its own WARC files what it already fetched.

Enable with DOWNLOADER_MIDDLEWARES = {"nul20scraper.crawl.replay.WarcReplay": 540}; it is
active when NUL20_WARC_DIR is set and files of this run (`<run label>-*.warc.gz`) are there,
which happens only when a run is started again under its old label (`--job-dir`).

Why not Scrapy's JOBDIR: its request queue and seen-fingerprints file are only consistent
after a graceful stop, and a SIGKILL leaves them half written. The WARC files are written one
flushed record at a time and read back up to the last complete record, so after any kind of
stop they say exactly which pages the run got. A resumed run therefore starts discovery over
(robots.txt and sitemaps are fetched again; pages, listings included, are served from the
WARC at no cost to the site), re-parses what it had and fetches only the rest. An article
parsed again is recorded again, which the store turns into "unchanged": nothing is lost and
nothing is stored twice. Each captured page is served once; a second request for it goes to
the network as usual.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from nul20scraper.archive.run import run_label
from nul20scraper.archive.warc import (
    TruncatedWarc,
    WarcLocation,
    read_response_at,
    read_responses_with_offsets,
)
from nul20scraper.shared import FETCHED_AT_META, REPLAYED_META, WARC_LOCATION_META

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request

logger = logging.getLogger(__name__)


def captured_pages(directory: Path, label: str) -> dict[str, tuple[Path, int]]:
    """URL -> (file, offset) of every complete 2xx response in the run's WARC files."""
    index: dict[str, tuple[Path, int]] = {}
    for path in sorted(directory.glob(f"{label}-*.warc.gz")):
        try:
            for offset, response in read_responses_with_offsets(path):
                if 200 <= response.status < 300:
                    index.setdefault(response.url, (path, offset))
        except TruncatedWarc as exc:  # the record being written when the run was killed
            logger.info("%s: %s", path, exc)
    return index


class WarcReplay:
    def __init__(self, crawler: Crawler, index: dict[str, tuple[Path, int]]) -> None:
        self.crawler = crawler
        self.index = index

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcReplay:
        directory = crawler.settings.get("NUL20_WARC_DIR")
        if not directory or not Path(directory).is_dir():
            # no WARC directory to replay from; no message, which Scrapy logs as a warning
            raise NotConfigured
        index = captured_pages(Path(directory), run_label(crawler))
        if not index:
            # no pages captured by this run yet; no message, which Scrapy logs as a warning
            raise NotConfigured
        logger.info("Resuming run %s: %d captured pages will be replayed from %s",
                    run_label(crawler), len(index), directory)
        crawler.stats.set_value("archive/replay_available", len(index))
        return cls(crawler, index)

    def process_request(self, request: Request) -> Response | None:
        if request.method != "GET":
            return None
        location = self.index.pop(request.url, None)
        if location is None:
            return None
        try:
            captured = read_response_at(*location)
        except (OSError, TruncatedWarc) as exc:
            logger.warning("Cannot replay %s from %s: %s", request.url, location[0], exc)
            return None
        request.meta[FETCHED_AT_META] = captured.date
        request.meta[REPLAYED_META] = True
        request.meta[WARC_LOCATION_META] = WarcLocation(*location)  # the revision's provenance
        self.crawler.stats.inc_value("archive/replayed")
        headers = {"Content-Type": captured.content_type} if captured.content_type else {}
        return HtmlResponse(
            url=captured.url, status=captured.status, headers=headers, body=captured.body,
            request=request,
        )
