"""Site layouts, newest first: the first whose marker matches reads the page's CMS markup."""

from __future__ import annotations

from lxml import etree

from nul20scraper.extract.layouts.base import Layout
from nul20scraper.extract.layouts.drupal7 import Drupal7Layout
from nul20scraper.extract.layouts.drupal10 import Drupal10Layout

LAYOUTS: tuple[type[Layout], ...] = (Drupal10Layout, Drupal7Layout)


def detect_layout(tree: etree._Element) -> type[Layout]:
    for layout in LAYOUTS:
        if layout.matches(tree):
            return layout
    return Layout


__all__ = ["LAYOUTS", "Drupal7Layout", "Drupal10Layout", "Layout", "detect_layout"]
