"""Is this page an article? The parser's verdict, from the page's content first.

Listing, tag, author, search, agenda and edition pages share the site's chrome with
articles; what sets an article apart is one headline over its own text. URL paths and the
CMS's page classes only name the kind of a page that has no article text of its own, or
that the site never uses for articles (edition, tag, author, search pages).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from nul20scraper.extract.labels import DATE_ONLY
from nul20scraper.extract.result import NotArticle, NotArticleKind

if TYPE_CHECKING:
    from nul20scraper.extract.article import ArticleParser

# Paths the site uses only for pages that are not articles.
PATH_KINDS: tuple[tuple[re.Pattern[str], NotArticleKind], ...] = (
    (re.compile(r"^/edities(/|$)"), "edition"),
    (re.compile(r"^/(taxonomy/term|trefwoorden|tags|categorie)(/|$)"), "tag"),
    (re.compile(r"^/(user|users|auteur|auteurs)(/|$)"), "author"),
    (re.compile(r"^/(search|zoeken)(/|$)"), "search"),
    (re.compile(r"^/(agenda|evenementen)(/|$)"), "agenda"),
)
# Drupal's page classes on <body> for the same kinds.
CLASS_KINDS: tuple[tuple[re.Pattern[str], NotArticleKind], ...] = (
    (re.compile(r"^(page|path)-taxonomy"), "tag"),
    (re.compile(r"^(page|path)-user"), "author"),
    (re.compile(r"^(page|path)-search"), "search"),
    (re.compile(r"^(page-)?node-type-(editie|edition|uitgave)$"), "edition"),
    (re.compile(r"^(front|path-frontpage)$"), "listing"),
)
# Any of them, to pass over the class tokens of an article page in one test each.
_ANY_CLASS_KIND = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in CLASS_KINDS))
ARTICLE_CLASSES = re.compile(r"\b(node-type-|page-node-type-|path-node\b|page-node\b)")
# Text a listing page has of its own is a line or two; an article has paragraphs.
MIN_ARTICLE_CHARS = 160


def classify(page: ArticleParser) -> NotArticle | None:
    """None for an article; otherwise the kind of page and why."""
    url = page.url or page.fetched_url or ""
    path = urlsplit(url).path if "://" in url else ""
    for pattern, kind in PATH_KINDS:
        if pattern.search(path):
            return NotArticle(kind, f"{kind} page ({path})", url, page.warnings)
    # `//body/@class` in XPath walks the tree node by node; lxml's tag filter does it in C.
    body_classes = " ".join(
        value for body in page.tree.iter("body") if (value := body.get("class")) is not None)
    for token in body_classes.split():
        if not _ANY_CLASS_KIND.search(token):
            continue
        for pattern, kind in CLASS_KINDS:
            if pattern.search(token):
                return NotArticle(kind, f"{kind} page (page class {token})", url, page.warnings)
    if page.headline is None:
        return NotArticle("no-content", "no headline found", url, page.warnings)
    header = page.header
    if (page.title_index is None or page.title_inferred) and page.body_container is None and not (
        header.date_text or header.credit or header.bylines or header.updated_text
    ):
        # No title element and nothing under the page's name that an article shows: a
        # listing or section page named only by its <title>.
        kind: NotArticleKind = "listing" if page.teaser_lines else "no-content"
        return NotArticle(kind, "no headline of its own and no date or byline under it", url,
                          page.warnings)
    text_chars = sum(len(b.text) for b in page._text_blocks)
    if page.body_container is None and (why := _listing(page, text_chars, body_classes)):
        return NotArticle("listing", why, url, page.warnings)
    if text_chars == 0 and page.title_index is None:
        return NotArticle("no-content", "no article text found", url, page.warnings)
    return None


def _listing(page: ArticleParser, text_chars: int, body_classes: str) -> str | None:
    """Why a page without body markup is a listing; None when it reads as an article."""
    main_teasers = [b for b in page.teaser_lines if b.zone == "main"]
    if len(main_teasers) >= 3 and text_chars < MIN_ARTICLE_CHARS:
        return f"listing of {len(main_teasers)} teasers"  # where an article's text would be
    # A list of dated items under one title: every item brings its own date line.
    dated = sum(1 for b in page._text_blocks if DATE_ONLY.match(b.text))
    if dated >= 3:
        return f"listing of {dated} dated items"
    if _has_pager(page) and not ARTICLE_CLASSES.search(body_classes):
        return "listing page with a pager"
    return None


def _has_pager(page: ArticleParser) -> bool:
    return page.index.has_prefix("pager") or page.index.has_prefix("pagination")
