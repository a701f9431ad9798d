"""Every article fixture x every markup variant (tests/markup_variants.py): a page rewritten
so that a reader sees the same must give the same item (parser_version and the variant's
named exemptions aside)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from nul20scraper.extract import NotArticle, parse_article
from tests.fixture_pages import load_fixtures
from tests.markup_variants import VARIANTS, Variant, page_tree, reserialised, text_lines

ARTICLES = [f for f in load_fixtures() if f.kind == "article"]
PAIRS = [(f, v) for f in ARTICLES for v in VARIANTS]


def first_difference(got: dict[str, Any], want: dict[str, Any]) -> str | None:
    """The first field (in the expected item's order) whose value differs, or None."""
    for field, value in want.items():
        if got.get(field) != value:
            return field
    return None


def test_there_are_enough_variants() -> None:
    assert len(VARIANTS) >= 12
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)
    for v in VARIANTS:
        assert v.transform.__doc__, f"{v.name} says what it does"
        for exemption in v.exemptions:
            assert exemption.reason and exemption.field != "parser_version"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_variant_applies_to_several_fixtures(variant: Variant) -> None:
    applied = [f.name for f in ARTICLES if variant.applies(page_tree(f.page.read_bytes()))]
    assert len(applied) >= 3, f"{variant.name} rewrites only {applied}"


@pytest.mark.parametrize(("fixture", "variant"), PAIRS,
                         ids=[f"{f.name}-{v.name}" for f, v in PAIRS])
def test_variant_changes_markup_and_keeps_text(fixture, variant: Variant) -> None:
    page = fixture.page.read_bytes()
    transformed = variant.transform(page)
    if variant.applies(page_tree(page)):
        assert transformed != reserialised(page), f"{variant.name} left the markup as it was"
    before, after = text_lines(page), text_lines(transformed)
    assert before, "the page has visible text"
    if variant.reorders:
        assert Counter(after) == Counter(before)
    else:
        assert after == before


@pytest.mark.parametrize(("fixture", "variant"), PAIRS,
                         ids=[f"{f.name}-{v.name}" for f, v in PAIRS])
def test_variant_gives_the_same_item(fixture, variant: Variant) -> None:
    transformed = variant.transform(fixture.page.read_bytes())
    result = parse_article(transformed, fixture.url, fixture.fetched_at)
    assert not isinstance(result, NotArticle), f"{variant.name}: {result}"
    want = variant.expected(fixture.expected(), transformed)
    got = {k: v for k, v in result.items() if k != "parser_version"}
    field = first_difference(got, want)
    assert field is None, f"{variant.name} changed {field}: {got.get(field)!r} != {want[field]!r}"
