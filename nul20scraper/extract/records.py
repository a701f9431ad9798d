"""Teaser blocks read as records: `Lees ook`, `Laatste nieuws` and the like, whatever markup.

A teaser block is found by its title (`TEASER_BLOCK_LABEL`). Its records are the groups of
elements around each link to an article of the site after the title: the largest element
around a link that holds no link to another article. Inside a record every field is read from
its text lines as a browser renders them (the page's blocks and their `<br>` lines), whatever
elements carry them: a type line, a date line (`20.05.2022`, `20.12 Geactualiseerd op:
03.01.22`, split over two lines or not), a title (a heading, or a line that is all the link's
text), a summary, a `Lees meer` link (never summary), the author (a name on the last line, or
the author picture's alt text). Links to other sites, to tags, users and files make no record,
so an off-site news feed beside the article is no teaser block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from nul20scraper.extract.blocks import BLOCK_TAGS, Block
from nul20scraper.extract.dates import (
    expand_year,
    parse_iso,
    parse_named_date,
    parse_numeric_date,
    safe_date,
)
from nul20scraper.extract.labels import (
    ARTICLE_TYPE_ONLY,
    AUTHOR_PICTURE_ALT,
    DATE_ONLY,
    NAMED_DATE_ONLY,
    PERSON_NAME,
    READING_TIME,
    TEASER_BLOCK_HEADING,
    TEASER_BLOCK_LABEL,
    TYPE_DATE_LINE,
    without_reading_time,
)
from nul20scraper.extract.subtree import holds
from nul20scraper.extract.teasers import (
    Reference,
    article_url,
    reads_as_title,
    teaser_published,
    without_read_more,
)
from nul20scraper.extract.text import all_text, clean

# The date part of a teaser's `<type> <dd.mm> [Geactualiseerd op: dd.mm.yy]` line, alone.
_DATE_PART = TYPE_DATE_LINE.pattern[TYPE_DATE_LINE.pattern.index(r"(?P<date>"):]
DATE_LINE = re.compile(r"^(?P<type>)" + _DATE_PART)
# A teaser's `<type> <date>` run on into its title on one line (`Nieuws 21.06.2022 Wat …`).
TYPE_DATE_TITLE = re.compile(TYPE_DATE_LINE.pattern.removesuffix("$") + r"\s+(?P<title>\S.*)$")
# A teaser line of parts (`29.03.2023 · Marieke Dijkstra`): split when a part is a date.
TEASER_PARTS = re.compile(r"\s+[|·•]\s+")
MAX_PARTS_LINE = 100
# The longest teaser block title (`Meer over dit onderwerp`): longer blocks are not tried.
MAX_TITLE_LABEL = 30
# What every teaser block title starts with: other blocks are spared the pattern.
TITLE_INITIALS = "LlMmOoGg"
# How far up from a block's title the records may be sought: the title's box.
MAX_BOX_LEVELS = 4


@dataclass(slots=True)  # (not frozen: see `layers.Found`)
class Record:
    """One teaser: its element, the article it links to, and its text lines in page order."""

    element: etree._Element
    url: str
    blocks: list[Block]
    # Elements after `element` that belong to the record in flat markup (a heading's date and
    # summary set as its siblings, up to the next record's heading).
    extra: tuple[etree._Element, ...] = ()


@dataclass(frozen=True, slots=True)
class TitledBlocks:
    """The teasers of the titled teaser blocks, and the box of each block read (the element
    that holds its title and records), so that no other layer reads them again."""

    teasers: list[dict[str, str | None]]
    boxes: list[etree._Element]


def blocks_by_element(blocks: list[Block]) -> dict[etree._Element, list[Block]]:
    """Each element's blocks, in page order: a record's blocks are looked up by element, since
    scanning every block of the page for each record would grow with the square of the page."""
    found: dict[etree._Element, list[Block]] = {}
    for block in blocks:
        element = block.element
        if element in found:  # (`setdefault` would make a list for every block)
            found[element].append(block)
        else:
            found[element] = [block]
    return found


def teaser_blocks(
    blocks: list[Block], passed_over: set[int], taken: set[etree._Element], base_url: str,
    origin: str, reference: Reference,
    blocks_of: dict[etree._Element, list[Block]] | None = None,
) -> TitledBlocks:
    """The teasers of every titled teaser block; `passed_over`: the article's own blocks;
    `taken`: elements whose teasers another layer read already (a block holding one is
    passed over); `blocks_of`: `blocks_by_element(blocks)`, where the caller has it."""
    teasers: list[dict[str, str | None]] = []
    seen_boxes: set[etree._Element] = set()
    taken_around: set[etree._Element] | None = None
    for block in blocks:
        if len(block.text) > MAX_TITLE_LABEL or block.text[:1] not in TITLE_INITIALS or (
            block.index in passed_over or not (TEASER_BLOCK_LABEL.match(block.text) or (
                block.is_heading and TEASER_BLOCK_HEADING.match(block.text)))
        ):
            continue
        box = _box(block.element, base_url, origin)
        if box is None or box in seen_boxes:
            continue
        if taken_around is None:  # the elements that hold another layer's teasers
            taken_around = {a for e in taken for a in e.iterancestors()} | taken
        if box in taken_around:
            continue
        seen_boxes.add(box)
        if blocks_of is None:  # once per page, and only on a page with a titled block
            blocks_of = blocks_by_element(blocks)
        for record in _records(box, block, blocks_of, base_url, origin):
            teasers.append(read_record(record, reference))
    return TitledBlocks(teasers, list(seen_boxes))


def _article_links(top: etree._Element, after: etree._Element, base_url: str,
                   origin: str, *, first_only: bool = False) -> list[tuple[etree._Element, str]]:
    """The links in `top` after the element `after` (and outside it) to articles of the site;
    with `first_only`, at most the first. Walks the following siblings of `after` and of its
    ancestors up to `top` with lxml's tag filter; no link before the title is looked at."""
    found: list[tuple[etree._Element, str]] = []
    node = after
    while node is not top and node is not None:
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue  # a comment or processing instruction
            for link in sibling.iter("a"):
                url = article_url(link.get("href"), base_url, origin)
                if url is not None:
                    found.append((link, url))
                    if first_only:
                        return found
        node = node.getparent()
    return found


