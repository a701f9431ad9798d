"""Other markups of the content of the renderings added last (an archive.today snapshot,
fields as label/value pairs, updates in boxes, lazy-loaded pictures, WordPress, cards that are
one link): each test page varies what the fixture's markup fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nul20scraper.extract import parse_article
from nul20scraper.urls import archived_capture, unarchived
from tests.markup_variants import metadata_removed

ROOT = Path(__file__).resolve().parent.parent
RENDERINGS = ROOT / "fixtures" / "pages" / "renderings"
EXPECTED = ROOT / "fixtures" / "expected"
SNAPSHOT_URL = "https://www.nul20.nl/mantelzorgers-voorrang-sociale-huurwoning"


def _page(name: str) -> str:
    return (RENDERINGS / f"{name}.html").read_text(encoding="utf-8")


def _expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def _article(body: str, head: str = "") -> str:
    return (f"<html><head><title>Kop | NUL20</title>{head}</head><body><main><article>"
            f"{body}</article></main></body></html>")


TEXT = ("<p>Een eerste alinea met genoeg woorden om tekst te zijn, over huren en kopen in de "
        "stad Amsterdam.</p><p>Een tweede alinea, ook met genoeg woorden om als tekst van het "
        "artikel te gelden.</p>")


@pytest.mark.parametrize(("long_url", "original"), [
    ("https://archive.ph/2022.01.24-101500/https://www.nul20.nl/x", "https://www.nul20.nl/x"),
    ("http://archive.is/2009.06.15-000000/http://nul20.nl/dossiers/y", "http://nul20.nl/dossiers/y"),
])
def test_archive_today_long_urls_name_page_and_capture(long_url: str, original: str) -> None:
    capture = archived_capture(long_url)
    assert capture is not None and capture.rewrites_head
    assert unarchived(long_url) == original
    assert archived_capture("https://archive.ph/2Xk9q") is None  # a short link names nothing


def test_a_saved_snapshot_without_its_head_is_read_from_its_header_bar() -> None:
    """Saved to a file with no head metadata: the bar's `Saved from` links and its capture
    time give the URL, the links' host and the teasers' years."""
    page = metadata_removed(_page("archive-today-2022").encode())
    item = parse_article(page, "file:///tmp/snapshot.html", "2026-11-20T14:00:00+01:00")
    want = _expected("archive-today-2022")
    for field in ("url", "published", "updated", "tags", "related", "body"):
        assert item[field] == want[field], field


def test_a_snapshots_head_dates_are_not_the_articles_but_a_pages_own_are() -> None:
    """The capture time in a snapshot's `article:modified_time` is dropped; the same meta on
    the site's own page is the page's."""
    head = '<meta property="article:modified_time" content="2022-01-24T10:15:00Z">'
    body = "<h1>Kop</h1><p>12.01.22</p>" + TEXT
    own = parse_article(_article(body, head).encode(), "https://www.nul20.nl/kop")
    assert own["updated"] == "2022-01-24T11:15:00+01:00"
    snapshot_head = head + ('<link rel="bookmark" href="https://archive.ph/2022.01.24-101500/'
                            'https://www.nul20.nl/kop"><link rel="canonical" '
                            'href="https://archive.ph/2Xk9q">')
    snapshot = parse_article(_article(body, snapshot_head).encode(), "https://archive.ph/2Xk9q")
    assert snapshot["url"] == "https://www.nul20.nl/kop" and snapshot["updated"] is None


def test_fields_as_a_two_column_table_read_as_the_definition_list() -> None:
    page = _page("definition-list-2021")
    start, end = page.index('<dl class="artikel-gegevens">'), page.index("</dl>") + len("</dl>")
    table = ("<table><tr><th>Gepubliceerd:</th><td>18.10.21</td></tr>"
             "<tr><th>Laatst bijgewerkt:</th><td>20.10.21</td></tr>"
             "<tr><td>Auteur</td><td>Pieter Lesage</td></tr>"
             "<tr><td>Rubriek</td><td><a href='/rubriek/eerste-verdieping'>Eerste verdieping</a>"
             "</td></tr></table>")
    item = parse_article((page[:start] + table + page[end:]).encode(),
                         "https://www.nul20.nl/dossiers/wonen-boven-winkels-balans-na-vijf-jaar")
    want = _expected("definition-list-2021")
    for field in ("published", "updated", "authors", "section", "kicker", "body"):
        assert item[field] == want[field], field


def test_a_table_of_figures_under_the_title_is_no_field() -> None:
    """A row of three cells is a table of figures: its first cell is no label, and a label the
    site does not use (`Leestijd`) claims nothing."""
    body = ("<h1>Kop</h1><table><tr><td>Datum</td><td>2020</td><td>2021</td></tr></table>"
            "<dl><dt>Leestijd</dt><dd>4 minuten</dd></dl><p>12.01.22</p>" + TEXT)
    item = parse_article(_article(body).encode(), "https://www.nul20.nl/kop")
    assert item["published"] is None or item["published"] != "2020"
    assert "Leestijd" in item["body"]


@pytest.mark.parametrize("line", ["Bijgewerkt: 08.07.2022", "Laatst gewijzigd op 08.07.2022",
                                  "Geactualiseerd op: 08.07.2022"])
def test_update_labels_of_other_themes(line: str) -> None:
    body = f"<h1>Kop</h1><p>Door Ineke Hoogland | 04.07.2022</p><p>{line}</p>" + TEXT
    item = parse_article(_article(body).encode(), "https://www.nul20.nl/kop")
    assert item["updated"] == "2022-07-08" and item["published"] == "2022-07-04"
    assert len(item["body"]) == 2


def test_an_update_box_takes_its_paragraphs_and_no_more() -> None:
    """An update set as a `div.update` with a heading and two paragraphs, at the top of the
    text: both paragraphs are the update's, the text after the box is the body."""
    box = ('<div class="artikel-update"><h3>Update 5 juli 2022</h3><p>De commissie heeft '
           'getekend.</p><p>Melden kan tot 1 september.</p></div>')
    body = "<h1>Kop</h1><p>04.07.2022</p>" + box + TEXT
    item = parse_article(_article(body).encode(), "https://www.nul20.nl/kop")
    assert item["updates"] == [{"date": "2022-07-05", "label": "Update 5 juli 2022",
                                "text": "De commissie heeft getekend. Melden kan tot 1 september."}]
    assert len(item["body"]) == 2


