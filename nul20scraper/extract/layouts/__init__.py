"""Site layouts, newest first: the first that matches reads the page's CMS markup."""

from __future__ import annotations

from collections.abc import Iterator

from nul20scraper.extract.layouts.base import ClassTokens, Layout, Selector
from nul20scraper.extract.layouts.drupal7 import Drupal7Layout
from nul20scraper.extract.layouts.drupal10 import Drupal10Layout

LAYOUTS: tuple[type[Layout], ...] = (Drupal10Layout, Drupal7Layout)


def all_selectors() -> Iterator[Selector]:
    """Every selector of every layout, inherited ones included."""
    for layout in LAYOUTS:
        for name in dir(layout):
            value = getattr(layout, name)
            selectors = (value,) if isinstance(value, Selector) else value
            if isinstance(selectors, tuple) and all(isinstance(s, Selector) for s in selectors):
                yield from selectors


# The class tokens the layouts' selectors name: the only ones the page scan need index.
SELECTOR_CLASSES = frozenset(token for selector in all_selectors() for token in selector.classes)
# The prefixes of class tokens that tell the layouts apart.
LAYOUT_PREFIXES = frozenset(layout.CLASS_PREFIX for layout in LAYOUTS if layout.CLASS_PREFIX)


def detect_layout(index: ClassTokens, generator: str | None) -> type[Layout]:
    for layout in LAYOUTS:
        if layout.matches(index, generator):
            return layout
    return Layout


__all__ = [
    "LAYOUTS",
    "LAYOUT_PREFIXES",
    "SELECTOR_CLASSES",
    "ClassTokens",
    "Drupal7Layout",
    "Drupal10Layout",
    "Layout",
    "Selector",
    "all_selectors",
    "detect_layout",
]
