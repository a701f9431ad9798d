"""Per field, which parser layer answered it, counted over a crawl's articles.

The spider counts each article it emits in Scrapy stats `parser/layer/<field>/<layer>`; the
crawl report reads them back as a table, field by field. The layers themselves travel to the
store on the item, under the private key LAYERS_KEY, which the store pipeline takes off.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# LAYERS_KEY: the private item key under which the spider hands an article's layers to the
# store pipeline; the alarm reads stored layers under the same key.
from nul20scraper.archive.alarm import LAYERS_KEY
from nul20scraper.extract import LAYER_NAMES, LAYERED_FIELDS

__all__ = ["LAYERS_KEY", "LAYER_STAT_PREFIX", "layer_counts", "layer_stat"]

LAYER_STAT_PREFIX = "parser/layer/"


def layer_stat(field: str, layer: str) -> str:
    return f"{LAYER_STAT_PREFIX}{field}/{layer}"


def layer_counts(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Per layered field, the number of articles each layer answered, in the parser's field
    order and in layer order (metadata, cms, structure, labels, derived, none); layers that
    answered none are left out."""
    found: dict[tuple[str, str], int] = {}
    for key, value in stats.items():
        if isinstance(key, str) and key.startswith(LAYER_STAT_PREFIX):
            field, _, layer = key.removeprefix(LAYER_STAT_PREFIX).rpartition("/")
            found[(field, layer)] = int(value or 0)
    fields = [*LAYERED_FIELDS, *sorted({f for f, _ in found} - set(LAYERED_FIELDS))]
    layers = [*LAYER_NAMES, *sorted({la for _, la in found} - set(LAYER_NAMES))]
    return {
        field: {layer: found[(field, layer)] for layer in layers if found.get((field, layer))}
        for field in fields
    }
