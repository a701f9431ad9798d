"""HTML and XML for mirror sites, shaped like NUL20's Drupal 7 pages (see shared NOTES.md).

Article pages carry what a real one has: `h1` headline, the `dd.mm.yy` date line with its
RDFa date, a photo credit, body paragraphs, `Trefwoorden` tags and a `Laatste nummer` block
of teasers. Listing pages have no headline of their own, several teasers and a pager.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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


@dataclass
class ArticleSpec:
    """What a generated article page says."""

    path: str
    nid: int
    headline: str
    published: date
    paragraphs: Sequence[str]
    author: str = "Fred van der Molen"
    photographer: str = "Amaury Miller"
    tags: Sequence[str] = ("NUL20 nieuws",)
    related: Sequence[Teaser] = ()
    extra_links: Sequence[tuple[str, str]] = ()  # (href, text) inside the body
    canonical_origin: str = "https://www.nul20.nl"
    update: str | None = None
    head_extra: str = ""
    section: str | None = None
    kicker: str | None = None
    lead: str | None = None
    body_links_first: bool = False
    related_title: str = "Laatste nummer"
    meta: dict[str, str] = field(default_factory=dict)


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


def _page(title: str, head: str, main: str, aside: str = "", body_class: str = "not-front"
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


def article_page(spec: ArticleSpec) -> str:
    iso = f"{spec.published:%Y-%m-%d}T10:00:00+02:00"
    canonical = f"{spec.canonical_origin}{spec.path}"
    head = (
        f'<link rel="canonical" href="{escape(canonical)}">\n'
        f'<link rel="shortlink" href="/node/{spec.nid}">\n'
        f'<meta property="og:title" content="{escape(spec.headline)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{iso}">\n'
        f"{spec.head_extra}"
    )
    links = "".join(
        f'<p>Zie ook <a href="{escape(href)}">{escape(text)}</a>.</p>'
        for href, text in spec.extra_links
    )
    paragraphs = "<p>&nbsp;</p>".join(f"<p>{escape(p)}</p>" for p in spec.paragraphs)
    if spec.lead:
        paragraphs = f'<p class="lead"><strong>{escape(spec.lead)}</strong></p>' + paragraphs
    update = ""
    if spec.update:
        update = f"<p><strong>update {escape(spec.update.split(':', 1)[0])}:</strong></p>"
        update += f"<p>{escape(spec.update.split(':', 1)[-1].strip())}</p>"
    body = (links + paragraphs) if spec.body_links_first else (paragraphs + links)
    tags = "".join(
        f'<div class="field-item"><a href="/trefwoorden/{_slug(tag)}" typeof="skos:Concept">'
        f"{escape(tag)}</a></div>"
        for tag in spec.tags
    )
    section = (
        f'<div class="field field-name-field-rubriek">{escape(spec.section)}</div>'
        if spec.section else ""
    )
    kicker = f'<div class="field field-name-field-kicker">{escape(spec.kicker)}</div>' if (
        spec.kicker) else ""
    main = (
        f'<article class="node node-article node-full" about="{escape(spec.path)}" '
        'typeof="sioc:Item foaf:Document">'
        f"{section}{kicker}"
        f'<h1 class="page-title">{escape(spec.headline)}</h1>'
        '<div class="field field-name-post-date">'
        f'<span property="dc:date dc:created" content="{iso}" datatype="xsd:dateTime">'
        f"{spec.published:%d.%m.%y}</span></div>"
        '<div class="field field-name-field-image">'
        f'<img src="/sites/default/files/styles/large/public/{spec.nid}.jpg" alt="">'
        f'<div class="field-name-field-fotograaf">Foto: {escape(spec.photographer)}</div></div>'
        f'<div class="field field-name-body" property="content:encoded">{body}{update}</div>'
        '<div class="field field-name-field-tags"><div class="field-label">Trefwoorden:&nbsp;'
        f'</div><div class="field-items">{tags}</div></div>'
        f'<div class="field field-name-author">{escape(spec.author)}</div>'
        f'<div class="print-link"><a href="/print/node/{spec.nid}">Print</a></div>'
        "</article>"
    )
    aside = ""
    if spec.related:
        aside = (
            f'<div class="block block-views"><h2 class="block-title">'
            f"{escape(spec.related_title)}</h2><div class=\"view-content\">"
            + "".join(teaser_html(t) for t in spec.related)
            + "</div></div>"
        )
    aside += (
        '<div class="block block-dashboards"><h2 class="block-title">NUL20 Dashboards</h2>'
        '<p>Cijfers over wonen in Amsterdam.</p></div>'
    )
    return _page(spec.headline, head, main, aside, body_class="not-front node-type-article")


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
        f'<div class="view view-{_slug(title)}"><h2 class="view-title">{escape(title)}</h2>'
        '<div class="view-content">'
        + "".join(teaser_html(t) for t in teasers)
        + "</div>"
        + (pager_html(base_path, page, last_page) if last_page > 0 else "")
        + "</div>"
    )
    return _page(title, "", main, body_class="front" if front else "not-front page-views")


def edition_page(path: str, title: str, teasers: Sequence[Teaser]) -> str:
    """A magazine issue page under /edities/: the issue's title and its articles."""
    head = f'<link rel="canonical" href="https://www.nul20.nl{escape(path)}">'
    main = (
        f'<div class="node node-editie"><h1 class="page-title">{escape(title)}</h1>'
        '<div class="view-content">'
        + "".join(teaser_html(t) for t in teasers)
        + "</div></div>"
    )
    return _page(title, head, main, body_class="not-front node-type-editie")


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


def sitemap_index(sitemap_urls: Iterable[str], lastmod: str = "2022-01-24") -> str:
    entries = "".join(
        f"<sitemap><loc>{xml_escape(url)}</loc><lastmod>{lastmod}</lastmod></sitemap>"
        for url in sitemap_urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>\n"
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


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
