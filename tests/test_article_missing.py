"""A login wall, an empty 200 or an error page where an article was expected is a named
failure (article_missing) that makes the run partial, and never a revision of the article."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from nul20scraper import shared
from nul20scraper.crawl.expected_articles import ExpectedArticles, login_wall
from nul20scraper.demo.markup import listing_page, page_shell, robots_txt, sitemap_urlset
from nul20scraper.demo.server import MirrorServer, MirrorSite
from nul20scraper.urls import SITE_ORIGIN
from tests.crawl_support import FAST, PARAGRAPHS, run_scrapy_crawl
from tests.mockserver.pages import ArticleSpec, Teaser, article_page

WALLED = "/dossiers/achter-de-muur"
EMPTIED = "/dossiers/leeg-antwoord"
BROKEN = "/dossiers/foutpagina"
STEADY = "/dossiers/blijft-staan"
LISTED_ONLY = "/dossiers/alleen-in-de-lijst"
PATHS = (WALLED, EMPTIED, BROKEN, STEADY)

LOGIN_WALL_PAGE = page_shell("Inloggen", "", (
    "<h1>Dit artikel is alleen voor abonnees</h1><p>Log in om verder te lezen.</p>"
    '<form id="user-login" action="/user/login" method="post">'
    '<input type="text" name="name"><input type="password" name="pass">'
    '<input type="submit" value="Inloggen"></form>'))
BARE_LOGIN_FORM = page_shell("Inloggen", "", (
    '<h1>Inloggen</h1><form id="user-login" method="post"><label>Gebruikersnaam</label>'
    '<input type="text" name="name"><label>Wachtwoord</label>'
    '<input type="PassWord" name="pass"><input type="submit" value="Inloggen"></form>'))
ERROR_PAGE = page_shell("Er is iets misgegaan", "", "")


def article(path: str, nid: int) -> str:
    return article_page(ArticleSpec(path=path, nid=nid, headline=f"Artikel {nid} over huur",
                                    published=date(2021, 7, 5), paragraphs=PARAGRAPHS))


def html_response(body: str, url: str = "https://www.nul20.nl/x") -> HtmlResponse:
    return HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8")


def test_login_walls_are_recognised() -> None:
    assert login_wall(html_response(LOGIN_WALL_PAGE)) == (
        "login wall ('log in om verder te lezen')")
    assert login_wall(html_response(BARE_LOGIN_FORM)) == (
        "login wall (a password form and 0 characters of text)")


def test_an_article_with_a_login_box_beside_it_is_no_wall() -> None:
    page = article(STEADY, 1).replace(
        "</body>", '<form><input type="password" name="pass"></form></body>')
    assert login_wall(html_response(page)) is None
    assert login_wall(html_response(article(STEADY, 1))) is None


def test_missing_only_where_an_article_was_expected(tmp_path: Path) -> None:
    nothing_known = ExpectedArticles(None)
    assert nothing_known.missing("empty", "https://www.nul20.nl/a", {"nul20_article_link": True})
    assert nothing_known.missing("login_wall", "https://www.nul20.nl/a",
                                 {shared.KIND_META: "recheck"})
    assert not nothing_known.missing("empty", "https://www.nul20.nl/a", {})
    # A listing at a sitemap's URL is the site's choice, not a missing article.
    assert not nothing_known.missing("listing", "https://www.nul20.nl/a",
                                     {"nul20_article_link": True})


def build_site(site: MirrorSite, good: bool) -> None:
    site.add_text("/robots.txt", robots_txt([], ["https://www.nul20.nl/sitemap.xml"], None),
                  "text/plain")
    site.add_text("/sitemap.xml", sitemap_urlset(
        (f"https://www.nul20.nl{path}", "2022-01-24") for path in PATHS), "application/xml")
    site.add_html("/", listing_page("NUL20", "/", [
        Teaser(LISTED_ONLY, "Alleen via de lijst...", day=date(2021, 7, 5))], front=True))
    for nid, path in enumerate(PATHS, start=300):
        site.add_html(path, article(path, nid))
    site.add_html(LISTED_ONLY, article(LISTED_ONLY, 399) if good else b"")
    if not good:
        site.add_html(WALLED, LOGIN_WALL_PAGE)
        site.add_html(EMPTIED, b"")
        site.add_html(BROKEN, ERROR_PAGE)


def latest_revisions(store: Path) -> dict[str, int]:
    with closing(sqlite3.connect(store)) as conn:
        return dict(conn.execute("SELECT url, latest_revision_id FROM articles").fetchall())


@pytest.fixture(scope="module")
def two_crawls(tmp_path_factory: pytest.TempPathFactory):
    site = MirrorSite()
    build_site(site, good=True)
    tmp = tmp_path_factory.mktemp("walls")
    with MirrorServer(site, max_seconds=300) as server:
        first = run_scrapy_crawl(server.origin, tmp, FAST, command="nul20scraper")
        before = latest_revisions(tmp / "nul20.sqlite")
        build_site(site, good=False)
        second = run_scrapy_crawl(server.origin, tmp, FAST, command="nul20scraper")
    return server.origin, tmp, first, before, second


def test_the_first_crawl_stores_every_article(two_crawls) -> None:
    _, _, first, before, _ = two_crawls
    assert first.returncode == shared.OK, first.stderr[-3000:]
    # Stored on the site's origin, whatever host served the pages.
    assert set(before) == {f"{SITE_ORIGIN}{path}" for path in (*PATHS, LISTED_ONLY)}


def test_walls_and_empty_pages_are_named_failures(two_crawls) -> None:
    origin, _, _, _, second = two_crawls
    assert second.returncode == shared.PARTIAL_FAILURE, second.stderr[-3000:]
    missing = second.report["failures"][shared.ARTICLE_MISSING]
    by_url = {entry.split(" (", 1)[0]: entry for entry in missing["urls"]}
    assert set(by_url) == {f"{origin}{path}" for path in (WALLED, EMPTIED, BROKEN, LISTED_ONLY)}
    assert by_url[f"{origin}{WALLED}"].endswith(
        "(login_wall: login wall ('log in om verder te lezen'))")
    assert by_url[f"{origin}{EMPTIED}"].startswith(f"{origin}{EMPTIED} (empty: ")
    assert by_url[f"{origin}{BROKEN}"].startswith(f"{origin}{BROKEN} (no-content: ")
    # Known from the store only (no sitemap names it): expected all the same.
    assert by_url[f"{origin}{LISTED_ONLY}"].startswith(f"{origin}{LISTED_ONLY} (empty: ")
    assert missing["count"] == 4
    assert [item["url"] for item in second.items] == [f"{SITE_ORIGIN}{STEADY}"]


def test_no_wall_becomes_a_revision(two_crawls) -> None:
    _, tmp, _, before, _ = two_crawls
    assert latest_revisions(tmp / "nul20.sqlite") == before
    with closing(sqlite3.connect(tmp / "nul20.sqlite")) as conn:
        assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == len(before)
