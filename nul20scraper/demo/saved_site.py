"""A mirror site from saved pages: `<name>.html` with a `<name>.meta.json` sidecar giving
the page's `url` (and `kind`), as in fixtures/pages and the demo's bundled pages.

Each page is served at its URL's path; a front page (with Drupal's pager) links them all,
/sitemap.xml lists them, robots.txt names the sitemap. The saved pages link to many pages
that were not saved (section listings, tags, editions, related articles): the mirror serves a
listing page at each of them, whose teasers are the saved pages that link there, so that the
mirror is a complete small site and a crawl of it meets no 404 (a tag's listing then shows
the saved articles carrying that tag, as the site's own would).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html as lxml_html

from nul20scraper.crawl.links import LINK_XPATH, LinkPolicy
from nul20scraper.demo.markup import (
    DRUPAL_DISALLOW,
    Teaser,
    listing_page,
    robots_txt,
    sitemap_urlset,
)
from nul20scraper.demo.server import MirrorPage, MirrorSite
from nul20scraper.urls import SITE_ORIGIN

FRONT_PAGE_SIZE = 10  # teasers per front page; the rest on `/?page=N`, as Drupal pages them
MIRROR_CRAWL_DELAY = 10  # the site's own robots.txt value, so that politeness can be tested


def saved_pages(directory: Path | Iterable[Path]) -> list[tuple[str, bytes, dict]]:
    """(path, html bytes, meta) of every page with a sidecar, first one per path."""
    files = sorted(directory.glob("*.html")) if isinstance(directory, Path) else directory
    pages: dict[str, tuple[str, bytes, dict]] = {}
    for html_file in files:
        meta_file = html_file.with_name(html_file.name.removesuffix(".html") + ".meta.json")
        if not meta_file.exists():
            continue
        meta = json.loads(meta_file.read_text("utf-8"))
        path = urlsplit(meta["url"]).path or "/"
        pages.setdefault(path, (path, html_file.read_bytes(), meta))
    return list(pages.values())


def site_path(url: str) -> str:
    """Path and query of a site URL, the mirror's key for it."""
    parts = urlsplit(url)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"


def followed_links(policy: LinkPolicy, page_url: str, body: bytes) -> list[str]:
    """The site paths a crawl follows from a page (the spider's own link policy)."""
    try:
        tree = lxml_html.document_fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    hrefs = [str(href) for href in tree.xpath(LINK_XPATH)]
    return [site_path(url) for url in policy.link_urls(page_url, hrefs)]


def site_from_saved_pages(directory: Path | Iterable[Path]) -> MirrorSite:
    site = MirrorSite()
    pages = saved_pages(directory)
    for path, body, _meta in pages:
        # No charset in the header: the page's own <meta charset> decides, as saved.
        site.add(path, MirrorPage(body=body, content_type="text/html"))
    teasers = {path: Teaser(path, meta.get("description", path)[:120] + "...")
               for path, _, meta in pages if path != "/"}
    front = list(teasers.values())
    last_page = max(0, (len(front) - 1) // FRONT_PAGE_SIZE)
    generated: dict[str, bytes] = {}
    for number in range(last_page + 1):
        chunk = front[number * FRONT_PAGE_SIZE:(number + 1) * FRONT_PAGE_SIZE]
        key = "/" if number == 0 else f"/?page={number}"
        generated[key] = listing_page("NUL20", "/", chunk, page=number, last_page=last_page,
                                      front=True).encode("utf-8")
    # Every page a crawl can reach from here: a listing of the saved pages that link to it.
    policy = LinkPolicy(SITE_ORIGIN)
    backlinks: defaultdict[str, list[str]] = defaultdict(list)
    todo = [(path, body) for path, body, _ in pages] + list(generated.items())
    while todo:
        source, body = todo.pop()
        for target in followed_links(policy, SITE_ORIGIN + source, body):
            if source in teasers and source not in backlinks[target]:
                backlinks[target].append(source)
            if target in teasers or target in generated or target == source:
                continue
            title = target.strip("/").replace("-", " ").replace("/", ": ") or "NUL20"
            generated[target] = b""  # filled below, once every backlink is known
            todo.append((target, listing_page(title, target, []).encode("utf-8")))
    for target, body in generated.items():
        if not body:
            title = target.strip("/").replace("-", " ").replace("/", ": ")
            linked = [teasers[source] for source in backlinks[target]]
            body = listing_page(title, target, linked).encode("utf-8")
        site.add(target, MirrorPage(body=body))
    site.add_text("/robots.txt", robots_txt(
        DRUPAL_DISALLOW, ["https://www.nul20.nl/sitemap.xml"], crawl_delay=MIRROR_CRAWL_DELAY,
    ), "text/plain; charset=utf-8")
    site.add_text("/sitemap.xml", sitemap_urlset(
        (f"https://www.nul20.nl{path}", (meta.get("fetched_at") or "")[:10] or None)
        for path, _, meta in pages
    ), "application/xml")
    return site
