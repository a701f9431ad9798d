"""The read commands (export, search, show, report, explore) never create or change a store:
a missing path, a file that is not a store, an old schema each give one line and an exit
status, never a traceback, and the store file's bytes stay as they were."""

from __future__ import annotations

import importlib.util
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from nul20scraper.archive.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from nul20scraper.cli import main
from tests.archive_fixture_store import fill_store

URL = "https://www.nul20.nl/wethouder-ivens-direct-weg-wegens-grensoverschrijdend-gedrag"
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
HAS_DATASETTE = importlib.util.find_spec("datasette") is not None


def command_args(name: str, store: Path, out_dir: Path) -> list[str]:
    return {
        "export": ["export", "--store", str(store), "-o", str(out_dir / "out.jsonl")],
        "search": ["search", "woningen", "--store", str(store)],
        "show": ["show", URL, "--store", str(store)],
        "report": ["report", "--store", str(store), "-o", str(out_dir / "report.html")],
        # Checks the store before it starts datasette, so a bad one never gets that far.
        "explore": ["explore", "--store", str(store), "--port", "65001"],
    }[name]


def needs(name: str) -> list[pytest.MarkDecorator]:
    if name == "report":
        return [pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib not installed")]
    if name == "explore":
        return [pytest.mark.skipif(not HAS_DATASETTE, reason="datasette not installed")]
    return []


ALL = [pytest.param(name, marks=needs(name))
       for name in ("export", "search", "show", "report", "explore")]
WORKING = [p for p in ALL if p.values[0] != "explore"]  # explore would serve until stopped


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("name", ALL)
def test_missing_store_is_status_2_and_not_created(name: str, tmp_path: Path, capsys) -> None:
    store = tmp_path / "typo.sqlite"
    assert main(command_args(name, store, tmp_path)) == 2
    assert one_line(capsys.readouterr().err) == f"nul20scraper: no store at {store}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content", [b"naam,datum\nIvens,2021\n" * 50, b""],
                         ids=["text-file", "empty-file"])
@pytest.mark.parametrize("name", ALL)
def test_not_a_store_is_status_3_and_left_alone(
    name: str, content: bytes, tmp_path: Path, capsys
) -> None:
    store = tmp_path / "articles.csv"
    store.write_bytes(content)
    assert main(command_args(name, store, tmp_path)) == 3
    line = one_line(capsys.readouterr().err)
    assert line in (f"nul20scraper: cannot read store {store}: file is not a database",
                    f"nul20scraper: {store} is not a nul20scraper store")
    assert store.read_bytes() == content


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.close()
    return path


@pytest.mark.parametrize("name", ALL)
def test_older_schema_says_how_to_upgrade(name: str, old_store: Path, tmp_path: Path,
                                          capsys) -> None:
    before = old_store.read_bytes()
    assert main(command_args(name, old_store, tmp_path)) == 3
    line = one_line(capsys.readouterr().err)
    assert line == (f"nul20scraper: store {old_store} has schema version 1, older than this "
                    f"nul20scraper's ({SCHEMA_VERSION}); upgrade it with `nul20scraper migrate "
                    f"--store {old_store}` (a crawl does it too)")
    assert old_store.read_bytes() == before


def test_migrate_upgrades_an_old_store(old_store: Path, tmp_path: Path, capsys) -> None:
    assert main(["migrate", "--store", str(old_store)]) == 0
    assert f"upgraded from schema 1 to {SCHEMA_VERSION}" in capsys.readouterr().err
    assert main(["export", "--store", str(old_store), "-o", str(tmp_path / "o")]) == 0
    assert main(["migrate", "--store", str(old_store)]) == 0
    assert "is up to date" in capsys.readouterr().err
    assert main(["migrate", "--store", str(tmp_path / "none.sqlite")]) == 2
    assert not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize("name", WORKING)
def test_reading_a_store_leaves_its_bytes_as_they_were(name: str, tmp_path: Path) -> None:
    store = tmp_path / "nul20.sqlite"
    fill_store(store)
    before = store.read_bytes()
    assert main(command_args(name, store, tmp_path)) == 0
    assert store.read_bytes() == before
    # Nothing was started that a later writer would find: no revision, run or table added.
    with closing(sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (0,)
