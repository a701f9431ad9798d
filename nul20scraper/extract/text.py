"""Text normalisation: the one rule for every string in an item."""

from __future__ import annotations

import re

from lxml import etree

# str.split() splits on non-breaking and other Unicode spaces; zero-width spaces are not
# whitespace to it but are invisible on the page, so they go too.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]+")


def clean(text: str | None) -> str:
    """Runs of whitespace become one space; trimmed. Nothing else changes."""
    if not text:
        return ""
    if "\u200b" in text or "\ufeff" in text or "\u200c" in text or "\u200d" in text:
        text = _INVISIBLE.sub(" ", text)
    return " ".join(text.split())


def text_of(element: etree._Element) -> str:
    """An element's visible text, normalised."""
    return clean("".join(element.itertext()))
