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


def _allows_null(schema: dict, node: dict) -> bool:
    if "$ref" in node:
        return _allows_null(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[1]])
    if node.get("type") == "null" or "null" in (node.get("type") or []):
        return True
    return any(_allows_null(schema, option) for option in node.get("oneOf", []))


def test_readme_says_null_exactly_where_the_schema_allows_it() -> None:
    schema = json.loads((ROOT / "nul20scraper" / "schema" / "article.schema.json").read_text())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The item", 1)[1].split("###", 1)[0]
    types = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", table, flags=re.MULTILINE))
    nullable = {name for name, node in schema["properties"].items()
                if _allows_null(schema, node)}
    assert nullable == {name for name, kind in types.items() if "null" in kind}
    assert "url" in nullable  # an item whose page gives no usable URL keeps its text
