"""Generated pages of the tests' mock site: article pages as NUL20 shows them, magazine issue
pages and sitemap indexes, in the demo's page shell (nul20scraper.demo.markup, re-exported
here so that a test imports its pages from one place).

Article pages carry what a real one has: `h1` headline, the `dd.mm.yy` date line with its
RDFa date, a photo credit, body paragraphs, `Trefwoorden` tags and a `Laatste nummer` block
of teasers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from xml.sax.saxutils import escape as xml_escape

from nul20scraper.demo.markup import (
    DRUPAL_DISALLOW,
    Teaser,
    listing_page,
    page_shell,
    pager_html,
    robots_txt,
    sitemap_urlset,
    slug,
    teaser_html,
)

__all__ = [
    "DRUPAL_DISALLOW",
    "ArticleSpec",
    "Teaser",
    "article_page",
    "edition_page",
    "listing_page",
    "pager_html",
    "robots_txt",
    "sitemap_index",
    "sitemap_urlset",
    "teaser_html",
]


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
        f'<div class="field-item"><a href="/trefwoorden/{slug(tag)}" typeof="skos:Concept">'
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
    return page_shell(spec.headline, head, main, aside, body_class="not-front node-type-article")


def edition_page(path: str, title: str, teasers: Sequence[Teaser]) -> str:
    """A magazine issue page under /edities/: the issue's title and its articles."""
    head = f'<link rel="canonical" href="https://www.nul20.nl{escape(path)}">'
    main = (
        f'<div class="node node-editie"><h1 class="page-title">{escape(title)}</h1>'
        '<div class="view-content">'
        + "".join(teaser_html(t) for t in teasers)
        + "</div></div>"
    )
    return page_shell(title, head, main, body_class="not-front node-type-editie")


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
