"""Offline re-parse of WARC files into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from nul20scraper.archive import reparse as reparse_module
from nul20scraper.archive.reparse import reparse_warcs
from nul20scraper.archive.store import Store
from nul20scraper.archive.warc import WarcRecorder
from nul20scraper.cli import main
from nul20scraper.extract import parse_article

PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<meta property="og:type" content="article"><title>{title}</title></head>
<body><article><h1>{title}</h1><div class="date">05.07.21</div>
<p>De woningcorporaties in Amsterdam bouwen dit jaar meer sociale huurwoningen.</p>
</article></body></html>"""
LISTING = "<html><body><ul><li><a href='/a'>A</a></li></ul></body></html>"


def write_warc(directory: Path, pages: dict[str, str], statuses: dict[str, int] | None = None,
               ) -> Path:
    recorder = WarcRecorder(directory, "run")
    for url, html in pages.items():
        recorder.write_exchange(
            url, status=(statuses or {}).get(url, 200), body=html.encode(),
            response_headers=[("Content-Type", "text/html; charset=utf-8")],
            date="2022-01-24T09:00:00Z",
        )
    recorder.close()
    return recorder.paths[0]


@pytest.fixture
def warc(tmp_path: Path) -> Path:
    return write_warc(tmp_path / "warc", {
        "https://www.nul20.nl/huur-omhoog": PAGE.format(title="Huur gaat omhoog"),
        "https://www.nul20.nl/bouw-omlaag": PAGE.format(title="Bouw gaat omlaag"),
        "https://www.nul20.nl/": LISTING,
        "https://www.nul20.nl/weg": PAGE.format(title="Verdwenen"),
    }, statuses={"https://www.nul20.nl/weg": 404})


def test_reparse_records_articles_and_counts_the_rest(warc: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = reparse_warcs([warc], store)
        assert (counts["new"], counts["not-article"], counts["skipped"], counts["errors"]) == (
            2, 1, 1, 0)
        items = {r.url: r.item for r in store.latest()}
    assert items["https://www.nul20.nl/huur-omhoog"] == parse_article(
        PAGE.format(title="Huur gaat omhoog").encode(), "https://www.nul20.nl/huur-omhoog",
        "2022-01-24T09:00:00Z")
    with Store.open(tmp_path / "s.sqlite") as store:
        again = reparse_warcs([warc], store)
    assert (again["new"], again["revised"], again["unchanged"]) == (0, 0, 2)


def test_new_parser_version_revises_only_changed_extractions(
    warc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        reparse_warcs([warc], store)

    def newer_parser(page: bytes, url: str, fetched_at: str) -> Any:
        item = parse_article(page, url, fetched_at)
        if isinstance(item, dict):
            item["parser_version"] = "99.0"
            if url.endswith("/huur-omhoog"):
                item["kicker"] = "Huurbeleid"  # the new version finds a kicker here only
        return item

    monkeypatch.setattr(reparse_module, "parse_article", newer_parser)
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = reparse_warcs([warc], store)
        assert (counts["revised"], counts["unchanged"]) == (1, 1)
        latest = {r.url: r for r in store.latest()}
    assert latest["https://www.nul20.nl/huur-omhoog"].item["kicker"] == "Huurbeleid"
    assert latest["https://www.nul20.nl/huur-omhoog"].parser_version == "99.0"
    assert latest["https://www.nul20.nl/bouw-omlaag"].parser_version != "99.0"


def test_a_failing_record_is_counted_and_the_rest_goes_on(
    warc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def flaky_parser(page: bytes, url: str, fetched_at: str) -> Any:
        if url.endswith("/huur-omhoog"):
            raise RuntimeError("parser bug")
        return parse_article(page, url, fetched_at)

    monkeypatch.setattr(reparse_module, "parse_article", flaky_parser)
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = reparse_warcs([warc], store)
    assert (counts["errors"], counts["new"]) == (1, 1)


def test_cli_on_a_cut_off_warc_counts_an_error_without_traceback(
    warc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = warc.read_bytes()
    with warc.open("rb") as stream:
        records = ArchiveIterator(stream)
        offsets = [(r.rec_type, records.get_record_offset()) for r in records]
    last_response = [offset for kind, offset in offsets if kind == "response"][-1]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: last_response + 120])  # a writer killed inside that record
    status = main(["reparse", str(cut), "--store", str(tmp_path / "s.sqlite")])
    captured = capsys.readouterr()
    assert status == 1
    assert "new=2 revised=0 unchanged=0 not-article=1 skipped=0 errors=1" in captured.out
    assert "Traceback" not in captured.err


def test_cli_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["reparse", str(tmp_path / "nope.warc.gz"),
                 "--store", str(tmp_path / "s.sqlite")]) == 2
