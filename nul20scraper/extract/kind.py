"""Is this page an article? The parser's verdict, from the page's content first.

Listing, tag, author, search, agenda and edition pages share the site's chrome with
articles; what sets an article apart is one headline over its own text. URL paths and the
CMS's page classes only name the kind of a page that has no article text of its own, or
that the site never uses for articles (edition, tag, author, search pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from nul20scraper.extract.blocks import Block
from nul20scraper.extract.labels import AUTHOR_PAGE_PATHS, DATE_ONLY, TAG_PAGE_PATHS
from nul20scraper.extract.result import NotArticle, NotArticleKind
from nul20scraper.extract.text import all_text

# Paths the site uses only for pages that are not articles.
PATH_KINDS: tuple[tuple[re.Pattern[str], NotArticleKind], ...] = (
    (re.compile(r"^/edities(/|$)"), "edition"),
    (re.compile(r"^/(" + "|".join((*TAG_PAGE_PATHS, "categorie")) + r")(/|$)"), "tag"),
    (re.compile(r"^/(" + "|".join(("user", "users", *AUTHOR_PAGE_PATHS)) + r")(/|$)"), "author"),
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
# Words outside links: a list of links (a section page, a server's directory listing) has a
# few (dates, sizes, a footer line); the shortest article has sentences.
MIN_OWN_WORDS = 30
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(slots=True)  # (not frozen: a frozen dataclass is three times as slow to build)
class PageFacts:
    """What the verdict is read from: the parser's findings on one page."""

    url: str  # the item's URL, else the fetched one ("" without either)
    body_classes: str  # the class attribute of <body>
    headline: str | None
    title_index: int | None  # the block of the title line
    title_inferred: bool  # no title element: the title line was found by its text
    has_body_markup: bool  # the layout's body field was found
    shows_article_header: bool  # a date, credit, byline or update date under the title
    teaser_lines: list[Block]
    text_blocks: list[Block]  # the article's own text blocks
    has_pager: bool
    warnings: list[str]


def body_classes(tree: etree._Element) -> str:
    # libxml2 makes one <body> at most, a child of <html>, whatever the page writes.
    body = next(tree.iterchildren("body"), None)
    return (body.get("class") or "") if body is not None else ""


# The prefixes of a pager's class tokens (`pager__item`, `pagination-sm`).
PAGER_PREFIXES = ("pager", "pagination")


def has_pager(class_prefixes: Callable[[str], bool]) -> bool:
    """Whether the page has a pager, from a test of its class tokens' prefixes."""
    return any(class_prefixes(prefix) for prefix in PAGER_PREFIXES)


def classify(page: PageFacts) -> NotArticle | None:
    """None for an article; otherwise the kind of page and why."""
    url = page.url
    path = urlsplit(url).path if "://" in url else ""
    for pattern, kind in PATH_KINDS:
        if pattern.search(path):
            return NotArticle(kind, f"{kind} page ({path})", url, page.warnings)
    for token in page.body_classes.split():
        if not _ANY_CLASS_KIND.search(token):
            continue
        for pattern, kind in CLASS_KINDS:
            if pattern.search(token):
                return NotArticle(kind, f"{kind} page (page class {token})", url, page.warnings)
    if page.headline is None:
        return NotArticle("no-content", "no headline found", url, page.warnings)
    if (page.title_index is None or page.title_inferred) and not page.has_body_markup and not (
        page.shows_article_header
    ):
        # No title element and nothing under the page's name that an article shows: a
        # listing or section page named only by its <title>.
        kind: NotArticleKind = "listing" if page.teaser_lines else "no-content"
        return NotArticle(kind, "no headline of its own and no date or byline under it", url,
                          page.warnings)
    text_chars = sum(len(b.text) for b in page.text_blocks)
    if text_chars == 0 and not page.has_body_markup and not page.shows_article_header:
        # A heading over nothing of its own (records, or nothing at all): the heading names a
        # listing, whatever tag the theme gives it.
        kind = "listing" if page.teaser_lines else "no-content"
        return NotArticle(kind, "no text of its own under the heading", url, page.warnings)
    if not page.shows_article_header and (why := _links_only(page.text_blocks)):
        # (A date or byline under the heading is an article's, however short its text.)
        return NotArticle("listing", why, url, page.warnings)
    if not page.has_body_markup and (why := _listing(page, text_chars)):
        return NotArticle("listing", why, url, page.warnings)
    if text_chars == 0 and page.title_index is None:
        return NotArticle("no-content", "no article text found", url, page.warnings)
    return None


def _links_only(text_blocks: list[Block]) -> str | None:
    """Why the text under the title is a list of links, whatever the markup: few words of its
    own, and at least as much link text as other text. None when it reads as an article."""
    if not text_blocks:
        return None
    elements = list(dict.fromkeys(b.element for b in text_blocks))
    held = set(elements)
    link_texts: list[str] = []
    for element in elements:
        if any(a in held for a in element.iterancestors()):
            continue  # its links are counted with the element around it
        if element.tag == "a" or next(element.iterancestors("a"), None) is not None:
            link_texts.append(all_text(element))
        else:
            link_texts.extend(all_text(a) for a in element.iter("a"))
    if not link_texts:
        return None
    # The blocks' texts are the elements' visible text, spaced as read.
    text = " ".join(b.text for b in text_blocks)
    link_text = " ".join(" ".join(link_texts).split())
    own_chars = len(text) - len(link_text)
    if len(link_text) < own_chars:
        return None  # more text of its own than link text: the words need no counting
    own_words = len(_WORD.findall(text)) - len(_WORD.findall(link_text))
    if own_words < MIN_OWN_WORDS:
        return f"text is a list of links ({len(link_text)} characters of links, {own_words} " \
               "words of its own)"
    return None


def _listing(page: PageFacts, text_chars: int) -> str | None:
    """Why a page without body markup is a listing; None when it reads as an article."""
    main_teasers = [b for b in page.teaser_lines if b.zone == "main"]
    if len(main_teasers) >= 3 and text_chars < MIN_ARTICLE_CHARS:
        return f"listing of {len(main_teasers)} teasers"  # where an article's text would be
    # A list of dated items under one title: every item brings its own date line.
    dated = sum(1 for b in page.text_blocks if DATE_ONLY.match(b.text))
    if dated >= 3:
        return f"listing of {dated} dated items"
    if page.has_pager and not ARTICLE_CLASSES.search(page.body_classes):
        return "listing page with a pager"
    return None
