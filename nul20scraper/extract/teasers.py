"""Related-article teasers (`Laatste nummer` and the like).

A teaser is found by its visible line `<type> <dd.mm> [Geactualiseerd op: dd.mm.yy]`, not by
class names. Its extent is the largest element around that line holding no other teaser
line; in flat markup (all teasers siblings) it is the run of blocks up to the next teaser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from nul20scraper.extract.blocks import Block
from nul20scraper.extract.dates import expand_year, infer_year, safe_date
from nul20scraper.extract.labels import (
    AUTHOR_PAGE_PATHS,
    AUTHOR_PICTURE_ALT,
    PERSON_NAME,
    TAG_PAGE_PATHS,
    TYPE_DATE_LINE,
)
from nul20scraper.extract.subtree import Link, block_run, read_subtree, teaser_containers
from nul20scraper.extract.text import all_text, clean
from nul20scraper.urls import canonical_link, checked_link, is_on_site

# Links in a teaser that do not lead to the article: tag and author pages (the paths of
# both that `extract.kind` and the tag and byline layers know, and Drupal's own), files,
# editions, comments, prints.
NON_ARTICLE_PATHS = tuple(f"/{path}/" for path in (
    *TAG_PAGE_PATHS, "taxonomy", *AUTHOR_PAGE_PATHS, "user", "users", "gebruiker", "gebruikers",
    "profiel", "sites/default/files", "edities", "comment", "print", "printpdf"))
_NON_ARTICLE_PATH = re.compile("|".join(map(re.escape, NON_ARTICLE_PATHS)))
# Pages of the site that are no article by their path alone: its sections (`/nieuws`,
# `/dossiers`, `/video`; NOTES.md puts articles below them or at the root under a slug) and
# its service pages (`/colofon`, `/contact`), each with or without a pager; and the kinds
# `extract.kind` tells by path (search, agenda, category pages).
SECTION_AND_SERVICE_PAGES = (
    "nieuws", "dossiers", "video", "videos", "edities", "archief", "home", "colofon",
    "contact", "privacy", "privacyverklaring", "disclaimer", "cookies", "cookiebeleid",
    "adverteren", "abonneren", "nieuwsbrief", "redactie", "over", "over-nul20", "over-ons",
    "vacatures", "sitemap", "login", "algemene-voorwaarden", "toegankelijkheid")
_NON_ARTICLE_PAGE = re.compile(
    r"^/(?:" + "|".join(map(re.escape, SECTION_AND_SERVICE_PAGES)) + r")?/?$"
    r"|^/(?:search|zoeken|agenda|evenementen|categorie|node/add)(?:/|$)")
# A cut-off summary ends so; a title does not.
CUT_OFF = ("...", "…")
MAX_TITLE_CHARS = 160
# A `Lees meer` link, alone on its line or before the author's name on the same line.
READ_MORE = re.compile(
    r"^(?:Lees meer|Lees verder|Verder lezen|Read more)\s*(?:[>»›→…]|\.\.\.)?(?:\s+|$)",
    re.IGNORECASE)


def without_read_more(line: str) -> str:
    """The line less a `Lees meer` at its start. (A match and a slice: `sub` would try the
    anchored pattern at every position of the line.)"""
    if line[:1] not in "LlVvRr":  # (the first letter of each: most lines need no pattern)
        return line
    found = READ_MORE.match(line)
    return line[found.end():] if found else line


# The reference date of teaser years, asked for only when a teaser shows a `dd.mm` without
# its year: finding it reads the whole page's text, which most teasers never need.
Reference = Callable[[], date | None]


def is_teaser_line(block: Block) -> bool:
    return teaser_line_match(block) is not None


def teaser_line_match(block: Block) -> re.Match[str] | None:
    """What TYPE_DATE_LINE reads in a teaser's line (`<type> <dd.mm> ...`); None for others."""
    found = teaser_line_matches([block])
    return found[0][1] if found else None


