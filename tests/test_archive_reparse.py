"""Offline re-parse of WARC files into the store."""

from __future__ import annotations

import functools
import gzip
import json
import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from nul20scraper.archive import reparse as reparse_module
from nul20scraper.archive.reparse import reparse_warcs
from nul20scraper.archive.store import Store
from nul20scraper.archive.warc import WarcRecorder
from nul20scraper.cli import main
from nul20scraper.extract import parse_article, parse_article_with_provenance

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
        layers = {r.url: r.layers for r in store.latest()}
    assert items["https://www.nul20.nl/huur-omhoog"] == parse_article(
        PAGE.format(title="Huur gaat omhoog").encode(), "https://www.nul20.nl/huur-omhoog",
        "2022-01-24T09:00:00Z")
    # A re-parse records, as a crawl does, which parser layer answered each field.
    assert layers["https://www.nul20.nl/huur-omhoog"] == parse_article_with_provenance(
        PAGE.format(title="Huur gaat omhoog").encode(), "https://www.nul20.nl/huur-omhoog",
        "2022-01-24T09:00:00Z").layers
    assert layers["https://www.nul20.nl/huur-omhoog"]["headline"] in {"cms", "structure"}
    with Store.open(tmp_path / "s.sqlite") as store:
        again = reparse_warcs([warc], store)
    assert (again["new"], again["revised"], again["unchanged"]) == (0, 0, 2)


