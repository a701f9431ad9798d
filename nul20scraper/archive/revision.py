"""Revision identity: which part of an item makes it a new revision, and its hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from nul20scraper.extract import CONTENT_FIELDS


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no whitespace, non-ASCII kept as is.

    The same content must always give the same bytes, across runs and Python versions, or an
    unchanged article would look changed.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_of(item: Mapping[str, Any]) -> dict[str, Any]:
    """The content fields of an item; a missing field counts as null."""
    return {name: item.get(name) for name in CONTENT_FIELDS}


def content_hash(item: Mapping[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of the item's CONTENT_FIELDS.

    fetched_at, parser_version and warnings are left out: refetching a page or upgrading the
    parser without a change in what was extracted is not a new revision.
    """
    return hashlib.sha256(canonical_json(content_of(item)).encode("utf-8")).hexdigest()
