"""One pass over the page: class index, RDFa, zones, and the text blocks.

libxml2's `//*[...]` XPath costs about as much as parsing the page, so everything that
would scan the whole tree (CMS selectors, RDFa, chrome and side columns, the block sequence)
is read in a single Python pass over the elements instead.

The pass is compiled where it can be (`extract._walk`, built by `pip install`): it reads
libxml2's nodes through lxml's C API and gives exactly what the Python pass gives, several
times faster. Without a compiler the Python pass below runs: it marks where each block
element's text begins and where its parent's text resumes (private-use characters, which
lxml accepts in text), lxml serialises the text in C, and the marks split it into blocks.
The tree is restored after.
"""

from __future__ import annotations

import re

from lxml import etree

from nul20scraper.extract.blocks import (
    BLOCK_TAGS,
    CHROME_ROLES,
    CHROME_TAGS,
    SKIP_TAGS,
    VALUE_ZONES,
    Block,
    value_zone,
)
from nul20scraper.extract.compiled import compiled as _walk
from nul20scraper.extract.layouts.base import Selector, Selectors
from nul20scraper.extract.text import all_text, clean

COMPILED_WALK = _walk is not None

_MARK = re.compile("\ue000(\\d+)\ue001")
# Where a <br> stood; source line breaks are only whitespace.
LINE_BREAK = "\ue002"
# The site's header and footer are chrome; an article's own hold its title and tags.
_OWN_HEADER = etree.XPath("boolean(.//h1 | ancestor::article | ancestor::main)")


