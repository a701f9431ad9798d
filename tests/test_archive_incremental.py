"""`nul20scraper crawl` with the archive against a changing local mirror: full crawl, then
incremental runs, the request bound, WARC round trip, export, kill and resume, run lock.

The request bound: after a full crawl, an incremental run in which K articles appeared and U
changed makes at most K + U + 4 page requests, not counting robots.txt and sitemaps, and not
counting the re-checks of recently published articles that the server answers 304 Not
Modified. Those are bounded by the re-check window (NUL20_RECHECK_DAYS, NUL20_RECHECK_MAX)
and are counted here on their own: exactly the recent articles that did not change.
"""

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

import jsonschema

from nul20scraper import shared
from nul20scraper.archive.store import Store
from nul20scraper.cli import main
from nul20scraper.demo.server import MirrorServer, MirrorSite, RequestRecord
from tests.crawl_support import FAST, REPO_ROOT
from tests.mockserver.evolving_site import EvolvingSite

SCHEMA = json.loads((REPO_ROOT / "nul20scraper" / "schema" / "article.schema.json").read_text())


def crawl_argv(origin: str, tmp: Path, name: str, *extra: str,
               settings: dict[str, str] | None = None) -> list[str]:
    flags = [arg for key, value in {**FAST, **(settings or {})}.items()
             for arg in ("-s", f"{key}={value}")]
    return [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", origin,
            "-o", str(tmp / f"{name}.jsonl"), "--report", str(tmp / f"{name}.report.json"),
            "--store", str(tmp / "nul20.sqlite"), *extra, *flags]


