"""The page as a sequence of text blocks in reading order.

Visible-label extraction (NOTES.md: `Foto:`, `Trefwoorden`, `update 8 juli:`, the date line
under the title) works on this sequence, so it holds for any markup with the same content.
Each block remembers its element, its lines (split at `<br>`) and the zone it sits in:
`main`, `aside` (side columns: teasers, never article text) or `chrome` (navigation, forms,
hidden text: dropped). `extract.scan` builds the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

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
    "skiplink", "share", "sharing", "social", "newsletter", "nieuwsbrief", "pager",
    "pagination", "visually-hidden", "element-invisible", "sr-only", "region-header",
    "site-header", "cookie", "cookies", "search", "zoeken", "print-link", "tabs",
    "site-footer", "region-footer", "page-footer", "footer-wrapper", "colophon",
    "wm-ipp",  # the Wayback Machine's toolbar over a replayed page (`wm-ipp-base`)
)
# Whole names only: an article's own footer (`entry-footer`, `node__footer`) holds its tags.
CHROME_NAMES_EXACT = frozenset({"footer", "l-footer"})
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
    zone: str  # "main" or "aside"; chrome blocks are dropped
    index: int
    text: str  # the lines joined by spaces

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADING_TAGS


# Class values recur from page to page: each is classified once.
VALUE_ZONES: dict[str, str | None] = {}


def value_zone(value: str) -> str | None:
    """'chrome', 'aside' or None for a class attribute value or an id."""
    try:
        return VALUE_ZONES[value]
    except KeyError:
        pass
    zone = None
    for token in value.lower().split():
        if token in CHROME_NAMES_EXACT or _CHROME_NAMES.search(token):
            zone = "chrome"
            break
        if _ASIDE_NAMES.search(token):
            zone = "aside"
    if len(VALUE_ZONES) > 50_000:
        VALUE_ZONES.clear()
    VALUE_ZONES[value] = zone
    return zone
