"""Teaser blocks found by their shape: untitled blocks of records beside or below the article.

A block with no title (`Laatste nieuws` and the like, see `extract.records`) is a teaser block
when it is two or more sibling records of the same structure, each holding a link to an
article of the site: `<article>` cards in an `<aside>`, the `<li>`s of a list, plain `<div>`s,
or headings each followed by their date and summary (flat markup). A record is the largest
element around a link that holds no link to another article; its fields are read as the
titled blocks' records are (`records.read_record`).

Not teasers, told by what they show rather than by class names (which a theme may lack):
- links inside the article (header and text) or above it in the main column: only a side
  column, or what follows the article's last line, holds teasers;
- the site's menus, breadcrumbs, pagers and footer/service links: their targets are
  sections and service pages (`teasers.SECTION_AND_SERVICE_PAGES`, the front page), and
  their records are a word or two with no date, where every teaser shows a title of three
  words or more, or a date or type line (a block is taken only when every record of its
  shape reads so: a footer with one longer service link stays a footer);
- tag links (`rel=tag`, tag and taxonomy paths, the links the item's `tags` took), and links
  to other sites (social sharing, feeds of other sites);
- a previous/next pair (`Vorig artikel` / `Volgend artikel`, `rel=prev`/`rel=next`, arrows):
  the site's navigation through its articles in date order, a pager of articles, not a
  choice of related reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import pairwise

from lxml import etree

from nul20scraper.extract.blocks import Block
from nul20scraper.extract.labels import NAMED_DATE_ONLY, TYPE_DATE_LINE
from nul20scraper.extract.records import DATE_LINE, Record, read_record
from nul20scraper.extract.teasers import (
    READ_MORE,
    Reference,
    article_url,
    is_section_or_service_link,
)
from nul20scraper.extract.text import all_text, clean

MIN_RECORDS = 2
# A teaser that shows no date or type line shows a title at least this long, in words; a
# menu or footer item is a word or two (`Colofon`, `Over NUL20`).
MIN_TITLE_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}")
# A record that opens so is a previous/next link (`« Vorig artikel`, `Volgende: <title>`);
# one that ends in an arrow too, unless that line is its `Lees meer ›` link.
PREVIOUS_NEXT = re.compile(
    r"^(?:[«‹←<]|(?:Vorige?|Volgende?|Eerdere?|Nieuwere?|Oudere?|Previous|Next)"
    r"(?:\s+(?:artikel|bericht|stuk|item)\b\s*:?|\s*:|$))",
    re.IGNORECASE)
ARROW_AT_END = re.compile(r"[»›→>]$")
# `rel` values of links that are no teaser.
NOT_TEASER_RELS = frozenset({"tag", "prev", "next", "author", "nofollow", "external"})
_TAKEN = object()


@dataclass(frozen=True, slots=True)
class ArticleBounds:
    """What the article parser knows of the article's place on the page."""

    last_index: int  # the index of the article's last block (header, text, tags)
    passed_over: Collection[int]  # the blocks of the article and of teasers read already
    zone_of: Callable[[etree._Element], str]  # "main", "aside" or "chrome"


@dataclass(slots=True)
class _Candidate:
    element: etree._Element  # the record
    url: str
    title_link: etree._Element  # its link with the most text


def untitled_teaser_blocks(
    top: etree._Element, page_links: list[etree._Element],
    blocks_of: dict[etree._Element, list[Block]], bounds: ArticleBounds,
    taken: Collection[etree._Element], taken_urls: Collection[str], base_url: str,
    origin: str, reference: Reference,
) -> list[dict[str, str | None]]:
    """The teasers of the page's untitled teaser blocks, in page order. `page_links`: the `a`
    elements of `top` outside chrome, in page order (the page scan's); `taken`: the boxes of
    the titled blocks (nothing inside them is read again); `taken_urls`: links another layer
    read already (teaser lines, tags)."""
    links = _article_links(page_links, taken_urls, base_url, origin)
    if len(links) < MIN_RECORDS:
        return []
    inside_taken = {element for box in taken for element in box.iter()}
    teasers: list[dict[str, str | None]] = []
    for parent, records in _groups(top, links).items():
        if parent in inside_taken:
            continue
        shaped = _same_structure(records)
        if len(shaped) < MIN_RECORDS:
            continue
        if _mostly_service_links(parent, base_url, origin):
            continue  # a footer or a menu that holds a page or two among its service pages
        read = _block_records(parent, shaped, blocks_of, bounds)
        if read is None:
            continue
        found = [read_record(record, reference) for record in read]
        # Records without a title are no teasers (a comment thread: name, date, text).
        if all(teaser["title"] for teaser in found):
            teasers.extend(found)
    return teasers


def _mostly_service_links(parent: etree._Element, base_url: str, origin: str) -> bool:
    """Whether the block's links to sections and service pages are as many as those to
    articles: judged on all its links, not only on the ones that made its records."""
    articles = services = 0
    for link in parent.iter("a"):
        href = link.get("href")
        if is_section_or_service_link(href):
            services += 1
        elif article_url(href, base_url, origin) is not None:
            articles += 1
    return services >= articles


def _article_links(
    page_links: list[etree._Element], taken_urls: Collection[str], base_url: str, origin: str,
) -> list[tuple[etree._Element, str]]:
    """The links to articles of the site among `page_links`, in page order; not tag,
    previous/next or author links."""
    found = []
    for link in page_links:
        href = link.get(b"href")  # (a name as bytes: lxml need not encode it)
        if not href:
            continue
        rel = link.get(b"rel")
        if rel and not NOT_TEASER_RELS.isdisjoint(rel.lower().split()):
            continue
        url = article_url(href, base_url, origin)
        if url is not None and url not in taken_urls:
            found.append((link, url))
    return found


