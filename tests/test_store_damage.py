"""A damaged store (its last page cut) is refused with one line and status 3 by a crawl and
by every read command, before anything is written to it or half an export is printed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nul20scraper import shared
from nul20scraper.archive.store import Store, StoreDamaged
from nul20scraper.cli import main
from tests.archive_fixture_store import fill_store
from tests.crawl_support import REPO_ROOT
from tests.test_archive_readonly import ALL, command_args, one_line


def fill_many(store: Path, count: int = 100) -> None:
    with Store.open(store) as opened:
        for n in range(count):
            opened.record({"url": f"https://www.nul20.nl/artikel-{n}", "headline": f"Kop {n}",
                           "body": ["Een alinea over huur. " * 40] * 5,
                           "fetched_at": "2024-01-01T10:00:00Z"})


@pytest.fixture(params=["fixture articles", "100 articles"])
def cut_store(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A store whose last page is cut off, as a full disk or a copy that stopped early
    leaves it: a small one (the cut reaches the schema) and one of 100 articles (the cut
    is in the data; the schema reads fine, as in the store that broke an export half-way)."""
    store = tmp_path / "nul20.sqlite"
    if request.param == "fixture articles":
        fill_store(store)
    else:
        fill_many(store)
    assert not Path(f"{store}-wal").exists()  # closed: everything is in the file itself
    page_size = sqlite3.connect(store).execute("PRAGMA page_size").fetchone()[0]
    os.truncate(store, store.stat().st_size - page_size)
    return store


def damaged_line(store: Path) -> str:
    return (f"nul20scraper: store {store} is damaged (database disk image is malformed); "
            "not using it")


def test_opening_a_cut_store_says_it_is_damaged(cut_store: Path) -> None:
    with pytest.raises(StoreDamaged) as damaged:
        Store.open_readonly(cut_store)
    assert damaged.value.exit_status == shared.FATAL
    with pytest.raises(StoreDamaged):
        Store.open(cut_store, check=True)


@pytest.mark.parametrize("name", ALL)
def test_read_commands_refuse_a_cut_store(name: str, cut_store: Path, tmp_path: Path,
                                          capsys) -> None:
    before = cut_store.read_bytes()
    assert main(command_args(name, cut_store, tmp_path)) == shared.FATAL
    assert one_line(capsys.readouterr().err) == damaged_line(cut_store)
    assert cut_store.read_bytes() == before
    assert not (tmp_path / "out.jsonl").exists()


def test_a_crawl_refuses_a_cut_store_before_it_starts(cut_store: Path, tmp_path: Path) -> None:
    before = cut_store.read_bytes()
    crawl = subprocess.run(
        [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", "http://127.0.0.1:9",
         "--store", str(cut_store), "-o", str(tmp_path / "out.jsonl")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert crawl.returncode == shared.FATAL
    assert crawl.stderr == (
        f"nul20scraper crawl: store {cut_store} is damaged (database disk image is malformed);"
        " not using it\n")
    assert cut_store.read_bytes() == before


def test_damage_met_half_way_through_an_export_is_one_line(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "nul20.sqlite"
    items = fill_store(store)
    latest = Store.latest

    def breaks_after_two(self: Store, *args: object, **kwargs: object) -> Iterator[object]:
        for n, revision in enumerate(latest(self, *args, **kwargs)):
            if n == 2:
                raise sqlite3.DatabaseError("database disk image is malformed")
            yield revision

    monkeypatch.setattr(Store, "latest", breaks_after_two)
    assert len(items) > 2
    out = tmp_path / "out.jsonl"
    assert main(["export", "--store", str(store), "-o", str(out)]) == shared.FATAL
    assert one_line(capsys.readouterr().err) == (
        f"nul20scraper: store {store} could not be read (database disk image is malformed); "
        "export stopped after 2 items")
    assert len(out.read_text("utf-8").splitlines()) == 2


def test_an_io_error_during_the_check_is_not_called_damage(tmp_path: Path) -> None:
    """On a full disk SQLite cannot make the store's -shm file: `disk I/O error`, which says
    nothing about the file's content."""
    from nul20scraper.archive.store import StoreUnreadable, check_integrity

    class FullDiskConnection:
        def execute(self, sql: str) -> None:
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorname = "SQLITE_IOERR"  # type: ignore[attr-defined]
            raise error

    with pytest.raises(StoreUnreadable) as refused:
        check_integrity(FullDiskConnection(), tmp_path / "s.sqlite")  # type: ignore[arg-type]
    assert not isinstance(refused.value, StoreDamaged)
    assert str(refused.value) == f"cannot read store {tmp_path / 's.sqlite'}: disk I/O error"


@pytest.mark.parametrize("column", ["item", "layers"])
def test_a_revision_json_cannot_read_is_one_line_naming_it(
    column: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row SQLite finds sound and JSON cannot read (a hand edit): `show` and `export` say
    which revision, with status 3, and no export claims to be whole."""
    store = tmp_path / "nul20.sqlite"
    fill_many(store, 5)
    with sqlite3.connect(store) as db:
        db.execute(f"UPDATE revisions SET {column} = '[1,2' WHERE id = 3")
    url = "https://www.nul20.nl/artikel-2"
    assert main(["show", url, "--store", str(store)]) == shared.FATAL
    err = one_line(capsys.readouterr().err)
    assert err.startswith(f"nul20scraper: revision 3 of {url} is damaged: its {column} "
                          "cannot be read (")
    out = tmp_path / "out.jsonl"
    assert main(["export", "--revisions", "--store", str(store), "-o", str(out)]) == (
        shared.FATAL)
    err = one_line(capsys.readouterr().err)
    assert err.startswith(f"nul20scraper: revision 3 of {url} is damaged")
    assert err.endswith("; export stopped after 2 items")
    # The other articles' history is still told.
    assert main(["show", "https://www.nul20.nl/artikel-1", "--store", str(store)]) == shared.OK
    if column == "item":  # the coverage report reads items only
        report = tmp_path / "report.html"
        assert main(["report", "--store", str(store), "-o", str(report)]) == shared.FATAL
        err = one_line(capsys.readouterr().err)
        assert err == (f"nul20scraper: revision 3 of {url} is damaged: its item cannot be "
                       "read (Expecting ',' delimiter: line 1 column 5 (char 4)); no report "
                       "written")
        assert not report.exists()
