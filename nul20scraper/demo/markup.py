"""HTML and XML around saved pages for a mirror site, shaped like NUL20's Drupal 7 pages (see
shared NOTES.md): the page shell, teasers, listing pages with Drupal's pager, robots.txt and
sitemaps. Listing pages have no headline of their own, several teasers and a pager. The demo
builds its front page, robots.txt and sitemap with these (demo.saved_site); the tests' mock
site (tests/mockserver) adds generated article pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from xml.sax.saxutils import escape as xml_escape

SITE_NAME = "NUL20"


@dataclass(frozen=True)
class Teaser:
    """A link to an article as listings and the `Laatste nummer` block show it."""

    url: str
    summary: str
    author: str = "Fred van der Molen"
    article_type: str = "Achtergrondartikel"
    day: date = date(2021, 12, 20)


def _menu() -> str:
    return (
        '<nav class="main-menu"><ul class="menu">'
        '<li><a href="/">Home</a></li>'
        '<li><a href="/nieuws">Nieuws</a></li>'
        '<li><a href="/dossiers">Dossiers</a></li>'
        '<li><a href="/edities">Edities</a></li>'
        '<li><a href="/user/login">Inloggen</a></li>'
        "</ul></nav>"
    )


def page_shell(title: str, head: str, main: str, aside: str = "", body_class: str = "not-front"
          ) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="nl" dir="ltr">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{escape(title)} | {SITE_NAME}</title>\n{head}\n"
        '<link rel="stylesheet" href="/sites/all/themes/nul20/css/style.css">\n'
        '<link rel="alternate" type="application/rss+xml" title="NUL20" href="/rss.xml">\n'
        f'</head>\n<body class="html {body_class}">\n<div id="page">\n'
        f'<header id="header"><a href="/" rel="home" class="logo">{SITE_NAME}</a>{_menu()}'
        "</header>\n"
        f'<div id="main">{main}</div>\n'
        f'<aside class="sidebar">{aside}</aside>\n'
        '<footer><a href="/rss.xml">RSS</a> '
        '<a href="/search/node">Zoeken</a></footer>\n'
        "</div>\n</body>\n</html>\n"
    )


def teaser_html(teaser: Teaser) -> str:
    return (
        '<div class="views-row">'
        f'<div class="user-picture"><img src="/sites/default/files/pictures/p.jpg" '
        f'alt="afbeelding van {escape(teaser.author)}"></div>'
        f'<div class="teaser-meta">{escape(teaser.article_type)} '
        f"{teaser.day:%d.%m}</div>"
        f'<div class="teaser-body"><a href="{escape(teaser.url)}">{escape(teaser.summary)}</a>'
        "</div>"
        f'<div class="teaser-author">{escape(teaser.author)}</div>'
        "</div>"
    )


def pager_html(base_path: str, page: int, last_page: int) -> str:
    """Drupal's pager: first/previous, numbers, next/last (0-based `?page=N`)."""
    def href(n: int) -> str:
        return base_path if n == 0 else f"{base_path}?page={n}"

    items: list[str] = []
    if page > 0:
        items.append(f'<li class="pager-first"><a href="{href(0)}">« eerste</a></li>')
        items.append(f'<li class="pager-previous"><a href="{href(page - 1)}">‹ vorige</a></li>')
    for n in range(max(0, page - 4), min(last_page, page + 4) + 1):
        if n == page:
            items.append(f'<li class="pager-current">{n + 1}</li>')
        else:
            items.append(f'<li class="pager-item"><a href="{href(n)}">{n + 1}</a></li>')
    if page < last_page:
        items.append(f'<li class="pager-next"><a href="{href(page + 1)}">volgende ›</a></li>')
        items.append(f'<li class="pager-last"><a href="{href(last_page)}">laatste »</a></li>')
    return f'<div class="item-list"><ul class="pager">{"".join(items)}</ul></div>'


def listing_page(
    title: str, base_path: str, teasers: Sequence[Teaser], page: int = 0, last_page: int = 0,
    front: bool = False,
) -> str:
    """A section listing (views page): teasers and a pager, no headline of its own."""
    main = (
        f'<div class="view view-{slug(title)}"><h2 class="view-title">{escape(title)}</h2>'
        '<div class="view-content">'
        + "".join(teaser_html(t) for t in teasers)
        + "</div>"
        + (pager_html(base_path, page, last_page) if last_page > 0 else "")
        + "</div>"
    )
    return page_shell(title, "", main, body_class="front" if front else "not-front page-views")


def robots_txt(disallow: Iterable[str], sitemaps: Iterable[str], crawl_delay: float | None
               ) -> str:
    lines = ["User-agent: *"]
    if crawl_delay is not None:
        lines.append(f"Crawl-delay: {crawl_delay:g}")
    lines += [f"Disallow: {path}" for path in disallow]
    lines.append("")
    lines += [f"Sitemap: {url}" for url in sitemaps]
    return "\n".join(lines) + "\n"


# Drupal 7's stock robots.txt, shortened (NOTES.md).
DRUPAL_DISALLOW: tuple[str, ...] = (
    "/includes/", "/misc/", "/modules/", "/profiles/", "/scripts/", "/themes/",
    "/admin/", "/comment/reply/", "/filter/tips/", "/node/add/", "/search/",
    "/user/register/", "/user/password/", "/user/login/", "/user/logout/",
    "/?q=admin/", "/?q=search/", "/?q=user/",
)


def sitemap_urlset(entries: Iterable[tuple[str, str | None]]) -> str:
    """A sitemap page from (url, lastmod) pairs."""
    rows = []
    for url, lastmod in entries:
        row = f"<url><loc>{xml_escape(url)}</loc>"
        if lastmod:
            row += f"<lastmod>{lastmod}</lastmod>"
        rows.append(row + "<changefreq>weekly</changefreq></url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(rows)
        + "</urlset>\n"
    )


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