def crawl(origin: str, tmp: Path, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(crawl_argv(origin, tmp, name, *extra), cwd=tmp, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def is_overhead(record: RequestRecord) -> bool:
    return record.target == "/robots.txt" or record.target.startswith("/sitemap.xml")


def page_requests(server: MirrorServer, since: int) -> tuple[list[str], list[str]]:
    """(targets answered in full, targets answered 304) after log position `since`."""
    records = [r for r in server.log[since:] if not is_overhead(r)]
    return ([r.target for r in records if r.status != 304],
            [r.target for r in records if r.status == 304])


def last_run_counts(store_path: Path) -> dict[str, int]:
    with Store.open(store_path) as store:
        run = store.last_successful_run()
        assert run is not None
        return run.counts


def test_incremental_runs_fetch_only_new_and_changed_articles(tmp_path: Path) -> None:
    store_path = tmp_path / "nul20.sqlite"
    site = EvolvingSite(30, recent=3)
    with MirrorServer(site.build(), max_seconds=150, conditional=True) as server:
        full = crawl(server.origin, tmp_path, "full")
        assert full.returncode == shared.OK, full.stderr[-3000:]
        with Store.open(store_path) as store:
            assert store.counts() == {"articles": 30, "revisions": 30}
            crawled = [r.item for r in store.revisions()]

        # WARC round trip: re-parsing the full crawl's capture gives the very same items.
        warcs = sorted(str(p) for p in (tmp_path / "warc").glob("*.warc.gz"))
        assert warcs
        assert main(["reparse", *warcs, "--store", str(tmp_path / "fresh.sqlite")]) == 0
        with Store.open(tmp_path / "fresh.sqlite") as fresh:
            assert [r.item for r in fresh.revisions()] == crawled

        # K articles appear (top of the listings, new sitemap lastmod), U change (an update
        # block and a bumped lastmod): one of them recently published, so also re-checked.
        recent = site.recent_paths()
        assert len(recent) == 3
        # More new articles than two listing pages hold: the sitemap names them, so the
        # listings need not be paged through.
        new = site.add(25)
        changed = [site.paths[0], site.paths[12], recent[0]]
        site.update(changed)
        site.publish(server.site)
        k, u = len(new), len(changed)

        mark = len(server.log)
        run = crawl(server.origin, tmp_path, "incremental", "--incremental")
        assert run.returncode == shared.OK, run.stderr[-3000:]
        fetched, not_modified = page_requests(server, mark)
        assert len(fetched) <= k + u + 4, fetched
        assert set(new + changed) <= set(fetched)
        # Unchanged recent articles are re-checked with a conditional request and told 304.
        assert sorted(not_modified) == sorted(recent[1:])
        counts = last_run_counts(store_path)
        assert (counts["new_articles"], counts["new_revisions"]) == (k, u)
        with Store.open(store_path) as store:
            assert store.counts() == {"articles": 30 + k, "revisions": 30 + k + u}
            for path in changed:
                [url] = [r.url for r in store.latest() if r.url.endswith(path)]
                assert len(list(store.revisions(url))) == 2

        # Nothing changed: no new article, no revision; listings only, the rest 304.
        mark = len(server.log)
        again = crawl(server.origin, tmp_path, "again", "--incremental")
        assert again.returncode == shared.OK, again.stderr[-3000:]
        fetched, not_modified = page_requests(server, mark)
        assert sorted(fetched) == ["/", "/nieuws"]
        # The 24-hour margin on sitemap lastmods re-checks today's articles; all are 304.
        assert set(not_modified) == set(new + changed + recent)
        counts = last_run_counts(store_path)
        assert (counts["new_articles"], counts["new_revisions"]) == (0, 0)
        with Store.open(store_path) as store:
            assert store.counts() == {"articles": 30 + k, "revisions": 30 + k + u}

    # Export: the latest revision of each article, valid against the item schema.
    out = tmp_path / "export.jsonl"
    assert main(["export", "--store", str(store_path), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 30 + k
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for row in rows:
        validator.validate(row)


def article_count(store_path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


class HoldingServer(MirrorServer):
    """A mirror that answers the first `answered` article requests and then holds every further
    one unanswered while `holding` is set: a crawl stopped at a known point, to be killed."""

    def __init__(self, site: MirrorSite, answered: int, **kwargs: object) -> None:
        super().__init__(site, **kwargs)  # type: ignore[arg-type]
        self.answered = answered
        self.articles_answered = 0
        self.holding = threading.Event()
        self.holding.set()
        self.released = threading.Event()  # never set: a held request waits out the server

    def before_answer(self, target: str) -> None:
        if target.startswith("/dossiers/") and self.holding.is_set():
            with self.lock:
                held = self.articles_answered >= self.answered
                self.articles_answered += not held
            if held:
                self.released.wait(self.max_seconds)
        super().before_answer(target)


def test_killed_crawl_resumes_without_losing_or_duplicating_articles(tmp_path: Path) -> None:
    store_path = tmp_path / "nul20.sqlite"
    job_dir = tmp_path / "job"
    total, before_kill = 40, 12
    site = EvolvingSite(total)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    two = {"CONCURRENT_REQUESTS_PER_DOMAIN": "2", "CONCURRENT_REQUESTS": "2"}
    # The server answers 12 article pages and holds the requests after them: the crawl stores
    # those 12 and waits, and is killed there (SIGKILL, mid-request), however slow the machine.
    with HoldingServer(site.build(), before_kill, max_seconds=150, conditional=True) as server:
        argv = crawl_argv(server.origin, tmp_path, "first", "--job-dir", str(job_dir),
                          settings=two)
        first = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 90
            while article_count(store_path) < before_kill and time.monotonic() < deadline:
                assert first.poll() is None, "the crawl ended before it could be killed"
                time.sleep(0.02)
            # A second run on the same store while the first holds the lock is refused.
            second = subprocess.run(crawl_argv(server.origin, tmp_path, "second"), cwd=tmp_path,
                                    env=env, capture_output=True, text=True, timeout=60)
            assert second.returncode == shared.LOCKED
            assert second.stderr.count("\n") == 1
            assert "another crawl is running" in second.stderr
            assert store_path.name in second.stderr
            assert first.poll() is None, "the held crawl ended on its own"
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        stored_before = article_count(store_path)
        assert stored_before == before_kill
        server.holding.clear()
        first_requests = len(server.log)

        resumed = subprocess.run(
            crawl_argv(server.origin, tmp_path, "resumed", "--job-dir", str(job_dir),
                       settings={**two, "LOG_LEVEL": "INFO"}),
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert resumed.returncode == shared.OK, resumed.stderr[-3000:]
        assert "continuing run" in resumed.stderr

    article_targets = [r.target for r in server.log if r.target.startswith("/dossiers/")]
    resumed_targets = [r.target for r in server.log[first_requests:]
                       if r.target.startswith("/dossiers/")]
    # Pages captured before the kill are replayed from the WARC, not fetched again: only
    # the requests in flight at the kill (two connections) are made twice.
    assert set(article_targets) == set(site.paths)
    assert len(article_targets) <= total + 2
    assert len(resumed_targets) <= total - stored_before + 2
    with Store.open(store_path) as store:
        assert store.counts() == {"articles": total, "revisions": total}
        runs = store.conn.execute("SELECT label, status FROM runs").fetchall()
        assert len(runs) == 1 and runs[0][1] == "ok"  # one run, continued
    # The resumed run's output holds every article once (replayed or fetched).
    lines = (tmp_path / "resumed.jsonl").read_text("utf-8").splitlines()
    urls = [json.loads(line)["url"] for line in lines]
    assert len(urls) == len(set(urls)) == total
    assert json.loads((job_dir / "job.json").read_text())["finished"] is True
