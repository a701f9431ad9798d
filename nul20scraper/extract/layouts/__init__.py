"""Site layouts, newest first: the first that matches reads the page's CMS markup."""

from __future__ import annotations

from nul20scraper.extract.layouts.base import ClassIndex, Layout, Selector
from nul20scraper.extract.layouts.drupal7 import Drupal7Layout
from nul20scraper.extract.layouts.drupal10 import Drupal10Layout

LAYOUTS: tuple[type[Layout], ...] = (Drupal10Layout, Drupal7Layout)


def detect_layout(index: ClassIndex, generator: str | None) -> type[Layout]:
    for layout in LAYOUTS:
        if layout.matches(index, generator):
            return layout
    return Layout


__all__ = ["LAYOUTS", "ClassIndex", "Drupal7Layout", "Drupal10Layout", "Layout", "Selector",
           "detect_layout"]
