"""What a site layout provides: named selectors for the CMS-markup layer.

A layout is a class whose attributes are `Selector`s: the class tokens that mark a field
(`field-name-body`), and optionally what to take inside it (`img`, the `field-item` values).
They are matched against a class index built in one pass over the page, which keeps the
CMS layer to a few dictionary look-ups instead of one tree scan per selector.
A selector that finds nothing costs its field the CMS layer only: the visible-label layer
still reads the field, so a renamed class never costs the item.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True)
class Selector:
    classes: tuple[str, ...]  # an element with any of these class tokens is the field
    inner_tag: str | None = None  # then take these descendants (`img`, `a`, `time`)
    inner_class: str | None = None  # or the descendants with this class token (the values)
    tag: str | None = None  # the field element itself must be this tag
    element_id: str | None = None  # or the element with this id

    def __or__(self, other: Selector) -> tuple[Selector, ...]:
        return (self, other)


Selectors = Selector | tuple[Selector, ...] | None


class ClassIndex:
    """Class token -> elements, in document order, for one page."""

    def __init__(self, tree: etree._Element):
        self.by_class: dict[str, list[etree._Element]] = {}
        self.by_id: dict[str, etree._Element] = {}
        self.position: dict[etree._Element, int] = {}
        for position, element in enumerate(tree.iter()):
            classes = element.get("class") if isinstance(element.tag, str) else None
            if classes:
                self.position[element] = position
                for token in classes.split():
                    self.by_class.setdefault(token, []).append(element)
            element_id = element.get("id") if classes is not None or isinstance(
                element.tag, str) else None
            if element_id:
                self.position[element] = position
                self.by_id.setdefault(element_id, element)

    def has_prefix(self, prefix: str) -> bool:
        return any(token.startswith(prefix) for token in self.by_class)

    def select(self, selectors: Selectors) -> list[etree._Element]:
        if selectors is None:
            return []
        if isinstance(selectors, Selector):
            selectors = (selectors,)
        found: list[etree._Element] = []
        for selector in selectors:
            found.extend(self._select_one(selector))
        return list(dict.fromkeys(found))

    def _select_one(self, selector: Selector) -> list[etree._Element]:
        fields: set[etree._Element] = set()
        for token in selector.classes:
            fields.update(self.by_class.get(token, ()))
        if selector.element_id and selector.element_id in self.by_id:
            fields.add(self.by_id[selector.element_id])
        ordered = sorted(fields, key=self.position.__getitem__)
        if selector.tag:
            ordered = [e for e in ordered if e.tag == selector.tag]
        if selector.inner_tag:
            return [inner for e in ordered for inner in e.iter(selector.inner_tag)]
        if selector.inner_class:
            return [inner for e in ordered for inner in e.iter()
                    if selector.inner_class in (inner.get("class") or "").split()]
        return ordered


class Layout:
    """The generic layout: no CMS selectors, metadata and visible labels only."""

    name = "generic"
    version = 1
    # The page is in this layout when one of its class tokens starts with this prefix, or
    # the Generator meta tag starts with one of GENERATORS.
    CLASS_PREFIX: str | None = None
    GENERATORS: tuple[str, ...] = ()

    TITLE: Selectors = None
    BODY: Selectors = None
    DATE: Selectors = None
    UPDATED: Selectors = None
    AUTHORS: Selectors = None
    ARTICLE_TYPE: Selectors = None
    SECTION: Selectors = None
    KICKER: Selectors = None
    IMAGE: Selectors = None
    IMAGE_CAPTION: Selectors = None
    IMAGE_CREDIT: Selectors = None
    TAG_LINKS: Selectors = None

    @classmethod
    def matches(cls, index: ClassIndex, generator: str | None) -> bool:
        if generator and cls.GENERATORS and generator.startswith(cls.GENERATORS):
            return True
        return bool(cls.CLASS_PREFIX and index.has_prefix(cls.CLASS_PREFIX))

    @classmethod
    def tag(cls) -> str:
        return f"{cls.name}.{cls.version}"
