"""Which links the crawl follows, and in what spelling it requests them.

A link is followed when it is on the crawled site, is not an asset, feed, print version,
search, account or admin page, and is not deeper into a pager than NUL20_MAX_PAGER_PAGE.
Query parameters other than the pager's are dropped: on Drupal they only sort, filter or
track, and each would open another copy of the same page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

from nul20scraper.urls import canonical_url, is_on_site

# Paths that are never content: account, admin, search, print, feeds, Drupal's internals,
# and the calendar/agenda date spaces, which go on without end.
DENY_PATTERNS: tuple[str, ...] = (
    r"^/(user|users|admin|search|zoeken|filter/tips|comment|contact)(/|$)",
    r"^/node/add(/|$)",
    r"^/node/\d+/(edit|delete|revisions|print|track)(/|$)",
    r"^/(print|printpdf|printmail|print_pdf)(/|$)",
    r"/print$",
    r"^/(rss\.xml|feed|feeds)(/|$)",
    r"/feed$",
    r"^/taxonomy/term/\d+/(all/)?feed",
    r"^/(sites|misc|modules|themes|profiles|includes|core|libraries)/",
    r"^/(agenda|calendar|kalender|evenementen)/.*\d{4}",
    r"^/(ical|ics)(/|$)",
    r"^/(cron|update|install|xmlrpc|authorize)\.php",
)
DENY = tuple(re.compile(pattern) for pattern in DENY_PATTERNS)

# File extensions of assets and feeds: Scrapy's list plus what a Drupal site also serves.
ASSET_EXTENSIONS: frozenset[str] = frozenset(
    {*IGNORED_EXTENSIONS, "xml", "rss", "atom", "ics", "json", "txt", "csv", "gz"}
)

PAGER_PARAM = "page"


# Verdicts remembered per link (menus, tags and teasers repeat on every page); the cache is
# emptied when full so that memory stays flat on large crawls.
VERDICT_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class LinkPolicy:
    """The rules above for one crawl origin."""

    origin: str
    max_pager_page: int = 500
    keep_params: frozenset[str] = frozenset({PAGER_PARAM})
    verdicts: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def host(self) -> str:
        return (urlsplit(self.origin).hostname or "").lower()

    def request_url(self, url: str) -> str | None:
        """The URL to request for a link, or None when the link is not to be followed."""
        try:
            return self.verdicts[url]
        except KeyError:
            pass
        if len(self.verdicts) >= VERDICT_CACHE_SIZE:
            self.verdicts.clear()
        verdict = self.verdicts[url] = self._request_url(url)
        return verdict

    def _request_url(self, url: str) -> str | None:
        if not url.lower().startswith(("http://", "https://")):
            return None
        if not is_on_site(url, self.origin):
            return None
        canonical = canonical_url(url, self.origin)
        parts = urlsplit(canonical)
        if any(pattern.search(parts.path) for pattern in DENY):
            return None
        _, dot, extension = parts.path.rsplit("/", 1)[-1].rpartition(".")
        if dot and extension.lower() in ASSET_EXTENSIONS:
            return None
        params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                  if k in self.keep_params]
        if pager_number(params) > self.max_pager_page:
            return None
        query = urlencode(params, safe=",")
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))

    def sitemap_url(self, url: str) -> str | None:
        """The URL to request for a sitemap (`.xml`, `?page=N` kept), or None if off-site."""
        if not url.lower().startswith(("http://", "https://")) or not is_on_site(url, self.origin):
            return None
        return canonical_url(url, self.origin)

    def request_urls(self, urls: Iterable[str]) -> list[str]:
        """Followable spellings of `urls`, first occurrence order, without repeats."""
        seen: dict[str, None] = {}
        for url in urls:
            followed = self.request_url(url)
            if followed is not None:
                seen.setdefault(followed)
        return list(seen)


def pager_number(params: Iterable[tuple[str, str]]) -> int:
    """The deepest page a `page=N` or Drupal multi-pager `page=0,2` value asks for."""
    deepest = 0
    for name, value in params:
        if name != PAGER_PARAM:
            continue
        for part in value.split(","):
            if part.strip().isdigit():
                deepest = max(deepest, int(part))
    return deepest


def pager_base(url: str) -> str:
    """The URL with its pager parameter removed: all pages of one listing share it."""
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
              if k != PAGER_PARAM]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


def is_pager_url(url: str) -> bool:
    return any(k == PAGER_PARAM for k, _ in parse_qsl(urlsplit(url).query))


def absolute_urls(base_url: str, hrefs: Iterable[str]) -> Iterator[str]:
    """The hrefs made absolute against the page's base URL. Site-relative paths, most of a
    page's links, are joined without the URL parser (a third of the crawl's link work)."""
    parts = urlsplit(base_url)
    root = f"{parts.scheme}://{parts.netloc}"
    for href in hrefs:
        href = href.strip()
        if href.startswith("/") and not href.startswith("//") and "/." not in href:
            yield root + href
        else:
            yield urljoin(base_url, href)
