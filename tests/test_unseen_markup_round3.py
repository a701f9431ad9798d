"""Other markups of the content of the third round of renderings (a Next.js page, Olivero with
its meta at the foot, a newsletter e-mail, a SingleFile copy, a reader view, a Ghost theme):
each test page varies what the fixture's markup fixed, so that a fix holds for the content, not
for the one page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nul20scraper.extract import NotArticle, parse_article
from nul20scraper.urls import js_date, reader_view_page, saved_copy
from tests.markup_variants import classes_and_ids_removed, metadata_removed

ROOT = Path(__file__).resolve().parent.parent
RENDERINGS = ROOT / "fixtures" / "pages" / "renderings"
EXPECTED = ROOT / "fixtures" / "expected"
URL = "https://www.nul20.nl/kop"


def _page(name: str) -> str:
    return (RENDERINGS / f"{name}.html").read_text(encoding="utf-8")


def _expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def _article(body: str, head: str = "", after: str = "") -> bytes:
    return (f"<html><head><title>Kop | NUL20</title>{head}</head><body><main><article>"
            f"{body}</article>{after}</main></body></html>").encode()


TEXT = ("<p>Een eerste alinea met genoeg woorden om tekst te zijn, over huren en kopen in de "
        "stad Amsterdam.</p><p>Een tweede alinea, ook met genoeg woorden om als tekst van het "
        "artikel te gelden.</p>")
BODY = ["Een eerste alinea met genoeg woorden om tekst te zijn, over huren en kopen in de stad "
        "Amsterdam.", "Een tweede alinea, ook met genoeg woorden om als tekst van het artikel te "
        "gelden."]


def _parse(page: bytes, url: str | None = URL, fetched_at: str | None = None) -> dict:
    item = parse_article(page, url, fetched_at)
    assert not isinstance(item, NotArticle), str(item)
    return item


# -- reading times -------------------------------------------------------------------------

@pytest.mark.parametrize("meta", [
    "<p>14.02.2023</p><p>Leestijd: 6 minuten</p>",
    "<p>14.02.2023 | 4 min leestijd</p>",
    "<p>14 februari 2023 • 6 min read</p>",
    "<p>14.02.2023</p><p>3–4 minuten</p>",
    "<p><time datetime='2023-02-14'>14 februari 2023</time> — 5 min. lezen</p>",
])
def test_a_reading_time_beside_the_date_is_no_text(meta: str) -> None:
    item = _parse(_article(f"<h1>Kop</h1>{meta}{TEXT}"))
    assert item["published"] == "2023-02-14" and item["body"] == BODY


def test_a_sentence_that_ends_in_minutes_stays_text() -> None:
    text = "<p>De rit naar het stadsdeelkantoor duurt met de tram 25 minuten</p>"
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT}{text}"))
    assert item["body"][-1] == "De rit naar het stadsdeelkantoor duurt met de tram 25 minuten"


# -- bylines without `Door` ----------------------------------------------------------------

@pytest.mark.parametrize("byline", [
    "<p><a href='/auteurs/jaap-kuiper'>Jaap Kuiper</a> en "
    "<a href='/auteurs/marieke-dijkstra'>Marieke Dijkstra</a></p>",
    "<h4><a href='/author/jaap/'>Jaap Kuiper</a>, <a href='/author/marieke/'>Marieke "
    "Dijkstra</a></h4>",
    "<div class='credits'>Jaap Kuiper, Marieke Dijkstra</div>",
])
def test_a_byline_of_author_links_or_bare_names_over_the_date(byline: str) -> None:
    item = _parse(_article(f"<h1>Kop</h1>{byline}<p>14.02.2023</p>{TEXT}"))
    assert item["authors"] == ["Jaap Kuiper", "Marieke Dijkstra"]
    assert item["body"] == BODY and item["published"] == "2023-02-14"


def test_a_link_to_an_author_in_a_sentence_is_no_byline() -> None:
    line = "<p>Lees meer van <a href='/auteurs/jaap-kuiper'>Jaap Kuiper</a> over de wachtlijst</p>"
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{line}{TEXT}"))
    assert item["authors"] == [] and item["body"][0].startswith("Lees meer van Jaap Kuiper")


def test_a_bare_name_over_text_is_text() -> None:
    """A name alone is a byline only over another header line (a date, a reading time)."""
    item = _parse(_article(f"<h1>Kop</h1><p>Nieuw West</p>{TEXT}"))
    assert item["authors"] == [] and item["body"][0] == "Nieuw West"


@pytest.mark.parametrize("meta", [
    "<p>Door Jaap Kuiper</p><p>14.02.2023</p>",
    "<div><a href='/author/jaap/'>Jaap Kuiper</a></div><time datetime='2023-02-14'>14 feb "
    "2023</time>",
])
def test_byline_and_date_after_a_lead_under_the_title(meta: str) -> None:
    lead = "<p>De corporaties versnellen de verduurzaming van hun woningen.</p>"
    item = _parse(_article(f"<h1>Kop</h1>{lead}{meta}{TEXT}"))
    assert item["authors"] == ["Jaap Kuiper"] and item["published"] == "2023-02-14"
    assert item["body"] == ["De corporaties versnellen de verduurzaming van hun woningen.", *BODY]


def test_a_credit_after_the_first_paragraph_is_not_taken_for_the_header() -> None:
    lead = "<p>De corporaties versnellen de verduurzaming van hun woningen.</p>"
    item = _parse(_article(f"<h1>Kop</h1>{lead}<p>Foto: Jan de Groen</p>{TEXT}"))
    assert item["published"] is None and item["authors"] == []


def test_metadata_naming_the_first_author_only_gives_way_to_the_byline() -> None:
    def head(names: list[str]) -> str:
        data = {"@context": "https://schema.org", "@type": "Article",
                "author": [{"@type": "Person", "name": n} for n in names]}
        return f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    body = f"<h1>Kop</h1><p>Door Jaap Kuiper en Marieke Dijkstra</p><p>14.02.2023</p>{TEXT}"
    assert _parse(_article(body, head(["Jaap Kuiper"])))["authors"] == [
        "Jaap Kuiper", "Marieke Dijkstra"]
    # Metadata that names another author than the byline, or all of them, is kept.
    assert _parse(_article(body, head(["Fred van der Molen"])))["authors"] == [
        "Fred van der Molen"]
    ghost = _page("ghost-2023").replace('"name": "Jaap Kuiper",', '"name": "Marieke Dijkstra",')
    assert _parse(ghost.encode(), URL)["authors"] == ["Jaap Kuiper", "Marieke Dijkstra"]


# -- tags as bare links, and what is no paragraph ------------------------------------------

@pytest.mark.parametrize(("tags", "urls"), [
    ("<div><a href='/tag/huurbeleid/'>Huurbeleid</a> <a href='/tag/corporaties/'>Corporaties"
     "</a></div>", ["/tag/huurbeleid", "/tag/corporaties"]),
    ("<ul><li><a href='/taxonomy/term/5'>Huurbeleid</a></li><li><a href='/taxonomy/term/9'>"
     "Corporaties</a></li></ul>", ["/taxonomy/term/5", "/taxonomy/term/9"]),
    ("<p><a href='/trefwoorden/huurbeleid'>#Huurbeleid</a> · <a "
     "href='/trefwoorden/corporaties'>#Corporaties</a></p>", None),
])
def test_tags_as_bare_links_to_tag_pages_after_the_text(tags: str, urls: list[str] | None) -> None:
    update = "<p><strong>Update 16 februari:</strong> De raad stemt in.</p>"
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT}{update}{tags}"))
    assert item["body"] == BODY
    assert item["updates"][0]["text"] == "De raad stemt in."
    assert [tag["name"].lstrip("#") for tag in item["tags"]] == ["Huurbeleid", "Corporaties"]
    if urls:
        assert [tag["url"] for tag in item["tags"]] == [f"https://www.nul20.nl{u}" for u in urls]


def test_a_subhead_named_as_a_tag_does_not_end_the_text() -> None:
    tags = ("<ul><li><a href='/tag/huurbeleid/'>Huurbeleid</a></li><li><a href='/tag/corporaties/'>"
            "Corporaties</a></li></ul><p><a href='https://www.facebook.com/sharer.php?u=x'>Deel"
            "</a></p>")
    page = _article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT[:TEXT.index('</p>') + 4]}<h2>Huurbeleid"
                    f"</h2>{TEXT[TEXT.index('</p>') + 4:]}{tags}")
    item = _parse(page)
    assert item["body"] == [BODY[0], BODY[1]]  # the subhead is a tag's name: left out, as before
    assert [t["name"] for t in item["tags"]] == ["Huurbeleid", "Corporaties"]
    other = page.replace(b"<h2>Huurbeleid</h2>", b"<h2>Wat de raad wil</h2>")
    assert _parse(other)["body"] == [BODY[0], "Wat de raad wil", BODY[1]]  # not `Deel`


def test_links_beside_other_links_are_no_tag_list() -> None:
    links = ("<p><a href='/tag/huurbeleid/'>Huurbeleid</a> <a href='/dossiers/meer-huur'>Meer "
             "over huur</a></p>")
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT}{links}"))
    assert item["tags"] == []


@pytest.mark.parametrize("signs", ["<p>📌</p>", "<p>* * *</p>", "<p>—</p>"])
def test_a_line_of_signs_alone_is_no_paragraph(signs: str) -> None:
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT[:TEXT.index('</p>') + 4]}"
                           f"{signs}{TEXT[TEXT.index('</p>') + 4:]}"))
    assert item["body"] == BODY


@pytest.mark.parametrize(("path", "kind"), [("/tag/huurbeleid/", "tag"),
                                            ("/author/jaap/", "author")])
def test_tag_and_author_pages_of_other_systems(path: str, kind: str) -> None:
    result = parse_article(_article(f"<h1>Huurbeleid</h1>{TEXT}"), "https://www.nul20.nl" + path)
    assert isinstance(result, NotArticle) and result.kind == kind


# -- teaser records ------------------------------------------------------------------------

@pytest.mark.parametrize("meta", [
    "<footer><time datetime='2023-01-12'>12 jan 2023</time> <span>4 min leestijd</span></footer>",
    "<p>12.01.2023</p><p>Leestijd 4 min</p>",
    "<p>do, 12/01/2023 - 09:00</p>",
])
def test_a_teasers_reading_time_and_medium_date_are_no_summary(meta: str) -> None:
    cards = "".join(
        f"<article><h3><a href='/{slug}'>{title}</a></h3><p>{summary}</p>{meta}</article>"
        for slug, title, summary in (
            ("isolatie-portiekflats", "Isolatie van portiekflats gaat sneller",
             "Corporaties isoleren dit jaar 1.800 woningen."),
            ("warmtepompen-sociale-huur", "Warmtepompen in de sociale huur",
             "Huurders rekenen hun energierekening na.")))
    page = _article(f"<h1>Kop</h1><p>19.01.2023</p>{TEXT}",
                    after=f"<aside><h2>Lees ook</h2>{cards}</aside>")
    related = _parse(page)["related"]
    assert [t["summary"] for t in related] == ["Corporaties isoleren dit jaar 1.800 woningen.",
                                               "Huurders rekenen hun energierekening na."]
    assert {t["published"] for t in related} == {"2023-01-12"}


# -- pictures through an image service -----------------------------------------------------

@pytest.mark.parametrize("src", [
    "/_next/image?url=%2Fmedia%2F2023%2F02%2Fkantoor.jpg&w=3840&q=75",
    "/_next/image?w=1200&url=https%3A%2F%2Fwww.nul20.nl%2Fmedia%2F2023%2F02%2Fkantoor.jpg&q=75",
    "/_vercel/image?url=%2Fmedia%2F2023%2F02%2Fkantoor.jpg&w=640&q=75",
    "/cdn-cgi/image/width=800,quality=75/media/2023/02/kantoor.jpg",
    "/_ipx/w_1200/media/2023/02/kantoor.jpg",
])
def test_a_picture_through_an_image_service_is_its_file(src: str) -> None:
    figure = f"<figure><img src='{src}' alt=''><figcaption>Het kantoor.</figcaption></figure>"
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{figure}{TEXT}"))
    assert item["image"] == {"url": "https://www.nul20.nl/media/2023/02/kantoor.jpg",
                             "caption": "Het kantoor."}


def test_a_data_picture_is_the_file_its_link_names_else_none() -> None:
    data = "data:image/jpeg;base64,/9j/4AAQSkZJRg=="
    linked = f"<figure><a href='/files/flat.jpg'><img src='{data}' alt=''></a></figure>"
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{linked}{TEXT}"))
    assert item["image"]["url"] == "https://www.nul20.nl/files/flat.jpg"
    page = f"<figure><a href='/dossiers/flat'><img src='{data}' alt=''></a></figure>"
    assert _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{page}{TEXT}"))["image"] is None


# -- saved copies and reader views ---------------------------------------------------------

def test_singlefile_comment_names_page_and_saving_date() -> None:
    copy = saved_copy(_page("singlefile-2022-d7").encode())
    assert copy is not None
    assert copy.url == "https://www.nul20.nl/huurders-slotermeer-krijgen-huismeester-terug"
    assert copy.saved is not None and copy.saved.isoformat() == "2022-01-24T09:15:00+00:00"
    assert saved_copy(b"<html><!-- a comment --><body></body></html>") is None
    assert js_date("Mon Jan 24 2022 10:15:00 GMT+0100 (Midden-Europese standaardtijd)")
    assert js_date("24.01.2022") is None


def test_a_singlefile_copy_without_its_head_is_read_from_its_comment() -> None:
    """The head gone (and with it og, canonical and article:*): the comment still names the
    page and the saving day, which dates the teasers."""
    page = _page("singlefile-2022-d7")
    page = re.sub(r"<meta[^>]*>|<link[^>]*>", "", page)
    want = _expected("singlefile-2022-d7")
    item = _parse(page.encode(), "file:///tmp/kopie.html", "2026-11-20T14:00:00+01:00")
    for field in ("url", "related", "body", "photo_credit", "image"):
        assert item[field] == want[field], field


@pytest.mark.parametrize("mark", [
    "<!-- saved from url=(0071)https://www.nul20.nl/huurders-slotermeer-krijgen-huismeester-"
    "terug -->\n",
    "",
])
def test_other_savers_name_the_page(mark: str) -> None:
    """A browser's `saved from url=` comment above <html>; Save Page WE's savepage-* meta."""
    page = _page("singlefile-2022-d7").replace("Page saved with SingleFile", "")
    page = re.sub(r"<link rel=canonical[^>]*>|<meta property=og:url[^>]*>", "", page)
    if not mark:
        page = page.replace("<meta charset=utf-8>", "<meta charset=utf-8><meta name=savepage-url "
                            "content=https://www.nul20.nl/huurders-slotermeer-krijgen-huismeester"
                            "-terug><meta name=savepage-date content='Mon Jan 24 2022 10:15:00 "
                            "GMT+0100 (Midden-Europese standaardtijd)'>")
    item = _parse((mark + page).encode(), "file:///tmp/kopie.html", "2026-11-20T14:00:00+01:00")
    assert item["url"] == "https://www.nul20.nl/huurders-slotermeer-krijgen-huismeester-terug"
    want = _expected("singlefile-2022-d7")["related"]
    if not mark:  # the savepage-date dates the teasers; the bare comment has no date
        assert item["related"] == want


def test_a_saved_copy_fetched_from_the_site_keeps_its_own_url() -> None:
    page = _page("singlefile-2022-d7").replace("<link rel=canonical "
                                               "href=https://www.nul20.nl/huurders-slotermeer-"
                                               "krijgen-huismeester-terug>", "")
    page = page.replace("<meta property=og:url content=https://www.nul20.nl/huurders-slotermeer"
                        "-krijgen-huismeester-terug>", "")
    assert _parse(page.encode(), "https://www.nul20.nl/elders")["url"] == (
        "https://www.nul20.nl/elders")


def test_reader_view_url_and_a_saved_reader_view() -> None:
    fixture = _expected("reader-view-2021")
    assert reader_view_page("about:reader?url=https%3A%2F%2Fwww.nul20.nl%2Fx") == (
        "https://www.nul20.nl/x")
    assert reader_view_page("about:reader?url=javascript%3Aalert(1)") is None
    assert reader_view_page("https://www.nul20.nl/x") is None
    # Saved to a file, it still links to the page it shows.
    item = _parse(_page("reader-view-2021").encode(), "file:///tmp/reader.html")
    assert item["url"] == fixture["url"] and item["authors"] == fixture["authors"]
    assert item["body"] == fixture["body"]


# -- a copy away from the site: the newsletter e-mail ---------------------------------------

def test_the_emails_title_as_a_plain_heading_or_an_h2() -> None:
    page = _page("newsletter-email-2022")
    want = _expected("newsletter-email-2022")
    as_h2 = page.replace("<h1 style", "<h2 style").replace("</h1>", "</h2>")
    item = _parse(as_h2.encode(), "file:///tmp/mail.html", "2022-11-17T08:05:00+01:00")
    for field in ("url", "headline", "published", "authors", "body", "related"):
        assert item[field] == want[field], field


def test_an_unlinked_title_in_a_file_leaves_the_files_url() -> None:
    page = _page("newsletter-email-2022")
    start = page.index("<h1 style")
    end = page.index("</h1>", start)
    plain = page[:start] + "<h1>Nieuw loket moet woningruil in Amsterdam makkelijker maken" + (
        page[end:])
    item = _parse(plain.encode(), "file:///tmp/mail.html")
    assert item["url"] == "file:///tmp/mail.html"
    assert "Lees het artikel op nul20.nl »" in item["body"]  # a link to a page it cannot name


@pytest.mark.parametrize("breaks", ["<br><br>", "<br />\n<br />", "<br>&nbsp;<br>"])
def test_paragraphs_split_by_two_line_breaks(breaks: str) -> None:
    text = BODY[0] + breaks + BODY[1]
    body_field = (f"<div class='field field-name-body'><div class='field-items'><div "
                  f"class='field-item'><p>{text}</p></div></div></div>")
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{body_field}"))
    assert item["body"] == BODY
    one_break = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p><p>{BODY[0]}<br>{BODY[1]}</p>"))
    assert one_break["body"] == [f"{BODY[0]} {BODY[1]}"]


def test_a_copys_link_to_the_article_itself_is_no_text_but_other_links_are() -> None:
    link = "<link rel='canonical' href='https://www.nul20.nl/kop'>"
    page = _article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT}<p><a href='/kop?utm_source=x'>Lees het "
                    "artikel op nul20.nl »</a></p><p><a href='/dossiers/andere'>Bekijk de video "
                    "»</a></p>", link)
    assert _parse(page, "file:///tmp/kop.html")["body"] == [*BODY, "Bekijk de video »"]


# -- signup boxes ---------------------------------------------------------------------------

SIGNUP = ("<div class='inschrijven'><h3>Blijf op de hoogte</h3><p>Ontvang elke week het nieuws "
          "in je mailbox.</p><form action='{action}' method='post'><input type='email'>"
          "<button>Aanmelden</button></form></div>")


@pytest.mark.parametrize("action", ["https://nul20.us5.list-manage.com/subscribe/post?u=1",
                                    "/nieuwsbrief/aanmelden", "https://laposta.nl/f/abc"])
def test_a_signup_box_in_the_text_is_no_text(action: str) -> None:
    box = SIGNUP.format(action=action)
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT[:TEXT.index('</p>') + 4]}"
                           f"<div><div>{box}</div></div>{TEXT[TEXT.index('</p>') + 4:]}"))
    assert item["body"] == BODY
    ghost = SIGNUP.replace("action='{action}'", "data-members-form=''")
    assert _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT}{ghost}"))["body"] == BODY


def test_other_forms_and_long_text_around_a_form_stay() -> None:
    search = SIGNUP.format(action="/zoeken")
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{TEXT}{search}"))
    assert "Blijf op de hoogte" in item["body"]
    field = (f"<div>{TEXT}<form action='/nieuwsbrief'><input type='email'><button>Aanmelden"
             "</button></form></div>")
    assert _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{field}"))["body"] == BODY


# -- inline field labels and the meta at the foot -------------------------------------------

def test_inline_field_labels_as_sibling_divs() -> None:
    pairs = ("<div><div>Rubriek</div><div>Eerste verdieping</div></div>"
             "<div><div>Auteur</div><div>Pieter Lesage</div></div>"
             "<div><div>Fotograaf</div><div>Rob Hoekstra</div></div>")
    item = _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{pairs}{TEXT}"))
    assert (item["section"], item["authors"], item["photo_credit"]) == (
        "Eerste verdieping", ["Pieter Lesage"], "Rob Hoekstra")
    assert item["body"] == BODY
    figures = "<div><div>Oppervlakte</div><div>25 m²</div></div>"
    assert _parse(_article(f"<h1>Kop</h1><p>14.02.2023</p>{figures}{TEXT}"))["body"][:2] == [
        "Oppervlakte", "25 m²"]


def test_olivero_without_classes_or_metadata_reads_its_foot() -> None:
    """The node's meta after the tags, with no class or metadata to go by: the byline and the
    date below the text, not the teasers' dates."""
    page = classes_and_ids_removed(metadata_removed(_page("olivero-meta-last-2023").encode()))
    want = _expected("olivero-meta-last-2023")
    item = _parse(page, want["url"], "2023-03-20T09:30:00+01:00")
    for field in ("published", "authors", "article_type", "photo_credit", "body", "tags",
                  "related"):
        assert item[field] == want[field], field


@pytest.mark.parametrize("foot", [
    "<p>Door Marieke Dijkstra ma, 13/03/2023 - 10:15</p>",
    "<p>Door Marieke Dijkstra</p><p>13.03.2023 10:15</p>",
])
def test_byline_and_date_below_the_text(foot: str) -> None:
    tags = "<div>Trefwoorden</div><div><a href='/trefwoorden/ouderen'>Ouderen</a></div>"
    teaser = ("<aside><h2>Lees ook</h2><div><h3><a href='/dossiers/andere'>Een ander artikel "
              "over wonen</a></h3><p>06.03.2023</p></div></aside>")
    item = _parse(_article(f"<h1>Kop</h1>{TEXT}{tags}{foot}", after=teaser))
    assert item["authors"] == ["Marieke Dijkstra"]
    assert item["published"] == "2023-03-13T10:15:00+01:00"
    assert item["body"] == BODY


def test_a_weekday_after_a_bylines_name_is_not_the_name() -> None:
    item = _parse(_article(f"<h1>Kop</h1><p>Door Jan Hoogendag dinsdag 14.02.2023</p>{TEXT}"))
    assert item["authors"] == ["Jan Hoogendag"] and item["published"] == "2023-02-14"
