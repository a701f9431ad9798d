"""The nul20 spider: finds every article of the site, fetches it once, yields its item.

Discovery: robots.txt `Sitemap:` lines and /sitemap.xml (indexes, `?page=N` pages), the
home page, listings and their pagers, and links inside any HTML page (related teasers).
Whether a page is an article is the parser's verdict (nul20scraper.extract). Every URL is
canonicalised before it is requested, so host variants, http/https, tracking parameters
and trailing slashes never cause a second fetch; items are deduplicated on their
canonical URL, so a second path to an article (a `/node/<nid>` redirect) never yields a
second item. What happens to each page is sent as signal `page_outcome` for the report.

Arguments: `-a base_url=http://127.0.0.1:8000` crawls another origin (a local mirror);
`-a since=YYYY-MM-DD` skips sitemap entries whose lastmod is older. Pages are fetched from
the origin crawled, but an item's URL is always the page's canonical URL on the site's own
origin (https://www.nul20.nl), so that a store filled from a mirror agrees with the site's.

Before the first request, one TCP connection to the origin (NUL20_PROBE_TIMEOUT seconds, no
retries) tells whether it can be reached at all; when it cannot, the spider closes at once
(reason `unreachable`) and the report names the host, instead of robots.txt, the home page
and the sitemap each being retried until their download timeouts.
"""

from __future__ import annotations

import asyncio
import socket
import urllib.request
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.reactor import is_asyncio_reactor_installed
from scrapy.utils.response import get_base_url
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from nul20scraper import shared
from nul20scraper.crawl.crawl_delay import MIRROR_SETTINGS, is_loopback
from nul20scraper.crawl.expected_articles import (
    ARTICLE_LINK_META,
    LOGIN_WALL,
    ExpectedArticles,
    login_wall,
)
from nul20scraper.crawl.failures import NETWORK_KINDS, failure_kind, network_kind
from nul20scraper.crawl.incremental import IncrementalPolicy
from nul20scraper.crawl.layer_counts import LAYERS_KEY, layer_stat
from nul20scraper.crawl.ledger import RUN_FAILURES
from nul20scraper.crawl.links import (
    ALIAS_XPATH,
    LINK_XPATH,
    LinkPolicy,
    is_pager_url,
    pager_base,
)
from nul20scraper.crawl.sitemaps import parse_sitemap, sitemap_body
from nul20scraper.extract import NotArticle, parse_article_with_provenance
from nul20scraper.shared import FETCHED_AT_META, KIND_META, is_html
from nul20scraper.urls import SITE_ORIGIN, canonical_url, item_url, origin_of, site_urls

SITEMAP_PRIORITY = 20  # sitemaps first: they name the most pages for the least requests
LISTING_PRIORITY = 10


