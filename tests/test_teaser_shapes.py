"""Teaser blocks without a title, found by their shape (extract/shapes.py), and a kicker
before the title without a section label: small pages in markups the fixtures do not have,
and the markups of the same content that must not give teasers or a kicker."""

from __future__ import annotations

import pytest

from nul20scraper.extract import NotArticle, parse_article

TEXT = ("<p>De gemeente en de corporaties hebben afgesproken dat er de komende jaren duizenden "
        "woningen bij komen voor jongeren en starters. Een deel daarvan wordt tijdelijk.</p>"
        "<p>Huurdersorganisaties vinden dat niet genoeg en willen dat leegstaande kantoren "
        "sneller worden omgebouwd.</p>")
HEAD = "<title>Titel van het stuk | NUL20</title>"
ARTICLE = "<h1>Titel van het stuk</h1><p>14.03.2023</p>" + TEXT
TEASERS = [("/dossiers/een-eerste-stuk", "Een eerste stuk over wonen", "02.03.2023",
            "2023-03-02"),
           ("/tweede-stuk-over-huur", "Het tweede stuk over huur", "20.02.2023", "2023-02-20"),
           ("/video/derde-stuk-bouwen", "Een derde stuk over bouwen", "11.02.2023",
            "2023-02-11")]
URLS = [f"https://www.nul20.nl{href}" for href, *_ in TEASERS]


def _page(main: str, after: str = "", side: str = "", head: str = HEAD) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>"
            f"<div class='wrap'><div class='left'>{main}</div>{after}"
            f"<div class='right'>{side}</div></div></body></html>").encode()


def _item(page: bytes, url: str = "https://www.nul20.nl/titel-van-het-stuk") -> dict:
    result = parse_article(page, url, "2023-05-01T10:00:00+02:00")
    assert not isinstance(result, NotArticle), result
    return result


def _related(page: bytes) -> list[tuple[str | None, str | None, str | None]]:
    return [(t["url"], t["title"], t["published"]) for t in _item(page)["related"]]


WANT = [(url, title, published) for url, (_, title, _, published) in zip(URLS, TEASERS,
                                                                          strict=True)]


def test_untitled_cards_in_an_aside_are_related() -> None:
    cards = "".join(f"<article><h3><a href='{href}'>{title}</a></h3><p>{shown}</p></article>"
                    for href, title, shown, _ in TEASERS)
    assert _related(_page(ARTICLE, side=f"<aside>{cards}</aside>")) == WANT


def test_an_untitled_list_after_the_article_gives_each_field_of_its_records() -> None:
    items = "".join(
        f"<li><div><span>Achtergrondartikel</span> <span>{shown}</span></div>"
        f"<b><a href='{href}'>{title}</a></b><p>Een samenvatting van het stuk die afbreekt ...</p>"
        f"<a href='/auteurs/anna-de-wit'>Anna de Wit</a></li>" for href, title, shown, _ in TEASERS)
    related = _item(_page(ARTICLE, after=f"<div><ul>{items}</ul></div>"))["related"]
    assert related[0] == {"url": URLS[0], "title": "Een eerste stuk over wonen",
                          "article_type": "Achtergrondartikel", "published": "2023-03-02",
                          "updated": None,
                          "summary": "Een samenvatting van het stuk die afbreekt ...",
                          "author": "Anna de Wit"}
    assert [t["url"] for t in related] == URLS


def test_plain_divs_with_a_linked_picture_and_a_title_are_one_teaser_each() -> None:
    rows = "".join(f"<div><a href='{href}'><img src='/p.jpg' alt=''></a>"
                   f"<div><a href='{href}'>{title}</a></div><div>{shown}</div></div>"
                   for href, title, shown, _ in TEASERS)
    assert _related(_page(ARTICLE, after=f"<div>{rows}</div>")) == WANT


def test_flat_headings_take_the_date_set_after_them() -> None:
    # Another markup of the same block: no element around each record, only a heading, its
    # date and its summary in a row of siblings.
    flat = "".join(f"<h4><a href='{href}'>{title}</a></h4><p>{shown}</p><p>Samenvatting.</p>"
                   for href, title, shown, _ in TEASERS)
    related = _item(_page(ARTICLE, side=f"<aside>{flat}</aside>"))["related"]
    assert [(t["url"], t["title"], t["published"], t["summary"]) for t in related] == [
        (*want, "Samenvatting.") for want in WANT]


def test_titles_only_as_links_split_by_br_are_teasers_with_their_title() -> None:
    links = "<br>".join(f"<a href='{href}'>{title}</a>" for href, title, _, _ in TEASERS)
    assert _related(_page(ARTICLE, side=f"<aside><p>{links}</p></aside>")) == [
        (url, title, None) for url, title, _ in WANT]


