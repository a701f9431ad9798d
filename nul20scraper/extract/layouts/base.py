"""What a site layout provides: named selectors for the CMS-markup layer.

A layout is a class whose attributes are `Selector`s: the class tokens that mark a field
(`field-name-body`), and optionally what to take inside it (`img`, the `field-item` values).
They are matched against the page scan (`extract.scan`), built in one pass over the page,
which keeps the CMS layer to a few dictionary look-ups instead of one tree scan per selector.
A selector that finds nothing costs its field the CMS layer only: the visible-label layer
still reads the field, so a renamed class never costs the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class ClassTokens(Protocol):
    """What a layout reads of a page to tell whether it is in that layout (the page scan)."""

    def has_prefix(self, prefix: str) -> bool:
        """Whether a class token on the page starts with `prefix`, one of the prefixes the
        scan was told to look for (another is a programming error: ValueError)."""
        ...


# Compared and hashed by identity: the page scan notes each selector it has checked, and a
# dataclass's own hash (of all its fields, in Python) cost more than the look-up it serves.
@dataclass(frozen=True, eq=False)
class Selector:
    classes: tuple[str, ...]  # an element with any of these class tokens is the field
    inner_tag: str | None = None  # then take these descendants (`img`, `a`, `time`)
    inner_class: str | None = None  # or the descendants with this class token (the values)
    tag: str | None = None  # the field element itself must be this tag

    def __or__(self, other: Selector) -> tuple[Selector, ...]:
        return (self, other)


Selectors = Selector | tuple[Selector, ...] | None


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
    def matches(cls, index: ClassTokens, generator: str | None) -> bool:
        if generator and cls.GENERATORS and generator.startswith(cls.GENERATORS):
            return True
        return bool(cls.CLASS_PREFIX and index.has_prefix(cls.CLASS_PREFIX))

    @classmethod
    def tag(cls) -> str:
        return f"{cls.name}.{cls.version}"
