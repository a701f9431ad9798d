"""Markups of the same site content that the fixtures' own themes do not cover: a page replayed
by the Web Archive and saved to a file, reader comments in a node, C1 characters, dates written
out, pull quotes, microdata teasers, AMP's `?amp`."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from nul20scraper.extract import parse_article
from nul20scraper.extract.dates import parse_any_date, with_time_of_day
from nul20scraper.extract.labels import DATE_ONLY, NAME_AND_DATE, NAMED_DATE_ONLY
from nul20scraper.urls import archived_capture, canonical_url, unarchived

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
EXPECTED = ROOT / "fixtures" / "expected"
TIMESTAMP = "20220124101500"
SEED_URL = "https://www.nul20.nl/wethouder-ivens-direct-weg-wegens-grensoverschrijdend-gedrag"


def replayed(page: str, original: str) -> str:
    """The page as the Wayback Machine replays it: links through /web/<ts>/, pictures through
    /web/<ts>im_/, its playback script in the head and its toolbar atop the body."""
    def rewrite(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        if value.startswith(("#", "mailto:")):
            return match.group(0)
        absolute = value if value.startswith("http") else "https://www.nul20.nl" + value
        kind = "im_" if attr == "src" else ""
        return f'{attr}="/web/{TIMESTAMP}{kind}/{absolute}"'

    page = re.sub(r'\b(href|src)="([^"]*)"', rewrite, page)
    page = page.replace("<head>", f'<head><script>__wm.wombat("{original}","{TIMESTAMP}",'
                        '"https://web.archive.org/","web");</script>', 1)
    toolbar = ('<div id="wm-ipp-base"><div id="wm-ipp"><table><tr><td>DEC</td><td>JAN</td>'
               '<td>MAR</td></tr><tr><td>24</td></tr><tr><td>2021</td><td>2022</td></tr>'
               '</table><div>14 captures</div><div>6 Jul 2021 - 2 Sep 2023</div></div></div>')
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + toolbar, page, count=1)


def test_a_saved_web_archive_copy_is_the_page_it_replays() -> None:
    """Saved to a file, with no canonical link: the playback script names the page and the
    capture, so the URL, tags, teasers and teaser years are those of www.nul20.nl in 2022."""
    page = (PAGES / "seed-ivens-plain.html").read_text(encoding="utf-8")
    item = parse_article(replayed(page, SEED_URL).encode(), "file:///tmp/ivens.html",
                         "2026-11-30T15:00:00+01:00")
    want = json.loads((EXPECTED / "seed-ivens-plain.json").read_text(encoding="utf-8"))
    assert item["url"] == SEED_URL
    for field in ("headline", "published", "body", "updates", "tags", "related", "image"):
        assert item[field] == want[field], field


@pytest.mark.parametrize(("replay", "original"), [
    ("https://web.archive.org/web/20220124101500/https://www.nul20.nl/x",
     "https://www.nul20.nl/x"),
    ("https://web.archive.org/web/20220124101500im_/https://www.nul20.nl/a.jpg?itok=1",
     "https://www.nul20.nl/a.jpg?itok=1"),
    ("/web/2009/http://www.nul20.nl:80/dossiers/y", "http://www.nul20.nl:80/dossiers/y"),
    ("http://web.archive.org/web/20090615000000/http:/nul20.nl/z", "http://nul20.nl/z"),
])
def test_replay_urls_unwrap(replay: str, original: str) -> None:
    assert unarchived(replay) == original
    capture = archived_capture(replay)
    assert capture is not None and capture.captured.year in (2009, 2022)


def test_other_urls_are_no_replays() -> None:
    for url in ("https://www.nul20.nl/web/x", "https://www.nul20.nl/dossiers/web/2022",
                "https://archive.org/details/alexacrawls"):
        assert archived_capture(url) is None and unarchived(url) == url
    assert canonical_url("http://web.archive.org/web/2021/https://www.nul20.nl/q") != (
        "https://www.nul20.nl/q")  # the crawler's canonical form is left as it was


def test_comment_dates_are_not_the_articles() -> None:
    """Without the node's own RDFa date, a comment's RDFa date is not taken: the date shown
    in the node's submitted line is (with the time of day it shows)."""
    page = (PAGES / "renderings" / "rdfa-bartik-2021-d7.html").read_text(encoding="utf-8")
    page = page.replace('<span property="dc:date dc:created" '
                        'content="2021-10-12T09:30:00+02:00" datatype="xsd:dateTime" ', '<span ')
    item = parse_article(page.encode(), "https://www.nul20.nl/voorrang-sociale-huur-leraren-"
                         "zorgmedewerkers", "2021-11-03T15:05:00+01:00")
    assert item["published"] == "2021-10-12T09:30:00+02:00"
    assert item["authors"] == ["Pieter Lesage"]


