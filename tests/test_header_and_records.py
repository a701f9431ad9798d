"""The generic rules for markup nobody here has seen, each on a small page in a markup the
fixtures do not have: the headline by agreement, header lines, teaser blocks as records, and
listings told by their content."""

from __future__ import annotations

from nul20scraper.extract import NotArticle, parse_article
from nul20scraper.extract.header import _ends_in_date

TEXT = ("<p>De gemeente en de corporaties hebben afgesproken dat er de komende jaren duizenden "
        "woningen bij komen voor jongeren en starters. Een deel daarvan wordt tijdelijk.</p>"
        "<p>Huurdersorganisaties vinden dat niet genoeg en willen dat leegstaande kantoren "
        "sneller worden omgebouwd.</p>")


def _page(head: str, main: str, side: str = "") -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>"
            f"<div class='wrap'><div class='left'>{main}</div><div class='right'>{side}</div>"
            "</div></body></html>").encode()


def _item(page: bytes, url: str = "https://www.nul20.nl/x") -> dict:
    result = parse_article(page, url, "2023-05-01T10:00:00+02:00")
    assert not isinstance(result, NotArticle), result
    return result


def test_a_logo_h1_with_text_never_beats_the_h2_that_title_names() -> None:
    page = _page("<title>Jongeren wachten langer | NUL20</title>",
                 "<h1><a href='/'>NUL20</a></h1><h2>Jongeren wachten langer</h2>"
                 "<p>12-11-2008</p>" + TEXT)
    item = _item(page)
    assert item["headline"] == "Jongeren wachten langer"
    assert item["published"] == "2008-11-12"
    assert item["body"][0].startswith("De gemeente")


def test_credit_and_byline_on_one_line_split_by_br_are_header_lines() -> None:
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><h3>Een kicker na de titel</h3>"
                 "<span>Tekst: Anna de Wit<br>Beeld: Kees Bos</span>" + TEXT)
    item = _item(page)
    assert item["authors"] == ["Anna de Wit"]
    assert item["photo_credit"] == "Kees Bos"
    assert item["kicker"] == "Een kicker na de titel"
    assert all("Anna de Wit" not in line for line in item["body"])


def test_an_author_card_on_one_line_of_spans_is_the_byline() -> None:
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><p>14.03.2023</p>"
                 "<div><span>Anna de Wit</span> <span>Journalist</span> "
                 "<a href='/auteurs/anna'>Profiel</a></div>" + TEXT)
    item = _item(page)
    assert item["authors"] == ["Anna de Wit"]
    assert item["body"][0].startswith("De gemeente")


def test_a_date_and_byline_line_with_a_named_month_gives_the_date() -> None:
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><p>Door Anna de Wit · 3 februari 2023</p>" + TEXT)
    item = _item(page)
    assert item["authors"] == ["Anna de Wit"]
    assert item["published"] == "2023-02-03"


def test_a_titled_block_of_links_is_related_and_an_off_site_feed_is_not() -> None:
    side = ("<h4>Ook interessant</h4><div><p><a href='/dossiers/een'>Eerste stuk</a></p>"
            "<p>02.03.2023</p></div><div><p><a href='/twee'>Tweede stuk</a></p>"
            "<p>20.02.2023</p></div>"
            "<h4>Meer nieuws</h4><ul><li><a href='https://elders.example/a'>Elders</a></li>"
            "<li><a href='https://elders.example/b'>Ook elders</a></li></ul>")
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><p>14.03.2023</p>" + TEXT, side)
    related = _item(page)["related"]
    assert [(t["url"], t["title"], t["published"]) for t in related] == [
        ("https://www.nul20.nl/dossiers/een", "Eerste stuk", "2023-03-02"),
        ("https://www.nul20.nl/twee", "Tweede stuk", "2023-02-20"),
    ]


def test_a_teaser_record_reads_its_fields_from_its_lines() -> None:
    side = ("<h2>Lees ook</h2><ul>"
            "<li><b><a href='/dossiers/een' title='Gebruikersprofiel bekijken.'>Eerste stuk</a></b>"
            "<div>Achtergrondartikel</div><span>20.12</span> <span>Geactualiseerd op: "
            "03.01.23</span><p>Een samenvatting die niet gelinkt is.</p>"
            "<a href='/dossiers/een'>Lees meer</a> <a href='/user/3'>Anna de Wit</a></li>"
            "<li><b><a href='/twee'>Tweede stuk</a></b><div>Video</div><span>01.02.2023</span>"
            "<p>Nog een samenvatting.</p><a href='/twee'>Lees meer</a></li></ul>")
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><p>14.03.2023</p>" + TEXT, side)
    first, second = _item(page)["related"]
    assert first == {"url": "https://www.nul20.nl/dossiers/een", "title": "Eerste stuk",
                     "article_type": "Achtergrondartikel", "published": "2022-12-20",
                     "updated": "2023-01-03", "summary": "Een samenvatting die niet gelinkt is.",
                     "author": "Anna de Wit"}
    assert (second["title"], second["article_type"], second["published"], second["summary"],
            second["author"]) == ("Tweede stuk", "Video", "2023-02-01",
                                  "Nog een samenvatting.", None)


