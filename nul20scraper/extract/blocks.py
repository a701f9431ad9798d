"""The page as a sequence of text blocks in reading order.

Visible-label extraction (NOTES.md: `Foto:`, `Trefwoorden`, `update 8 juli:`, the date line
under the title) works on this sequence, so it holds for any markup with the same content.
Each block remembers its element, its lines (split at `<br>`) and the zone it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from nul20scraper.extract.text import clean

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul center".split()
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Never visible text.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object", "select", "button",
     "textarea", "head", "title", "meta", "link", "input"}
)
# Site chrome: navigation, forms, footers. Their text is never part of an article.
CHROME_TAGS = frozenset({"nav", "footer", "form"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
CHROME_WORDS = (
    "menu", "navigation", "navbar", "breadcrumb", "skip-link", "skiplink", "share", "social",
    "newsletter", "nieuwsbrief", "footer", "pager", "pagination", "visually-hidden",
    "element-invisible", "sr-only", "region-header", "site-header", "cookie", "search",
    "zoeken", "print-link", "tabs",
)
# Side columns: teasers live here, article text never does.
ASIDE_WORDS = ("sidebar", "aside", "region-second", "layout-sidebar", "complementary")
_CHROME_NAMES = re.compile("|".join(map(re.escape, CHROME_WORDS)))
_ASIDE_NAMES = re.compile("|".join(map(re.escape, ASIDE_WORDS)))


@dataclass(slots=True)
class Block:
    tag: str
    lines: list[str]
    element: etree._Element
    zone: str  # "main" or "aside"
    index: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADING_TAGS


def _classes(element: etree._Element) -> str:
    classes, element_id = element.get("class"), element.get("id")
    if element_id is None:
        return classes.lower() if classes else ""
    return f"{classes or ''} {element_id}".lower()


def is_chrome(element: etree._Element) -> bool:
    tag = element.tag
    if tag in CHROME_TAGS or element.get("role") in CHROME_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if tag == "header":
        # The site header is chrome; an article's own header holds its title.
        return not element.xpath("boolean(.//h1 | ancestor::article | ancestor::main)")
    names = _classes(element)
    return bool(names and _CHROME_NAMES.search(names))


def is_aside(element: etree._Element) -> bool:
    if element.tag == "aside" or element.get("role") == "complementary":
        return True
    names = _classes(element)
    return bool(names and _ASIDE_NAMES.search(names))


def linearize(root: etree._Element, *, skip_chrome: bool = True) -> list[Block]:
    """Text blocks below root in document order (no recursion: pages may nest deeply)."""
    blocks: list[Block] = []
    pieces: list[str] = []
    # Open block elements with their zone; text goes to the innermost one.
    open_blocks: list[tuple[etree._Element, str]] = [(root, "aside" if is_aside(root) else "main")]

    def flush() -> None:
        if not pieces:
            return
        raw = "".join(pieces)
        pieces.clear()
        lines = [line for line in (clean(part) for part in raw.split("\n")) if line]
        if lines:
            owner, zone = open_blocks[-1]
            blocks.append(Block(str(owner.tag), lines, owner, zone, len(blocks)))

    for event, element in _walk(root, skip_chrome):
        if event == "text":
            pieces.append(element)
            continue
        tag = element.tag
        if event == "start":
            if tag == "br":
                pieces.append("\n")
            elif tag in BLOCK_TAGS:
                flush()
                zone = open_blocks[-1][1]
                open_blocks.append((element, "aside" if zone == "aside" or is_aside(element) else zone))
        elif tag in BLOCK_TAGS and len(open_blocks) > 1 and open_blocks[-1][0] is element:
            flush()
            open_blocks.pop()
    flush()
    return blocks


def _walk(root: etree._Element, skip_chrome: bool) -> Iterator[tuple[str, object]]:
    """start/text/end events; skipped subtrees give only their tail text."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        if done:
            yield "end", element
            if element is not root and element.tail:
                yield "text", element.tail
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS or (
            skip_chrome and element is not root and is_chrome(element)
        ):
            if element is not root and element.tail:
                yield "text", element.tail
            continue
        yield "start", element
        if element.text:
            yield "text", element.text
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
