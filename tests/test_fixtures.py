"""Every field of every fixture page against its reviewed expected item."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nul20scraper.extract import ITEM_FIELDS, NotArticle
from tests.fixture_pages import as_expected, load_fixtures

FIXTURES = load_fixtures()
SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "nul20scraper" / "schema" / "article.schema.json")
    .read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_there_are_enough_fixtures() -> None:
    articles = [f for f in FIXTURES if f.kind == "article"]
    assert len(FIXTURES) >= 14
    assert len(articles) >= 10
    assert {f.kind for f in FIXTURES} - {"article"}, "non-article fixtures are missing"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_fixture_has_reviewed_expectation(fixture) -> None:
    assert fixture.expected_path.exists(), (
        f"run `python tests/regenerate_expected.py {fixture.name}` and review the output")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_fixture_kind(fixture) -> None:
    result = fixture.parse()
    if fixture.kind == "article":
        assert not isinstance(result, NotArticle), str(result)
    else:
        assert isinstance(result, NotArticle)
        assert result.kind == fixture.kind


@pytest.mark.parametrize("fixture", [f for f in FIXTURES if f.kind == "article"],
                         ids=lambda f: f.name)
@pytest.mark.parametrize("field", ITEM_FIELDS)
def test_fixture_field(fixture, field: str) -> None:
    result = as_expected(fixture.parse())
    assert result[field] == fixture.expected()[field]


@pytest.mark.parametrize("fixture", [f for f in FIXTURES if f.kind == "article"],
                         ids=lambda f: f.name)
def test_fixture_item_is_valid(fixture) -> None:
    item = fixture.parse()
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(item)]
    assert not errors
    assert item["headline"] and item["body"], "an article item has a headline and text"