def test_an_open_update_at_the_top_still_takes_one_block() -> None:
    """Without a box the top update keeps its old reach: the next block only."""
    body = ("<h1>Kop</h1><p>04.07.2022</p><p><strong>Update 5 juli 2022:</strong></p>"
            "<p>De commissie heeft getekend.</p>" + TEXT)
    item = parse_article(_article(body).encode(), "https://www.nul20.nl/kop")
    assert item["updates"][0]["text"] == "De commissie heeft getekend."
    assert len(item["body"]) == 2


PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


@pytest.mark.parametrize(("image", "file"), [
    ('<img src="/img/blank.gif" data-lazy-src="/beeld/a.jpg" alt="x">', "/beeld/a.jpg"),
    (f'<img src="{PLACEHOLDER}" data-srcset="/beeld/b-600.jpg 600w, /beeld/b.jpg 1200w">',
     "/beeld/b-600.jpg"),
    (f'<img src="{PLACEHOLDER}" class="lazy"><noscript><img src="/beeld/c.jpg"></noscript>',
     "/beeld/c.jpg"),
    ('<picture><source srcset="/beeld/d.webp" type="image/webp"><img src="/beeld/d.jpg">'
     "</picture>", "/beeld/d.jpg"),
])
def test_lazy_pictures_show_their_file(image: str, file: str) -> None:
    body = (f"<h1>Kop</h1><p>04.07.2022</p><figure>{image}<figcaption>Een gracht. Foto: Jan de "
            "Groen</figcaption></figure>" + TEXT)
    item = parse_article(_article(body).encode(), "https://www.nul20.nl/kop")
    assert item["image"] == {"url": "https://www.nul20.nl" + file, "caption": "Een gracht."}
    assert item["photo_credit"] == "Jan de Groen"
    assert not any("data:" in warning for warning in item["warnings"])


def test_a_posted_on_line_without_a_byline_and_a_category_that_is_no_type() -> None:
    body = ('<h1>Kop</h1><div class="entry-meta">Geplaatst op 15 juni 2022</div>' + TEXT +
            '<footer>Geplaatst in <a href="/categorie/stad/" rel="category tag">Stad</a> '
            'Trefwoorden: <a href="/trefwoorden/huur/" rel="tag">Huur</a></footer>')
    item = parse_article(_article(body).encode(), "https://www.nul20.nl/kop")
    assert item["published"] == "2022-06-15" and item["authors"] == []
    assert item["article_type"] is None
    assert item["tags"] == [{"name": "Huur", "url": "https://www.nul20.nl/trefwoorden/huur"}]


