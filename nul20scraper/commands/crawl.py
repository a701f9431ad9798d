"""`nul20scraper crawl`: crawl the site (or a mirror) into a JSON Lines file of articles and
the archive store, capturing the pages in WARC files.

The store (--store, default data/nul20.sqlite) is guarded by a run lock: a second crawl of the
same store while one runs says so in one line and exits with status 4. `--incremental` fetches
only what is new or changed since the last successful run (nul20scraper.crawl.incremental);
`--job-dir` lets a killed run be continued (nul20scraper.archive.job).

Exit statuses: see nul20scraper.shared (0 ok, 1 partial failure, 2 usage,
3 fatal, e.g. the site cannot be reached, 4 another run holds the lock).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nul20scraper.archive.store import DEFAULT_STORE_PATH

HELP = "crawl www.nul20.nl (or --base-url) and write one JSON item per article"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL", default=None,
                        help="origin to crawl instead of https://www.nul20.nl (e.g. a mirror)")
    parser.add_argument("-o", "--output", metavar="FILE", default="articles.jsonl",
                        help="JSON Lines file to write, overwritten (default: %(default)s)")
    parser.add_argument("--report", metavar="FILE", default=None,
                        help="crawl report path (default: setting NUL20_REPORT_PATH)")
    parser.add_argument("--since", metavar="YYYY-MM-DD", default=None,
                        help="skip sitemap entries last modified before this date")
    parser.add_argument("--store", metavar="PATH", type=Path, default=DEFAULT_STORE_PATH,
                        help="archive store to record articles in (default: %(default)s)")
    parser.add_argument("--no-store", action="store_true",
                        help="write the JSON Lines output only: no store, WARC, lock")
    parser.add_argument("--warc-dir", metavar="DIR", type=Path, default=None,
                        help="where to write WARC files (default: warc/ next to the store)")
    parser.add_argument("--no-warc", action="store_true", help="capture no WARC files")
    parser.add_argument("--incremental", action="store_true",
                        help="fetch only what is new or changed since the last successful run")
    parser.add_argument("--job-dir", metavar="DIR", type=Path, default=None,
                        help="keep the run's state here; started again with the same DIR, a "
                             "killed run is continued instead of started over")
    parser.add_argument("--demo-if-unreachable", action="store_true",
                        help="when the site cannot be reached, crawl the bundled demo mirror "
                             "into the same output instead (see `nul20scraper demo`)")
    parser.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="settings", help="override a Scrapy setting (repeatable)")


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def run(args: argparse.Namespace) -> int:
    from nul20scraper import shared
    from nul20scraper.crawl.runner import feed_settings, project_settings, run_crawl
    from nul20scraper.spiders.nul20 import crawl_origin

    try:
        overrides: dict[str, Any] = parse_overrides(args.settings)
        crawl_origin(args.base_url)
    except ValueError as exc:
        print(f"nul20scraper crawl: {exc}", file=sys.stderr)
        return shared.USAGE
    if args.no_store and (args.incremental or args.job_dir):
        print("nul20scraper crawl: --incremental and --job-dir need the store",
              file=sys.stderr)
        return shared.USAGE
    overrides["FEEDS"] = feed_settings(args.output)
    if args.report:
        overrides["NUL20_REPORT_PATH"] = args.report
    spider_args = {"base_url": args.base_url, "since": args.since}
    if args.no_store:
        status = run_crawl(project_settings(overrides), **spider_args).report_fatal()
    else:
        status = run_archived(args, overrides, spider_args)
    if status == shared.FATAL and args.demo_if_unreachable:
        return run_demo_instead(args.output)
    return status


def run_archived(args: argparse.Namespace, overrides: dict[str, Any],
                 spider_args: dict[str, Any]) -> int:
    """The crawl with the store, WARC capture and run lock; continued from --job-dir."""
    from nul20scraper import shared
    from nul20scraper.archive.job import begin_job, finish_job
    from nul20scraper.archive.lock import LockHeld, StoreLock
    from nul20scraper.archive.run import new_run_label
    from nul20scraper.archive.store import Store
    from nul20scraper.crawl.runner import project_settings, run_crawl

    store_path: Path = args.store
    lock = StoreLock(store_path)
    try:
        lock.acquire()
    except LockHeld as exc:
        print(f"nul20scraper crawl: {exc}; not starting", file=sys.stderr)
        return shared.LOCKED
    except OSError as exc:
        print(f"nul20scraper crawl: cannot lock {store_path}: {exc}", file=sys.stderr)
        return shared.FATAL
    try:
        try:
            Store.open(store_path, check=True).close()  # fail here, in one line, not in the crawl
            job, resumed = (None, False)
            if args.job_dir is not None:
                job, resumed = begin_job(args.job_dir, new_run_label(), args.incremental)
        except Exception as exc:  # bad path, newer schema, unreadable job file
            print(f"nul20scraper crawl: {exc}", file=sys.stderr)
            return shared.FATAL
        incremental = job.incremental if job else args.incremental
        if resumed:
            print(f"nul20scraper crawl: continuing run {job.label} from {args.job_dir}"
                  f"{' (incremental)' if incremental else ''}", file=sys.stderr)
        overrides["NUL20_STORE_PATH"] = str(store_path)
        overrides["NUL20_INCREMENTAL"] = incremental
        overrides["NUL20_RUN_ID"] = job.label if job else new_run_label()
        if not args.no_warc:
            overrides["NUL20_WARC_DIR"] = str(args.warc_dir or store_path.parent / "warc")
        outcome = run_crawl(project_settings(overrides), **spider_args)
        if job is not None and outcome.finish_reason == "finished":
            finish_job(args.job_dir, job)
        return outcome.report_fatal()
    finally:
        lock.release()


def run_demo_instead(output: str) -> int:
    """The demo in a new process: Twisted's reactor cannot be started twice in one."""
    import subprocess

    print("nul20scraper: crawling the bundled demo mirror instead", file=sys.stderr)
    demo = [sys.executable, "-m", "nul20scraper", "demo", "-o", output]
    return subprocess.run(demo, check=False).returncode