def crawl_origin(base_url: str | None) -> str:
    """The origin to crawl: scheme and host of `base_url`, www.nul20.nl by default."""
    if not base_url:
        return SITE_ORIGIN
    parts = urlsplit(base_url if "://" in base_url else f"https://{base_url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"base_url must be an http(s) URL with a host, not {base_url!r}")
    return origin_of(f"{parts.scheme}://{parts.netloc}/")


class Nul20Spider(scrapy.Spider):
    name = "nul20"

    def __init__(self, base_url: str | None = None, since: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.origin = crawl_origin(base_url)
        self.since = since
        self.policy = LinkPolicy(self.origin)
        self.allowed_domains = [self.policy.host]
        self.requested: set[str] = set()  # canonical URLs requested, or known to be aliases
        self.emitted: set[str] = set()  # canonical URLs of the items yielded
        self.pager_links: defaultdict[str, set[int]] = defaultdict(set)  # listing -> links
        self.incremental: IncrementalPolicy | None = None  # set for `crawl --incremental`
        # Incremental runs read listings after the sitemaps: a listing page then counts as
        # new only for links no sitemap named, and paging stops at once when there are none.
        self.pending_sitemaps = 0
        self.held_listings: list[Request] = []
        self.closing = False
        self.expected = ExpectedArticles(None)  # from_crawler gives it the store

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        if settings.getbool("NUL20_MIRROR"):  # below -s NAME=VALUE, above the project's
            for name, value in MIRROR_SETTINGS.items():
                settings.set(name, value, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Nul20Spider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        if settings.getbool("NUL20_MIRROR") and not is_loopback(urlsplit(spider.origin).hostname):
            raise ValueError(f"NUL20_MIRROR (full speed, no Crawl-delay) is for a mirror on "
                             f"this machine, not {spider.origin}")
        spider.policy = LinkPolicy(
            spider.origin,
            max_pager_page=settings.getint("NUL20_MAX_PAGER_PAGE", 500),
            keep_params=frozenset(settings.getlist("NUL20_KEEP_QUERY_PARAMS", ["page"])),
        )
        spider.since = spider.since or settings.get("NUL20_SITEMAP_SINCE") or None
        spider.start_paths = settings.getlist("NUL20_START_PATHS", ["/"])
        spider.incremental = IncrementalPolicy.from_crawler(crawler)
        if spider.incremental is not None:
            spider.start_paths = spider.incremental.start_paths
        spider.read_robots_sitemaps = settings.getbool("ROBOTSTXT_OBEY")
        spider.expected = ExpectedArticles.from_crawler(crawler)
        crawler.signals.connect(spider.expected.close, signal=signals.spider_closed)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(spider.release_listings_when_idle, signal=signals.spider_idle)
        return spider

    # -- requests ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        if not await self.origin_answers():
            return
        for path in self.start_paths:
            request = self.page_request(urljoin(self.origin, path), priority=LISTING_PRIORITY,
                                        kind="listing")
            if request is None:
                continue
            if self.incremental is not None:
                self.held_listings.append(request)
            else:
                yield request
        if not self.read_robots_sitemaps:
            # Without ROBOTSTXT_OBEY nobody else reads robots.txt; read it for its sitemaps.
            yield Request(urljoin(self.origin, "/robots.txt"), callback=self.parse_robots,
                          errback=self.on_error, priority=SITEMAP_PRIORITY,
                          meta={KIND_META: "robots"})
        request = self.sitemap_request(urljoin(self.origin, "/sitemap.xml"))
        if request is not None:
            yield request
        if not self.pending_sitemaps:
            for listing in self.take_held_listings():
                yield listing
        # Incremental runs: recently published articles, which may have been updated since.
        for url in self.incremental.recheck_urls() if self.incremental else ():
            request = self.page_request(url, kind="recheck")
            if request is not None:
                yield request

    async def origin_answers(self) -> bool:
        """False, with the failure recorded and the spider closing, when a TCP connection to
        the origin fails. Skipped behind a proxy (the proxy, not the origin, is dialled)."""
        settings = self.crawler.settings
        parts = urlsplit(self.origin)
        if (not settings.getbool("NUL20_PROBE_ORIGIN", True) or not is_asyncio_reactor_installed()
                or urllib.request.getproxies().get(parts.scheme)):
            return True
        port = parts.port or (443 if parts.scheme == "https" else 80)
        timeout = settings.getfloat("NUL20_PROBE_TIMEOUT", 4.0)
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(parts.hostname, port), timeout)
        except socket.gaierror:
            kind = "dns"
        except TimeoutError:
            kind = "timeout"
        except OSError as exc:  # named as a download's failure would be: refused, no route, ...
            kind = network_kind(exc) or "connection"
        else:
            writer.close()
            return True
        self.logger.info("Cannot reach %s: %s", self.origin, NETWORK_KINDS[kind])
        self.outcome(kind, self.origin + "/", NETWORK_KINDS[kind])
        engine = self.crawler.engine
        if engine is not None and not self.closing:
            self.closing = True
            deferred_from_coro(engine.close_spider_async(reason="unreachable"))
        return False

    def claim(self, url: str) -> bool:
        """True the first time a canonical URL is asked for, False after."""
        if url in self.requested:
            return False
        self.requested.add(url)
        return True

    def page_request(self, url: str, priority: int = 0, followed: bool = False,
                     kind: str = "page") -> Request | None:
        """`kind` (meta nul20_kind): "listing", "page" or "recheck", see crawl.incremental."""
        target = url if followed else self.policy.request_url(url)
        if target is None or not self.claim(target):
            return None
        return Request(target, callback=self.parse_page, errback=self.on_error,
                       priority=priority, meta={KIND_META: kind})

    def sitemap_request(self, url: str) -> Request | None:
        target = self.policy.sitemap_url(url)
        if target is None or not self.claim(target):
            return None
        self.pending_sitemaps += 1
        return Request(target, callback=self.parse_sitemap, errback=self.on_error,
                       priority=SITEMAP_PRIORITY, meta={KIND_META: "sitemap"})

    def sitemap_done(self) -> None:
        """One sitemap read (or failed); the last one releases held listings."""
        self.pending_sitemaps = max(0, self.pending_sitemaps - 1)
        if not self.pending_sitemaps and self.crawler.engine is not None:
            for request in self.take_held_listings():
                self.crawler.engine.crawl(request)

    def take_held_listings(self) -> list[Request]:
        held, self.held_listings = self.held_listings, []
        return held

    def release_listings_when_idle(self) -> None:
        """A safety net: never end a crawl with listings still held."""
        held = self.take_held_listings()
        if held and self.crawler.engine is not None:
            for request in held:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider

    # -- robots.txt and sitemaps ------------------------------------------------------

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """RobotsTxtMiddleware read robots.txt: schedule its `Sitemap:` lines."""
        if urlsplit(request.url).netloc != urlsplit(self.origin).netloc:
            return
        protego = getattr(robotparser, "rp", None)  # Scrapy's default Protego parser
        for url in getattr(protego, "sitemaps", ()) or ():
            sitemap = self.sitemap_request(url)
            if sitemap is not None and self.crawler.engine is not None:
                self.crawler.engine.crawl(sitemap)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        self.outcome("robots", response.url)
        text = response.body.decode("utf-8", "replace")
        for url in sitemap_urls_from_robots(text, base_url=response.url):
            request = self.sitemap_request(url)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            yield from self.sitemap_requests(response)
        finally:
            self.sitemap_done()

    def sitemap_requests(self, response: Response) -> Iterator[Request]:
        body = sitemap_body(response)
        sitemap = parse_sitemap(body) if body is not None else None
        if sitemap is None:
            self.outcome("non_html", response.url, "not a sitemap")
            return
        self.outcome("sitemap", response.url)
        for entry in sitemap.entries:
            if sitemap.is_index:
                request = self.sitemap_request(entry.url)
            elif self.since and entry.lastmod and entry.lastmod[:10] < self.since:
                self.outcome("sitemap_too_old", entry.url, entry.lastmod)
                continue
            elif self.unchanged_since_last_run(entry.url, entry.lastmod):
                self.outcome("sitemap_unchanged", entry.url, entry.lastmod)
                continue
            else:
                request = self.page_request(entry.url)
                if request is not None:  # a sitemap entry names an article page
                    request.meta[ARTICLE_LINK_META] = True
            if request is not None:
                yield request

    def unchanged_since_last_run(self, url: str, lastmod: str | None) -> bool:
        if self.incremental is None:
            return False
        target = self.policy.request_url(url)
        return target is not None and self.incremental.skips_sitemap_entry(target, lastmod)

    # -- pages ------------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[Request | dict[str, Any]]:
        if response.status == 304:  # a conditional request (crawl.conditional): unchanged
            self.outcome("not_modified", response.url)
            return
        if not is_html(response):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            self.outcome("non_html", response.url, content_type or "no Content-Type")
            return
        self.claim_aliases(response)
        item = self.article_of(response)
        if item is not None:
            yield item
        yield from self.follow_links(response)

    def article_of(self, response: Response) -> dict[str, Any] | None:
        meta = response.request.meta if response.request is not None else {}
        # Before the parser, which may take the wall's own headline for an article's.
        wall = login_wall(response)
        if wall is not None:
            self.not_article(response, meta, LOGIN_WALL, wall)
            return None
        try:
            parsed = parse_article_with_provenance(response.body, response.url, fetch_time(meta))
        except Exception as exc:  # one bad page must not stop the crawl
            self.logger.warning("Parser failed on %s: %r", response.url, exc)
            self.outcome("parse_error", response.url, f"{type(exc).__name__}: {exc}")
            return None
        result = parsed.result
        if isinstance(result, NotArticle):
            self.not_article(response, meta, result.kind, result.reason)
            return None
        fetched = canonical_url(result.get("url") or response.url, self.origin)
        self.requested.add(fetched)
        url = item_url(fetched, self.origin)
        if fetched in self.emitted:
            self.outcome("duplicate_article", response.url, url)
            return None
        self.emitted.add(fetched)
        result["url"] = url
        site_urls(result, self.origin)  # the image's, tags' and teasers' URLs too
        self.outcome("article", url)
        self.count_layers(parsed.layers)
        if self.crawler.settings.get("NUL20_STORE_PATH"):
            # For the store pipeline, which takes it off again: without a store nothing would,
            # and the feed's items would carry a key outside the item's schema.
            result[LAYERS_KEY] = dict(parsed.layers)
        return result

    def count_layers(self, layers: Mapping[str, str]) -> None:
        """Per field, the layer that answered it, counted for the crawl report."""
        stats = self.crawler.stats
        assert stats is not None
        for name, layer in layers.items():
            stats.inc_value(layer_stat(name, layer))

    def not_article(self, response: Response, meta: dict[str, Any], kind: str,
                    reason: str) -> None:
        """A page without an article: a failure (article_missing) where an article was
        expected and a login wall, an empty or an error page came, else a page of its kind."""
        # The store knows articles by their item URL, on the site's origin even from a mirror.
        url = item_url(canonical_url(response.url, self.origin), self.origin)
        if self.expected.missing(kind, url, meta):
            self.logger.warning("No article at %s: %s (%s)", response.url, kind, reason)
            self.outcome(shared.ARTICLE_MISSING, response.url, f"{kind}: {reason}")
        else:
            self.outcome("not_article", response.url, kind)

    def claim_aliases(self, response: Response) -> None:
        """Mark the page's own canonical and shortlink URLs as fetched: Drupal pages name
        their `/node/<nid>` shortlink, which then needs no request of its own."""
        self.requested.add(canonical_url(response.url, self.origin))
        hrefs = response.xpath(ALIAS_XPATH).getall()
        self.requested.update(self.policy.alias_urls(get_base_url(response), hrefs))

    def follow_links(self, response: Response) -> Iterator[Request]:
        # A plain XPath on the page's (cached) selector: LinkExtractor costs twice as much
        # per page, and the policy does the filtering it would do.
        hrefs = response.xpath(LINK_XPATH).getall()
        links = self.policy.link_urls(get_base_url(response), hrefs)
        here = canonical_url(response.url, self.origin)
        listing = pager_base(here)
        pager = [u for u in links if is_pager_url(u) or u == listing]
        pager = [u for u in pager if pager_base(u) == listing]
        content = [u for u in links if u not in pager]
        if self.incremental is not None:  # only new links, next pager page only if any
            pager, content = self.incremental.select_links(here, pager, content,
                                                           requested=self.requested)
        if pager and is_pager_url(here) and not self.grows_listing(listing, content):
            # A page past the end of a pager repeats what earlier pages showed: stop here.
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("nul20/pager_stopped")
            pager = []
        elif pager:
            self.grows_listing(listing, content)
        for url in pager:
            request = self.page_request(url, priority=LISTING_PRIORITY, followed=True,
                                        kind="listing")
            if request is not None:
                yield request
        for url in content:
            request = self.page_request(url, followed=True)
            if request is not None:
                yield request

    def grows_listing(self, listing: str, links: Iterable[str]) -> bool:
        """Add a pager page's links to its listing; True if any was not there before."""
        seen = self.pager_links[listing]
        before = len(seen)
        seen.update(hash(url) for url in links)
        return len(seen) > before

    # -- outcomes ---------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        kind = failure_kind(failure)
        response = getattr(failure.value, "response", None)
        detail = str(response.status) if response is not None else None
        if kind in NETWORK_KINDS:
            detail = NETWORK_KINDS[kind]
        if kind in ("robots_disallowed", "offsite", "ignored"):
            self.logger.debug("Skipped %s: %s", request.url, failure.value)
        elif kind in RUN_FAILURES:
            self.logger.warning("Failed %s: %s", request.url, detail or kind)
        else:  # a gone page (404/410) is a fact about the site, in the report
            self.logger.info("Not fetched %s: %s", request.url, detail or kind)
        self.outcome(kind, request.url, detail)
        if request.meta.get(KIND_META) == "sitemap":
            self.sitemap_done()
        assert self.crawler.stats is not None
        if kind in NETWORK_KINDS and not self.crawler.stats.get_value("downloader/response_count"):
            # Not one answer from the host so far: it cannot be reached, stop trying.
            engine = self.crawler.engine
            if engine is not None and not self.closing:
                self.closing = True
                deferred_from_coro(engine.close_spider_async(reason="unreachable"))

    def outcome(self, outcome: str, url: str, detail: str | None = None) -> None:
        self.crawler.signals.send_catch_log(
            shared.page_outcome, outcome=outcome, url=url, detail=detail
        )


def fetch_time(meta: dict[str, Any]) -> datetime:
    """The WARC record's date when the page is captured: a re-parse gives the same item."""
    return meta.get(FETCHED_AT_META) or datetime.now(UTC)



