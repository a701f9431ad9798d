"""Update blocks (`update 8 juli:` + text) split out of the article's text blocks."""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from nul20scraper.extract.blocks import Block
from nul20scraper.extract.dates import MONTHS, as_date, infer_year, parse_numeric_date, safe_date
from nul20scraper.extract.labels import UPDATE_BARE, UPDATE_NAMED, UPDATE_NUMERIC, UPDATE_START
from nul20scraper.extract.subtree import holds
from nul20scraper.extract.text import clean


def match_update(line: str) -> re.Match[str] | None:
    if not UPDATE_START.match(line):  # one test spares most lines the three
        return None
    return UPDATE_NAMED.match(line) or UPDATE_NUMERIC.match(line) or UPDATE_BARE.match(line)


def update_date(match: re.Match[str], published: date | None) -> date | None:
    """The update's date; a day and month take the year that puts it on or after the article."""
    groups = match.groupdict()
    if groups.get("date"):
        return parse_numeric_date(groups["date"])
    if not groups.get("day"):
        return None
    day, month = int(groups["day"]), MONTHS[groups["month"].lower()]
    if groups.get("year"):
        return safe_date(int(groups["year"]), month, day)
    return infer_year(day, month, on_or_after=published) if published else None


def _update_box(label: etree._Element) -> etree._Element | None:
    """The element an update label heads: the `<details>` of its `<summary>`, or a parent
    whose class names an update (`c-update`, `update-block`) that the label opens."""
    parent = label.getparent()
    if parent is None or label.getprevious() is not None:
        return None
    if label.tag == "summary":
        return parent if parent.tag == "details" else None
    classes = parent.get("class")
    if classes and "update" in classes.lower() and parent.tag in BOX_TAGS:
        return parent
    return None


# Elements that box an update in: never the text's own container, which holds no class
# naming an update.
BOX_TAGS = frozenset({"details", "div", "section", "aside"})


def split_updates(
    blocks: list[Block], published: date | str | None, warnings: list[str]
) -> tuple[list[Block], list[dict[str, str | None]]]:
    """Body blocks without the update blocks, and the updates in page order.

    An update that follows article text runs to the next update label or the end of the
    text; one at the top of the text (before any article text) is its own block only, so that
    it never swallows the article.
    """
    published_day = as_date(published) if isinstance(published, str) else published
    body: list[Block] = []
    updates: list[dict[str, str | None]] = []
    # The text of each update, as the pieces met so far: joined once, at the end, so that an
    # update over many blocks costs their length, not its square.
    texts: list[list[str]] = []
    current: list[str] | None = None
    current_open = False  # does the current update take the blocks that follow?
    box: etree._Element | None = None  # the element the current update's label heads
    for block in blocks:
        match = match_update(block.lines[0])
        if match:
            label = clean(match.group("label"))
            rest = [clean(match.group("rest")), *block.lines[1:]]
            found = update_date(match, published_day)
            if found is None and published_day is None and "day" in match.groupdict():
                warnings.append(f"year of '{label}' unknown: the article has no date")
            updates.append({"date": found.isoformat() if found else None, "label": label,
                            "text": None})
            current = [clean(" ".join(rest))]
            texts.append(current)
            # A label that heads a box of its own (`<details><summary>Update 8 juli 2022`,
            # a `div.update`) takes what the box holds, and no more.
            box = _update_box(block.element)
            # Label-only block at the top: its text is the next block.
            current_open = box is not None or bool(body) or not current[0]
            continue
        if box is not None:
            if current is not None and holds(box, block.element):
                current.append(block.text)
                continue
            box = current = None  # past the box: the article's text, or the next update
        if current is not None and current_open:
            current.append(block.text)
            if not body:
                current_open = False
            continue
        current = None
        body.append(block)
    for update, pieces in zip(updates, texts, strict=True):
        update["text"] = clean(" ".join(pieces))
    return body, updates
