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
CHROME_TAGS = frozenset({"nav", "form"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
# Matched against whole parts of class and id names (split at spaces, `-` and `_`), so that
# Olivero's `sidebar-grid` (which wraps the main column too) is not a sidebar.
CHROME_WORDS = (
    "menu", "nav", "navigation", "navbar", "breadcrumb", "breadcrumbs", "skip-link",
    "skiplink", "share", "sharing", "social", "newsletter", "nieuwsbrief", "footer", "pager",
    "pagination", "visually-hidden", "element-invisible", "sr-only", "region-header",
    "site-header", "cookie", "cookies", "search", "zoeken", "print-link", "tabs",
)
_CHROME_NAMES = re.compile(
    r"(?:^|[\s_-])(?:" + "|".join(map(re.escape, CHROME_WORDS)) + r")(?:$|[\s_-])"
)
# Side columns: teasers live here, article text never does.
_ASIDE_NAMES = re.compile(
    r"(?:^|\s)(?:region-|region--|layout-)?(?:sidebar|sidebars|aside|complementary)"
    r"(?:[-_](?:first|second|left|right))?(?:$|\s)"
)


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
    if tag == "header" or tag == "footer":
        # The site's header and footer are chrome; an article's own hold its title and tags.
        return not element.xpath("boolean(.//h1 | ancestor::article | ancestor::main)")
    names = _classes(element)
    return bool(names and _CHROME_NAMES.search(names))


def is_aside(element: etree._Element) -> bool:
    if element.tag in ("body", "html"):  # page classes like `one-sidebar` describe the page
        return False
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
                if zone == "main" and is_aside(element):
                    zone = "aside"
                open_blocks.append((element, zone))
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
