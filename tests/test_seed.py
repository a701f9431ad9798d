"""The seed page against its real visible text (fixtures/seed-article.txt, a copy of
shared/site/seed-article.txt): every field the text shows, derived from the text itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nul20scraper.extract.text import clean
from tests.fixture_pages import load_fixtures

SEED_TEXT = (Path(__file__).resolve().parent.parent / "fixtures" / "seed-article.txt").read_text(
    encoding="utf-8")
LINES = SEED_TEXT.split("\n")
SEED_PAGES = [f for f in load_fixtures() if f.name.startswith("seed-ivens")]


def _body_paragraphs() -> list[str]:
    start = LINES.index("Foto: Amaury Miller") + 2  # after the credit and the repeated title
    end = next(i for i, line in enumerate(LINES) if line.startswith("update 8 juli"))
    paragraphs, current = [], []
    for line in LINES[start:end]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(clean(" ".join(current)))
            current = []
    return paragraphs + ([clean(" ".join(current))] if current else [])


def _teasers() -> list[dict[str, str | None]]:
    """Each teaser of `Laatste nummer`: type line, summary, author, from the text."""
    section = LINES[LINES.index("Laatste nummer") + 1: LINES.index("NUL20 Dashboards")]
    lines = [line for line in section if line.strip() and not line.startswith("afbeelding van")]
    teasers = []
    for number, line in enumerate(lines):
        match = re.match(r"^(\w+) (\d\d\.\d\d)(?: Geactualiseerd op: (\S+))?$", line)
        if match:
            teasers.append({"article_type": match.group(1), "shown": match.group(2),
                            "updated_shown": match.group(3), "summary": lines[number + 1],
                            "author": lines[number + 2]})
    return teasers


@pytest.fixture(params=SEED_PAGES, ids=lambda f: f.name)
def seed_item(request):
    return request.param.parse()


def test_headline_date_and_credit(seed_item) -> None:
    assert seed_item["headline"] == LINES[0]
    assert seed_item["published"].startswith("2021-07-05")  # `05.07.21`, not 7 May
    assert seed_item["photo_credit"] == "Amaury Miller"


def test_body_is_the_text_between_credit_and_update(seed_item) -> None:
    paragraphs = _body_paragraphs()
    assert len(paragraphs) == 5
    assert seed_item["body"] == paragraphs
    assert "dealte sluiten" in seed_item["body"][-1]  # a source quirk, kept
    assert "zijn.”Wel geeft" in "".join(seed_item["body"])  # no space after the quote


def test_update_block_takes_the_article_year(seed_item) -> None:
    start = next(i for i, line in enumerate(LINES) if line.startswith("update 8 juli"))
    assert seed_item["updates"] == [{
        "date": "2021-07-08", "label": "update 8 juli", "text": clean(LINES[start + 1]),
    }]
    assert not any("De SP heeft nog geen" in block for block in seed_item["body"])


def test_tags(seed_item) -> None:
    assert [tag["name"] for tag in seed_item["tags"]] == ["NUL20 nieuws"]


def test_twelve_teasers_with_years_from_the_fetch_date(seed_item) -> None:
    expected = _teasers()
    assert len(expected) == 12
    related = seed_item["related"]
    assert len(related) == 12
    for teaser, shown in zip(related, expected, strict=True):
        assert teaser["article_type"] == shown["article_type"]
        assert teaser["summary"] == clean(shown["summary"])
        assert teaser["author"] == shown["author"]
        assert teaser["title"] is None  # the teasers show no title
        assert teaser["url"].startswith("https://www.nul20.nl/")
        day, month = shown["shown"].split(".")
        assert teaser["published"].endswith(f"-{month}-{day}")
    # NOTES.md, reference 24.01.22: 20.12 + updated 03.01.22 -> 2021-12-20; 20.01 -> 2022;
    # 22.12 -> 2021.
    assert related[0]["published"] == "2021-12-20"
    assert related[0]["updated"] == "2022-01-03"
    assert related[2]["published"] == "2022-01-20"
    assert related[5]["published"] == "2021-12-22"


def test_promo_block_is_neither_teaser_nor_body(seed_item) -> None:
    promo = LINES[LINES.index("NUL20 Dashboards") + 2]
    assert not any(promo in block for block in seed_item["body"])
    assert all(teaser["summary"] != promo for teaser in seed_item["related"])
