"""Ctrl-C stops a polite crawl within seconds, writes the report and marks the run
`interrupted`, also when it comes twice (issue: a second Ctrl-C left the run `running`)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
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


class StderrLines:
    """The crawl's stderr read as it comes, so that the test can wait for a line."""

    def __init__(self, crawl: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.stopping = threading.Event()
        self.reader = threading.Thread(target=self.read, args=(crawl,), daemon=True)
        self.reader.start()

    def read(self, crawl: subprocess.Popen[str]) -> None:
        assert crawl.stderr is not None
        for line in crawl.stderr:
            self.lines.append(line)
            if "received: stopping" in line:
                self.stopping.set()

    def text(self) -> str:
        self.reader.join(timeout=30)
        return "".join(self.lines)


@pytest.mark.parametrize("signals_sent", [1, 2])
def test_ctrl_c_stops_within_seconds_and_ends_the_run(tmp_path: Path,
                                                      signals_sent: int) -> None:
    with MirrorServer(build_synthetic_site(300), delay=0.3) as server:
        crawl = start_crawl(server.origin, tmp_path)
        stderr_lines = StderrLines(crawl)
        try:
            wait_for_pages(server, 6)
            at_signal = len(server.log)
            crawl.send_signal(signal.SIGINT)
            if signals_sent == 2:
                # The second once the first was taken: whether it comes while the crawl
                # stops or as the process exits, the run ends the same way (no sleep to
                # guess which, as a loaded machine decides that).
                assert stderr_lines.stopping.wait(60), "".join(stderr_lines.lines)
                crawl.send_signal(signal.SIGINT)
            crawl.wait(timeout=60)  # a hang guard, not a measure of speed
        finally:
            if crawl.poll() is None:
                crawl.kill()
        fetched_after = len(server.log) - at_signal
        stderr = stderr_lines.text()
    # Within seconds: the requests waiting their turn (a Crawl-delay of 1 s each) were
    # dropped, not waited for; only those already sent, one or two, could still come.
    assert fetched_after <= 3, f"{fetched_after} pages fetched after Ctrl-C"
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
    assert report["counts"]["skipped"] > 0  # the dropped requests, found again by a new run


LATE_CTRL_C = """
import atexit, os, signal, sys
from nul20scraper.cli import main

def late_ctrl_c():
    # As a second Ctrl-C that comes while the interpreter shuts down.
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    print(f"SIGINT ignored at exit: {ignored}", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGINT)

atexit.register(late_ctrl_c)
sys.exit(main(sys.argv[1:]))
"""


def test_a_ctrl_c_while_exiting_leaves_the_announced_exit_status(tmp_path: Path) -> None:
    """Once the report and run row are written and the summary printed, a Ctrl-C must not
    turn the status the summary announced into death by signal (130 or -2 for a script):
    Python puts the default handlers back while it shuts down, so they are ignored first."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.run([sys.executable, "-c", LATE_CTRL_C, "demo", "--dir", "D"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180,
                          check=False)
    assert "SIGINT ignored at exit: True" in proc.stderr, proc.stderr[-3000:]
    [announced] = [line for line in proc.stderr.splitlines() if line.startswith("exit status")]
    assert announced.startswith(f"exit status {proc.returncode}: ")
    assert proc.returncode == 0
