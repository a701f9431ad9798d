"""A mirror in a plain theme: home, section and dossier pages that are a heading and a list of
links, articles without any CMS class or metadata. The crawl emits the articles only, each
once, and a second crawl of the unchanged mirror stores nothing new (a listing taken for an
article would be emitted, and stored again whenever its list of links moves)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nul20scraper.demo.server import MirrorServer, MirrorSite
from tests.crawl_support import FAST, run_scrapy_crawl
from tests.mockserver.pages import robots_txt

ARTICLES = {
    "/corporaties-bevriezen-huren-2022": (
        "Corporaties bevriezen de huren van lage inkomens", "12.05.2022",
        ["De Amsterdamse woningcorporaties bevriezen volgend jaar de huren van huurders met "
         "een laag inkomen, zo maakten zij dinsdag bekend na overleg met de gemeente.",
         "Het gaat om ongeveer veertigduizend huishoudens in de sociale huur. Huurders met een "
         "hoger inkomen krijgen een huurverhoging van hooguit drie procent."]),
    "/dossiers/wachtlijst-sociale-huur": (
        "Hoe lang wacht je op een sociale huurwoning?", "03.03.2022",
        ["Wie in Amsterdam een sociale huurwoning zoekt, staat gemiddeld ruim dertien jaar "
         "ingeschreven voordat er een woning wordt gevonden.",
         "De wachttijd loopt op doordat er minder woningen vrijkomen en de stad groeit. Het "
         "college wil meer sociale huurwoningen laten bouwen in Noord en Nieuw-West."]),
    "/video/bouw-woon-leef-noord": (
        "Bouw Woon Leef: wonen in Buiksloterham", "21.04.2022",
        ["In deze aflevering bezoeken we de nieuwe wijk Buiksloterham in Amsterdam-Noord, "
         "waar tien jaar geleden nog loodsen en braakliggende kavels lagen.",
         "Bewoners vertellen hoe zij hun huis samen met de buren hebben gebouwd en wat zij "
         "missen in de buurt: een school, een huisarts en een supermarkt."]),
}


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>"
            f"<title>{title} | NUL20</title></head><body>{body}</body></html>")


def _links(paths: list[str]) -> str:
    return "<ul>" + "".join(
        f"<li><a href='{path}'>{ARTICLES[path][0] if path in ARTICLES else path.strip('/')}"
        "</a></li>" for path in paths) + "</ul>"


def plain_site() -> MirrorSite:
    site = MirrorSite()
    site.add_text("/robots.txt", robots_txt(["/user/"], [], 0), "text/plain")
    menu = _links(["/nieuws", "/dossiers", "/video"])
    site.add_html("/", _page("Home", f"<h1>Home</h1>{menu}{_links(list(ARTICLES))}"))
    site.add_html("/nieuws", _page("Nieuws", "<h1>Nieuws</h1>" + _links(
        ["/corporaties-bevriezen-huren-2022", "/dossiers/wachtlijst-sociale-huur"])))
    site.add_html("/dossiers", _page("Dossiers", "<h2>Dossiers</h2>" + _links(
        ["/dossiers/wachtlijst-sociale-huur"])))
    site.add_html("/video", _page("Video", "<h1>Video</h1>" + _links(
        ["/video/bouw-woon-leef-noord"])))
    for path, (headline, day, paragraphs) in ARTICLES.items():
        text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        site.add_html(path, _page(headline, f"<p><a href='/'>NUL20</a></p>{menu}"
                                  f"<h1>{headline}</h1><p>{day}</p>{text}"))
    return site


def test_a_plain_mirror_gives_its_articles_only_each_once(tmp_path: Path) -> None:
    with MirrorServer(plain_site()) as server:
        first = run_scrapy_crawl(server.origin, tmp_path, FAST, command="nul20scraper")
        assert first.returncode == 0, first.stderr[-2000:]
        assert sorted(item["headline"] for item in first.items) == sorted(
            headline for headline, _, _ in ARTICLES.values())
        assert sorted(item["url"] for item in first.items) == sorted(
            f"https://www.nul20.nl{path}" for path in ARTICLES)
        assert all(item["body"] == ARTICLES[item["url"].removeprefix("https://www.nul20.nl")][2]
                   for item in first.items)
        # The home, section and dossier listings were read and told apart as listings.
        listings = first.report["not_articles"]
        assert listings["listing"]["count"] >= 4, listings

        second = run_scrapy_crawl(server.origin, tmp_path, FAST, command="nul20scraper")
        assert second.returncode == 0, second.stderr[-2000:]
        assert len(second.items) == len(ARTICLES)
    with sqlite3.connect(tmp_path / "nul20.sqlite") as store:
        revisions = store.execute("select count(*) from revisions").fetchone()[0]
        articles = store.execute("select count(*) from articles").fetchone()[0]
    assert (articles, revisions) == (len(ARTICLES), len(ARTICLES))
