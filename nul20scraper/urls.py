"""URL canonicalisation for NUL20: one spelling per page, so that the archive dedupes on it.

NOTES.md: hosts `www.nul20.nl`, `nul20.nl` and the rebuild host `d10.nul20.nl`, over http and
https, all serve the same site; canonical form is `https://www.nul20.nl/...`. When the site is
served from another origin (a local mirror), that origin takes the place of www.nul20.nl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

SITE_ORIGIN = "https://www.nul20.nl"
SITE_HOSTS = frozenset({"www.nul20.nl", "nul20.nl", "d10.nul20.nl"})

# Query parameters that only track a visit and never change the page.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "msclkid", "ref", "igshid"})
# Query parameters that ask for another rendering of the same article (AMP's `?amp`).
VIEW_PARAMS = frozenset({"amp", "_amp", "amp_js_v"})


# A Web Archive replay URL: `https://web.archive.org/web/20220124101500/https://www.nul20.nl/x`,
# with a kind after the timestamp for pictures, scripts and styles (`im_`, `js_`, `cs_`), or
# the same as a site-relative path (`/web/20220124101500/https://...`), which is how the
# Wayback Machine rewrites the links of a page it replays. Old captures name the port (`:80`).
_ARCHIVED = re.compile(
    r"^(?:(?:https?:)?//(?:web\.|wayback\.)?archive\.org)?/web/(?P<timestamp>\d{4,14})"
    r"(?:[a-z]{2}_)?/(?P<url>https?:/{1,2}[^/].*)$", re.IGNORECASE)


# An archive.today snapshot's long URL: `https://archive.ph/2022.01.24-101500/https://www.nul20.nl/x`
# (the service answers on several hosts; its short links, `archive.ph/2Xk9q`, name nothing).
_SNAPSHOT = re.compile(
    r"^(?:https?:)?//archive\.(?:today|ph|is|li|vn|fo|md)/(?P<stamp>\d{4}\.\d\d\.\d\d-\d{6})/"
    r"(?P<url>https?://[^/].*)$", re.IGNORECASE)
ARCHIVE_TODAY_HOSTS = frozenset(
    f"archive.{tld}" for tld in ("today", "ph", "is", "li", "vn", "fo", "md"))


@dataclass(frozen=True, slots=True)
class Capture:
    """What a Web Archive replay URL says: the page it shows and when that was captured."""

    url: str
    captured: datetime  # UTC, as the Wayback Machine writes its timestamps
    # archive.today rewrites the page's head: its canonical link, og:url and article:*_time
    # describe the snapshot, not the page (the Wayback Machine keeps the page's own head).
    rewrites_head: bool = False


def archived_capture(url: str | None) -> Capture | None:
    """The capture a Web Archive replay URL (or `/web/...` path) names; None for other URLs."""
    if not url:
        return None
    if "/web/" not in url[:40]:  # spares every other link the patterns
        return _snapshot(url) if "//archive." in url[:16] else None
    match = _ARCHIVED.match(url.strip())
    if match is None:
        return None
    digits = match.group("timestamp").ljust(14, "0")  # a short timestamp is its period's start
    try:
        captured = datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        captured = datetime(int(digits[:4]) or 1, 1, 1, tzinfo=UTC)
    original = match.group("url")
    if original[original.index(":") + 2] != "/":  # `https:/www...`: a slash lost on the way
        original = original.replace(":/", "://", 1)
    return Capture(original, captured)


def _snapshot(url: str) -> Capture | None:
    """The capture an archive.today long URL names (its time of capture is UTC)."""
    match = _SNAPSHOT.match(url.strip())
    if match is None:
        return None
    try:
        captured = datetime.strptime(match["stamp"], "%Y.%m.%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return Capture(match["url"], captured, rewrites_head=True)


# The capture time in the bar archive.today puts above a snapshot: `24 Jan 2022 10:15:00 UTC`.
_BAR_TIME = re.compile(r"^(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]{2}) (?P<year>\d{4}) "
                       r"(?P<time>\d\d:\d\d:\d\d) UTC$")


def snapshot_from_bar(saved_from: str, lines: list[str]) -> Capture | None:
    """The capture archive.today's header bar shows: the `Saved from` URL and, among the
    bar's lines, the time of capture. None when either is missing."""
    if not saved_from.startswith(("http://", "https://")):
        return None
    for line in lines:
        if (match := _BAR_TIME.match(line)) is not None:
            try:
                captured = datetime.strptime(
                    f"{match['day']} {match['month']} {match['year']} {match['time']}",
                    "%d %b %Y %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                return None
            return Capture(saved_from.strip(), captured, rewrites_head=True)
    return None


@dataclass(frozen=True, slots=True)
class SavedCopy:
    """A page saved from the browser names the page it shows, and perhaps when it was saved
    (then the day the page was as it shows, as a capture's time is)."""

    url: str
    saved: datetime | None = None


# SingleFile writes, as the first child of <html>: `<!--\n Page saved with SingleFile \n url:
# <url> \n saved date: Mon Jan 24 2022 10:15:00 GMT+0100 (<zone name>)\n-->`; a browser's
# "save as" writes `<!-- saved from url=(0071)<url> -->` above <html>.
_SINGLEFILE = re.compile(rb"Page saved with SingleFile\s+url:\s*(?P<url>https?://\S+)"
                         rb"(?:\s+saved date:\s*(?P<date>[^\n(]+))?")
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(?P<url>https?://[^\s>]+?)\s*-->")
# A date as JavaScript's `Date.toString()` writes it (SingleFile, Save Page WE's
# `savepage-date`): `Mon Jan 24 2022 10:15:00 GMT+0100`.
_JS_DATE = re.compile(r"^\s*[A-Z][a-z]{2} (?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2}) "
                      r"(?P<year>\d{4}) (?P<time>\d\d:\d\d:\d\d) GMT(?P<offset>[+-]\d{4})")
# How far into the page the comments stand (after the doctype and <html>'s attributes).
SAVED_COPY_HEAD = 1536


def saved_copy(page: bytes) -> SavedCopy | None:
    """The page and saving time a saved page's comment names (SingleFile's, or a browser's
    `saved from url=`); None for other pages. The comment stands at the top: only the page's
    first bytes are looked at, and only when they hold a comment at all."""
    if page.find(b"saved ", 0, SAVED_COPY_HEAD) < 0:  # (both comments say so)
        return None
    head = page[:SAVED_COPY_HEAD]
    if b"SingleFile" in head and (match := _SINGLEFILE.search(head)) is not None:
        date = match["date"].decode("ascii", "replace") if match["date"] else None
        return SavedCopy(match["url"].decode("utf-8", "replace"), js_date(date))
    if b"saved from url" in head and (match := _SAVED_FROM.search(head)) is not None:
        return SavedCopy(match["url"].decode("utf-8", "replace"))
    return None


def js_date(text: str | None) -> datetime | None:
    """`Mon Jan 24 2022 10:15:00 GMT+0100 (...)` as a UTC datetime; None if it is not one."""
    match = _JS_DATE.match(text or "")
    if match is None:
        return None
    try:
        return datetime.strptime(
            f"{match['day']} {match['month']} {match['year']} {match['time']} {match['offset']}",
            "%d %b %Y %H:%M:%S %z").astimezone(UTC)
    except ValueError:
        return None


def reader_view_page(url: str | None) -> str | None:
    """The page a browser's reader view shows: `about:reader?url=<the page, encoded>`."""
    if not url or not url.startswith("about:reader?"):
        return None
    page = dict(parse_qsl(url.partition("?")[2])).get("url", "")
    return page if page.startswith(("http://", "https://")) else None


def unarchived(url: str) -> str:
    """The site URL a Web Archive replay URL stands for; any other URL as it is."""
    capture = archived_capture(url)
    return capture.url if capture is not None else url


def origin_of(url: str) -> str:
    """The site origin that a fetched URL belongs to: www.nul20.nl for its host variants
    (and for a Web Archive capture of one of them)."""
    parts = urlsplit(unarchived(url))
    host = (parts.hostname or "").lower()
    if not parts.scheme.startswith("http") or not host or host in SITE_HOSTS:
        return SITE_ORIGIN
    return f"{parts.scheme}://{parts.netloc.lower()}"


def item_url(url: str, served_from: str) -> str:
    """An article's URL as items carry it: the canonical URL on the site's own origin, also
    when a mirror served the page (`served_from`: the URL fetched, or its origin) and the
    page's canonical link, or the lack of one, names the mirror. Other hosts' URLs are only
    canonicalised."""
    served = origin_of(served_from)
    canonical = canonical_url(url, served)
    if served != SITE_ORIGIN and canonical.startswith(served + "/"):
        return SITE_ORIGIN + canonical[len(served):]
    return canonical


def site_urls(item: dict[str, Any], served_from: str) -> dict[str, Any]:
    """The item with every URL on the origin that served it (a mirror) moved to the site's
    own origin: its `url` as item_url gives it, and every other `url` in it (the image's, the
    tags', the related teasers'; the schema names no URL under another key). So an item
    parsed from a mirror is the item the site gives, and a second demo run adds no revision
    only because the mirror's port changed. URLs on other hosts are left as they are."""
    served = origin_of(served_from)
    if item.get("url"):
        item["url"] = item_url(item["url"], served)
    if served == SITE_ORIGIN:
        return item
    prefix = served + "/"

    def moved(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: (SITE_ORIGIN + "/" + inner[len(prefix):]
                          if key == "url" and isinstance(inner, str)
                          and inner.lower().startswith(prefix) else moved(inner))
                    for key, inner in value.items()}
        if isinstance(value, list):
            return [moved(inner) for inner in value]
        return value

    for key, value in item.items():
        if key != "url":
            item[key] = moved(value)
    return item


def is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS or name in VIEW_PARAMS


# A site URL already in canonical shape but for its host: no query, fragment, dot segments,
# lower-case percent escapes or characters that need escaping. Most links are like this.
# (The path's characters are one class and its escapes are checked apart: an alternation per
# character costs the regex engine four times as much.)
_SIMPLE_URL = re.compile(r"^https?://([^/?#@]+)(/[A-Za-z0-9/._~!$&'()*+,;=:@%-]*)$")
_NOT_AN_UPPER_ESCAPE = re.compile(r"%(?![0-9A-F]{2})")
# A site URL with one query parameter of plain characters (Drupal's image style token,
# `?itok=...`) that the slow path gives back as it is: no escapes (w3lib decodes `%41`) and
# no `;` (urllib drops an empty one) in its path.
_SIMPLE_URL_ONE_PARAM = re.compile(
    r"https?://([^/?#@]+)(/[A-Za-z0-9/._~!$&'()*+,=:@-]*)\?([A-Za-z0-9_.~-]+=[A-Za-z0-9_.~-]*)")


def canonical_url(url: str, origin: str = SITE_ORIGIN) -> str:
    """Canonical spelling of a site URL; URLs of other hosts are only normalised.

    Site hosts (the NUL20 variants and `origin`'s own host) are rewritten to `origin`; the
    fragment and tracking parameters go; percent-encoding and query order are normalised
    (w3lib); a trailing slash is dropped except on the home page.
    """
    simple = _SIMPLE_URL.match(url)
    if simple and "/." not in url and not (
        "%" in url and _NOT_AN_UPPER_ESCAPE.search(simple.group(2))
    ):
        host = simple.group(1).lower()
        if host in SITE_HOSTS or host == urlsplit(origin).netloc.lower():
            path = simple.group(2)
            return origin + (path.rstrip("/") or "/")
    if "?" in url and (one_param := _simple_url_one_param(url, origin)):
        return one_param
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    origin_parts = urlsplit(origin)
    on_site = host in SITE_HOSTS or parts.netloc.lower() == origin_parts.netloc.lower()
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not is_tracking_param(k)]
    )
    path = parts.path or "/"
    if on_site:
        if len(path) > 1:
            path = path.rstrip("/") or "/"
        rebuilt = urlunsplit((origin_parts.scheme, origin_parts.netloc, path, query, ""))
    else:
        rebuilt = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))
    # Drupal's multi-pager value `page=0,2` keeps its comma readable.
    return canonicalize_url(rebuilt, keep_fragments=False).replace("%2C", ",")