def _groups(
    top: etree._Element, links: list[tuple[etree._Element, str]]
) -> dict[etree._Element, list[_Candidate]]:
    """The records of the links grouped by the element around them, in page order.

    A record is the largest ancestor of a link whose article links all go to its URL. Each
    link's walk up marks the ancestors with its URL, an ancestor reached by another URL too
    is marked as taken; a walk stops at an ancestor that it leaves as it was (all above are
    marked already), so each ancestor is visited a bounded number of times: linear in the
    page, however many links.
    """
    marks: dict[etree._Element, object] = {}
    for link, url in links:
        for ancestor in link.iterancestors():
            if ancestor is top:
                break
            mark = marks.get(ancestor)
            if mark is None:
                marks[ancestor] = url
            elif mark is _TAKEN or mark == url:
                break
            else:
                marks[ancestor] = _TAKEN
    records: dict[etree._Element, _Candidate] = {}
    for link, url in links:
        record = link
        parent = record.getparent()
        while parent is not None and parent is not top and marks.get(parent) == url:
            record, parent = parent, parent.getparent()
        found = records.get(record)
        if found is None:
            records[record] = _Candidate(record, url, link)
        elif len(clean(all_text(link))) > len(clean(all_text(found.title_link))):
            found.title_link = link  # the title, not the picture's link
    groups: dict[etree._Element, list[_Candidate]] = {}
    for candidate in records.values():
        parent = candidate.element.getparent()
        if parent is not None:
            groups.setdefault(parent, []).append(candidate)
    return groups


def _structure(candidate: _Candidate) -> tuple[str, ...]:
    """A record's shape: its tag and the tags from it down to its title link."""
    path = [candidate.title_link.tag]
    element = candidate.title_link
    while element is not candidate.element:
        element = element.getparent()
        path.append(element.tag)
    return tuple(path)


def _same_structure(records: list[_Candidate]) -> list[_Candidate]:
    """The records of the group's most common shape (an optional picture or summary does not
    change a record's shape: its title link sits where the others' do)."""
    if len(records) < MIN_RECORDS:
        return []
    shapes = [_structure(record) for record in records]
    counts: dict[tuple[str, ...], int] = {}
    for shape in shapes:
        counts[shape] = counts.get(shape, 0) + 1
    common = max(counts, key=counts.__getitem__)  # the first of the most common shapes
    if counts[common] < MIN_RECORDS:
        return []
    return [record for record, shape in zip(records, shapes, strict=True) if shape == common]


def _block_records(
    parent: etree._Element, candidates: list[_Candidate],
    blocks_of: dict[etree._Element, list[Block]], bounds: ArticleBounds,
) -> list[Record] | None:
    """The group's records with their lines, or None when the group is no teaser block."""
    extras = _flat_extents(parent, candidates)
    records = []
    for candidate, extra in zip(candidates, extras, strict=True):
        own = sorted((block for element in (candidate.element, *extra)
                      for inner in element.iter() for block in blocks_of.get(inner, ())),
                     key=lambda block: block.index)
        if not own:  # an inline record in a block with other text: its link's text alone
            text = clean(all_text(candidate.element))
            zone = bounds.zone_of(candidate.element)
            ancestor = next((a for a in candidate.element.iterancestors() if a in blocks_of),
                            None)
            if not text or ancestor is None:
                return None
            own = [Block("a", [text], candidate.element, zone,
                         blocks_of[ancestor][-1].index, text)]
        if not all(_beside_or_below(block, bounds) for block in own):
            return None  # in the article, or above it: never its teasers
        if not _reads_as_teaser(own, candidate):
            return None
        records.append(Record(candidate.element, candidate.url, own, extra))
    return records


def _flat_extents(
    parent: etree._Element, candidates: list[_Candidate]
) -> list[tuple[etree._Element, ...]]:
    """For records that are headings with their date and summary set as siblings after them
    (flat markup), those siblings: up to the next record, and for the last as many as the
    widest gap between two records. Records that follow each other directly take none."""
    children = [child for child in parent if isinstance(child.tag, str)]
    place = {child: number for number, child in enumerate(children)}
    positions = [place[c.element] for c in candidates]
    gaps = [after - before - 1 for before, after in pairwise(positions)]
    widest = max(gaps, default=0)
    if widest == 0:
        return [()] * len(candidates)
    ends = [*positions[1:], min(len(children), positions[-1] + 1 + widest)]
    return [tuple(children[start + 1:end]) for start, end in zip(positions, ends, strict=True)]


def _beside_or_below(block: Block, bounds: ArticleBounds) -> bool:
    if block.index in bounds.passed_over:
        return False
    return block.zone == "aside" or block.index > bounds.last_index


def _reads_as_teaser(own: list[Block], candidate: _Candidate) -> bool:
    """A teaser shows a date or type line, or a title of a few words; not a previous/next
    link. Menus, footers and pagers show a word or two."""
    lines = [line for block in own for line in block.lines]
    if PREVIOUS_NEXT.match(lines[0]) or (
        ARROW_AT_END.search(lines[-1]) and not READ_MORE.match(lines[-1])
    ):
        return False
    if any(DATE_LINE.match(line) or TYPE_DATE_LINE.match(line) or NAMED_DATE_ONLY.match(line)
           for line in lines) or next(candidate.element.iter("time"), None) is not None:
        return True
    title = clean(all_text(candidate.title_link))
    return len(_WORD.findall(title)) >= MIN_TITLE_WORDS
