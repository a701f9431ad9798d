"""URL canonicalisation for NUL20: one spelling per page, so that the archive dedupes on it.

NOTES.md: hosts `www.nul20.nl`, `nul20.nl` and the rebuild host `d10.nul20.nl`, over http and
https, all serve the same site; canonical form is `https://www.nul20.nl/...`. When the site is
served from another origin (a local mirror), that origin takes the place of www.nul20.nl.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

SITE_ORIGIN = "https://www.nul20.nl"
SITE_HOSTS = frozenset({"www.nul20.nl", "nul20.nl", "d10.nul20.nl"})

# Query parameters that only track a visit and never change the page.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "msclkid", "ref", "igshid"})


def origin_of(url: str) -> str:
    """The site origin that a fetched URL belongs to: www.nul20.nl for its host variants."""
    parts = urlsplit(url)
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


def is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


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
_PLAIN_HTTP_URL = re.compile(rf"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/{_PLAIN_PATH})?{_PLAIN_QUERY}")


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
