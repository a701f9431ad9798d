"""Site layouts, newest first: the first that matches reads the page's CMS markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nul20scraper.extract.layouts.base import Layout, Selector
from nul20scraper.extract.layouts.drupal7 import Drupal7Layout
from nul20scraper.extract.layouts.drupal10 import Drupal10Layout

if TYPE_CHECKING:
    from nul20scraper.extract.scan import PageScan

LAYOUTS: tuple[type[Layout], ...] = (Drupal10Layout, Drupal7Layout)


def detect_layout(index: PageScan, generator: str | None) -> type[Layout]:
    for layout in LAYOUTS:
        if layout.matches(index, generator):
            return layout
    return Layout


__all__ = ["LAYOUTS", "Drupal7Layout", "Drupal10Layout", "Layout", "Selector",
           "detect_layout"]