def teaser_line_matches(
    blocks: list[Block], passed_over: Collection[int] = ()
) -> list[tuple[Block, re.Match[str]]]:
    """The teaser lines among the blocks, less those in `passed_over` (indexes), each with
    its `teaser_line_match`: one loop over a page's blocks, with no call for each."""
    found = []
    match = TYPE_DATE_LINE.match
    for block in blocks:
        text = block.text
        last = text[-1:]
        # The line ends in its date (`$` also matches before a final line break): a test
        # that spares nearly every other block the pattern.
        if (last.isdecimal() or last == "\n") and len(block.lines) <= 2 and (
            block.index not in passed_over
        ) and (read := match(text)):
            found.append((block, read))
    return found


def extract_teasers(
    blocks: list[Block], teaser_lines: list[tuple[Block, re.Match[str]]], base_url: str,
    origin: str, reference: Reference, warnings: list[str] | None = None,
) -> list[dict[str, str | None]]:
    """The teasers of the page's teaser lines, each given with its `teaser_line_match`; a
    link that is no usable URL is passed over, with a warning in `warnings`."""
    warnings = [] if warnings is None else warnings
    line_elements = {block.element for block, _ in teaser_lines}
    containers, links_around = teaser_containers([block.element for block, _ in teaser_lines])
    teasers = []
    for position, (line, match) in enumerate(teaser_lines):
        container = containers[position]
        if container is not None:
            subtree = read_subtree(container, links_around)
            own_blocks = block_run(container, blocks, line.index)
            links, pictures = subtree.links, subtree.pictures
        else:
            end = teaser_lines[position + 1][0].index if position + 1 < len(teaser_lines) else None
            own_blocks = _flat_run(blocks, line, end)
            links = [link for block in own_blocks
                     for link in read_subtree(block.element, True).links]
            pictures = []
        teasers.append(_teaser(line, match, own_blocks, line_elements, links, pictures,
                               base_url, origin, reference, warnings))
    return teasers


def _flat_run(blocks: list[Block], line: Block, end: int | None) -> list[Block]:
    """The type line, the summary, and the author's name that closes a teaser."""
    run = [line]
    for block in blocks[line.index + 1: end]:
        if block.is_heading or block.zone != line.zone:
            break
        run.append(block)
        if len(run) > 2 and _is_name(block.text):
            break
    return run


def _teaser(
    line: Block, match: re.Match[str], own_blocks: list[Block],
    line_elements: set[etree._Element], links: list[Link],
    pictures: list[str], base_url: str, origin: str, reference: Reference,
    warnings: list[str],
) -> dict[str, str | None]:
    updated = safe_date(expand_year(match["updated_year"]), int(match["updated_month"]),
                        int(match["updated_day"])) if match["updated"] else None
    published = teaser_published(match, reference, updated)
    title = None
    texts: list[str] = []
    for block in own_blocks:
        if block is line or block.text == line.text or (
            block.element in line_elements and block.element is not line.element
        ):
            continue
        if title is None and not texts and (block.is_heading or (
            reads_as_title(block.text) and _is_article_link_text(block, base_url, origin)
        )):
            title = block.text  # a heading, or a line that is all a link to the article
        elif text := without_read_more(block.text):
            texts.append(text)  # `Lees meer` is the link to the article, not its summary
    author = None
    if len(texts) >= 2 and _is_name(texts[-1]):
        author = texts.pop()
    if author is None:
        for alt in pictures:
            named = AUTHOR_PICTURE_ALT.match(clean(alt))
            if named:
                author = named.group(1)
                break
    url = _article_link(links, base_url, origin, warnings)
    return {
        "url": url,
        "title": title,
        "article_type": match.group("type"),
        "published": published.isoformat() if published else None,
        "updated": updated.isoformat() if updated else None,
        "summary": clean(" ".join(texts)) or None,
        "author": author,
    }


def reads_as_title(line: str) -> bool:
    """A linked line is the title unless it reads as a summary: sentences, or cut off."""
    return len(line) <= MAX_TITLE_CHARS and not line.endswith((".", *CUT_OFF)) and (
        ". " not in line)