def test_c1_characters_read_as_windows_1252() -> None:
    body = "<p>" + "Over de huur van woningen in Amsterdam en meer. " * 6 + "</p>"
    page = (f"<html><head><meta charset='utf-8'></head><body><h1>Huur \u0080 25 voor "
            f"\u0093scheefwoners\u0094</h1><p>05.07.21</p>{body}</body></html>")
    item = parse_article(page.encode("utf-8"), "https://www.nul20.nl/x")
    assert item["headline"] == "Huur € 25 voor “scheefwoners”"
    assert any("C1 control" in w for w in item["warnings"])


@pytest.mark.parametrize(("line", "day", "time"), [
    ("dinsdag 3 mei 2022", date(2022, 5, 3), None),
    ("3 mei '22", date(2022, 5, 3), None),
    ("3-5-2022", date(2022, 5, 3), None),
    ("dinsdag 3 mei 2022 om 14:05 uur", date(2022, 5, 3), "14:05"),
    ("di, 12/10/2021 - 09:30", date(2021, 10, 12), "09:30"),
    ("12 mei 2022, 9.30 uur", date(2022, 5, 12), "09:30"),
    ("05.07.21", date(2021, 7, 5), None),  # `07.21` is no time of day
])
def test_date_lines(line: str, day: date, time: str | None) -> None:
    assert DATE_ONLY.match(line) or NAMED_DATE_ONLY.match(line)
    assert parse_any_date(line) == day
    stated = with_time_of_day(day, line)
    assert (stated.strftime("%H:%M") if time else stated) == (time or day)


@pytest.mark.parametrize(("line", "name"), [
    ("Jaap Kuiper dinsdag 15 maart 2022", "Jaap Kuiper"),
    ("Fred van der Molen 15.03.2022", "Fred van der Molen"),
])
def test_a_name_beside_the_date_is_a_byline(line: str, name: str) -> None:
    match = NAME_AND_DATE.match(line)
    assert match is not None and match["name"] == name


PULL_QUOTE_PAGE = """<html><head><title>Kop | NUL20</title></head><body><main><article>
<h1>Kop</h1><p>05.07.21</p>
<p>Een eerste alinea met genoeg woorden om tekst te zijn, over huren en kopen in de stad.</p>
<div>‘Huren en kopen in de stad’</div>
<p>‘Dit citaat staat alleen hier, op een eigen regel’</p>
<p>Een laatste alinea, ook met genoeg woorden om als tekst van het artikel te gelden.</p>
</article></main></body></html>"""


def test_a_pull_quote_repeats_the_text_and_a_quote_of_its_own_stays() -> None:
    item = parse_article(PULL_QUOTE_PAGE.encode(), "https://www.nul20.nl/kop")
    assert "‘Huren en kopen in de stad’" not in item["body"]
    assert "‘Dit citaat staat alleen hier, op een eigen regel’" in item["body"]
    assert len(item["body"]) == 3


MICRODATA_TEASERS = """<html><head><title>Kop | NUL20</title></head><body>
<aside><div itemscope itemtype="https://schema.org/NewsArticle">
<a href="/ander" itemprop="headline">Ander artikel</a>
<meta itemprop="datePublished" content="2020-01-01T08:00:00+01:00"></div></aside>
<main><div itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">Kop</h1><time itemprop="datePublished" datetime="2022-05-03T14:05:00+02:00">
3 mei 2022</time><div itemprop="articleBody"><p>Een alinea met genoeg woorden om de tekst van
het artikel te zijn, over wonen in Amsterdam.</p><p>Nog een alinea over wonen.</p></div></div>
</main></body></html>"""


def test_microdata_of_a_teaser_beside_the_article_is_not_the_articles() -> None:
    item = parse_article(MICRODATA_TEASERS.encode(), "https://www.nul20.nl/kop")
    assert item["published"] == "2022-05-03T14:05:00+02:00"
    assert item["headline"] == "Kop"


def test_amp_switch_is_no_other_page() -> None:
    assert canonical_url("https://www.nul20.nl/x?amp") == "https://www.nul20.nl/x"
    assert canonical_url("https://www.nul20.nl/x?amp=1&page=2") == "https://www.nul20.nl/x?page=2"
