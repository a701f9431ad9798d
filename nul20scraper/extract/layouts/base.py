"""What a site layout provides: named selectors for the CMS-markup layer.

A layout is a class whose attributes are XPath expressions (compiled once, on first use).
A selector that finds nothing costs its field the CMS layer only: the visible-label layer
still reads the field, so a renamed class never costs the item.
"""

from __future__ import annotations

from functools import cache

from lxml import etree


def has_class(name: str) -> str:
    """XPath predicate: the element has the class token `name` (not a prefix of another)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@cache
def compiled(expression: str) -> etree.XPath:
    return etree.XPath(expression)


class Layout:
    """The generic layout: no CMS selectors, metadata and visible labels only."""

    name = "generic"
    version = 1
    # The page is in this layout when this XPath finds anything.
    MARKER: str | None = None

    TITLE: str | None = None
    BODY: str | None = None
    DATE: str | None = None
    UPDATED: str | None = None
    AUTHORS: str | None = None
    ARTICLE_TYPE: str | None = None
    SECTION: str | None = None
    KICKER: str | None = None
    IMAGE: str | None = None
    IMAGE_CAPTION: str | None = None
    IMAGE_CREDIT: str | None = None
    TAG_LINKS: str | None = None
    PAGE_CLASSES: str = "//body/@class"

    @classmethod
    def select(cls, tree: etree._Element, selector: str | None) -> list[etree._Element]:
        if not selector:
            return []
        try:
            return list(compiled(selector)(tree))
        except etree.XPathError:
            return []

    @classmethod
    def matches(cls, tree: etree._Element) -> bool:
        return bool(cls.MARKER and cls.select(tree, cls.MARKER))

    @classmethod
    def tag(cls) -> str:
        return f"{cls.name}.{cls.version}"