def _box(title: etree._Element, base_url: str, origin: str) -> etree._Element | None:
    """The nearest element around a block's title that holds article links after it."""
    element = title
    for _ in range(MAX_BOX_LEVELS):
        element = element.getparent()
        if element is None or element.tag in ("body", "html"):
            return None
        # One link is enough to tell: collecting all would read the rest of the page for
        # every title, which grows with the square of the page.
        if _article_links(element, title, base_url, origin, first_only=True):
            return element
    return None


def _records(box: etree._Element, title: Block, blocks_of: dict[etree._Element, list[Block]],
             base_url: str, origin: str) -> list[Record]:
    links = _article_links(box, title.element, base_url, origin)
    urls_in: dict[etree._Element, set[str]] = {}
    for link, url in links:
        for ancestor in link.iterancestors():
            urls_in.setdefault(ancestor, set()).add(url)
            if ancestor is box:
                break
    records: list[Record] = []
    for link, url in links:
        record = link
        for ancestor in link.iterancestors():
            if ancestor is box or urls_in.get(ancestor) != {url} or holds(ancestor, title.element):
                break
            record = ancestor
        if records and records[-1].element is record:
            continue
        # The record's blocks, in document order, looked up by element: scanning every block
        # of the page for each record would grow with the square of the page.
        own = sorted((b for element in record.iter() for b in blocks_of.get(element, ())),
                     key=lambda block: block.index)  # reading order, as the page's blocks
        if not own:  # an inline record: the link sits in a block with other text
            own = next((blocks_of[a][-1:] for a in record.iterancestors() if a in blocks_of), [])
        elif record.tag == "a" and own[0].element is not record and (
            lead := _inline_lead(record)
        ):
            # A card that is one link around blocks (`<a><span>Video</span><h3>…`): the
            # text before its first block is the enclosing block's, not the card's; kept.
            own = [Block("span", [lead], record, own[0].zone, own[0].index, lead), *own]
        records.append(Record(record, url, own))
    return records


def _inline_lead(link: etree._Element) -> str | None:
    """The text of a link that comes before its first block element."""
    pieces = [link.text or ""]
    for child in link:
        if not isinstance(child.tag, str):
            pieces.append(child.tail or "")
            continue
        if child.tag in BLOCK_TAGS:
            break
        pieces.extend((all_text(child), child.tail or ""))
    return clean(" ".join(pieces)) or None


