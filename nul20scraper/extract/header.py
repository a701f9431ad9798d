"""The lines around the headline: date, type, credit, byline, section, kicker.

Visible-label layer: on every layout the article's date line (`05.07.21`), its photo credit
(`Foto: ...`) and the like stand between the title and the first paragraph of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nul20scraper.extract.blocks import Block
from nul20scraper.extract.labels import (
    ARTICLE_TYPE_ONLY,
    BYLINE,
    CREDIT_LABEL,
    DATE_ONLY,
    FIELD_LABEL,
    NAMED_DATE_ONLY,
    SECTION_LABEL,
    SOURCE_LABEL,
    SUBMITTED,
    TYPE_DATE_LINE,
    UPDATED_LABEL,
)
from nul20scraper.extract.text import clean

# How far before the title a magazine page's section label and kicker may stand.
BLOCKS_BEFORE_TITLE = 3
# A header scan that finds no text block stops here.
MAX_HEADER_BLOCKS = 12


@dataclass
class Header:
    date_text: str | None = None
    updated_text: str | None = None
    updated_label_without_date: bool = False
    article_type: str | None = None
    credit: str | None = None
    source: str | None = None
    bylines: list[str] = field(default_factory=list)
    section: str | None = None
    kicker: str | None = None
    before: list[Block] = field(default_factory=list)  # unclaimed blocks before the title
    consumed: set[int] = field(default_factory=set)  # block indexes that belong to the header
    first_text_index: int | None = None  # where the article text begins


def read_header(blocks: list[Block], title_index: int, headline: str) -> Header:
    header = Header()
    start = max(0, title_index - BLOCKS_BEFORE_TITLE)
    for block in blocks[start:title_index]:
        if block.zone != "main":
            continue
        if _claim(header, block, blocks):
            header.consumed.add(block.index)
        else:
            header.before.append(block)
    header.consumed.add(title_index)
    pending_updated = False
    for block in blocks[title_index + 1: title_index + 1 + MAX_HEADER_BLOCKS]:
        if block.zone != "main":
            continue
        if block.index in header.consumed:
            continue
        if block.text == headline:
            header.consumed.add(block.index)
            continue
        if pending_updated and (DATE_ONLY.match(block.text) or NAMED_DATE_ONLY.match(block.text)):
            header.updated_text = block.text
            header.updated_label_without_date = False
            header.consumed.add(block.index)
            pending_updated = False
            continue
        pending_updated = False
        if _claim(header, block, blocks):
            header.consumed.add(block.index)
            pending_updated = header.updated_label_without_date
            continue
        header.first_text_index = block.index
        break
    return header


def _claim(header: Header, block: Block, blocks: list[Block]) -> bool:
    """Whether every line of the block is a header line; records what the lines say."""
    findings: list[tuple[str, str]] = []
    for line in block.lines:
        kind = _line_kind(line)
        if kind is None:
            return False
        findings.append(kind)
    for kind, value in findings:
        if kind == "date" and header.date_text is None:
            header.date_text = value
        elif kind == "type-date":
            match = TYPE_DATE_LINE.match(value)
            assert match is not None
            header.article_type = header.article_type or match.group("type")
            header.date_text = header.date_text or match.group("date")
            if match.group("updated"):
                header.updated_text = match.group("updated")
        elif kind == "type":
            header.article_type = header.article_type or value
        elif kind == "credit":
            header.credit = header.credit or clean(CREDIT_LABEL.sub("", value, count=1))
        elif kind == "source":
            header.source = header.source or clean(SOURCE_LABEL.sub("", value, count=1))
        elif kind == "updated":
            rest = clean(UPDATED_LABEL.sub("", value, count=1))
            header.updated_text = rest or header.updated_text
            header.updated_label_without_date = not rest
        elif kind == "byline":
            header.bylines.append(value)
        elif kind == "section" and header.section is None:
            header.section = value
    return True


def _line_kind(line: str) -> tuple[str, str] | None:
    if DATE_ONLY.match(line) or NAMED_DATE_ONLY.match(line):
        return "date", line
    if TYPE_DATE_LINE.match(line):
        return "type-date", line
    if ARTICLE_TYPE_ONLY.match(line):
        return "type", line
    if CREDIT_LABEL.match(line):
        return "credit", line
    if SOURCE_LABEL.match(line) and len(line) < 60:
        return "source", line
    if UPDATED_LABEL.match(line):
        return "updated", line
    byline = BYLINE.match(line) or SUBMITTED.match(line)
    if byline and len(line) < 100:
        return "byline", byline.group(1)
    if FIELD_LABEL.match(line):
        return "label", line
    if SECTION_LABEL.match(line) and len(line) <= 80 and not line.endswith("."):
        return "section", line
    return None


GLUED_SECTION = re.compile(
    r"^(?P<section>(?:Dossier|Redactioneel|Woonbarometer|Interview|Column)"
    r"(?:\s+[a-zà-ÿ][\wà-ÿ-]*)*?[a-zà-ÿ])(?P<rest>[A-Z][a-zà-ÿ].*)$"
)


def split_glued_section(text: str) -> tuple[str, str] | None:
    """`Dossier corporatiefusiesIn de ...` -> (`Dossier corporatiefusies`, `In de ...`)."""
    match = GLUED_SECTION.match(text)
    return (match.group("section"), match.group("rest")) if match else None
