"""export with an output it cannot write, or a reader that stops early: one line, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nul20scraper.cli import main
from tests.archive_fixture_store import fill_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export-errors") / "nul20.sqlite"
    fill_store(path)
    return path


@pytest.mark.parametrize("where", ["missing-dir/x.csv", "."])
def test_an_output_that_cannot_be_written_is_one_line_and_status_3(
        store_path: Path, tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / where
    status = main(["export", "--store", str(store_path), "--format", "csv", "-o", str(output)])
    err = capsys.readouterr().err
    assert status == 3
    assert err.splitlines() == [err.strip()]
    assert err.startswith(f"nul20scraper: cannot write {output}")


def test_a_reader_that_stops_early_gets_no_traceback(store_path: Path) -> None:
    export = subprocess.Popen(
        [sys.executable, "-m", "nul20scraper", "export", "--store", str(store_path), "--revisions"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert export.stdout is not None and export.stderr is not None
    first = export.stdout.read(200)  # one item's beginning, then the reader goes away
    export.stdout.close()
    err = export.stderr.read().decode()
    status = export.wait(timeout=60)
    assert first.startswith(b'{"url": "https://www.nul20.nl/')
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert status == 141
