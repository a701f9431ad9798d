"""One field, its layers in order: the first layer that finds a value answers.

Each field of `ArticleParser` is written as `first(field_name, layer_a, layer_b, ...)`, each
layer a method that returns a `Found` (the value, the name of the layer, its warnings) or
None. Layers are called lazily, in order, so a field costs only the layers it needs. Which
layer answered is recorded per field: a drop in the CMS layer's share in a crawl is the
first sign of a redesign of the site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar, get_args

Value = TypeVar("Value")

# The layer names a caller may count. "none": no layer found a value.
LayerName = Literal["metadata", "cms", "structure", "labels", "derived", "none"]
LAYER_NAMES: tuple[LayerName, ...] = get_args(LayerName)  # in that order, for reports


# Not frozen: a frozen dataclass sets each field through `object.__setattr__`, which makes it
# three times as slow to build, and a page builds one for every layer that answers.
@dataclass(slots=True)
class Found(Generic[Value]):
    """A field's value, the layer that found it, and what it noticed on the way. (Read,
    never changed.)"""

    value: Value
    layer: LayerName
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class Provenance:
    """Per field of an item, the layer that answered it, in the order the fields were read."""

    layers: dict[str, LayerName] = field(default_factory=dict)

    def record(self, name: str, found: Found[Value]) -> Found[Value]:
        self.layers[name] = found.layer
        return found


Layer = Callable[[], "Found[Value] | None"]


def first(empty: Value, *layers: Layer[Value]) -> Found[Value]:
    """The answer of the first layer that finds a value; `empty` from layer "none" if none does.
    Warnings of layers that found nothing are kept (a layer may say why it found nothing)."""
    noticed: list[str] = []
    for layer in layers:
        found = layer()
        if found is None:
            continue
        if found.value is None or found.value == [] or found.value == "":
            noticed.extend(found.warnings)
            continue
        if noticed:
            return Found(found.value, found.layer, (*noticed, *found.warnings))
        return found
    return Found(empty, "none", tuple(noticed))