def _simple_url_one_param(url: str, origin: str) -> str | None:
    """canonical_url of a site URL in canonical shape but for its host, with one plain query
    parameter that is not a tracking one; None for any other URL."""
    simple = _SIMPLE_URL_ONE_PARAM.fullmatch(url)
    if simple is None:
        return None
    host, path, query = simple.groups()
    if "/." in path:
        return None
    if is_tracking_param(query.partition("=")[0]):
        return None
    host = host.lower()
    if host not in SITE_HOSTS and host != urlsplit(origin).netloc.lower():
        return None
    return f"{origin}{path.rstrip('/') or '/'}?{query}"


# Links that urljoin would only prefix with the base's scheme and host (a site-relative path)
# or give back unchanged (an http URL): plain characters, so no dot segments to resolve, no
# empty `?`, `#` or `;` to drop, no tabs or line breaks to remove.
_PLAIN_PATH = r"[A-Za-z0-9._~!$&'()*+,=:@%/-]*"
_PLAIN_QUERY = r"(?:\?[^#\t\r\n]+)?"
_PLAIN_SITE_PATH = re.compile(rf"/(?!/){_PLAIN_PATH}{_PLAIN_QUERY}")
_PLAIN_HTTP_URL = re.compile(
    rf"https?://[A-Za-z0-9.-]*[A-Za-z0-9](?::([0-9]{{1,9}}))?(?:/{_PLAIN_PATH})?{_PLAIN_QUERY}")


