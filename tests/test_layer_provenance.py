"""Which layer answered each field: exposed beside the item, never inside it."""

from __future__ import annotations

from nul20scraper.extract import (
    ITEM_FIELDS,
    NotArticle,
    parse_article,
    parse_article_with_provenance,
)
from nul20scraper.extract.article import LAYERED_FIELDS
from tests.fixture_pages import load_fixtures

FIXTURES = {f.name: f for f in load_fixtures()}
LAYERS = {"metadata", "cms", "structure", "labels", "derived", "none"}


def _outcome(name: str):
    fixture = FIXTURES[name]
    return parse_article_with_provenance(fixture.page.read_bytes(), fixture.url,
                                         fixture.fetched_at)


def test_the_item_is_parse_articles_and_has_no_extra_field() -> None:
    fixture = FIXTURES["seed-ivens-2021"]
    outcome = _outcome("seed-ivens-2021")
    assert outcome.result == parse_article(fixture.page.read_bytes(), fixture.url,
                                           fixture.fetched_at)
    assert tuple(outcome.result) == ITEM_FIELDS


def test_every_layered_field_names_its_layer() -> None:
    outcome = _outcome("seed-ivens-2021")
    assert set(outcome.layers) == set(LAYERED_FIELDS)
    assert set(outcome.layers.values()) <= LAYERS
    # The Drupal 7 page: its CMS fields answer, its metadata gives the canonical URL.
    assert outcome.layers["headline"] == "cms"
    assert outcome.layers["body"] == "cms"
    assert outcome.layers["url"] == "metadata"


def test_a_theme_without_cms_markup_is_read_by_structure_and_labels() -> None:
    layers = _outcome("table-2008").layers
    assert layers["headline"] == "structure"  # the h2 that <title> names, not the logo h1
    assert layers["published"] == "labels"
    assert layers["authors"] == "labels"
    assert layers["tags"] == "none"
    assert "cms" not in layers.values()


def test_a_listing_has_no_layers() -> None:
    outcome = _outcome("index-of-dossiers")
    assert isinstance(outcome.result, NotArticle) and outcome.result.kind == "listing"
    assert outcome.layers == {}
