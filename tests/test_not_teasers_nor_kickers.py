"""Lines a real page has near its article that look like teasers, a kicker or a pull quote
and are none: a footer of service pages with a page or two among them, a comment thread
without classes, a byline's bare name or a dateline above the title, a short quoted answer
in an interview."""

from __future__ import annotations

from nul20scraper.extract import parse_article

TEXT = ("<p>05.07.21</p><p>De Amsterdamse woningcorporaties bevriezen volgend jaar de huren "
        "van huurders met een laag inkomen, zo maakten zij dinsdag bekend.</p>"
        "<p>Het gaat om ongeveer veertigduizend huishoudens in de sociale huur in de stad.</p>")


def parsed(before_title: str = "", after_article: str = "", text: str = TEXT) -> dict:
    page = (f"<html><head><title>Corporaties bevriezen huren | NUL20</title></head><body>"
            f"<main><article><header>{before_title}<h1>Corporaties bevriezen huren</h1>"
            f"</header>{text}</article>{after_article}</main></body></html>")
    item = parse_article(page.encode(), "https://www.nul20.nl/corporaties-bevriezen-huren")
    assert isinstance(item, dict) and item["headline"] == "Corporaties bevriezen huren"
    return item


def test_a_footer_of_service_pages_with_two_pages_among_them_is_no_teaser_block() -> None:
    footer = ("<div><ul><li><a href='/colofon'>Colofon</a></li><li><a href='/contact'>Contact"
              "</a></li><li><a href='/nieuwsbrief-aanmelden'>Abonneer op de nieuwsbrief</a>"
              "</li><li><a href='/dossiers/nul20-dashboards'>NUL20 Dashboards woningvoorraad "
              "Amsterdam</a></li></ul></div>")
    assert parsed(after_article=footer)["related"] == []


def test_a_comment_thread_without_classes_gives_no_teasers() -> None:
    comments = "<section><h2>3 reacties</h2>" + "".join(
        f"<div><p><a href='/gebruiker/jan-de-vries-{n}'>Jan de Vries {n}</a> 06.07.21 - 09:30"
        f"</p><p>Goed stuk, dank voor het uitzoeken van de cijfers.</p></div>"
        for n in range(1, 4)) + "</section>"
    assert parsed(after_article=comments)["related"] == []


def test_the_same_block_with_titles_is_a_teaser_block() -> None:
    # The rule's other side: sibling records of links to articles, each with a title.
    cards = "<div>" + "".join(
        f"<div><p><a href='/artikel-over-huren-{n}'>Huren in Amsterdam stijgen weer, deel {n}"
        f"</a></p><p>0{n}.07.21</p></div>" for n in range(1, 4)) + "</div>"
    related = parsed(after_article=cards)["related"]
    assert [teaser["title"] for teaser in related] == [
        f"Huren in Amsterdam stijgen weer, deel {n}" for n in range(1, 4)]


def test_a_bare_name_or_a_dateline_above_the_title_is_no_kicker() -> None:
    assert parsed("<p>Jan Jansen</p>")["kicker"] is None
    assert parsed("<p>Fred van der Molen</p>")["kicker"] is None
    assert parsed("<p>Amsterdam, 5 juli</p>")["kicker"] is None
    assert parsed("<p>Wonen in Noord</p>")["kicker"] == "Wonen in Noord"


def test_a_short_quoted_answer_that_comes_back_stays_in_the_body() -> None:
    answer = "“Die plannen steunen we volledig.”"
    text = (f"<p>05.07.21</p><p>{answer}</p><p>Dus die plannen steunen we volledig, ook als "
            "het de corporaties geld kost, zegt de wethouder.</p>")
    assert answer in parsed(text=text)["body"]


def test_links_to_tag_and_author_pages_are_no_teasers() -> None:
    """A `Lees ook` block's links to tag and author pages, by any of the paths the tag and
    byline layers know, are not related articles; its link to an article is."""
    links = "".join(f'<li><a href="/{path}/huurbeleid">Huurbeleid</a></li>' for path in (
        "tag", "tags", "trefwoorden", "taxonomy/term", "auteur", "auteurs", "author", "authors"))
    item = parsed(after_article=(
        f'<section><h2>Lees ook</h2><ul>{links}'
        '<li><a href="/huren-omhoog-in-2022">Huren omhoog in 2022</a></li></ul></section>'))
    assert [teaser["url"] for teaser in item["related"]] == [
        "https://www.nul20.nl/huren-omhoog-in-2022"]
