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
    # `is_clean`, inline: this runs for every block of a page.
    if (type(text) is str and text.isprintable() and "  " not in text and text[0] != " "
            and text[-1] != " "):
        return text
    if "\u200b" in text or "\ufeff" in text or "\u200c" in text or "\u200d" in text:
        text = _INVISIBLE.sub(" ", text)
    return " ".join(text.split())


def text_of(element: etree._Element) -> str:
    """An element's visible text, normalised."""
    return clean(all_text(element))


def all_text(element: etree._Element) -> str:
    """`"".join(element.itertext())`, in one call to libxml2: the text of the element and of
    everything in it, comments and processing instructions left out (as `itertext` does),
    without walking the subtree in Python. Five times as fast on a title, more on a body.
    An element without children (a link, a title) is its own text: no serializer is set up."""
    if not len(element):
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def is_clean(text: str) -> bool:
    """Whether `clean` would give the text back as it is: most text is clean already, and
    these tests run in C where `clean` splits the text into words. Every whitespace character
    but the space, and every invisible one, is not printable (Unicode's `Other` and
    `Separator` classes), so a printable text has spaces only."""
    return (type(text) is str and text.isprintable() and "  " not in text
            and text[0] != " " and text[-1] != " ")