def _parts(line: str) -> list[str]:
    """A short line of parts split where a part is a date: `29.03.2023 · Marieke Dijkstra`."""
    if len(line) > MAX_PARTS_LINE or not TEASER_PARTS.search(line):
        return [line]
    parts = [clean(part) for part in TEASER_PARTS.split(line)]
    if any(DATE_LINE.match(part) or NAMED_DATE_ONLY.match(part) for part in parts):
        return [part for part in parts if part]
    return [line]


def read_record(record: Record, reference: Reference) -> dict[str, str | None]:
    """A teaser's fields, each read from the record's lines wherever it stands."""
    lines: list[tuple[str, Block]] = []
    beside_date: set[str] = set()  # the parts of a line that holds a date (`<date> · X`)
    for block in record.blocks:
        for line in block.lines:
            parts = _parts(line)
            if len(parts) > 1:
                beside_date.update(parts)
            lines.extend((part, block) for part in parts)
    elements = (record.element, *record.extra)
    link_texts = {clean(all_text(a)) for element in elements for a in element.iter("a")}
    if record.element.tag == "a":
        link_texts.add(clean(all_text(record.element)))
    article_type = title = None
    date_match: re.Match[str] | None = None
    stated: date | None = None
    written_out: date | None = None  # `24 mei 2022` on a line of its own
    rest: list[str] = []
    position = 0
    while position < len(lines):
        line, block = lines[position]
        position += 1
        line = without_read_more(line)
        if not line:
            continue
        if "min" in line:  # (a test that spares other lines the patterns)
            if shorter := without_reading_time(line):
                line = shorter  # `12 jan 2023 4 min leestijd`: the date
            elif len(line) <= 40 and READING_TIME.match(line):
                continue  # `4 min leestijd` is no summary
        if article_type is None and ARTICLE_TYPE_ONLY.match(line) and position < len(lines) and (
            DATE_LINE.match(lines[position][0])
        ):
            line = f"{line} {lines[position][0]}"  # the type in a block, its date after it
            position += 1
        typed = TYPE_DATE_LINE.match(line) if date_match is None else None
        if typed and (typed.group("type") in line.split()[0] and (
            ARTICLE_TYPE_ONLY.match(typed.group("type")) or block.tag not in ("h1", "h2", "h3")
        )):
            article_type, date_match = typed.group("type"), typed
            continue
        dated = DATE_LINE.match(line) if date_match is None else None
        if dated:
            date_match = dated
            continue
        if written_out is None and line[:1].isdigit() and NAMED_DATE_ONLY.match(line) and (
            (named := parse_named_date(line)) is not None and named[2] is not None
        ):
            written_out = safe_date(named[2], named[1], named[0])
            continue
        if written_out is None and line[-1:].isdigit() and DATE_ONLY.match(line) and (
            (numeric := parse_numeric_date(line)) is not None
        ):
            written_out = numeric  # Drupal's medium date: `ma, 06/03/2023 - 09:00`
            continue
        if date_match is None and title is None and (
            (run_on := TYPE_DATE_TITLE.match(line)) is not None and run_on["title"] in link_texts
        ):
            article_type = run_on["type"] if ARTICLE_TYPE_ONLY.match(run_on["type"]) else None
            date_match, title = run_on, run_on["title"]
            continue
        if article_type is None and ARTICLE_TYPE_ONLY.match(line):
            article_type = line
            continue
        if title is None and not rest and (block.is_heading or (
            line in link_texts and reads_as_title(line)
        )):
            title = line
            continue
        rest.append(line)
    for time in (time for element in elements for time in element.iter("time")):
        stated = _as_date(parse_iso(time.get("datetime") or ""))
        if stated:
            break
    author = None
    if rest and len(rest[-1]) <= 60 and PERSON_NAME.match(rest[-1]) and (
        len(rest) >= 2 or rest[-1] in link_texts or rest[-1] in beside_date
    ):
        author = rest.pop()
    if author is None:
        for image in (image for element in elements for image in element.iter("img")):
            if named := AUTHOR_PICTURE_ALT.match(clean(image.get("alt"))):
                author = named.group(1)
                break
    published = updated = None
    if date_match is not None:
        if date_match["updated"]:
            updated = safe_date(expand_year(date_match["updated_year"]),
                                int(date_match["updated_month"]), int(date_match["updated_day"]))
        published = teaser_published(date_match, reference, updated)
    published = published or stated or written_out
    return {
        "url": record.url,
        "title": title,
        "article_type": article_type,
        "published": published.isoformat() if published else None,
        "updated": updated.isoformat() if updated else None,
        "summary": clean(" ".join(rest)) or None,
        "author": author,
    }


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    return None
