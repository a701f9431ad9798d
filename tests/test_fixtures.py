"""Every field of every fixture page against its reviewed expected item."""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import jsonschema
import pytest

from nul20scraper.extract import ITEM_FIELDS, NotArticle
from tests.fixture_pages import PAGES, as_expected, load_fixtures

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


def _readme_rows() -> dict[str, dict[str, str]]:
    """The rows of the fixture table in fixtures/pages/README.md, by fixture name."""
    lines = (PAGES / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("| fixture | url"))
    columns = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])]
        assert len(cells) == len(columns), f"README row of {len(cells)} cells: {line[:60]}"
        rows[cells[0]] = dict(zip(columns, cells, strict=True))
    return rows


README_ROWS = _readme_rows()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_fixture_has_reviewed_expectation(fixture) -> None:
    """The expected item agrees with the README's row (what a person read on the page), is a
    valid item, and is what the parser gives now (regenerating it changes nothing)."""
    assert fixture.expected_path.exists(), (
        f"run `python tests/regenerate_expected.py {fixture.name}` and review the output")
    expected = fixture.expected()
    row = README_ROWS.get(fixture.name)
    assert row is not None, f"fixtures/pages/README.md has no row for {fixture.name}"
    sidecar = json.loads(fixture.page.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert (row["kind"], row["layout"]) == (fixture.kind, sidecar["layout"])
    assert row["url (sidecar)"].split()[0] == fixture.url
    if fixture.kind == "article":
        assert not list(VALIDATOR.iter_errors(expected))
        assert expected["headline"] and expected["headline"] == row["headline"]
        # The item's URL: the row's `(item url: ...)` where canonicalisation changes it.
        item_url = re.search(r"\(item url: (\S+)\)", row["url (sidecar)"])
        assert expected["url"] == (item_url[1] if item_url else fixture.url)
    else:
        assert expected == {"not_article": {"kind": fixture.kind}}
    assert as_expected(fixture.parse()) == expected


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


def test_a_parse_leaves_no_garbage_for_the_cyclic_collector() -> None:
    """Every fixture's parse is freed when its result is dropped: a reference cycle would keep
    the page's tree and blocks until the next collection (and make a crawl's memory grow)."""
    fixtures = load_fixtures()
    assert len(fixtures) > 30
    collecting = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for fixture in fixtures:
            fixture.parse()
            assert gc.collect() == 0, f"{fixture.name}: a parse left objects in a cycle"
    finally:
        if collecting:
            gc.enable()
