"""Hostile bytes (issue 11, findings 7 to 12): no exception, linear time and memory, a bad URL
costs one value, every item validates, and the encodings browsers read are read."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nul20scraper.extract import NotArticle, parse_article

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
SEED = "seed-ivens-2021"
SEED_PAGE = (PAGES / f"{SEED}.html").read_bytes()
SEED_META = json.loads((PAGES / f"{SEED}.meta.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((ROOT / "fixtures" / "expected" / f"{SEED}.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(json.loads(
    (ROOT / "nul20scraper" / "schema" / "article.schema.json").read_text(encoding="utf-8")))

ARTICLE = (
    "<html><head><meta charset=\"{charset}\"><title>Huurders winnen zaak | NUL20</title></head>"
    "<body><h1>Huurders winnen zaak</h1><p>05.07.21</p>"
    "<p>De huurders van het complex aan de Bijlmerdreef hebben de zaak tegen hun verhuurder "
    "gewonnen. De rechter oordeelde dat de huurverhoging onredelijk was: één café blijft."
    "</p></body></html>"
)
URL = "https://www.nul20.nl/huurders-winnen"


def item_of(page: bytes | str, url: str | None = URL, fetched_at: str | None = None) -> dict:
    result = parse_article(page, url, fetched_at)
    assert not isinstance(result, NotArticle), str(result)
    errors = [error.message for error in VALIDATOR.iter_errors(result)]
    assert not errors, errors
    return result


# -- 7: no exception for any fetch time or charset ------------------------------------------


@pytest.mark.parametrize("fetched_at", [
    "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+01:00", "not a date",
    "2022-13-45T99:99:99",
])
def test_a_fetch_time_outside_the_calendar_or_unreadable_is_null_with_a_warning(
    fetched_at: str,
) -> None:
    item = item_of(SEED_PAGE, SEED_META["url"], fetched_at)
    assert item["fetched_at"] is None
    assert any("fetch time" in warning for warning in item["warnings"])
    assert item["body"] == EXPECTED["body"]


def test_a_fetch_time_of_the_last_day_is_kept_where_amsterdam_has_it() -> None:
    item = item_of(SEED_PAGE, SEED_META["url"], "9999-12-31T20:00:00+00:00")
    assert item["fetched_at"] == "9999-12-31T20:00:00+00:00"


@pytest.mark.parametrize("charset", ["iso-8859-2", "cp500", "utf-16-le", "utf-32", "utf-7",
                                     "x-unknown", "shift_jis"])
def test_any_declared_charset_gives_the_item(charset: str) -> None:
    page = ARTICLE.replace("{charset}", charset).encode("utf-8")
    item = item_of(page)  # a lying charset may garble the accents, never the item
    assert item["headline"] == "Huurders winnen zaak"
    assert item["body"][0].startswith("De huurders van het complex")


@pytest.mark.parametrize("charset", ["cp500", "utf-16-le", "utf-32", "x-unknown"])
def test_a_charset_that_cannot_be_the_pages_leaves_utf8_as_it_is(charset: str) -> None:
    item = item_of(ARTICLE.replace("{charset}", charset).encode("utf-8"))
    assert "één café blijft" in item["body"][0]


def test_a_charset_python_knows_and_libxml2_does_not_is_decoded() -> None:
    page = ARTICLE.replace("{charset}", "mac-roman").encode("mac-roman")
    item = item_of(page)
    assert "één café blijft" in item["body"][0]
    assert item["warnings"] == []


def test_an_unexpected_error_is_an_unreadable_verdict_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nul20scraper.extract import article

    def broken(*args: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(article, "load_document", broken)
    result = parse_article(SEED_PAGE, SEED_META["url"])
    assert isinstance(result, NotArticle) and result.kind == "unreadable"
    assert "KeyError" in result.reason


# -- 12: UTF-16 and UTF-32 with a byte-order mark; a meta that says UTF-16 -------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(codec: str) -> None:
    text = SEED_PAGE.decode("utf-8")
    page = text.encode(codec) if codec in ("utf-16", "utf-32") else (
        "\ufeff" + text).encode(codec)
    item = item_of(page, SEED_META["url"], SEED_META["fetched_at"])
    assert item["body"] == EXPECTED["body"]
    assert item["headline"] == EXPECTED["headline"]


def test_utf16_without_a_byte_order_mark_stays_binary() -> None:
    result = parse_article(SEED_PAGE.decode("utf-8").encode("utf-16-le"), SEED_META["url"])
    assert isinstance(result, NotArticle) and result.kind == "binary"


def test_meta_charset_utf16_on_eight_bit_bytes_is_read_as_utf8() -> None:
    item = item_of(ARTICLE.replace("{charset}", "utf-16").encode("utf-8"))
    assert "één café blijft" in item["body"][0]
    assert not any("replaced" in warning for warning in item["warnings"])