def test_a_print_link_is_no_tag() -> None:
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><p>14.03.2023</p>" + TEXT +
                 "<p>Trefwoorden: <a href='/trefwoorden/huur'>Huur</a> "
                 "<a href='/print/x'>Printervriendelijke versie</a></p>")
    assert [t["name"] for t in _item(page)["tags"]] == ["Huur"]


def test_a_heading_over_a_list_of_links_is_a_listing() -> None:
    links = "".join(f"<p><a href='/stuk-{n}'>Een stuk over wonen nummer {n}</a></p>"
                    for n in range(6))
    page = _page("<title>Dossiers | NUL20</title>", "<h2>Dossiers</h2>" + links)
    result = parse_article(page, "https://www.nul20.nl/dossiers")
    assert isinstance(result, NotArticle) and result.kind == "listing", result


def test_a_short_article_with_a_link_stays_an_article() -> None:
    page = _page("<title>Kort bericht</title>",
                 "<h1>Kort bericht</h1><p>14.03.2023</p>"
                 "<p>Zie <a href='/elders'>het eerdere bericht over de huurbevriezing</a>.</p>")
    assert _item(page)["headline"] == "Kort bericht"


def test_a_rel_author_link_without_door_is_the_author() -> None:
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><p><a rel='author' href='/auteurs/anna'>Anna de Wit"
                 "</a></p><p>14.03.2023</p>" + TEXT)
    item = _item(page)
    assert item["authors"] == ["Anna de Wit"]
    assert item["published"] == "2023-03-14"
    assert item["body"][0].startswith("De gemeente")


def test_every_teaser_block_title_ends_the_body_and_tag_labels_open_as_tested():
    """The text layers test BODY_END alone where a teaser block's title ends the text too, and
    try TAGS_LABEL and TEASER_BLOCK_LABEL only on lines that open with one of their initials:
    all rest on these."""
    import re

    from nul20scraper.extract.labels import (
        BODY_END,
        TAGS_LABEL,
        TAGS_LABEL_INITIALS,
        TEASER_BLOCK_LABEL,
    )
    from nul20scraper.extract.records import TITLE_INITIALS

    titles = re.findall(r"[A-Z][\w' ]+", TEASER_BLOCK_LABEL.pattern.replace("(?:", " "))
    titles += ["Gerelateerde artikelen", "Meer video's", "MEER NIEUWS", "lees ook"]
    assert len(titles) >= 10
    for title in titles:
        title = title.strip()
        if TEASER_BLOCK_LABEL.match(title):
            assert BODY_END.match(title) and title[:1] in TITLE_INITIALS, title
    for label in ("Trefwoorden:", "trefwoord", "TAGS", "Onderwerpen :", "onderwerpen"):
        assert TAGS_LABEL.match(label) and label[:1] in TAGS_LABEL_INITIALS
    assert not TAGS_LABEL.match("Artikel") and "A" not in TAGS_LABEL_INITIALS


def test_an_author_card_whose_role_is_spread_over_its_blocks_is_the_byline() -> None:
    page = _page("<title>Titel van het stuk</title>",
                 "<h1>Titel van het stuk</h1><p>14.03.2023</p>"
                 "<div>Anna de Wit</div><div>Freelance</div><div>journalist</div>" + TEXT)
    item = _item(page)
    assert item["authors"] == ["Anna de Wit"]
    assert item["body"][0].startswith("De gemeente")


def test_a_line_ends_in_a_time_of_day_however_it_is_spaced_or_cased() -> None:
    assert _ends_in_date("12 mei 2022 om 14.05 uur")
    assert _ends_in_date("12 mei 2022 om 14.05 UUR  ")
    assert _ends_in_date("12.05.2022\n") and _ends_in_date("(03-2009)")
    assert not _ends_in_date("De huur gaat omhoog") and not _ends_in_date("uu r")
