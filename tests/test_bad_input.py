"""Bad input gives a clear NotArticle or an item with warnings, never an exception."""

from __future__ import annotations

import os
import random

import pytest

from nul20scraper.extract import NotArticle, parse_article

ARTICLE = (
    "<html><head><title>Huurders winnen zaak | NUL20</title></head><body>"
    "<h1>Huurders winnen zaak</h1><p>05.07.21</p>"
    "<p>De huurders van het complex aan de Bijlmerdreef hebben de zaak tegen hun verhuurder "
    "gewonnen. De rechter oordeelde dat de huurverhoging onredelijk was.</p></body></html>"
)


def test_empty_file() -> None:
    for page in (b"", b"   \n\t ", ""):
        result = parse_article(page, "https://www.nul20.nl/x")
        assert isinstance(result, NotArticle)
        assert result.kind == "empty"


def test_binary_garbage() -> None:
    rng = random.Random(20)
    page = bytes(rng.randrange(256) for _ in range(20_000))
    result = parse_article(page, "https://www.nul20.nl/x")
    assert isinstance(result, NotArticle)
    assert result.kind == "binary"
    assert "binary" in result.reason


def test_png_bytes_are_binary() -> None:
    page = b"\x89PNG\r\n\x1a\n" + os.urandom(4000)
    result = parse_article(page)
    assert isinstance(result, NotArticle) and result.kind == "binary"


def test_twenty_megabyte_page() -> None:
    filler = "<p>" + "Woningbouw in Amsterdam loopt achter bij de plannen. " * 40 + "</p>\n"
    head, tail = ARTICLE.split("</body>")
    page = (head + filler * (20_000_000 // len(filler)) + "</body>" + tail).encode()
    assert len(page) > 19_000_000
    result = parse_article(page, "https://www.nul20.nl/huurders-winnen")
    assert not isinstance(result, NotArticle), str(result)
    assert result["headline"] == "Huurders winnen zaak"
    assert len(result["body"]) > 1000


def test_page_over_the_size_limit_is_refused_clearly() -> None:
    page = b"<html><body><p>" + b"x" * (51 * 1024 * 1024) + b"</p></body></html>"
    result = parse_article(page)
    assert isinstance(result, NotArticle) and result.kind == "unreadable"
    assert "limit" in result.reason


def test_ten_thousand_deep_nesting() -> None:
    page = ("<html><body><h1>Diep genest</h1>" + "<div>" * 10_000
            + "<p>Tekst op de bodem van de boom, lang genoeg om een artikel te zijn.</p>"
            + "</div>" * 10_000 + "</body></html>")
    result = parse_article(page, "https://www.nul20.nl/diep")
    if isinstance(result, NotArticle):
        assert result.reason
    else:
        assert result["headline"] == "Diep genest"


def test_page_without_body() -> None:
    page = "<html><head><title>Alleen een titel</title></head></html>"
    result = parse_article(page, "https://www.nul20.nl/leeg")
    assert isinstance(result, NotArticle)
    assert result.kind in {"no-content", "empty"}


def test_article_without_text_gets_a_warning() -> None:
    page = "<html><body><h1>Kop zonder tekst</h1><p>05.07.21</p></body></html>"
    result = parse_article(page, "https://www.nul20.nl/kop")
    assert not isinstance(result, NotArticle)
    assert "no body text found" in result["warnings"]
    assert result["body"] == []


def test_invalid_utf8_is_decoded_with_a_warning() -> None:
    page = ARTICLE.replace("gewonnen", "gewonnen \u00e9\u00eb").encode("utf-8")
    page = page.replace(b"rechter", b"rechter \xff\xfe")
    result = parse_article(page, "https://www.nul20.nl/huurders-winnen")
    assert not isinstance(result, NotArticle)
    assert any("UTF-8" in w for w in result["warnings"])
    assert "gewonnen \u00e9\u00eb" in result["body"][0]


def test_windows_1252_without_declaration_keeps_accents() -> None:
    quoted = "gewonnen, zo zeggen ze \u201cdéjà vu\u201d"
    page = ARTICLE.replace("gewonnen", quoted).encode("cp1252")
    result = parse_article(page, "https://www.nul20.nl/huurders-winnen")
    assert not isinstance(result, NotArticle)
    assert "\u201cdéjà vu\u201d" in result["body"][0]


@pytest.mark.parametrize("page", [
    b"<", b"<html", b"<!DOCTYPE html>", b"<?xml version='1.0' encoding='utf-8'?><html/>",
    b"\xef\xbb\xbf", b"<html><body><h1></h1></body></html>", b"<h1>x</h1>" * 3,
    "<html><body><h1>Kop</h1><p>\udcff</p></body></html>".encode("utf-8", "surrogateescape"),
])
def test_odd_fragments_never_raise(page: bytes) -> None:
    result = parse_article(page, "https://www.nul20.nl/x")
    assert isinstance(result, (NotArticle, dict))
    if isinstance(result, NotArticle):
        assert result.reason