def test_new_parser_version_revises_only_changed_extractions(
    warc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        reparse_warcs([warc], store)

    def newer_parser(page: bytes, url: str, fetched_at: str) -> Any:
        outcome = parse_article_with_provenance(page, url, fetched_at)
        item = outcome.result
        if isinstance(item, dict):
            item["parser_version"] = "99.0"
            if url.endswith("/huur-omhoog"):
                item["kicker"] = "Huurbeleid"  # the new version finds a kicker here only
        return outcome

    monkeypatch.setattr(reparse_module, "parse_article_with_provenance", newer_parser)
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
        return parse_article_with_provenance(page, url, fetched_at)

    monkeypatch.setattr(reparse_module, "parse_article_with_provenance", flaky_parser)
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


# -- worker processes -----------------------------------------------------------------------

FIXTURE_PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def fixture_warc(directory: Path) -> Path:
    """Every fixture page (articles and not), then one article again, fetched later with other
    content: its result (a revision, which one is latest) depends on the order of the writes."""
    recorder = WarcRecorder(directory, "fixtures")
    headers = [("Content-Type", "text/html; charset=utf-8")]
    for page in sorted(FIXTURE_PAGES.glob("*.html")):
        meta = json.loads(page.with_suffix(".meta.json").read_text(encoding="utf-8"))
        recorder.write_exchange(meta["url"], status=200, response_headers=headers,
                                body=page.read_bytes(), date="2022-01-24T09:00:00Z")
    changed = (FIXTURE_PAGES / "news-2022-d10.html").read_bytes().replace(
        b"opkoopbescherming", b"opkoopverbod", 1)
    meta = json.loads((FIXTURE_PAGES / "news-2022-d10.meta.json").read_text(encoding="utf-8"))
    recorder.write_exchange(meta["url"], status=200, response_headers=headers, body=changed,
                            date="2022-02-01T09:00:00Z")
    recorder.write_exchange("https://www.nul20.nl/verhuisd", status=301, body=b"",
                            response_headers=headers, date="2022-02-01T09:00:00Z")
    recorder.close()
    return recorder.paths[0]


def store_rows(path: Path) -> list[tuple[Any, ...]]:
    """Both tables in insertion order, without the wall-clock `created` column."""
    with Store.open(path) as store:
        articles = store.conn.execute(
            "SELECT id, url, first_seen, last_seen, latest_revision_id FROM articles ORDER BY id"
        ).fetchall()
        revisions = store.conn.execute(
            "SELECT id, article_id, content_hash, item, fetched_at, parser_version"
            " FROM revisions ORDER BY id").fetchall()
    return [*articles, *revisions]


def test_two_workers_give_the_store_and_counts_of_one(tmp_path: Path, start_method: str) -> None:
    warc = fixture_warc(tmp_path / "warc")
    results = {}
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.sqlite") as store:
            counts = reparse_warcs([warc], store, workers=workers)
        results[workers] = (counts, store_rows(tmp_path / f"w{workers}.sqlite"))
    counts, rows = results[1]
    articles = len([page for page in FIXTURE_PAGES.glob("*.meta.json")
                    if json.loads(page.read_text(encoding="utf-8"))["kind"] == "article"])
    # Two fixtures are one article in two markups: the second is a revision or unchanged.
    assert counts["new"] == articles - 1
    assert counts["revised"] + counts["unchanged"] == 2
    assert counts["revised"] >= 1  # the changed copy of news-2022-d10
    # Not articles: the nieuws listing, the tag page, the edition, the video section and the
    # directory index; skipped: the redirect.
    assert (counts["not-article"], counts["skipped"], counts["errors"]) == (5, 1, 0)
    assert len(rows) > articles
    assert results[2] == results[1]


def test_pages_in_flight_stay_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = fixture_warc(tmp_path / "warc")
    read = 0
    ahead: list[int] = []
    real_read, real_record = reparse_module.read_responses_with_offsets, Store.record

    def counting_read(path: Any) -> Any:
        nonlocal read
        for record in real_read(path):
            read += 1
            yield record

    def watched_record(self: Store, item: Any, **kwargs: Any) -> Any:
        ahead.append(read)
        return real_record(self, item, **kwargs)

    monkeypatch.setattr(reparse_module, "read_responses_with_offsets", counting_read)
    monkeypatch.setattr(Store, "record", watched_record)
    monkeypatch.setattr(reparse_module, "BATCH_PAGES", 2)
    with Store.open(tmp_path / "s.sqlite") as store:
        reparse_warcs([warc], store, workers=2)
    # Read ahead of the n-th item stored: the batches in flight, the batch being filled, and
    # the 6 pages that give no item (5 not articles and a redirect).
    bound = 2 * (reparse_module.BATCHES_PER_WORKER * 2 + 1) + 6
    assert len(ahead) == 29  # 28 fixture articles and the changed copy
    assert max(read_then - stored for stored, read_then in enumerate(ahead)) <= bound
    assert ahead[0] < read  # the first item was stored before the whole file was read


@pytest.fixture(params=multiprocessing.get_all_start_methods())
def start_method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The workers started by each start method this platform has: fork (Linux's default
    before Python 3.14), spawn (macOS's) and forkserver (Linux's from 3.14)."""
    context = multiprocessing.get_context(request.param)
    monkeypatch.setattr(reparse_module, "ProcessPoolExecutor",
                        functools.partial(ProcessPoolExecutor, mp_context=context))
    return request.param


# Worker tasks that stand in for reparse.parse_batch. They are functions of this module, so a
# worker gets them by import whatever its start method; a patched module attribute reaches a
# forked worker only.
def flaky_batch(pages: list[reparse_module.PageToParse]) -> list[reparse_module.ParseOutcome]:
    """parse_batch with a parser that raises on one page, as a parser bug does."""
    real = reparse_module.parse_article_with_provenance

    def flaky_parser(page: bytes, url: str, fetched_at: str) -> Any:
        if url.endswith("/huur-omhoog"):
            raise RuntimeError("parser bug")
        return real(page, url, fetched_at)

    reparse_module.parse_article_with_provenance = flaky_parser  # in the worker only
    try:
        return [reparse_module.parse_page(page) for page in pages]
    finally:
        reparse_module.parse_article_with_provenance = real


def dying_batch(pages: list[reparse_module.PageToParse]) -> list[reparse_module.ParseOutcome]:
    """parse_batch whose worker dies on one page, as one killed by the OOM killer."""
    if any(page.url.endswith("/artikel-3") for page in pages):
        os._exit(1)
    return [reparse_module.parse_page(page) for page in pages]


def test_a_failing_page_in_a_worker_is_counted_and_named(
    warc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, start_method: str,
) -> None:
    monkeypatch.setattr(reparse_module, "parse_batch", flaky_batch)
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = reparse_warcs([warc], store, workers=2)
    assert (counts["errors"], counts["new"], counts["not-article"]) == (1, 1, 1)
    assert "https://www.nul20.nl/huur-omhoog: RuntimeError: parser bug" in caplog.text


def test_a_dead_worker_costs_only_the_pages_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    start_method: str,
) -> None:
    pages = {f"https://www.nul20.nl/artikel-{n}": PAGE.format(title=f"Artikel nummer {n}")
             for n in range(40)}
    warc = write_warc(tmp_path / "warc", pages)
    monkeypatch.setattr(reparse_module, "parse_batch", dying_batch)
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = reparse_warcs([warc], store, workers=2)
        stored = {revision.url for revision in store.latest()}
    lost = [line for line in caplog.text.splitlines() if "parser worker process died" in line]
    assert "https://www.nul20.nl/artikel-3" not in stored
    assert counts["errors"] == len(lost) >= 1
    assert counts["new"] + counts["errors"] == 40
    assert counts["new"] == len(stored) >= 40 - 4 * reparse_module.BATCH_PAGES
    assert "https://www.nul20.nl/artikel-39" in stored  # the pages after it, in a new pool


def test_cli_workers_option(warc: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    lines = []
    for workers in ("1", "2"):
        assert main(["reparse", str(warc), "--store", str(tmp_path / f"{workers}.sqlite"),
                     "--workers", workers]) == 0
        lines.append(capsys.readouterr().out)
    assert lines[0] == lines[1] == "new=2 revised=0 unchanged=0 not-article=1 skipped=1 errors=0\n"
    with pytest.raises(SystemExit) as exit_info:
        main(["reparse", str(warc), "--store", str(tmp_path / "0.sqlite"), "--workers", "0"])
    assert exit_info.value.code == 2
    assert "--workers" in capsys.readouterr().err
    assert not (tmp_path / "0.sqlite").exists()


# -- files that are not WARC files ----------------------------------------------------------

def not_warcs(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    html = directory / "page.html"
    html.write_bytes((FIXTURE_PAGES / "news-2021-d7.html").read_bytes())
    empty = directory / "empty.warc.gz"
    empty.write_bytes(b"")
    gzipped_html = directory / "page.warc.gz"
    gzipped_html.write_bytes(gzip.compress(html.read_bytes()))
    return {"html": html, "empty": empty, "gzipped html": gzipped_html,
            "binary": Path("/bin/ls")}


@pytest.mark.parametrize("kind", ["html", "empty", "gzipped html", "binary"])
def test_cli_names_a_file_that_is_not_a_warc_and_creates_no_store(
    kind: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = not_warcs(tmp_path / "in")[kind]
    assert path.is_file()
    store = tmp_path / "new" / "s.sqlite"
    assert main(["reparse", str(path), "--store", str(store)]) == 1
    captured = capfd.readouterr()
    assert captured.err == f"nul20scraper: {path}: not a WARC file\n"
    assert captured.out == ""
    assert not store.exists()
    assert not store.parent.exists()


def test_cli_re_parses_the_warc_beside_files_that_are_not(
    warc: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    bad = not_warcs(tmp_path / "in")
    store = tmp_path / "s.sqlite"
    assert main(["reparse", str(bad["html"]), str(warc), str(bad["binary"]),
                 "--store", str(store)]) == 1
    captured = capfd.readouterr()
    assert captured.err.splitlines() == [f"nul20scraper: {bad['html']}: not a WARC file",
                                         f"nul20scraper: {bad['binary']}: not a WARC file"]
    assert captured.out == "new=2 revised=0 unchanged=0 not-article=1 skipped=1 errors=2\n"
    with Store.open(store) as opened:
        assert {revision.url for revision in opened.latest()} == {
            "https://www.nul20.nl/huur-omhoog", "https://www.nul20.nl/bouw-omlaag"}


def test_library_counts_a_file_that_is_not_a_warc(
    warc: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    with Store.open(tmp_path / "s.sqlite") as store:
        counts = reparse_warcs([empty, warc], store, workers=1)
    assert (counts["errors"], counts["new"]) == (1, 2)
    assert f"{empty}: not a WARC file" in caplog.text


def test_warcio_errors_are_one_line_not_a_dump(warc: Path, tmp_path: Path) -> None:
    # A valid WARC followed by the bytes of a program: warcio stops there and quotes them.
    mixed = tmp_path / "mixed.warc.gz"
    mixed.write_bytes(warc.read_bytes() + gzip.compress(Path("/bin/ls").read_bytes()[:4000]))
    done = subprocess.run(
        [sys.executable, "-m", "nul20scraper", "reparse", str(mixed), "--workers", "1",
         "--store", str(tmp_path / "s.sqlite")],
        capture_output=True, check=False)
    assert done.returncode == 1
    assert done.stdout == b"new=2 revised=0 unchanged=0 not-article=1 skipped=1 errors=1\n"
    [line] = done.stderr.decode("utf-8").splitlines()
    assert line.startswith(f"nul20scraper: {mixed}: unreadable after the last complete record")
    assert len(line) < 300 and line.isascii() and line.isprintable()
