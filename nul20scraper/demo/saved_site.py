"""A mirror site from saved pages: `<name>.html` with a `<name>.meta.json` sidecar giving
the page's `url` (and `kind`), as in fixtures/pages and the demo's bundled pages.

Each page is served at its URL's path; a front page links them all, /sitemap.xml lists
them, robots.txt names the sitemap. Links in the pages to pages that were not saved answer
404, as a mirror of part of a site must.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from nul20scraper.demo.markup import (
    DRUPAL_DISALLOW,
    Teaser,
    listing_page,
    robots_txt,
    sitemap_urlset,
)
from nul20scraper.demo.server import MirrorPage, MirrorSite


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


def site_from_saved_pages(directory: Path | Iterable[Path]) -> MirrorSite:
    site = MirrorSite()
    pages = saved_pages(directory)
    for path, body, _meta in pages:
        # No charset in the header: the page's own <meta charset> decides, as saved.
        site.add(path, MirrorPage(body=body, content_type="text/html"))
    teasers = [Teaser(path, meta.get("description", path)[:120] + "...")
               for path, _, meta in pages if path != "/"]
    site.add_html("/", listing_page("NUL20", "/", teasers, front=True))
    site.add_text("/robots.txt", robots_txt(
        DRUPAL_DISALLOW, ["https://www.nul20.nl/sitemap.xml"], crawl_delay=10,
    ), "text/plain; charset=utf-8")
    site.add_text("/sitemap.xml", sitemap_urlset(
        (f"https://www.nul20.nl{path}", (meta.get("fetched_at") or "")[:10] or None)
        for path, _, meta in pages
    ), "application/xml")
    return site