def test_a_titled_block_is_read_once_not_again_by_its_shape() -> None:
    cards = "".join(f"<article><h3><a href='{href}'>{title}</a></h3><p>{shown}</p></article>"
                    for href, title, shown, _ in TEASERS)
    assert _related(_page(ARTICLE, side=f"<aside><h2>Lees ook</h2>{cards}</aside>")) == WANT


NAVIGATION = [
    # the main menu, not in a <nav>: sections and service pages
    "<ul><li><a href='/nieuws'>Nieuws</a></li><li><a href='/dossiers'>Dossiers</a></li>"
    "<li><a href='/video'>Video</a></li><li><a href='/over-nul20'>Over NUL20</a></li></ul>",
    # a menu of article pages, a word or two each
    "<ul><li><a href='/dossiers/nul20-dashboards'>Dashboards</a></li>"
    "<li><a href='/dossiers/woningmarkt-in-cijfers'>Woningmarkt</a></li></ul>",
    # tag links three ways
    "<p><a rel='tag' href='/huurbeleid-amsterdam'>Huurbeleid in de stad</a>, "
    "<a rel='tag' href='/sociale-huur-amsterdam'>Sociale huur in Amsterdam</a></p>",
    "<ul><li><a href='/tags/middenhuur'>Middenhuur en de nieuwe wet</a></li>"
    "<li><a href='/taxonomy/term/12'>NUL20 nieuws van de week</a></li></ul>",
    # a pager
    "<ul><li><a href='/nieuws?page=1'>1</a></li><li><a href='/nieuws?page=2'>2</a></li>"
    "<li><a href='/nieuws?page=1'>volgende ›</a></li></ul>",
    # previous / next article, by label, by arrow and by rel
    "<div><div><a href='/dossiers/een-vorig-stuk-over-huur'>Vorig artikel: Een vorig stuk over "
    "huur</a></div><div><a href='/een-volgend-stuk-over-bouw'>Volgend artikel: Een volgend "
    "stuk over bouw</a></div></div>",
    "<p><a href='/dossiers/een-vorig-stuk-over-huur'>‹ Een vorig stuk over huur</a> "
    "<a href='/een-volgend-stuk-over-bouw'>Een volgend stuk over bouw ›</a></p>",
    "<p><a rel='prev' href='/dossiers/een-vorig-stuk-over-huur'>Een vorig stuk over huur</a> "
    "<a rel='next' href='/een-volgend-stuk-over-bouw'>Een volgend stuk over bouw</a></p>",
    # a footer of service pages, not in a <footer>
    "<div><a href='/colofon'>Colofon</a> · <a href='/privacy'>Privacy</a> · "
    "<a href='/adverteren'>Adverteren</a> · <a href='/contact'>Contact</a></div>",
    # social sharing and another site's feed
    "<ul><li><a href='https://www.facebook.com/sharer.php?u=x'>Deel dit op Facebook</a></li>"
    "<li><a href='https://twitter.com/intent/tweet?url=x'>Deel dit op Twitter</a></li></ul>",
    # a breadcrumb
    "<p><a href='/'>Home</a> › <a href='/dossiers'>Dossiers</a> › Titel van het stuk</p>",
    # comments under the article, each with its permalink and date
    "<div><div><h3><a href='/comment/812#comment-812'>Eindelijk gebeurt er iets</a></h3>"
    "<p>15.03.2023</p><p>Goed dat de gemeente dit oppakt.</p></div>"
    "<div><h3><a href='/comment/813#comment-813'>Veel te laat begonnen</a></h3>"
    "<p>16.03.2023</p><p>Dit had tien jaar geleden al moeten gebeuren.</p></div></div>",
]


@pytest.mark.parametrize("navigation", NAVIGATION, ids=range(len(NAVIGATION)))
def test_navigation_below_the_article_is_no_teaser_block(navigation: str) -> None:
    assert _item(_page(ARTICLE, after=f"<div>{navigation}</div>"))["related"] == []
    assert _item(_page(ARTICLE, side=f"<aside>{navigation}</aside>"))["related"] == []


def test_links_in_the_body_text_are_no_teasers() -> None:
    body = ("<ul>" + "".join(f"<li><a href='{href}'>{title}</a> {shown}</li>"
                             for href, title, shown, _ in TEASERS) + "</ul>")
    item = _item(_page(ARTICLE.replace(TEXT, TEXT + body + TEXT)))
    assert item["related"] == []
    assert any("Een eerste stuk over wonen" in line for line in item["body"])


