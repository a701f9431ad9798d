"""The lines around the headline: date, type, credit, byline, section, kicker.

Visible-label layer: on every layout the article's date line (`05.07.21`), its photo credit
(`Foto: ...`) and the like stand between the title and the first paragraph of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from nul20scraper.extract.blocks import HEADING_TAGS, Block
from nul20scraper.extract.dates import NUMERIC_DATE
from nul20scraper.extract.labels import (
    ARTICLE_TYPE_ONLY,
    AUTHOR_CARD,
    AUTHOR_PATH,
    AUTHOR_ROLES,
    BARE_CREDIT,
    BYLINE,
    COPYRIGHT_MARK,
    CREDIT_INLINE_WORD,
    CREDIT_LABEL,
    DATE_ONLY,
    FIELD_LABEL,
    FIELD_PAIR_LABELS,
    LABEL_ONLY,
    NAME_AND_DATE,
    NAMED_DATE_ONLY,
    PERSON_NAME,
    POSTED_ON,
    PROFILE_LINK,
    READING_TIME,
    READING_TIME_HINT,
    READING_TIME_REACH,
    SECTION_LABEL,
    SOURCE_LABEL,
    SUBMITTED,
    TAG_PATH,
    TAGS_LABEL,
    TWO_DATES,
    TYPE_DATE_LINE,
    UPDATED_LABEL,
    without_reading_time,
)
from nul20scraper.extract.text import all_text, clean

# How far before the title a magazine page's section label and kicker may stand.
BLOCKS_BEFORE_TITLE = 3
# A header scan that finds no text block stops here.
MAX_HEADER_BLOCKS = 12
# Compiled once: `element.xpath(...)` compiles its expression on every call.
_LINKS_AT = etree.XPath(".//a | ancestor::a")


@dataclass
class Header:
    date_text: str | None = None
    updated_text: str | None = None
    updated_label_without_date: bool = False
    article_type: str | None = None
    credit: str | None = None
    source: str | None = None
    bylines: list[str] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)  # `<caption> Foto: <name>` lines
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
        # Menu items are list items; a section label is not.
        if block.tag != "li" and _claim(header, block.lines):
            header.consumed.add(block.index)
        else:
            header.before.append(block)
    header.consumed.add(title_index)
    following = [b for b in blocks[title_index + 1: title_index + 1 + MAX_HEADER_BLOCKS]
                 if b.zone == "main"]
    position = 0
    while position < len(following):
        block = following[position]
        after = following[position + 1] if position + 1 < len(following) else None
        position += 1
        if block.text == headline:
            header.consumed.add(block.index)
            continue
        if authors := _rel_author_names(block):
            header.bylines.extend(authors)  # links to the authors alone on their line
            header.consumed.add(block.index)
            continue
        if position == 1 and header.kicker is None and _is_heading_kicker(block):
            # A kicker set as a heading right after the title (old magazine themes).
            header.kicker = block.text
            header.consumed.add(block.index)
            continue
        if header.updated_label_without_date and (
            DATE_ONLY.match(block.text) or NAMED_DATE_ONLY.match(block.text)
        ):
            header.updated_text = block.text
            header.updated_label_without_date = False
            header.consumed.add(block.index)
            continue
        # (Most header lines are divs: a label is a short word.)
        if after is not None and block.tag in PAIR_LABEL_TAGS and (
            block.tag != "div" or (len(block.text) <= 25 and not block.text[:1].isdigit())
        ) and (used := _claim_pair(header, block, following[position: position + MAX_PAIR_VALUES])):
            # `Gepubliceerd` | `18.10.21`; `Auteurs` | one name per <dd> (before the author
            # card: `Auteur` | `X` | `Fotograaf` | `Y` is two fields, not a name and a role)
            header.consumed.add(block.index)
            header.consumed.update(b.index for b in following[position: position + used])
            position += used
            continue
        card = _author_card(following, position - 1)
        if card is not None:
            name, used = card
            header.bylines.append(name)
            header.consumed.update(b.index for b in following[position - 1: position - 1 + used])
            position += used - 1
            continue
        label = LABEL_ONLY.match(block.text)
        if label and after is not None:
            # `Door:` `Editie:` as a field label, its value in the next block.
            merged = f"{block.text} {after.text}"
            if _claim(header, [merged]) or is_link_text(after) or _is_fact_box(after):
                # `Boekgegevens:` over its lines (title, author, publisher, ISBN): a field of
                # the page, not its text.
                header.consumed.update((block.index, after.index))
                position += 1
                continue
        if _claim(header, block.lines):
            header.consumed.add(block.index)
            continue
        if after is not None and len(block.text) <= 200 and (CREDIT_LABEL.match(after.text) or (
            len(after.text) <= 12 and FIELD_PAIR_LABELS.get(after.text.lower()) == "credit"
        )):
            # A caption line with its credit on the next line.
            header.caption.append(block.text)
            header.consumed.add(block.index)
            continue
        if not header.bylines and after is not None and len(block.text) <= 120 and (
            _is_bare_byline(block, after)
        ):
            # A byline of the name alone over the date or reading time (a reader view's
            # `credits` line, a theme's author line without `Door`).
            header.bylines.append(block.text)
            header.consumed.add(block.index)
            continue
        header.first_text_index = block.index
        if not header.bylines and header.date_text is None and (
            len(block.text) <= MAX_LEAD_CHARS and block.text[-1:] in ".?!" and not (
                block.is_heading or block.text.endswith("...")
            ) and next(block.element.iter("a"), None) is None
        ):  # (a lead is a sentence or two, not a teaser's summary cut off or linked)
            _claim_after_lead(header, following[position: position + LINES_AFTER_LEAD])
        break
    return header


# A lead (a standfirst, an excerpt) may stand between the title and the byline and date.
MAX_LEAD_CHARS = 400
LINES_AFTER_LEAD = 3
# What a line after the lead may say to be the header's: who wrote it, and when.
_AFTER_LEAD_KINDS = frozenset({"date", "byline", "name-date", "field"})


def _claim_after_lead(header: Header, blocks: list[Block]) -> None:
    """The byline and date lines right after a lead that follows the title (`<title>`,
    `<excerpt>`, `Jaap Kuiper, Marieke Dijkstra`, `19 jan 2023`): the header's, though the
    text has begun."""
    for block in blocks:
        text = block.text
        if len(text) > MAX_FOOT_LINE or text[-1:] in ".?!:":
            return  # a sentence: no header line (an author line may be a heading)
        # (A date or byline line opens with its label or ends in its date or reading time:
        # other lines are spared the patterns, and may be a line of author links.)
        if text.startswith(FOOT_LINE_STARTS) or text[-1:].isdecimal() or (
            READING_TIME_HINT.search(text, max(0, len(text) - READING_TIME_REACH))
        ):
            if not _claim(header, block.lines, _AFTER_LEAD_KINDS):
                return
        elif authors := _rel_author_names(block):
            header.bylines.extend(authors)
        else:
            return
        header.consumed.add(block.index)


def _is_bare_byline(block: Block, after: Block) -> bool:
    """A person's name alone on its line (no heading), with a date or reading time line, or
    another byline, after it."""
    text = block.text
    if len(text) > 120 or not text[:1].isupper() or " " not in text or text[-1:] == "." or (
        block.is_heading or len(block.lines) != 1
    ):
        return False
    names = [name for name in _NAME_LIST.split(block.text) if name]
    if not names or not all(_reads_as_name(name) and PERSON_NAME.match(name) for name in names):
        return False
    return _claim(Header(), after.lines, _AFTER_LEAD_KINDS)


# A kicker above the title (NOTES.md: magazine pages stack a section label, a kicker and the
# title): a few words, no sentence, no field label.
MAX_KICKER_WORDS = 10
MAX_KICKER_CHARS = 80
# What a breadcrumb or a menu line puts between its parts.
TRAIL_SEPARATORS = re.compile(r"\s(?:[›»>|/]|::)\s")


def is_kicker_above(block: Block, title: Block) -> bool:
    """Whether `block`, the line right above the title that no header rule claimed, is a
    kicker set by itself, whatever its element (`<p>`, `<span>`, `<h3>`, nested `<div>`s):
    a short line that is no sentence, label, list item or breadcrumb, with no link or picture,
    that opens the title's own group. The group is the nearest element holding both; the
    kicker's side of it holds nothing else, and nothing but a trail of links (a breadcrumb)
    comes before it there. So a site header's slogan beside the logo is not the article's
    kicker."""
    text = block.text
    if block.tag == "li" or len(text) > MAX_KICKER_CHARS or len(block.lines) > 1:
        return False
    if len(text.split()) > MAX_KICKER_WORDS or text.endswith((".", "!", "?", ":", ";", ",")):
        return False
    if TRAIL_SEPARATORS.search(text) or _line_kind(text) is not None:
        return False
    if _reads_as_name(text) or _DAY_AND_MONTH.search(text) or NUMERIC_DATE.search(text):
        return False  # a byline's bare name, or a dateline (`Amsterdam, 5 juli`)
    element = block.element
    if next(element.iterancestors("a"), None) is not None or next(
        element.iter("a", "img"), None
    ) is not None:
        return False
    around_title = set(title.element.iterancestors())
    branch = element
    for ancestor in element.iterancestors():
        if ancestor in around_title:
            break
        branch = ancestor
    else:
        return False
    if branch is not element and (next(branch.iter("a", "img"), None) is not None or (
        clean(all_text(branch)) != text
    )):
        return False  # the kicker's side of the group holds more than the kicker
    parent = branch.getparent()
    if parent is not None and clean(parent.text):
        return False
    return all(_opens_nothing(before) for before in branch.itersiblings(preceding=True)
               if isinstance(before.tag, str))


# A day and a month in words: a dateline, not a kicker.
_DAY_AND_MONTH = re.compile(
    r"\b\d{1,2}\s+(?:jan(?:uari)?|feb(?:ruari)?|maart|mrt|apr(?:il)?|mei|jun[i]?|jul[i]?|"
    r"aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE)
# The words that may stand in lower case in a Dutch name (`Fred van der Molen`).
_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "het", "ten", "ter", "te", "'t",
                             "'s", "la", "le", "du", "von"})


def _reads_as_name(text: str) -> bool:
    """Two to five words, each capitalised or a name particle, two of them capitalised: a
    person's name (`Jan Jansen`, `Fred van der Molen`). A kicker is a phrase (`Wonen in
    Noord`): a word in lower case that no name has."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    capitalised = [word for word in words if word[:1].isupper()]
    return len(capitalised) >= 2 and all(
        word[:1].isupper() or word.lower() in _NAME_PARTICLES for word in words) and (
        words[0][:1].isupper() and words[-1][:1].isupper())


def _opens_nothing(element: etree._Element) -> bool:
    """Whether an element before a kicker leaves it the first line of the title's group:
    it shows nothing, or it is a trail of links (a breadcrumb or a menu: two links or more,
    their separators, no other text and no picture). A single link or a picture is a logo."""
    text = clean(all_text(element))
    if next(element.iter("img"), None) is not None:
        return False
    if not text:
        return next(element.iter("a"), None) is None
    links = list(element.iter("a"))
    linked = "".join(clean(all_text(a)) for a in links)
    return len(links) >= 2 and len(_NOT_SEPARATOR.sub("", text)) <= len(
        _NOT_SEPARATOR.sub("", linked))


# Breadcrumb separators and spaces, left out when a trail's text is compared with its links'.
_NOT_SEPARATOR = re.compile(r"[\s›»>|/:·•-]+")


def _rel_author_names(block: Block) -> list[str]:
    """The names of a line that is nothing but links to its authors (and separators): links
    that say so (`<a rel="author">`), or that lead to an author's page (`/author/jaap/`,
    `/auteurs/x`, Drupal's `/user/27`), which a theme without `rel` writes."""
    text = block.text
    if len(text) > MAX_FOOT_LINE or not text[:1].isupper() or text[-1:] == ".":
        return []  # (a byline is a line of names, not a date, a sentence or a paragraph)
    anchors = list(block.element.iter("a"))
    if not anchors:
        return []
    if len(anchors) > MAX_BYLINE_LINKS:  # (a box of links: only `rel` can make them a byline)
        links = [a for a in anchors if "author" in (a.get("rel") or "").split()]
    else:
        links = [a for a in anchors if "author" in (a.get("rel") or "").split()
                 or ((href := a.get("href")) and ("/au" in href or "/user/" in href or (
                     "/profiel/" in href or "/gebruiker/" in href)) and AUTHOR_PATH.match(href))]
    if not links:
        return []
    names = [name for name in (clean(all_text(a)) for a in links) if name]
    rest = block.text
    for name in names:
        rest = rest.replace(name, "", 1)
    return names if not _NAME_LIST_REST.sub("", rest) else []


# The most links a byline of author links has (one per author).
MAX_BYLINE_LINKS = 6
# Where a list of names parts them (`Jaap Kuiper, Marieke Dijkstra`, `X en Y`).
_NAME_LIST = re.compile(r"\s*(?:,|&|\ben\b)\s*")
# What a list of names has besides the names: commas, `en`, `&`, middle dots.
_NAME_LIST_REST = re.compile(r"[\s,&·•|]+|\ben\b")


def _author_card(blocks: list[Block], start: int) -> tuple[str, int] | None:
    """An author card from blocks[start]: (the name, how many blocks it spans), else None.
    The card's name, role and profile link may be one line or up to three blocks."""
    card = blocks[start: start + 3]
    if not card or not card[0].text[:1].isupper():
        return None
    # (No role word in the blocks, no card: a look for each spares the pattern, which reads
    # a paragraph's words as a name until one is none.)
    whole = " ".join(block.text for block in card)
    if not any(role in whole for role in AUTHOR_ROLES):
        return None
    text = ""
    for used, block in enumerate(card, start=1):
        text = f"{text} {block.text}" if text else block.text
        match = AUTHOR_CARD.match(text)
        if match:
            following = blocks[start + used] if start + used < len(blocks) else None
            if following is not None and PROFILE_LINK.match(following.text):
                used += 1  # the profile link after the card
            return match.group("name"), used
    return None


def _is_fact_box(block: Block) -> bool:
    """A block of three or more short lines set with `<br>` (a book's or an event's data)."""
    return len(block.lines) >= 3 and all(len(line) <= 100 for line in block.lines)


def _is_heading_kicker(block: Block) -> bool:
    return block.is_heading and len(block.text) <= 80 and not block.text.endswith(
        (".", "!", "?", ":")) and _line_kind(block.text) is None


def is_link_text(block: Block) -> bool:
    """The block's text is all link text (a field value such as an edition or a tag)."""
    links = _LINKS_AT(block.element)
    link_text = "".join(all_text(a) for a in links)
    return bool(links) and len(" ".join(link_text.split())) >= len(block.text) - 1


# The label of a label/value pair: a definition list's term, a table row's first cell, the
# first of two <div>s (Drupal's inline field label, whose colon only the stylesheet adds).
PAIR_LABEL_TAGS = frozenset({"dt", "th", "td", "div"})
MAX_PAIR_VALUES = 6  # the <dd>s one term may have (one per author)


def _claim_pair(header: Header, label: Block, values: list[Block]) -> int:
    """A field set as a label and its value (`<dt>Auteur</dt><dd>X</dd>`, a two-cell table
    row): its value recorded as the label says, when the label is one of the site's fields.
    The number of value blocks read (a term may have a <dd> for each author); 0: no field."""
    kind = FIELD_PAIR_LABELS.get(label.text.rstrip(":").strip().lower())
    if kind is None:
        return 0  # (the label's text first: no look at the elements for other lines)
    term, cell = label.element, values[0].element
    if cell.getprevious() is not term:
        return 0
    if term.tag == "dt":
        if cell.tag != "dd":
            return 0
    elif term.tag == "div":  # Drupal's inline label: `<div class="field__label">Type</div>`
        if cell.tag != "div" or len(term.getparent()) != 2:
            return 0
    elif cell.tag not in ("td", "th") or len(term.getparent()) != 2:
        return 0  # a row of more cells is a table of figures, not a field
    used = 1
    if term.tag == "dt":  # the <dd>s that follow the first, each a value of the same term
        while used < len(values) and values[used].element.tag == "dd" and (
            values[used].element.getprevious() is values[used - 1].element
        ):
            used += 1
    texts = [value.text for value in values[:used]]
    if kind is None or not all(texts) or any(len(text) > 120 for text in texts):
        return 0
    if kind == "byline":
        header.bylines.extend(texts)
        return used
    text = texts[0]
    if kind == "date":
        header.date_text = header.date_text or text
    elif kind == "updated":
        header.updated_text = header.updated_text or text
    elif kind == "section":
        header.section = header.section or text
    elif kind == "credit":
        header.credit = header.credit or text
    else:
        header.article_type = header.article_type or text
    return used


def _claim(header: Header, lines: list[str], only: frozenset[str] | None = None) -> bool:
    """Whether every line is a header line (of the kinds `only` names, when given); records
    what the lines say."""
    findings: list[tuple[str, str]] = []
    for line in lines:
        kind = _line_kind(line)
        if kind is None and (shorter := without_reading_time(line)):
            # `19 jan 2023 — 6 min leestijd`: the line is what it says before its reading time.
            line = shorter
            kind = _line_kind(line)
        if kind is not None:
            findings.append(kind)
            continue
        # `08.09.2022 · Door X`: header lines set on one line, each part one of them. (Only
        # a line with a separator has parts: a test of its characters spares a paragraph the
        # split, which tries the pattern at every position.)
        if not ("|" in line or "·" in line or "•" in line or "Door" in line or "Tekst" in line):
            return False
        parts = [clean(part) for part in LINE_PARTS.split(line)]
        kinds = [_line_kind(part) for part in parts] if len(parts) > 1 else [None]
        if any(kind is None for kind in kinds):
            return False
        findings.extend(kind for kind in kinds if kind is not None)
    if only is not None and any(kind not in only for kind, _ in findings):
        return False
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
        elif kind == "field":
            pass
        elif kind == "source":
            header.source = header.source or clean(SOURCE_LABEL.sub("", value, count=1))
        elif kind == "updated":
            rest = clean(UPDATED_LABEL.sub("", value, count=1))
            header.updated_text = rest or header.updated_text
            header.updated_label_without_date = not rest
        elif kind == "byline":
            # `Door Jan de Vries | 14.09.21`, `Door Jan de Vries 14.02.2023`
            name = BYLINE_SEPARATOR.split(value, maxsplit=1)[0]
            date_match = NUMERIC_DATE.search(value)
            rest = BYLINE_SEPARATOR.split(value, maxsplit=1)[1:]
            if rest and NAMED_DATE_ONLY.match(clean(rest[0])):
                header.date_text = header.date_text or clean(rest[0])  # `Door X · 12 mei 2022`
            elif date_match:
                header.date_text = header.date_text or date_match.group(0)
                name = name[: date_match.start()] if date_match.start() < len(name) else name
                # `Door X ma, 13/03/2023 - 10:15`: Drupal's medium date opens with the weekday.
                name = _TRAILING_WEEKDAY.sub("", name.rstrip())
            if clean(name):
                header.bylines.append(clean(name))
        elif kind == "name-date":
            named = NAME_AND_DATE.match(value)
            assert named is not None
            header.bylines.append(named["name"])
            header.date_text = header.date_text or named["date"]
        elif kind == "section" and header.section is None:
            header.section = value
        elif kind == "caption":
            header.caption.append(value)
    return True


def _line_kind(line: str) -> tuple[str, str] | None:
    if line[:1] in "GgIi" and (posted := POSTED_ON.match(line)) and (
        (day := _posted_date(posted["date"])) is not None
    ):
        if posted["name"] is None:
            return "date", day  # (before NAME_AND_DATE: `Geplaatst op` is no name)
        return "byline", f"{posted['name']} · {day}"  # read as `Door X · <date>`
    ends_in_date = _ends_in_date(line)
    if ends_in_date and (DATE_ONLY.match(line) or NAMED_DATE_ONLY.match(line)):
        return "date", line
    if ends_in_date and (named := NAME_AND_DATE.match(line)) and _is_byline_name(named["name"]):
        return "name-date", line
    type_date = TYPE_DATE_LINE.match(line) if ends_in_date else None
    if type_date and type_date.group("date").count(".") == 2:
        # An article's own date has its year; `<type> <dd.mm>` is a teaser's line.
        return "type-date", line
    if ARTICLE_TYPE_ONLY.match(line):
        return "type", line
    if len(line) <= 40 and ("min" in line or "Min" in line) and READING_TIME.match(line):
        return "field", line  # `4 min leestijd`: shown beside the date, no field of the item
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
    if len(line) < 300 and _has_inline_credit(line):
        return "caption", line
    if "/" in line and BARE_CREDIT.match(line):
        return "credit", line
    if SECTION_LABEL.match(line) and len(line) <= 80 and not line.endswith("."):
        return "section", line
    return None


# A weekday, as a date written after a name opens with it (`ma,`, `dinsdag`): lower case.
_TRAILING_WEEKDAY = re.compile(r"[\s,]+(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|"
                               r"zondag|ma|di|wo|do|vr|za|zo)\.?,?$")
# How many lines after the article's text its foot (a byline and date set below the text,
# after the tags) may take.
MAX_FOOT_BLOCKS = 8
MAX_FOOT_LINE = 160
MAX_TAG_LINE = 60


def read_foot(blocks: list[Block], start: int) -> Header:
    """The byline and date lines set below the text (a theme that puts the node's meta after
    the tags): the first lines from `blocks[start]` on that are header lines, passing over
    the tags (their label and their links) on the way."""
    foot = Header()
    candidates = blocks[start: start + MAX_FOOT_BLOCKS]
    if not any(b.text.startswith(FOOT_LINE_STARTS) or b.text[-1:].isdecimal() for b in candidates):
        return foot  # (no line opens as a byline or ends in a date: a look at the text alone)
    for block in candidates:
        text = block.text
        if block.zone != "main" or len(text) > MAX_FOOT_LINE:
            break  # (a paragraph: the foot, if any, is past)
        if text[:1] in "TtOo" and TAGS_LABEL.match(text):
            continue
        # Header lines open with their label or end in their date: other lines are spared
        # the patterns. A short line of links (a tag) is passed over; any other line ends
        # the foot.
        if (text.startswith(FOOT_LINE_STARTS) or text[-1:].isdecimal()) and (
            _claim(foot, block.lines)
        ):
            foot.consumed.add(block.index)
        elif len(text) > MAX_TAG_LINE or next(block.element.iter("a"), None) is None:
            break
    return foot


# How the byline and date lines below a text open (the rest end in their date).
FOOT_LINE_STARTS = ("Door ", "door ", "Door:", "Tekst ", "Tekst:", "Auteur ", "Auteur:",
                    "Geschreven ", "Geplaatst ", "Gepubliceerd ", "Geactualiseerd ", "Laatst ",
                    "Bijgewerkt ")


# What a tag list has besides the tags' names.
TAG_LIST_REST = re.compile(r"[\s,|·•#]+")


# How a tag list's line never ends: as a sentence, or a date, does.
NOT_TAG_LIST_ENDS = frozenset(".:;!?”’\"'0123456789")
MAX_TAG_LIST_LINE = 160


def may_be_tag_list(block: Block) -> bool:
    """A short line that ends as no sentence or date does, no heading (a test that spares
    text the look at its links; the loops over many lines write it out)."""
    text = block.text
    return len(text) <= MAX_TAG_LIST_LINE and text[-1] not in NOT_TAG_LIST_ENDS and (
        block.tag not in HEADING_TAGS)


def links_of(element: etree._Element) -> list[etree._Element]:
    """The links with an href in an element, else those around it (lxml's tag filters walk
    in C; an XPath makes a context for each call)."""
    return [a for a in element.iter("a") if a.get("href") is not None] or [
        a for a in element.iterancestors("a") if a.get("href") is not None]


def tag_links(block: Block) -> list[etree._Element] | None:
    """The links of a line that is nothing but links to the site's tag pages (a theme's tag
    list without a label: `/trefwoorden/x`, `/tag/x/`, `/taxonomy/term/5`)."""
    element = block.element
    first = next(element.iter("a"), None)
    if first is None and (first := next(element.iterancestors("a"), None)) is None:
        return None
    if not TAG_PATH.match((first.get("href") or "").strip()):
        return None  # (most lines: their first link tells)
    links = links_of(element)
    if not links or not all(TAG_PATH.match(a.get("href", "").strip()) for a in links):
        return None
    rest = block.text
    for link in links:
        rest = rest.replace(clean(all_text(link)), "", 1)
    return None if TAG_LIST_REST.sub("", rest) else links


def _posted_date(text: str) -> str | None:
    """The date of a `Geplaatst op` line: the date, or the first of two (see TWO_DATES)."""
    if DATE_ONLY.match(text) or NAMED_DATE_ONLY.match(text):
        return text
    two = TWO_DATES.match(text)
    return two["first"] if two else None


def _ends_in_date(line: str) -> bool:
    """Whether the line can end as DATE_ONLY, NAMED_DATE_ONLY and TYPE_DATE_LINE do: in a digit
    or `)` (before a final line break, where `$` matches too), or in the `uur` of a time of
    day. Spares other lines the three."""
    last = line[-2:-1] if line[-1:] == "\n" else line[-1:]
    if last.isdecimal() or last == ")":
        return True
    # (The last three characters: a paragraph is not copied twice to read them.)
    end = line.rstrip()[-3:] if line[-1:].isspace() else line[-3:]
    return end.lower() == "uur"


def _is_byline_name(name: str) -> bool:
    """A name before a date is a byline when it has two words or more and is no weekday or
    place-like single word (`Amsterdam 15 maart 2022` is a dateline)."""
    words = name.split()
    return len(words) >= 2 and not words[-1].lower().endswith("dag")


def _has_inline_credit(line: str) -> bool:
    """`<caption> Foto: <name>` or `<caption> © <name>` (split apart by the caption reader)."""
    return (":" in line and CREDIT_INLINE_WORD.search(line) is not None) or (
        COPYRIGHT_MARK.search(line) is not None)


# What separates header lines set on one line (not ` - `, which names and titles hold).
# (`22.09.2022 Door X`: a byline run on after the date, with no separator.)
LINE_PARTS = re.compile(r"\s+[|·•]\s+|\s+(?=(?:Door|Tekst)\s)")
BYLINE_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s+[–—-]\s+")
GLUED_SECTION = re.compile(
    r"^(?P<section>(?:Dossier|Redactioneel|Woonbarometer|Interview|Column)"
    r"(?:\s+[a-zà-ÿ][\wà-ÿ-]*)*?[a-zà-ÿ])(?P<rest>[A-Z][a-zà-ÿ].*)$"
)


def split_glued_section(text: str) -> tuple[str, str] | None:
    """`Dossier corporatiefusiesIn de ...` -> (`Dossier corporatiefusies`, `In de ...`)."""
    match = GLUED_SECTION.match(text)
    return (match.group("section"), match.group("rest")) if match else None