def _is_article_link_text(block: Block, base_url: str, origin: str) -> bool:
    """Whether the block's text is all the text of a link to an article (not an author's or a
    tag's link): a link around the block, or in it at most two levels down (a title set as
    `<b><a>`). Not a walk of the block's whole subtree: in flat markup a block can be the box
    of every teaser."""
    element = block.element
    links = [*element.iterancestors("a"), *element.iterchildren("a")]
    links += [a for child in element for a in child.iterchildren("a")]
    if element.tag == "a":
        links.append(element)
    return any(clean(all_text(a)) == block.text and article_url(
        a.get("href"), base_url, origin) is not None for a in links)


def teaser_published(
    match: re.Match[str], reference: Reference, updated: date | None
) -> date | None:
    """A teaser's date; `dd.mm` takes the latest year that puts it on or before both the
    reference date and the teaser's own update date."""
    day, month, year = int(match["day"]), int(match["month"]), match["year"]
    if year is not None:
        return safe_date(expand_year(year), month, day)
    # A day no year has (31.04) gets no year from infer_year: no need to test it first.
    on_or_before = reference()
    limit = updated if on_or_before is None else on_or_before if updated is None else min(
        on_or_before, updated)
    return infer_year(day, month, on_or_before=limit) if limit else None


def _is_name(text: str) -> bool:
    return len(text) <= 60 and PERSON_NAME.match(text) is not None


def _article_link(
    links: list[Link], base_url: str, origin: str, warnings: list[str]
) -> str | None:
    for href, _ in links:
        link = checked_article_link(href or "", base_url, origin)
        if link.warning is not None:
            warnings.append(link.warning)
        if link.url is not None:
            return link.url
    return None


@dataclass(frozen=True)
class ArticleLink:
    """What a link names: the canonical URL of an article of the site, or None (a link
    elsewhere, or no usable URL, which `warning` then says)."""

    url: str | None
    warning: str | None = None


def is_section_or_service_link(href: str | None) -> bool:
    """A site-relative link to a section or a service page (`/colofon`, `/nieuws`)."""
    href = (href or "").strip()
    return href.startswith("/") and not href.startswith("//") and _NON_ARTICLE_PAGE.search(
        href.partition("?")[0].partition("#")[0]) is not None


def article_url(href: str | None, base_url: str, origin: str) -> str | None:
    """The canonical URL of a link to an article of the site; None for links elsewhere (other
    sites, tags, users, files, fragments, the site's front page, its sections and service
    pages) and for unusable URLs."""
    return checked_article_link((href or "").strip(), base_url, origin).url


@lru_cache(maxsize=8192)  # teasers and menus repeat their links from page to page
def checked_article_link(href: str, base_url: str, origin: str) -> ArticleLink:
    href = href.strip()
    if not href or href.startswith(("#", "?")):
        return ArticleLink(None)
    if href.lower().startswith(("javascript:", "mailto:", "tel:")):
        return ArticleLink(None)  # no article link, and no URL of one lost
    problems: list[str] = []
    if href.startswith("/") and not href.startswith("//"):
        # A site-relative link, the common case: no need for the URL parser.
        if _NON_ARTICLE_PATH.search(href) or _NON_ARTICLE_PAGE.search(
                href.partition("?")[0].partition("#")[0]):
            return ArticleLink(None)  # (the front page `/` is one of them)
        url = canonical_link(origin, href, origin, "teaser link", problems)
        return ArticleLink(url, problems[0] if problems else None)
    joined = checked_link(base_url, href, "teaser link", problems)
    if joined is None:
        return ArticleLink(None, problems[0] if problems else None)
    if not is_on_site(joined, origin) or _NON_ARTICLE_PATH.search(joined) or (
        _NON_ARTICLE_PAGE.search(urlsplit(joined).path or "/")
    ):
        return ArticleLink(None)
    url = canonical_link(joined, joined, origin, "teaser link", problems)
    return ArticleLink(url, problems[0] if problems else None)