def test_links_above_the_article_in_the_main_column_are_no_teasers() -> None:
    above = "<div>" + "".join(f"<div><a href='{href}'>{title}</a> {shown}</div>"
                              for href, title, shown, _ in TEASERS) + "</div>"
    assert _item(_page(above + ARTICLE))["related"] == []


def test_a_kicker_above_the_title_is_the_kicker() -> None:
    for kicker in ("<p>Woningbouw in Noord</p>", "<span>Woningbouw in Noord</span>",
                   "<h3>Woningbouw in Noord</h3>", "<div><div>Woningbouw in Noord</div></div>"):
        page = _page(f"<header>{kicker}<h1>Titel van het stuk</h1><p>14.03.2023</p></header>"
                     + TEXT)
        item = _item(page)
        assert item["kicker"] == "Woningbouw in Noord", kicker
        assert item["headline"] == "Titel van het stuk"
        assert item["body"][0].startswith("De gemeente")


NOT_KICKERS = [
    # a breadcrumb, with links and without
    "<p><a href='/'>Home</a> › <a href='/dossiers'>Dossiers</a></p>",
    "<p>Home › Dossiers</p>",
    # a date, a byline, a type
    "<p>14.03.2023</p>", "<p>Door Anna de Wit</p>", "<p>Achtergrondartikel</p>",
    # the site's name and a logo link
    "<p>NUL20</p>", "<p><a href='/'>Platform over wonen</a></p>",
    # a sentence
    "<p>De gemeente bouwt meer woningen in Noord.</p>",
]


@pytest.mark.parametrize("before", NOT_KICKERS, ids=range(len(NOT_KICKERS)))
def test_other_lines_above_the_title_are_no_kicker(before: str) -> None:
    page = _page(f"<header>{before}<h1>Titel van het stuk</h1></header><p>14.03.2023</p>" + TEXT)
    assert _item(page)["kicker"] is None


def test_a_site_header_above_the_title_is_no_kicker() -> None:
    # The site's header is no part of the article's: a slogan beside the logo, in a div
    # without classes, is not the article's kicker.
    page = (f"<!doctype html><html><head><meta charset='utf-8'>{HEAD}</head><body>"
            "<div><a href='/'><img src='/logo.png' alt='NUL20'></a><div>Platform over wonen"
            f"</div></div><div>{ARTICLE}</div></body></html>").encode()
    assert _item(page)["kicker"] is None


def test_a_kicker_after_a_breadcrumb_in_the_same_container_is_the_kicker() -> None:
    # Another markup of the same header: breadcrumb, kicker and title siblings in one div.
    page = _page("<div><p><a href='/'>Home</a> › <a href='/dossiers'>Dossiers</a></p>"
                 "<p>Woningbouw in Noord</p><h1>Titel van het stuk</h1><p>14.03.2023</p></div>"
                 + TEXT)
    assert _item(page)["kicker"] == "Woningbouw in Noord"


def test_a_slogan_after_a_text_logo_link_is_no_kicker() -> None:
    page = _page("<div><p><a href='/'>NUL20</a></p><p>Platform over wonen</p>"
                 "<h1>Titel van het stuk</h1><p>14.03.2023</p></div>" + TEXT)
    assert _item(page)["kicker"] is None


def test_a_whole_card_set_as_one_link_is_one_teaser() -> None:
    cards = "".join(f"<a href='{href}'><h3>{title}</h3><p>{shown}</p></a>"
                    for href, title, shown, _ in TEASERS)
    assert _related(_page(ARTICLE, side=f"<aside>{cards}</aside>")) == WANT


@pytest.mark.xfail(strict=True, reason="known limit: on a page without body markup the text "
                   "runs to the end of the title's container, so an untitled list of teasers "
                   "inside that container is read as body text, not as teasers")
def test_an_untitled_list_inside_the_texts_own_container_is_related() -> None:
    items = "".join(f"<li><a href='{href}'>{title}</a><br>{shown}</li>"
                    for href, title, shown, _ in TEASERS)
    assert _related(_page(ARTICLE + f"<ul>{items}</ul>")) == WANT


def test_titles_that_open_with_a_word_of_previous_next_are_teasers() -> None:
    titles = ["Volgende stap voor de woningbouw in Noord", "Oudere huurders willen kleiner wonen"]
    cards = "".join(f"<article><h3><a href='/dossiers/stuk-{n}'>{title}</a></h3></article>"
                    for n, title in enumerate(titles))
    assert [t["title"] for t in _item(_page(ARTICLE, side=f"<aside>{cards}</aside>"))[
        "related"]] == titles
