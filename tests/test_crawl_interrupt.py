"""Ctrl-C stops a polite crawl within seconds, writes the report and marks the run
`interrupted`, also when it comes twice (issue: a second Ctrl-C left the run `running`)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nul20scraper.demo.server import MirrorServer
from tests.crawl_support import REPO_ROOT
from tests.mockserver.synthetic import build_synthetic_site


def start_crawl(origin: str, tmp_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    # Polite, as against the site: the mirror's robots.txt Crawl-delay (capped to 1 s here so
    # that pages arrive) fills the host's download slot with requests waiting their turn.
    argv = [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", origin,
            "--store", str(tmp_path / "nul20.sqlite"), "-o", str(tmp_path / "a.jsonl"),
            "--job-dir", str(tmp_path / "job"), "-s", "NUL20_MAX_CRAWL_DELAY=1"]
    return subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)


def wait_for_pages(server: MirrorServer, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(server.log) < count:
        assert time.monotonic() < deadline, "the crawl fetched too little"
        time.sleep(0.1)


@pytest.mark.parametrize("signals_sent", [1, 2])
def test_ctrl_c_stops_within_seconds_and_ends_the_run(tmp_path: Path,
                                                      signals_sent: int) -> None:
    with MirrorServer(build_synthetic_site(300), delay=0.3) as server:
        crawl = start_crawl(server.origin, tmp_path)
        try:
            wait_for_pages(server, 6)
            stopped_at = time.monotonic()
            for _ in range(signals_sent):
                crawl.send_signal(signal.SIGINT)
                time.sleep(0.3)
            _, stderr = crawl.communicate(timeout=30)
            took = time.monotonic() - stopped_at
        finally:
            if crawl.poll() is None:
                crawl.kill()
    assert took < 5, f"{took:.1f} s to stop"
    assert crawl.returncode == 1, stderr  # partial: stopped early
    assert "did not start" not in stderr
    assert "stopped (shutdown)" in stderr and "run the same command again" in stderr
    assert "exit status 1: partial failure" in stderr
    [report_file] = (tmp_path / "reports").glob("crawl-*.json")
    report = json.loads(report_file.read_text("utf-8"))
    assert report["finish_reason"] == "shutdown" and report["exit_status"] == 1
    assert report["counts"]["pages_fetched"] >= 6
    with sqlite3.connect(tmp_path / "nul20.sqlite") as db:
        assert db.execute("SELECT status, reason FROM runs").fetchall() == [
            ("interrupted", "shutdown")]
    assert (tmp_path / "job" / "job.json").exists()  # so that the next run continues it