CARDS = """<aside><h2>{label}</h2>
<div><a href="/dossiers/een"><span>Video</span><h3>Een titel van een video</h3>
<p>17.05.2023 · Fred van der Molen</p></a></div>
<ul><li><span>Achtergrondartikel 28.06.2022</span> <a href="/dossiers/twee">Twee: de titel</a></li>
<li><h4><a href="/drie">Drie titels</a></h4><p>Een samenvatting.</p><p>24 mei 2022</p></li></ul>
</aside>"""


def test_teaser_cards_of_other_shapes() -> None:
    body = "<h1>Kop</h1><p>04.07.2023</p>" + TEXT
    page = _article(body).replace("</main>", "</main>" + CARDS.format(label="Lees verder"))
    related = parse_article(page.encode(), "https://www.nul20.nl/kop",
                            "2023-07-10T10:00:00+02:00")["related"]
    assert [(t["title"], t["article_type"], t["published"], t["author"], t["summary"])
            for t in related] == [
        ("Een titel van een video", "Video", "2023-05-17", "Fred van der Molen", None),
        ("Twee: de titel", "Achtergrondartikel", "2022-06-28", None, None),
        ("Drie titels", None, "2022-05-24", None, "Een samenvatting."),
    ]


def test_lees_verder_as_a_link_is_no_teaser_block() -> None:
    """`Lees verder` heads a teaser block only as a heading: as the link after a summary it
    is a link."""
    body = ("<h1>Kop</h1><p>04.07.2023</p>" + TEXT +
            '<p><a href="/dossiers/verder">Lees verder</a></p>')
    item = parse_article(_article(body).encode(), "https://www.nul20.nl/kop")
    assert item["related"] == []


@pytest.mark.parametrize("title", ["Kop · NUL20", "Kop — NUL20", "NUL20 · Kop"])
def test_the_site_name_after_other_separators(title: str) -> None:
    page = (f"<html><head><title>{title}</title></head><body><h1>NUL20</h1><main>"
            f"<h2>Kop</h2><p>04.07.2023</p>{TEXT}</main></body></html>")
    assert parse_article(page.encode(), "https://www.nul20.nl/kop")["headline"] == "Kop"


WP_URL = "https://www.nul20.nl/huurteams-helpen-meer-huurders-nieuw-west"
WP_TIME = ('<time class="entry-date published updated" datetime="2022-06-15T10:20:00+02:00">'
           "15 juni 2022</time>")


def test_wordpress_writes_the_modified_time_after_the_publication_time() -> None:
    """A post edited after publication: two <time>s with no space between (`15 juni 202216
    juni 2022` as text); the first is the publication date, and the byline stays read."""
    both = ('<time class="entry-date published" datetime="2022-06-15T10:20:00+02:00">15 juni '
            '2022</time><time class="updated" datetime="2022-06-16T09:00:00+02:00">16 juni 2022'
            "</time>")
    page = _page("wordpress-2022").replace(WP_TIME, both)
    item = parse_article(page.encode(), WP_URL, "2022-06-20T09:00:00+02:00")
    want = _expected("wordpress-2022")
    for field in ("published", "authors", "body", "updates", "tags", "related", "image"):
        assert item[field] == want[field], field


def test_a_meta_line_no_label_reads_costs_a_line_not_the_item() -> None:
    """An unknown wording of the posted-on line inside the article's <header>: the text still
    runs past the header, so the item keeps its body (with that line in it)."""
    page = _page("wordpress-2022").replace("Geplaatst op <a", "Gepost op <a")
    item = parse_article(page.encode(), WP_URL, "2022-06-20T09:00:00+02:00")
    assert item["body"][1:] == _expected("wordpress-2022")["body"]


@pytest.mark.parametrize(("old", "new", "authors"), [
    ("<dt>Auteur</dt>\n        <dd>Pieter Lesage</dd>",
     "<dt>Auteurs</dt><dd>Pieter Lesage</dd><dd>Jaap Kuiper</dd>",
     ["Pieter Lesage", "Jaap Kuiper"]),
    ("<dt>Auteur</dt>\n        <dd>Pieter Lesage</dd>",
     "<div><dt>Auteur:</dt><dd>Pieter Lesage</dd></div>", ["Pieter Lesage"]),
])
def test_definition_lists_of_other_shapes(old: str, new: str, authors: list[str]) -> None:
    """A term with a <dd> for each author; a pair in its own <div> (which HTML allows)."""
    page = _page("definition-list-2021")
    assert old in page
    item = parse_article(page.replace(old, new).encode(),
                         "https://www.nul20.nl/dossiers/wonen-boven-winkels-balans-na-vijf-jaar")
    want = _expected("definition-list-2021")
    assert item["authors"] == authors
    for field in ("published", "updated", "section", "body"):
        assert item[field] == want[field], field
