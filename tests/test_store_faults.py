"""A full disk under the store or the WARC files: every lost item named with its cause, the
crawl stopped, the exit status non-zero, and the run row never left `running`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from nul20scraper import shared
from nul20scraper.demo.server import MirrorServer
from tests.crawl_support import FAST, REPO_ROOT, CrawlRun, run_scrapy_crawl
from tests.fault_injection import extensions_with_faults
from tests.mockserver.synthetic import build_synthetic_site

ARTICLES = 60
# One request at a time, so that "the crawl stopped" is a clear count of requests.
SLOW = {**FAST, "CONCURRENT_REQUESTS": "1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}


@pytest.fixture(scope="module")
def site() -> MirrorServer:
    with MirrorServer(build_synthetic_site(ARTICLES), max_seconds=300) as server:
        yield server


def crawl_with_faults(site: MirrorServer, tmp: Path, **faults: str) -> CrawlRun:
    settings = {**SLOW, "EXTENSIONS": extensions_with_faults(), **faults}
    return run_scrapy_crawl(site.origin, tmp, settings, command="nul20scraper")


def runs_of(tmp: Path) -> list[tuple[str, str | None]]:
    # closing(): a connection left open would keep the test's tmpfs busy at umount.
    with closing(sqlite3.connect(tmp / "nul20.sqlite")) as conn:
        return conn.execute("SELECT status, reason FROM runs").fetchall()


def stored_articles(tmp: Path) -> int:
    with closing(sqlite3.connect(tmp / "nul20.sqlite")) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_a_store_that_fills_up_makes_the_run_partial(site: MirrorServer, tmp_path: Path) -> None:
    run = crawl_with_faults(site, tmp_path, FAULT_STORE_PAGES_LEFT="40")
    assert run.returncode == shared.PARTIAL_FAILURE, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert "cannot rollback" not in run.stderr
    report = run.report
    stored = stored_articles(tmp_path)
    assert 0 < stored < ARTICLES
    assert report["counts"]["articles_stored"] == stored
    assert report["finish_reason"] == shared.STORE_FAILED
    assert report["store_error"] == "database or disk is full"
    failed = report["failures"][shared.STORE_FAILED]
    assert failed["count"] >= 1
    assert all(url.endswith(" (database or disk is full)") for url in failed["urls"])
    # Every emitted item is either in the store or named as not stored.
    assert report["counts"]["articles_emitted"] == stored + failed["count"]
    # It stopped fetching: far fewer pages than the site has.
    assert report["counts"]["pages_fetched"] < ARTICLES
    assert runs_of(tmp_path) == [("partial", shared.STORE_FAILED)]


def test_a_full_store_from_the_start_is_fatal(site: MirrorServer, tmp_path: Path) -> None:
    run = crawl_with_faults(site, tmp_path, FAULT_STORE_PAGES_LEFT="0")
    assert run.returncode == shared.FATAL, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert stored_articles(tmp_path) == 0
    assert run.report["fatal"] == (
        "the store could not take any article (database or disk is full)")
    assert run.stderr.splitlines()[-1] == (
        "nul20scraper: the store could not take any article (database or disk is full)")
    assert runs_of(tmp_path) == [("fatal", shared.STORE_FAILED)]


def test_a_run_row_that_cannot_be_finished_is_in_the_report(
    site: MirrorServer, tmp_path: Path
) -> None:
    run = crawl_with_faults(site, tmp_path, FAULT_STORE_PAGES_LEFT="40",
                            FAULT_RUN_ROW_FAILS="True")
    assert run.returncode == shared.PARTIAL_FAILURE, run.stderr[-3000:]
    assert run.report["run_row_error"] == (
        "run 1 could not be marked partial in the store: database or disk is full")
    assert runs_of(tmp_path) == [("running", None)]  # what the report warns about


def test_a_full_disk_under_the_warc_files_stops_the_crawl(
    site: MirrorServer, tmp_path: Path
) -> None:
    run = crawl_with_faults(site, tmp_path, FAULT_WARC_WRITES_LEFT="5")
    assert run.returncode == shared.PARTIAL_FAILURE, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    report = run.report
    assert report["finish_reason"] == shared.WARC_FAILED
    assert report["warc_error"] == "No space left on device"
    failed = report["failures"][shared.WARC_FAILED]
    assert failed["count"] >= 1
    assert all(url.endswith(" (No space left on device)") for url in failed["urls"])
    assert report["counts"]["pages_fetched"] < ARTICLES
    assert runs_of(tmp_path) == [("partial", shared.WARC_FAILED)]


def mount_small_tmpfs(where: Path, size: str) -> bool:
    """Mount a tmpfs of `size` at `where`; False where that is not allowed (not root)."""
    if os.geteuid() != 0:
        return False
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root; "
                    "the fault-injection tests above cover the same paths without it")
def test_a_real_full_filesystem(site: MirrorServer, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not mount_small_tmpfs(disk, "400k"):
        pytest.fail("root, but mount -t tmpfs failed")
    try:
        settings = {**SLOW, "NUL20_REPORT_PATH": str(tmp_path / "report.json")}
        flags = [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
        done = subprocess.run(
            [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", site.origin,
             "--store", str(disk / "nul20.sqlite"), "-o", str(tmp_path / "out.jsonl"), *flags],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False,
        )
        report = json.loads((tmp_path / "report.json").read_text("utf-8"))
        assert done.returncode in (shared.PARTIAL_FAILURE, shared.FATAL), done.stderr[-3000:]
        assert "Traceback" not in done.stderr
        assert "cannot rollback" not in done.stderr
        assert report["finish_reason"] in (shared.STORE_FAILED, shared.WARC_FAILED)
        causes = {report["store_error"], report["warc_error"]} - {None}
        assert causes <= {"database or disk is full", "No space left on device"}
        assert causes
        assert report["counts"]["pages_fetched"] < ARTICLES
        if report["run_row_error"] is None:
            assert runs_of(disk)[0][0] in ("partial", "fatal")
    finally:
        unmounted = subprocess.run(["umount", str(disk)], capture_output=True, text=True,
                                   check=False)
        assert unmounted.returncode == 0, unmounted.stderr
