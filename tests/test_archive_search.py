"""`nul20scraper search` and the export filters, on a store filled from the fixture pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from nul20scraper.cli import main
from tests.archive_fixture_store import fill_store

NEWS_2021 = "https://www.nul20.nl/corporaties-leverden-2020-minder-sociale-huurwoningen-op"
FREEZE = "https://www.nul20.nl/corporaties-bevriezen-huren-lage-inkomens-2022"
EMERGENCY_FUND = "https://www.nul20.nl/noodfonds-energierekening-huurders-verlengd"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "nul20.sqlite"
    fill_store(path)
    return path


def search(capsys: pytest.CaptureFixture[str], store: Path, *args: str) -> tuple[int, str, str]:
    status = main(["search", "--store", str(store), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def hit_urls(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines()[1::3]]


def test_finds_an_article_by_a_word_of_its_body(store_path: Path, capsys) -> None:
    # news-2021-d7's body: "... droegen vorig jaar samen ruim 140 miljoen euro af aan het Rijk."
    status, out, _ = search(capsys, store_path, "Rijk miljoen")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == ("2021-09-14  Amsterdamse corporaties leverden vorig jaar minder sociale "
                        "huurwoningen op dan afgesproken")
    assert lines[1].strip() == NEWS_2021
    assert "[miljoen]" in lines[2] and "[Rijk]" in lines[2]
    assert len(lines) % 3 == 0


def test_hits_are_ranked_and_limited(store_path: Path, capsys) -> None:
    status, out, _ = search(capsys, store_path, "corporaties", "--limit", "2")
    assert status == 0
    assert len(hit_urls(out)) == 2
    _, everything, _ = search(capsys, store_path, "corporaties", "--limit", "50")
    assert hit_urls(everything)[:2] == hit_urls(out)
    assert len(hit_urls(everything)) > 2


def test_filters_by_publication_date_tag_type_and_author(store_path: Path, capsys) -> None:
    _, out, _ = search(capsys, store_path, "corporaties", "--since", "2021-01-01",
                       "--until", "2021-12-31", "--tag", "nul20 nieuws")
    # The 2021 NUL20 nieuws articles with the word in their text (no-picture-2021-d7 has
    # only "woningcorporaties", another word).
    assert sorted(hit_urls(out)) == sorted([NEWS_2021, FREEZE, EMERGENCY_FUND])
    _, out, _ = search(capsys, store_path, "corporaties", "--until", "2021-09-14",
                       "--tag", "Corporaties")
    # The until day is included; the 2009 dossier is tagged Corporaties too.
    assert sorted(hit_urls(out)) == [
        NEWS_2021, "https://www.nul20.nl/dossiers/huurders-kopen-hun-corporatiewoning-nauwelijks"]
    _, out, _ = search(capsys, store_path, "middenhuur", "--type", "achtergrondartikel",
                       "--author", "Jaap Kuiper")
    assert hit_urls(out) == ["https://www.nul20.nl/dossiers/beleggers-trekken-zich-terug-uit-middenhuur"]


def test_no_hit_is_status_1(store_path: Path, capsys) -> None:
    status, out, err = search(capsys, store_path, "xylofoon")
    assert (status, out) == (1, "")
    assert err.strip() == "nul20scraper: no article matches 'xylofoon'"


@pytest.mark.parametrize("query", ['huur AND (', '"open phrase', "nocolumn:huur"])
def test_bad_query_is_one_line_and_status_2(store_path: Path, capsys, query: str) -> None:
    status, out, err = search(capsys, store_path, query)
    assert (status, out) == (2, "")
    assert err.startswith(f"nul20scraper: bad search query {query!r}: ")
    assert len(err.strip().splitlines()) == 1


def test_bad_dates_are_usage_errors(store_path: Path, capsys) -> None:
    assert search(capsys, store_path, "huur", "--since", "2021-02-30")[0] == 2
    assert main(["export", "--store", str(store_path), "--published-until", "gisteren"]) == 2


def export(store: Path, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out"
    assert main(["export", "--store", str(store), "-o", str(out), *args]) == 0
    return out.read_bytes().decode("utf-8")


def test_export_by_publication_date_tag_author_type(store_path: Path, tmp_path: Path) -> None:
    text = export(store_path, tmp_path, "--published-since", "2021-07-05",
                  "--published-until", "2021-12-20", "--tag", "NUL20 nieuws")
    published = sorted(json.loads(line)["published"] for line in text.splitlines())
    # The last day is included; the Ivens article's latest revision gives a date only.
    assert published == ["2021-07-05", "2021-09-14T10:21:00+02:00", "2021-12-09T15:20:00+01:00",
                         "2021-12-20T16:05:00+01:00"]
    text = export(store_path, tmp_path, "--author", "marieke dijkstra")
    # In URL order: achtergrond-2022-d10 (she is its second author), html5-2022, table-2008.
    assert [json.loads(line)["authors"] for line in text.splitlines()] == [
        ["Jaap Kuiper", "Marieke Dijkstra"], ["Marieke Dijkstra"], ["Marieke Dijkstra"]]
    text = export(store_path, tmp_path, "--type", "Video", "--published-since", "2009-03-01")
    # A month-only date counts as the month's first day.
    assert [json.loads(line)["published"] for line in text.splitlines()] == ["2009-03"]
    text = export(store_path, tmp_path, "--tag", "Corporaties", "--tag", "Verkoop")
    assert [json.loads(line)["url"] for line in text.splitlines()] == [
        "https://www.nul20.nl/dossiers/huurders-kopen-hun-corporatiewoning-nauwelijks"]


def test_export_csv_byte_order_mark_only_on_excel(store_path: Path, tmp_path: Path) -> None:
    plain = export(store_path, tmp_path, "--format", "csv", "--tag", "Wooncoöperaties")
    assert plain.startswith("url,headline,")
    excel = export(store_path, tmp_path, "--format", "csv", "--excel", "--tag", "Wooncoöperaties")
    assert excel.startswith("\ufeffurl,headline,")
    rows = list(csv.DictReader(io.StringIO(excel.removeprefix("\ufeff"))))
    # The two articles with the tag, in URL order: html5-2022, windows1252-2021-d7.
    assert [row["headline"] for row in rows] == [
        "Eerste wooncoöperatie in Sloterdijk krijgt grond in erfpacht",
        "Wooncoöperatie ‘Het Rietveld’ opent eerste woningen op IJburg"]
    # --excel alone means CSV for Excel; with JSON Lines, which has no BOM, it is refused.
    assert export(store_path, tmp_path, "--excel").startswith("\ufeffurl,headline,")
    assert main(["export", "--store", str(store_path), "--format", "jsonl", "--excel"]) == 2
