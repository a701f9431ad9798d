"""Extraction is layered: a changed class name costs one field at most, never the item.

These tests rewrite the fixture pages (rename one CMS class, drop all metadata, drop all
class names) and compare the items with those of the unchanged pages.
"""

from __future__ import annotations

import lxml.html
import pytest

from nul20scraper.extract import CONTENT_FIELDS, NotArticle, parse_article
from nul20scraper.extract.dates import as_date
from nul20scraper.extract.layouts import all_selectors
from tests.fixture_pages import load_fixtures

ARTICLES = [f for f in load_fixtures() if f.kind == "article"]


# The class tokens the layouts' selectors match, inner value classes included (more than
# layouts.SELECTOR_CLASSES, the tokens the scan indexes).
FIELD_CLASSES = {token for selector in all_selectors()
                    for token in (*selector.classes, selector.inner_class) if token}


def _rewrite(page: bytes, change) -> bytes:
    tree = lxml.html.document_fromstring(page)
    change(tree)
    return lxml.html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>")


def _content(item: dict) -> dict:
    return {field: item[field] for field in CONTENT_FIELDS}


@pytest.mark.parametrize("fixture", ARTICLES, ids=lambda f: f.name)
def test_one_renamed_class_costs_one_field_at_most(fixture) -> None:
    page = fixture.page.read_bytes()
    original = fixture.parse()
    tree = lxml.html.document_fromstring(page)
    used = {t for e in tree.iter() if isinstance(e.tag, str)
            for t in (e.get("class") or "").split()} & FIELD_CLASSES
    assert used or fixture.layout not in {"drupal7", "drupal10"}, (
        "no CMS class of any layout on the page")
    for token in sorted(used):
        def rename(tree, token=token):
            for element in tree.iter():
                if isinstance(element.tag, str) and token in (element.get("class") or "").split():
                    element.set("class", element.get("class").replace(token, f"renamed{token}"))
        item = parse_article(_rewrite(page, rename), fixture.url, fixture.fetched_at)
        assert not isinstance(item, NotArticle), f"renaming {token}: {item}"
        changed = [f for f in CONTENT_FIELDS if item[f] != original[f]]
        assert len(changed) <= 1, f"renaming class {token} changed {changed}"


@pytest.mark.parametrize("fixture", ARTICLES, ids=lambda f: f.name)
def test_without_metadata_the_visible_page_gives_the_same_content(fixture) -> None:
    original = fixture.parse()

    def strip_metadata(tree) -> None:
        for element in tree.xpath("//meta | //link | //script | //*[@property] | //time"):
            if element.tag in ("meta", "link", "script"):
                element.drop_tree()
            else:
                for attribute in ("property", "content", "datetime"):
                    element.attrib.pop(attribute, None)

    item = parse_article(_rewrite(fixture.page.read_bytes(), strip_metadata), fixture.url,
                         fixture.fetched_at)
    assert not isinstance(item, NotArticle)
    for field in ("headline", "body", "updates", "tags", "related", "section", "kicker",
                  "photo_credit"):
        assert item[field] == original[field], field
    if original["published"] and item["published"] is not None:
        assert as_date(item["published"]) == as_date(original["published"])


@pytest.mark.parametrize("fixture", ARTICLES, ids=lambda f: f.name)
def test_without_any_class_names_the_text_survives(fixture) -> None:
    original = fixture.parse()

    def strip_classes(tree) -> None:
        for element in tree.iter():
            if isinstance(element.tag, str):
                element.attrib.pop("class", None)

    item = parse_article(_rewrite(fixture.page.read_bytes(), strip_classes), fixture.url,
                         fixture.fetched_at)
    assert not isinstance(item, NotArticle), str(item)
    assert item["headline"] == original["headline"]
    # Every paragraph survives, in order; a box the CMS kept apart may join the text.
    remaining = iter(item["body"])
    assert all(paragraph in remaining for paragraph in original["body"])
    assert len(item["body"]) <= len(original["body"]) + 3
    assert item["updates"] == original["updates"]
    assert [t["name"] for t in item["tags"]] == [t["name"] for t in original["tags"]]
    assert len(item["related"]) == len(original["related"])


def test_plain_markup_of_the_seed_matches_the_drupal_page() -> None:
    by_name = {f.name: f for f in ARTICLES}
    drupal = by_name["seed-ivens-2021"].parse()
    plain = by_name["seed-ivens-plain"].parse()
    for field in ("url", "headline", "photo_credit", "body", "updates", "tags", "authors",
                  "article_type", "section", "kicker"):
        assert plain[field] == drupal[field], field
    assert as_date(plain["published"]) == as_date(drupal["published"])
    for mine, theirs in zip(plain["related"], drupal["related"], strict=True):
        assert {k: v for k, v in mine.items() if k != "url"} == {
            k: v for k, v in theirs.items() if k != "url"}


@pytest.mark.parametrize("tag", ["p", "div"])
def test_the_seed_text_alone_in_bare_markup(tag: str) -> None:
    """Only the visible text, one line per element, no title element, no links: the
    visible-label layer alone must find what the Drupal page gives."""
    import html
    from pathlib import Path

    lines = (Path(__file__).resolve().parent.parent / "fixtures" / "seed-article.txt").read_text(
        encoding="utf-8").split("\n")
    body = "".join(f"<{tag}>{html.escape(line)}</{tag}>" for line in lines)
    page = f"<html><head><title>{html.escape(lines[0])} | NUL20</title></head><body>{body}</body>"
    seed = next(f for f in ARTICLES if f.name == "seed-ivens-2021")
    drupal = seed.parse()
    item = parse_article(f"{page}</html>", seed.url, seed.fetched_at)
    assert not isinstance(item, NotArticle), str(item)
    for field in ("url", "headline", "photo_credit", "body", "updates", "authors"):
        assert item[field] == drupal[field], field
    assert as_date(item["published"]) == as_date(drupal["published"])
    assert [t["name"] for t in item["tags"]] == ["NUL20 nieuws"]
    strip = ("url",)
    assert [{k: v for k, v in t.items() if k not in strip} for t in item["related"]] == [
        {k: v for k, v in t.items() if k not in strip} for t in drupal["related"]]