def join_url(base: str, href: str) -> str:
    """`urljoin(base, href)`, without the URL parser for the common shapes of links."""
    if href and base.startswith(("http://", "https://")):
        if href[0] == "/" and "/." not in href and _PLAIN_SITE_PATH.fullmatch(href):
            parts = urlsplit(base)  # memoised by urllib; raises where urljoin would
            return f"{parts.scheme}://{parts.netloc}{href}"
        if _PLAIN_HTTP_URL.fullmatch(href):
            urlsplit(base)  # urljoin reads the base first, and refuses a malformed one
            return href
    return urljoin(base, href)


def is_on_site(url: str, origin: str = SITE_ORIGIN) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host in SITE_HOSTS or parts.netloc.lower() == urlsplit(origin).netloc.lower()


# A link longer than this is no link the site makes (its longest are image URLs of some 200
# characters; browsers stop at 2 MB). The cap keeps a page's hostile href from costing
# w3lib's canonicalize_url, which takes ~100x a URL's length in memory, hundreds of MB.
MAX_URL_LENGTH = 32 * 1024
# Characters a host name never has (RFC 3986 reg-name and WHATWG's forbidden host code
# points): a host with one is no host, whatever urllib makes of it.
_BAD_HOST = re.compile(r"[\x00-\x20\x7f%<>\"{}|\\^`#/?@\[\]]")


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL with a reachable host and port; None if it is."""
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH} characters"
    if plain := _PLAIN_HTTP_URL.fullmatch(url):  # most links: no URL parser needed
        return None if int(plain.group(1) or 0) <= 65535 else "port out of range 0-65535"
    if not url[:8].lower().startswith(("http://", "https://")):
        scheme = url.partition(":")[0] if ":" in url[:20] else ""
        return f"a '{scheme}:' link, not http(s)" if scheme else "not an absolute http(s) URL"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port that is no number or over 65535
    except ValueError as error:
        return str(error)
    host = parts.hostname or ""
    if not host:
        return "no host"
    if not (host.startswith("[") or ":" in host) and _BAD_HOST.search(host):
        return "a host with characters no host has"
    return None


def checked_link(base: str, href: str, what: str, warnings: list[str]) -> str | None:
    """`href` joined with `base`, when that is an absolute http(s) URL; else None, and a
    warning that names `what` (`image`, `tag link`) and the link."""
    href = href.strip()
    if len(href) > MAX_URL_LENGTH:
        warnings.append(f"{what} of {len(href)} characters is longer than {MAX_URL_LENGTH}: "
                        "left out")
        return None
    # A page replayed by the Web Archive links through it: the link is the page it replays.
    href = unarchived(href)
    try:
        url = unarchived(join_url(base, href))
    except ValueError as error:
        problem: str | None = str(error)
    else:
        problem = url_problem(url)
    if problem is not None:
        warnings.append(f"{what} {href[:100]!r} is not a usable URL ({problem}): left out")
        return None
    return url


def canonical_link(
    base: str, href: str, origin: str, what: str, warnings: list[str]
) -> str | None:
    """`canonical_url` of `checked_link`: None, with a warning, for a link that gives none."""
    url = checked_link(base, href, what, warnings)
    if url is None:
        return None
    try:
        return canonical_url(url, origin)
    except ValueError as error:  # (UnicodeError is one: a host IDNA cannot encode)
        warnings.append(f"{what} {href[:100]!r} is not a usable URL ({error}): left out")
        return None
