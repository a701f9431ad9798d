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
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

from nul20scraper.urls import canonical_url, is_on_site, join_url

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
# A path is denied when any pattern matches (re.search). The patterns anchored at the start
# are one match() of their alternation, the others one search(): a search for an anchored
# pattern tries every position of the path, and the crawl asks this of every new link.
DENY_AT_START = re.compile("|".join(
    f"(?:{pattern[1:]})" for pattern in DENY_PATTERNS if pattern.startswith("^")))
DENY_ANYWHERE = re.compile("|".join(
    f"(?:{pattern})" for pattern in DENY_PATTERNS if not pattern.startswith("^")))


def is_denied(path: str) -> bool:
    """True if any of DENY_PATTERNS is found in the path."""
    return bool(DENY_AT_START.match(path) or DENY_ANYWHERE.search(path))

# File extensions of feeds that Scrapy's list of assets lacks, or a Drupal site also serves.
EXTRA_ASSET_EXTENSIONS = frozenset({"xml", "rss", "atom", "ics", "json", "txt", "csv", "gz"})

PAGER_PARAM = "page"

# The XPath queries of the links a page leads to, and of the page's own other URLs.
LINK_XPATH = "//a/@href | //area/@href"
ALIAS_XPATH = '//link[@rel="canonical" or @rel="shortlink"]/@href'


def default_asset_extensions() -> frozenset[str]:
    """File extensions of assets and feeds: Scrapy's list plus what a Drupal site also serves."""
    return frozenset({*IGNORED_EXTENSIONS, *EXTRA_ASSET_EXTENSIONS})


# Verdicts remembered per link (menus, tags and teasers repeat on every page); the cache is
# emptied when full so that memory stays flat on large crawls.
VERDICT_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class LinkPolicy:
    """The rules above for one crawl origin."""

    origin: str
    max_pager_page: int = 500
    keep_params: frozenset[str] = frozenset({PAGER_PARAM})
    asset_extensions: frozenset[str] = field(default_factory=default_asset_extensions,
                                             repr=False)
    # Not an argument: dataclasses.replace(policy) is the same policy with an empty cache.
    verdicts: dict[str, str | None] = field(default_factory=dict, init=False, compare=False,
                                            repr=False)
    # `origin/` if the origin is spelled as urlunsplit spells it, else "" (see _request_url).
    path_prefix: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.origin)
        exact = self.origin == f"{parts.scheme}://{parts.netloc}"
        object.__setattr__(self, "path_prefix", f"{self.origin}/" if exact else "")

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
        if "?" not in canonical and self.path_prefix and canonical.startswith(self.path_prefix):
            # Most links: on the origin, no query. canonical_url leaves no fragment, blanks or
            # control characters, so urlsplit would give this path and urlunsplit of the
            # parts would give `canonical` back: spare them the URL parser.
            path, query = canonical[len(self.origin):], None
        else:
            parts = urlsplit(canonical)
            path, query = parts.path, parts.query
        if is_denied(path):
            return None
        _, dot, extension = path.rsplit("/", 1)[-1].rpartition(".")
        if dot and extension.lower() in self.asset_extensions:
            return None
        if query is None:
            return canonical
        if query:  # most links have none: spare them the query parser
            params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                      if k in self.keep_params]
            if pager_number(params) > self.max_pager_page:
                return None
            query = urlencode(params, safe=",")
        return urlunsplit((parts.scheme, parts.netloc, path, query, ""))

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

    def link_urls(self, base_url: str, hrefs: Iterable[str]) -> list[str]:
        """The URLs to request for a page's links (LINK_XPATH): request_urls of the hrefs."""
        return self.request_urls(absolute_urls(base_url, hrefs))

    def alias_urls(self, base_url: str, hrefs: Iterable[str]) -> list[str]:
        """The request spellings of a page's own other URLs (ALIAS_XPATH hrefs)."""
        aliases = (self.request_url(url) for url in absolute_urls(base_url, hrefs))
        return [alias for alias in aliases if alias is not None]


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
    query = ""
    if parts.query:
        params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                  if k != PAGER_PARAM]
        query = urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def is_pager_url(url: str) -> bool:
    # Without a "?" there is no query, and no pager: most links, spared the URL parser.
    return "?" in url and any(k == PAGER_PARAM for k, _ in parse_qsl(urlsplit(url).query))


def absolute_urls(base_url: str, hrefs: Iterable[str]) -> Iterator[str]:
    """The hrefs made absolute against the page's base URL (join_url: site-relative paths,
    most of a page's links, are joined without the URL parser)."""
    return (join_url(base_url, href.strip()) for href in hrefs)
