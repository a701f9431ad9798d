"""Incremental-run benchmark: page requests of `nul20scraper crawl --incremental` against the
K + U + 4 bound.

Not a test. Serves a changing mirror (tests.mockserver.evolving_site) on 127.0.0.1 with
ETag / 304 support, makes a full crawl into a fresh store, then publishes K new articles and
updates U existing ones (some of them recently published, so also in the re-check window) and
runs an incremental crawl. Counted from the server's request log: page requests answered in
full, excluding robots.txt and sitemaps; re-checks answered 304 Not Modified are shown apart,
as they are bounded by the re-check window (NUL20_RECHECK_DAYS / NUL20_RECHECK_MAX), not by K
and U. Politeness is off (loopback).

    python benchmarks/incremental_bench.py [--articles 500] [--new 12] [--changed 6]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from nul20scraper.archive.store import Store  # noqa: E402
from nul20scraper.demo.server import MirrorServer  # noqa: E402
from tests.mockserver.evolving_site import EvolvingSite  # noqa: E402

SETTINGS_OFF = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "NUL20_OBEY_CRAWL_DELAY": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "WARNING",
    "NUL20_PROGRESS_INTERVAL": "0",
}


def crawl(origin: str, workdir: Path, name: str, *extra: str) -> float:
    flags = [arg for key, value in SETTINGS_OFF.items() for arg in ("-s", f"{key}={value}")]
    argv = [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", origin,
            "-o", str(workdir / f"{name}.jsonl"), "--report", str(workdir / f"{name}.json"),
            "--store", str(workdir / "nul20.sqlite"), *extra, *flags]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=workdir, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        sys.exit(f"{name} crawl failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--recent", type=int, default=8,
                        help="articles published inside the re-check window")
    parser.add_argument("--new", type=int, default=12, help="K: articles added")
    parser.add_argument("--changed", type=int, default=6, help="U: articles updated")
    args = parser.parse_args()

    site = EvolvingSite(args.articles, recent=args.recent)
    with tempfile.TemporaryDirectory(prefix="nul20-incr-") as tmp, MirrorServer(
        site.build(), max_seconds=1800, conditional=True
    ) as server:
        workdir = Path(tmp)
        full_seconds = crawl(server.origin, workdir, "full")
        full_requests = sum(1 for r in server.log
                            if r.target != "/robots.txt" and not r.target.startswith("/sitemap"))

        recent = site.recent_paths()
        old = [p for p in site.paths if p not in recent]
        step = max(1, len(old) // max(1, args.changed))
        changed = (recent[:1] + old[::step])[: args.changed]
        new = site.add(args.new)
        site.update(changed)
        site.publish(server.site)

        mark = len(server.log)
        incremental_seconds = crawl(server.origin, workdir, "incremental", "--incremental")
        records = server.log[mark:]
        overhead = [r for r in records
                    if r.target == "/robots.txt" or r.target.startswith("/sitemap.xml")]
        pages = [r for r in records if r not in overhead]
        full_answers = [r for r in pages if r.status != 304]
        not_modified = [r for r in pages if r.status == 304]
        with Store.open(workdir / "nul20.sqlite") as store:
            run = store.last_successful_run()
            assert run is not None
            found_new, found_revised = run.counts["new_articles"], run.counts["new_revisions"]

    k, u = len(new), len(changed)
    bound = k + u + 4
    ok = len(full_answers) <= bound and (found_new, found_revised) == (k, u)
    print(f"mirror: {args.articles} articles, {len(recent)} recent; then K={k} new, "
          f"U={u} changed")
    print(f"full crawl:        {full_requests} page requests in {full_seconds:.1f} s")
    print(f"incremental crawl: {len(full_answers)} page requests (bound K + U + 4 = {bound}) "
          f"in {incremental_seconds:.1f} s")
    print(f"  not counted: {len(overhead)} robots.txt/sitemap requests, "
          f"{len(not_modified)} re-checks answered 304 Not Modified")
    print(f"  found: {found_new} new articles (K={k}), {found_revised} new revisions (U={u})")
    print(f"result: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