class PageScan:
    def __init__(self, root: etree._Element, compiled: bool = COMPILED_WALK,
                 indexed: frozenset[str] | None = None):
        """`indexed`: the class tokens `select` may be asked for (None: every token)."""
        self.indexed = indexed
        # Class token -> its elements, in document order, each once.
        self.by_class: dict[str, list[etree._Element]] = {}
        self.class_values: set[str] = set()  # every class attribute value on the page
        self.with_property: list[etree._Element] = []  # RDFa
        # element -> (index of the block element its text belongs to, zone)
        self.state: dict[etree._Element, tuple[int, str]] = {}
        self._position: dict[etree._Element, int] | None = None  # the Python pass's order
        self._tokens: str | None = None
        # Subtrees that never hold article text go in C, before the pass: invisible
        # elements, and navigation and forms (menus are a third of a page's elements).
        etree.strip_elements(root, *SKIP_TAGS, *CHROME_TAGS, with_tail=False)
        body = root.find("body")
        self.top = body if body is not None else root
        if compiled and _walk is not None:
            self.blocks = _walk.walk(
                self.top, BLOCK_TAGS, CHROME_TAGS, CHROME_ROLES, VALUE_ZONES, value_zone,
                indexed, self.by_class, self.class_values, self.state, self.with_property,
                Block, _lines_of)
        else:
            self.blocks = self._scan(self.top)

    def zone(self, element: etree._Element) -> str:
        found = self.state.get(element)
        return found[1] if found else "chrome"

    def _scan(self, top: etree._Element) -> list[Block]:
        # Most class values recur on a page: the pass keeps one entry per value, and the
        # token index is derived from the values at the end.
        by_value: dict[str, list[etree._Element]] = {}
        position: dict[etree._Element, int] = {}
        state = self.state
        owners: list[tuple[etree._Element, str]] = [(top, "main")]
        state[top] = (0, "main")
        saved: list[tuple[etree._Element, str | None, str | None]] = [(top, top.text, top.tail)]
        top.text = "\ue0000\ue001" + (top.text or "")
        block_tags, chrome_tags, value_zones = BLOCK_TAGS, CHROME_TAGS, VALUE_ZONES
        for number, element in enumerate(top.iter()):
            if number == 0:
                continue
            tag = element.tag
            owner, zone = state[element.getparent()]
            new_zone = zone
            names = element.keys()
            if names:
                classes = element.get("class")
                if classes:
                    position[element] = number
                    if classes in by_value:
                        by_value[classes].append(element)
                    else:
                        by_value[classes] = [element]
                    if zone != "chrome":
                        found = value_zones.get(classes, "?")
                        if found == "?":
                            found = value_zone(classes)
                        if found is not None:
                            new_zone = _deeper(zone, found)
                if ("id" in names or "role" in names or "property" in names
                        or "hidden" in names or "aria-hidden" in names):
                    new_zone = self._attribute_zone(element, names, new_zone)
            if tag in block_tags:
                if tag in chrome_tags:
                    new_zone = "chrome"
                elif tag == "aside":
                    new_zone = _deeper(new_zone, "aside")
                elif (tag == "header" or tag == "footer") and new_zone != "chrome" and (
                    not _OWN_HEADER(element)
                ):
                    new_zone = "chrome"
            elif tag == "br":
                saved.append((element, None, element.tail))
                element.tail = LINE_BREAK + (element.tail or "")
            if new_zone != zone or tag in block_tags:
                index = len(owners)
                owners.append((element, new_zone))
                state[element] = (index, new_zone)
                # A mark only where text can follow it: wrappers whose text is all in
                # their block children need none (about half of a page's block elements).
                text, tail = element.text, element.tail
                start = (text is not None and not text.isspace()) or (
                    len(element) > 0 and element[0].tag not in block_tags)
                following = element.getnext()
                resume = (tail is not None and not tail.isspace()) or following is None or (
                    following.tag not in block_tags)
                if start or resume:
                    saved.append((element, text, tail))
                    if start:
                        element.text = f"\ue000{index}\ue001{text or ''}"
                    if resume:
                        element.tail = f"\ue000{owner}\ue001{tail or ''}"
            else:
                state[element] = (owner, zone)
        try:
            text = all_text(top)
        finally:
            for element, original_text, original_tail in reversed(saved):
                if original_text is not None or element.text is not None:
                    element.text = original_text
                element.tail = original_tail
        indexed = self.indexed
        for value, elements in by_value.items():
            for token in dict.fromkeys(value.split()):
                if indexed is None or token in indexed:
                    self.by_class.setdefault(token, []).extend(elements)
        for elements in self.by_class.values():
            elements.sort(key=position.__getitem__)
        self.class_values.update(by_value)
        self._position = position
        return _split(text, owners)

    def _attribute_zone(self, element: etree._Element, names: list[str], zone: str) -> str:
        if "property" in names:
            self.with_property.append(element)
        if "id" in names:
            zone = _deeper(zone, value_zone(element.get("id", "")))
        if "role" in names:
            role = element.get("role")
            if role in CHROME_ROLES:
                zone = "chrome"
            elif role == "complementary":
                zone = _deeper(zone, "aside")
        if "hidden" in names or element.get("aria-hidden") == "true":
            zone = "chrome"
        return zone

    def has_prefix(self, prefix: str) -> bool:
        """Whether a class token on the page starts with `prefix`."""
        if self._tokens is None:  # one string search instead of a loop over the tokens
            joined = " " + " ".join(self.class_values)
            # Tokens apart by other whitespace than a space (not printable) are rare.
            self._tokens = joined if joined.isprintable() else " " + " ".join(joined.split())
        return " " + prefix in self._tokens

    def select(self, selectors: Selectors) -> list[etree._Element]:
        """The elements a layout's selectors name, in document order, chrome left out."""
        if selectors is None:
            return []
        if isinstance(selectors, Selector):
            selectors = (selectors,)
        if self.indexed is not None:
            for selector in selectors:
                if not self.indexed.issuperset(selector.classes):
                    raise ValueError(f"{selector} names class tokens the scan does not index")
        tokens = self.by_class.keys()
        if all(tokens.isdisjoint(selector.classes) for selector in selectors):
            return []  # most selectors of a layout name fields a page does not have
        found: list[etree._Element] = []
        for selector in selectors:
            found.extend(self._select_one(selector))
        return [e for e in dict.fromkeys(found) if self.zone(e) != "chrome"]

    def _select_one(self, selector: Selector) -> list[etree._Element]:
        by_class = self.by_class
        lists = [by_class[token] for token in selector.classes if token in by_class]
        if not lists:
            return []
        # One token on the page (the common case): its list is in order already.
        ordered = lists[0] if len(lists) == 1 else self._in_order(set().union(*lists))
        if selector.tag:
            ordered = [e for e in ordered if e.tag == selector.tag]
        if selector.inner_tag:
            return [inner for e in ordered for inner in e.iter(selector.inner_tag)]
        if selector.inner_class:
            return [inner for e in ordered for inner in e.iter()
                    if selector.inner_class in (inner.get("class") or "").split()]
        return ordered

    def _in_order(self, elements: set[etree._Element]) -> list[etree._Element]:
        if self._position is not None:
            return sorted(elements, key=self._position.__getitem__)
        assert _walk is not None  # no position table: the compiled walk made this scan
        return _walk.in_document_order(self.top, list(elements))


def _deeper(zone: str, inner: str | None) -> str:
    """Chrome wins over a side column, a side column over the main column."""
    if inner is None or zone == "chrome":
        return zone
    return inner if inner == "chrome" or zone == "main" else zone


def _split(text: str, owners: list[tuple[etree._Element, str]]) -> list[Block]:
    """Marked text -> the page's blocks: the text after each mark belongs to its owner."""
    blocks: list[Block] = []
    parts = _MARK.split(text)
    for position in range(1, len(parts), 2):
        chunk = parts[position + 1]
        if not chunk or chunk.isspace():
            continue
        owner, zone = owners[int(parts[position])]
        if zone == "chrome":
            continue
        lines = _lines_of(chunk)
        if lines:
            blocks.append(Block(owner.tag, lines, owner, zone, len(blocks)))
    return blocks


def _lines_of(chunk: str) -> list[str]:
    """A block's text -> its lines, cut at `<br>`, normalised; blank lines left out."""
    if LINE_BREAK in chunk or "\u200b" in chunk or "\ufeff" in chunk:
        return [line for line in map(clean, chunk.split(LINE_BREAK)) if line]
    return [" ".join(chunk.split())]
