"""The item contract is written down three times: parser, JSON Schema, README table.
They must name the same fields, in the same order."""

from __future__ import annotations

import json
import re
from pathlib import Path

from nul20scraper.extract import ITEM_FIELDS

ROOT = Path(__file__).resolve().parent.parent


def test_schema_requires_exactly_the_item_fields() -> None:
    schema = json.loads((ROOT / "nul20scraper" / "schema" / "article.schema.json").read_text())
    assert tuple(schema["required"]) == ITEM_FIELDS
    assert tuple(schema["properties"]) == ITEM_FIELDS
    assert schema["additionalProperties"] is False


def test_readme_documents_every_field() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The item", 1)[1].split("###", 1)[0]
    documented = tuple(re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE))
    assert documented == ITEM_FIELDS
