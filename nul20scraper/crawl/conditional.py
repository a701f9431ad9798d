"""Downloader middleware: HTTP conditional requests from the validators kept in the store.

Enable with DOWNLOADER_MIDDLEWARES = {"nul20scraper.crawl.conditional.ConditionalRequests":
560} and setting NUL20_STORE_PATH (disabled when unset).

Every run saves the ETag and Last-Modified of the pages it gets, with the time it checked them
(which also marks the URL as known, see nul20scraper.crawl.incremental). In an incremental
run (NUL20_INCREMENTAL) a request for a page or a re-check (Request.meta["nul20_kind"]) of
which the store holds validators carries If-None-Match / If-Modified-Since; a 304 Not Modified
answer is let through to the spider, which counts it and makes no item.

Validators are saved only once the page is done with: an article once the store holds its
item (signal item_scraped, sent after the item pipelines), any other page once the spider
reported its outcome. A run killed in between leaves no validators behind for content the
store does not have; otherwise the next run would be told 304 and never get that content.
Listing pages are always fetched in full: they are where new articles are found.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, NamedTuple

from scrapy import signals
from scrapy.exceptions import NotConfigured

from nul20scraper import shared
from nul20scraper.archive.store import Store
from nul20scraper.shared import KIND_META, PAGE_KINDS, REPLAYED_META

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

SENT_META = "nul20_sent_validators"

# Page outcomes (nul20scraper.shared.page_outcome) after which a page counts as known.
# "article" is not one: its validators wait until the item is stored.
KNOWN_OUTCOMES = frozenset({
    "not_article", "duplicate_article", "non_html", "http_404", "http_410", "http_4xx",
    "not_modified",
})
# Requests dropped before any answer that are known all the same: there is nothing to fetch.
UNFETCHED_KNOWN_OUTCOMES = frozenset({"robots_disallowed"})


class Pending(NamedTuple):
    etag: str | None
    last_modified: str | None
    aliases: tuple[str, ...]  # URLs that redirected here


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ConditionalRequests:
    def __init__(self, crawler: Crawler, store_path: str, conditional: bool) -> None:
        self.crawler = crawler
        self.store_path = store_path
        self.conditional = conditional
        self.store: Store | None = None
        self.pending: dict[str, Pending] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequests:
        store_path = crawler.settings.get("NUL20_STORE_PATH")
        if not store_path:
            # NUL20_STORE_PATH is not set; no message, which Scrapy logs as a warning
            raise NotConfigured
        middleware = cls(crawler, str(store_path), crawler.settings.getbool("NUL20_INCREMENTAL"))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(middleware.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(middleware.page_outcome, signal=shared.page_outcome)
        return middleware

    def spider_opened(self, **_: Any) -> None:
        self.store = Store.open(self.store_path)

    def spider_closed(self, **_: Any) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- downloader middleware -----------------------------------------------------------

    def process_request(self, request: Request) -> None:
        if (
            not self.conditional
            or self.store is None
            or request.method != "GET"
            or request.meta.get(KIND_META) not in PAGE_KINDS
        ):
            return
        validators = self.store.validators(request.url)
        if validators is None or not (validators.etag or validators.last_modified):
            return
        if validators.etag:
            request.headers[b"If-None-Match"] = validators.etag
        if validators.last_modified:
            request.headers[b"If-Modified-Since"] = validators.last_modified
        request.meta[SENT_META] = (validators.etag, validators.last_modified)
        handled = list(request.meta.get("handle_httpstatus_list", ()))
        request.meta["handle_httpstatus_list"] = [*handled, 304]
        self.crawler.stats.inc_value("archive/conditional_requests")

    def process_response(self, request: Request, response: Response) -> Response:
        # Redirects never get here (RedirectMiddleware, 600, turns them into requests first);
        # server errors are retried and known only once they succeed.
        if request.meta.get(REPLAYED_META) or response.status >= 500:
            return response
        aliases = tuple(request.meta.get("redirect_urls", ()))
        if response.status == 304:
            self.crawler.stats.inc_value("archive/not_modified")
            etag, last_modified = request.meta.get(SENT_META, (None, None))
            self.pending[response.url] = Pending(
                _header(response, b"ETag") or etag,
                _header(response, b"Last-Modified") or last_modified,
                aliases,
            )
        else:
            self.pending[response.url] = Pending(
                _header(response, b"ETag"), _header(response, b"Last-Modified"), aliases
            )
        return response

    # -- saving, once a page is done -------------------------------------------------------

    def item_scraped(self, item: Any, response: Response, **_: Any) -> None:
        url = item.get("url") if hasattr(item, "get") else None
        if self.store is None or not url or not self.store.has_article(url):
            self.pending.pop(response.url, None)  # not stored: nothing to vouch for
            return
        self.save(response.url, also=url)

    def page_outcome(self, outcome: str, url: str, detail: str | None = None) -> None:
        if outcome in KNOWN_OUTCOMES:
            self.save(url)
        elif outcome in UNFETCHED_KNOWN_OUTCOMES and self.store is not None:
            self.store.save_validators(url, etag=None, last_modified=None)
        elif outcome != "article":
            self.pending.pop(url, None)

    def save(self, url: str, also: str | None = None) -> None:
        pending = self.pending.pop(url, None)
        if pending is None or self.store is None:
            return
        for target in dict.fromkeys((url, also or url)):
            self.store.save_validators(
                target, etag=pending.etag, last_modified=pending.last_modified
            )
        for alias in pending.aliases:
            self.store.save_validators(alias, etag=None, last_modified=None)
