"""A mirror site that changes between crawls: articles appear and get updated, as on the live
site. For the incremental-run tests and benchmark.

Every article is in the sitemap with its lastmod (publication, or last update), and on the
`/nieuws` listing, newest first, LISTING_PAGE_SIZE per page; the front page shows the newest
few. New articles are published today; `recent` of the initial ones a few days ago (inside
an incremental run's re-check window), the rest years ago. An update appends an "update"
block to the article and bumps its lastmod, as Drupal does. A redesign changes the markup of
every article page from the next publish on (`redesign`), as a site relaunch does: the pages
change, so a crawl after it stores a new revision of each, parsed from the new markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from nul20scraper.demo.server import MirrorSite
from tests.mockserver.pages import (
    ArticleSpec,
    Teaser,
    article_page,
    listing_page,
    robots_txt,
    sitemap_index,
    sitemap_urlset,
)

LISTING_PAGE_SIZE = 10
FRONT_PAGE_SIZE = 6
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
SITE = "https://www.nul20.nl"  # the sitemap names the live host; the crawl maps it to the mirror

PARAGRAPHS = (
    "De gemeente wil dat corporaties meer sociale huurwoningen bouwen in alle stadsdelen.",
    "Volgens de wethouder ligt de vertraging aan de bouwkosten en de stikstofregels.",
    "De huurdersvereniging vindt dat er meer grond beschikbaar moet komen.",
)


@dataclass
class EvolvingArticle:
    spec: ArticleSpec
    lastmod: str  # W3C datetime, as the sitemap shows it


# The tags block of a generated article page (tests.mockserver.pages.article_page), which the
# author line follows.
_TAGS_BLOCK = re.compile(
    r'<div class="field field-name-field-tags">.*?(?=<div class="field field-name-author">)',
    re.DOTALL,
)


def tags_by_script(html: str) -> str:
    """A redesign that loads an article's tags with JavaScript: the page holds an empty
    placeholder where the `Trefwoorden` block was, so a parser of the HTML finds no tag."""
    changed = _TAGS_BLOCK.sub('<div class="tags-widget" data-src="/api/tags"></div>', html)
    assert changed != html, "no tags block in the page"
    return changed


# What a generated article page says only to machines: Open Graph and article metadata in the
# head, the RDFa date attributes on the visible date.
_HEAD_METADATA = re.compile(r'<meta property="(?:og|article):[^"]*" content="[^"]*">\n?')
_RDFA_DATE = re.compile(r' property="dc:date dc:created" content="[^"]*" datatype="[^"]*"')


def metadata_dropped(html: str) -> str:
    """A redesign whose templates write no metadata: the page shows the same headline, date
    and tags, but its head has no Open Graph or article tags and its date no RDFa. The parser
    then reads the date from the visible `dd.mm.yy` (without the time of day the metadata
    gave, so every article gets a new revision)."""
    changed = _RDFA_DATE.sub("", _HEAD_METADATA.sub("", html))
    assert "og:title" not in changed and "dc:created" not in changed, "metadata left"
    return changed


def _unchanged(html: str) -> str:
    return html


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class EvolvingSite:
    def __init__(self, count: int, recent: int = 0, today: date | None = None) -> None:
        self.today = today or datetime.now(UTC).date()
        self.articles: list[EvolvingArticle] = []  # oldest first
        self.updates = 0
        self.article_markup: Callable[[str], str] = _unchanged
        for n in range(count):
            if n >= count - recent:
                day = self.today - timedelta(days=2)
            else:
                day = date(2019, 1, 1) + timedelta(days=n)
            self._append(day, f"{day.isoformat()}T10:00:00+02:00")

    def _append(self, day: date, lastmod: str) -> str:
        n = len(self.articles)
        path = f"/dossiers/artikel-{n:05d}"
        spec = ArticleSpec(
            path=path, nid=5000 + n, headline=f"Woningbouw in Amsterdam, deel {n}",
            published=day, paragraphs=PARAGRAPHS,
        )
        self.articles.append(EvolvingArticle(spec, lastmod))
        return path

    @property
    def paths(self) -> list[str]:
        return [article.spec.path for article in self.articles]

    def recent_paths(self, days: int = 7) -> list[str]:
        first = self.today - timedelta(days=days)
        return [a.spec.path for a in self.articles if a.spec.published >= first]

    def add(self, count: int) -> list[str]:
        """Publish `count` new articles today; their paths."""
        return [self._append(self.today, _now()) for _ in range(count)]

    def update(self, paths: list[str]) -> None:
        """Give each of these articles an update block, and a new sitemap lastmod."""
        for article in self.articles:
            if article.spec.path in paths:
                self.updates += 1
                article.spec = replace(
                    article.spec,
                    update=f"{self.today.day} {MONTHS[self.today.month - 1]}: de gemeenteraad "
                           f"stemde in ({self.updates}).",
                )
                article.lastmod = _now()

    def redesign(self, markup: Callable[[str], str]) -> None:
        """From the next build on, every article page is `markup(page)`; e.g. tags_by_script."""
        self.article_markup = markup

    def teaser(self, article: EvolvingArticle) -> Teaser:
        return Teaser(article.spec.path, f"{article.spec.headline}. Lees meer...",
                      day=article.spec.published)

    def build(self) -> MirrorSite:
        site = MirrorSite()
        newest = [self.teaser(a) for a in reversed(self.articles)]
        last_page = max(0, (len(newest) - 1) // LISTING_PAGE_SIZE)
        for page in range(last_page + 1):
            chunk = newest[page * LISTING_PAGE_SIZE:(page + 1) * LISTING_PAGE_SIZE]
            target = "/nieuws" if page == 0 else f"/nieuws?page={page}"
            site.add_html(target, listing_page("Nieuws", "/nieuws", chunk, page, last_page))
        site.add_html("/", listing_page("NUL20", "/", newest[:FRONT_PAGE_SIZE], front=True))
        for article in self.articles:
            site.add_html(article.spec.path, self.article_markup(article_page(article.spec)))
        site.add_text("/robots.txt", robots_txt(
            ["/user/", "/search/", "/admin/"], [f"{SITE}/sitemap.xml"], crawl_delay=None,
        ), "text/plain; charset=utf-8")
        site.add_text("/sitemap.xml", sitemap_index([f"{SITE}/sitemap.xml?page=1"]),
                      "application/xml")
        site.add_text("/sitemap.xml?page=1", sitemap_urlset(
            (f"{SITE}{a.spec.path}", a.lastmod) for a in self.articles
        ), "application/xml")
        return site

    def publish(self, site: MirrorSite) -> None:
        """Make a served site show the current state (one dict swap: no half-built site)."""
        site.pages = self.build().pages
