"""`nul20scraper demo` and `scripts/crawl`: the pipeline with no network, in its own
directory; a site that cannot be reached never gives demo data."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from nul20scraper.demo import PAGES_DIR
from tests.crawl_support import REPO_ROOT
from tests.test_crawl_politeness import closed_port


def bundled(kind: str) -> set[str]:
    paths = set()
    for meta_file in PAGES_DIR.glob("*.meta.json"):
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta["kind"] == kind:
            paths.add(urlsplit(meta["url"]).path)
    return paths


def run_cli(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "nul20scraper", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=180, check=False)


def items(output: Path) -> list[dict]:
    return [json.loads(line) for line in output.read_text("utf-8").splitlines() if line]


def test_demo_runs_the_whole_pipeline_into_its_own_directory(tmp_path: Path) -> None:
    proc = run_cli("demo", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    demo = tmp_path / "data" / "demo"
    first_line = proc.stderr.splitlines()[0]
    assert "data/demo" in first_line and "not contacted" in first_line
    # Nothing where a crawl of the site writes.
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["demo"]
    crawled = items(demo / "articles.jsonl")
    urls = [item["url"] for item in crawled]
    assert len(urls) == len(set(urls))
    # Fetched from 127.0.0.1, named on the site's origin: the same URLs every run.
    assert {urlsplit(url).netloc for url in urls} == {"www.nul20.nl"}
    paths = {urlsplit(url).path for url in urls}
    assert bundled("article") <= paths
    assert not (bundled("edition") | bundled("tag")) & paths
    [report_file] = (demo / "reports").glob("crawl-*.json")
    report = json.loads(report_file.read_text("utf-8"))
    # A complete small site: every listing, pager, tag and sitemap the pages link to answers.
    assert report["counts"]["failures"] == 0, report["failures"]
    assert report["failures"] == {}
    assert report["exit_status"] == 0
    assert report["counts"]["articles_emitted"] == len(urls)
    assert report["counts"]["not_articles"] > 20  # the generated listings were crawled too
    assert list((demo / "warc").glob("*.warc.gz"))
    with sqlite3.connect(demo / "nul20.sqlite") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(urls)
        assert db.execute("SELECT status FROM runs").fetchall() == [("ok",)]

    store = str(demo / "nul20.sqlite")
    export = run_cli("export", "--store", store, "-o", str(tmp_path / "x.jsonl"), cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    assert sorted(item["url"] for item in items(tmp_path / "x.jsonl")) == sorted(urls)
    search = run_cli("search", "huur", "--store", store, cwd=tmp_path)
    assert search.returncode == 0 and "https://www.nul20.nl/" in search.stdout
    warcs = [str(p) for p in (demo / "warc").glob("*.warc.gz")]
    reparse = run_cli("reparse", *warcs, "--store", store, "--workers", "1", cwd=tmp_path)
    assert reparse.returncode == 0, reparse.stderr
    assert f"new=0 revised=0 unchanged={len(urls)}" in reparse.stdout


def test_demo_output_fits_on_a_screen(tmp_path: Path) -> None:
    proc = run_cli("demo", "--dir", str(tmp_path / "demo"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stderr.splitlines()
    assert 2 <= len(lines) < 15, proc.stderr
    assert not [line for line in lines if "[scrapy" in line or "INFO" in line]
    assert "exit status 0: success" in proc.stderr
    assert "0 failed" in proc.stderr
    quiet = run_cli("demo", "--dir", str(tmp_path / "demo"), "-q", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""
    verbose = run_cli("demo", "--dir", str(tmp_path / "demo"), "-v", cwd=tmp_path)
    assert verbose.returncode == 0 and "[scrapy.core.engine] INFO" in verbose.stderr


def _ctrl_c_as_at_a_terminal() -> None:
    """In the child: SIGINT as a terminal gives it. A suite run in the background (`&` in a
    script, nohup) has SIGINT ignored, and a child would inherit that and never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_demo_serve_answers_until_interrupted(tmp_path: Path) -> None:
    import urllib.request

    port = closed_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    # -X faulthandler: a hang is shown with every thread's stack (SIGABRT below).
    proc = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "nul20scraper",
                             "demo", "--serve",
                             str(port)], cwd=tmp_path, env=env, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_ctrl_c_as_at_a_terminal)
    try:
        first = proc.stderr.readline() if proc.stderr else ""
        assert f"http://127.0.0.1:{port}" in first
        for path in ("/", "/dossiers", "/edities", "/sitemap.xml", "/robots.txt"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
                assert answer.status == 200, path
    finally:
        proc.send_signal(2)
        try:
            # A bound on a hang, not a timing: a loaded CI machine may take seconds to exit.
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            rest = proc.communicate()[1]
            pytest.fail(f"demo --serve did not stop within 60 s of Ctrl-C; stderr: {rest!r}")
    assert proc.returncode == 0


def test_unreachable_site_exit_3_in_one_line_and_no_demo_data(tmp_path: Path) -> None:
    output = tmp_path / "articles.jsonl"
    output.write_text('{"url": "https://www.nul20.nl/from-the-last-run"}\n', "utf-8")
    started = time.monotonic()
    proc = run_cli("crawl", "--base-url", f"http://127.0.0.1:{closed_port()}", "-o",
                   str(output), "--store", str(tmp_path / "nul20.sqlite"), cwd=tmp_path)
    assert time.monotonic() - started < 5 + 3  # + the interpreter's and Scrapy's start
    assert proc.returncode == 3, proc.stderr
    [line] = proc.stderr.splitlines()
    assert "cannot reach 127.0.0.1" in line and "connection refused" in line
    assert not (tmp_path / "nul20.sqlite").exists()  # no empty archive left behind
    # The last run's output is left alone, and no demo was crawled in its place.
    assert items(output) == [{"url": "https://www.nul20.nl/from-the-last-run"}]
    assert not (tmp_path / "data").exists()


def test_scripts_crawl_has_no_demo_fallback() -> None:
    command = (REPO_ROOT / "scripts" / "crawl").read_text("utf-8").split("\nexec ", 1)[1]
    assert command.startswith("nul20scraper crawl --store data/nul20.sqlite")
    assert "demo" not in command
    assert "--demo-if-unreachable" not in run_cli("crawl", "--help").stdout


def test_reports_land_beside_the_store(tmp_path: Path) -> None:
    demo = tmp_path / "d"
    assert run_cli("demo", "--dir", str(demo), "-q", cwd=tmp_path).returncode == 0
    done = run_cli("report", "--store", str(demo / "nul20.sqlite"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (demo / "reports" / "coverage.html").stat().st_size > 1000
    assert len(list((demo / "reports").glob("crawl-*.json"))) == 1
    assert not list(tmp_path.glob("*.html"))


def test_a_second_demo_run_adds_no_revision_and_no_item_names_the_mirror(
        tmp_path: Path) -> None:
    """Each demo run serves the mirror on a new random port: an item that kept it in an image,
    tag or related URL would be a new revision of every article on every run."""
    summaries = []
    for _ in range(2):
        proc = run_cli("demo", "--dir", "D", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr[-3000:]
        summaries.append(next(line for line in proc.stderr.splitlines()
                              if line.startswith("finished in")))
    with sqlite3.connect(tmp_path / "D" / "nul20.sqlite") as db:
        runs = [json.loads(counts) for (counts,) in
                db.execute("SELECT counts FROM runs ORDER BY id")]
        stored = [item for (item,) in db.execute("SELECT item FROM revisions")]
    assert runs[0]["new_articles"] > 0
    assert (runs[1]["new_articles"], runs[1]["new_revisions"]) == (0, 0)
    assert runs[1]["unchanged"] == runs[0]["new_articles"]
    # The summary says what the store made of the articles: all new, then all unchanged.
    count = runs[0]["new_articles"]
    assert f" {count} articles ({count} new, 0 changed, 0 unchanged) from " in summaries[0]
    assert f" {count} articles (0 new, 0 changed, {count} unchanged) from " in summaries[1]
    crawled = items(tmp_path / "D" / "articles.jsonl")
    assert len(crawled) == runs[0]["new_articles"]
    assert any(item["tags"] for item in crawled) and any(item["image"] for item in crawled)
    for text in [*stored, *(json.dumps(item) for item in crawled)]:
        assert "127.0.0.1" not in text
