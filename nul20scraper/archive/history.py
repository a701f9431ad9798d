"""An article's history: its revisions, where each came from, and what changed between them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nul20scraper.extract import CONTENT_FIELDS

# Content fields and the parse's warnings: what a researcher asks about when a value moved.
COMPARED_FIELDS: tuple[str, ...] = (*CONTENT_FIELDS, "warnings")
SHOWN_CHARS = 70


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str  # short human description of the old value
    after: str


def _short(value: Any) -> str:
    if value is None:
        return "null"
    text = repr(value) if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _list_change(name: str, before: list[Any], after: list[Any]) -> FieldChange:
    differing = [
        str(i + 1) for i in range(max(len(before), len(after)))
        if i >= len(before) or i >= len(after) or before[i] != after[i]
    ]
    shown = ", ".join(differing[:8]) + (", …" if len(differing) > 8 else "")
    if len(before) == len(after):
        return FieldChange(name, f"{len(before)} entries", f"entries {shown} differ")
    return FieldChange(name, f"{len(before)} entries", f"{len(after)} entries (from {shown})")


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """The COMPARED_FIELDS whose value differs from `before` to `after`, in item order. A list
    reports its lengths and the positions (from 1) that differ; an object its changed keys."""
    found: list[FieldChange] = []
    for name in COMPARED_FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            found.append(_list_change(name, old, new))
        elif isinstance(old, Mapping) and isinstance(new, Mapping):
            for key in dict.fromkeys([*old, *new]):
                if old.get(key) != new.get(key):
                    found.append(FieldChange(f"{name}.{key}", _short(old.get(key)),
                                             _short(new.get(key))))
        else:
            found.append(FieldChange(name, _short(old), _short(new)))
    return found
