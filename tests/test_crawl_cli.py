"""`nul20scraper crawl`'s checks before the crawl, its output formats and --mirror, against
the demo mirror (whose robots.txt says Crawl-delay: 10, as the site's does)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nul20scraper.demo import PAGES_DIR
from nul20scraper.demo.saved_site import site_from_saved_pages
from nul20scraper.demo.server import MirrorServer
from tests.crawl_support import REPO_ROOT


@pytest.fixture
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer(site_from_saved_pages(PAGES_DIR), max_seconds=300) as server:
        yield server


def crawl(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "nul20scraper", "crawl", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.parametrize(("args", "words"), [
    (["-o", "/proc/x.jsonl"], "cannot write /proc/x.jsonl"),
    (["-o", "articles.txt"], "cannot tell the output format of articles.txt"),
    (["--store", "/nonexistent/dir/x.sqlite"], "directory /nonexistent/dir does not exist"),
])
def test_bad_output_or_store_is_refused_before_any_fetch(
        mirror: MirrorServer, tmp_path: Path, args: list[str], words: str) -> None:
    done = crawl(tmp_path, "--base-url", mirror.origin, "--mirror", *args)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("nul20scraper crawl: ") and words in line
    assert mirror.log == []  # nothing fetched
    assert not Path("/nonexistent").exists()
    assert not list(tmp_path.rglob("*.sqlite"))


def test_mirror_switch_is_refused_for_another_host(tmp_path: Path) -> None:
    done = crawl(tmp_path, "--base-url", "https://www.nul20.nl", "--mirror")
    assert done.returncode == 2
    assert "is for a mirror on this machine" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_mirror_crawl_at_full_speed_into_csv(mirror: MirrorServer, tmp_path: Path) -> None:
    started = time.monotonic()
    done = crawl(tmp_path, "--base-url", mirror.origin, "--mirror", "--store",
                 str(tmp_path / "nul20.sqlite"), "-o", str(tmp_path / "articles.csv"))
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    # 167 pages; Crawl-delay: 10 obeyed would take 28 minutes.
    assert took < 30 and len(mirror.log) > 100
    assert done.stderr.splitlines()[0] == (
        f"nul20scraper crawl: new store at {tmp_path / 'nul20.sqlite'}")
    with (tmp_path / "articles.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # One row per article URL of the fixtures: 28 article pages, the two Ivens pages share a
    # URL (the mirror serves the first); the listing pages give none.
    assert len(rows) == 27
    assert rows[0]["url"].startswith("https://www.nul20.nl/") and rows[0]["headline"]
    assert list((tmp_path / "reports").glob("crawl-*.json"))  # beside the store
    again = crawl(tmp_path, "--base-url", mirror.origin, "--mirror", "--store",
                  str(tmp_path / "nul20.sqlite"), "-o", str(tmp_path / "articles.json"))
    assert again.returncode == 0 and "new store" not in again.stderr
    assert len(json.loads((tmp_path / "articles.json").read_text("utf-8"))) == 27


def test_without_the_switch_the_mirror_crawl_delay_is_obeyed(mirror: MirrorServer,
                                                              tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", mirror.origin,
         "--no-store", "-o", str(tmp_path / "a.jsonl"), "-q"],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)
        assert proc.poll() is None
        assert len(mirror.log) <= 3  # robots.txt, then one page per 10 s
    finally:
        proc.kill()
        proc.wait()


def test_scrapy_crawl_with_the_mirror_setting(mirror: MirrorServer, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "nul20", "-a", f"base_url={mirror.origin}",
         "-s", "NUL20_MIRROR=1", "-s", f"NUL20_REPORT_PATH={tmp_path / 'r.json'}",
         "-O", str(tmp_path / "m.jsonl")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len((tmp_path / "m.jsonl").read_text("utf-8").splitlines()) == 27  # as above


def test_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    with MirrorServer(site_from_saved_pages(PAGES_DIR), max_seconds=300, delay=0.05) as slow:
        done = crawl(tmp_path, "--base-url", slow.origin, "--mirror", "--store",
                     str(tmp_path / "nul20.sqlite"), "-s", "NUL20_PROGRESS_INTERVAL=0.5",
                     "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("progress: ")]
    assert progress, done.stderr
    assert all(" pages, " in line and " articles, " in line and " failed, " in line
               and "pages/min" in line for line in progress)
    assert "\r" not in done.stderr and "\x1b" not in done.stderr  # no terminal controls
    assert done.stderr.splitlines()[-1].startswith("exit status 0: success")
