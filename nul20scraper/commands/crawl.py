"""`nul20scraper crawl`: crawl the site (or a mirror) into a file of articles and the archive
store, capturing the pages in WARC files.

The store (--store, default data/nul20.sqlite) is guarded by a run lock: a second crawl of the
same store while one runs says so in one line and exits with status 4. `--incremental` fetches
only what is new or changed since the last successful run (nul20scraper.crawl.incremental);
`--job-dir` lets a stopped or killed run be continued (nul20scraper.archive.job).

Everything that can be checked before the crawl is (the output file, the store's directory,
--mirror's host): a mistake there costs one line and status 2, not a crawl. By default the
crawl shows one progress line (nul20scraper.crawl.progress) and ends with a short summary of
its report; -v gives Scrapy's log instead, -q only errors.

Exit statuses: see nul20scraper.shared (0 ok, 1 partial failure, 2 usage,
3 fatal, e.g. the site cannot be reached, 4 another run holds the lock).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from nul20scraper.archive.store import DEFAULT_STORE_PATH

HELP = "crawl www.nul20.nl (or --base-url) into the archive and a file of articles"

# Words of the README's exit-status table.
STATUS_WORDS = {0: "success", 1: "partial failure", 2: "usage error", 3: "fatal", 4: "locked"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL", default=None,
                        help="origin to crawl instead of https://www.nul20.nl (e.g. a mirror)")
    parser.add_argument("--mirror", action="store_true",
                        help="full speed for a mirror on this machine (no Crawl-delay, "
                             "download delay or AutoThrottle); refused for other hosts")
    parser.add_argument("-o", "--output", metavar="FILE", default="articles.jsonl",
                        help="file of articles, overwritten; the suffix names the format: "
                             ".jsonl, .json, .csv, .xml (default: %(default)s)")
    parser.add_argument("--report", metavar="FILE", default=None,
                        help="crawl report path (default: reports/ beside the store; with "
                             "--no-store, data/reports/)")
    parser.add_argument("--since", metavar="YYYY-MM-DD", default=None,
                        help="skip sitemap entries last modified before this date")
    parser.add_argument("--store", metavar="PATH", type=Path, default=DEFAULT_STORE_PATH,
                        help="archive store to record articles in; its directory must exist "
                             "(default: %(default)s)")
    parser.add_argument("--no-store", action="store_true",
                        help="write the output file only: no store, WARC, lock")
    parser.add_argument("--warc-dir", metavar="DIR", type=Path, default=None,
                        help="where to write WARC files (default: warc/ next to the store)")
    parser.add_argument("--no-warc", action="store_true", help="capture no WARC files")
    parser.add_argument("--incremental", action="store_true",
                        help="fetch only what is new or changed since the last successful run")
    parser.add_argument("--job-dir", metavar="DIR", type=Path, default=None,
                        help="keep the run's state here; started again with the same DIR, a "
                             "stopped or killed run is continued instead of started over")
    add_output_options(parser)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-v", "--verbose", action="store_true",
                       help="Scrapy's log instead of the progress line")
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
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


def output_settings(args: argparse.Namespace) -> dict[str, Any]:
    """Log level and progress display for -v, -q or neither."""
    if args.verbose:
        return {"LOG_LEVEL": "INFO", "NUL20_PROGRESS": "log"}
    return {
        # Scrapy's start-up dump, per-page lines and the stats dump are INFO; errors stay.
        "LOG_LEVEL": "ERROR",
        "NUL20_PROGRESS": "off" if args.quiet else "line" if sys.stderr.isatty() else "plain",
    }


def check_output(output: Path) -> str | None:
    """Why the output file cannot be written, or None. Scrapy would only find out at the
    first item, with a traceback per item."""
    from nul20scraper.crawl.runner import feed_format

    try:
        feed_format(output)
    except ValueError as exc:
        return str(exc)
    if output.is_dir():
        return f"{output} is a directory"
    existed = output.exists()
    try:
        with output.open("ab"):
            pass
    except OSError as exc:
        return f"cannot write {output}: {exc.strerror or exc}"
    if not existed:
        output.unlink(missing_ok=True)
    return None


def check_store_dir(store: Path) -> str | None:
    """A store is made only where its directory exists: a typo must not make an archive."""
    if store.is_dir():
        return f"{store} is a directory, not a store file"
    if not store.parent.is_dir():
        return f"cannot make a store at {store}: directory {store.parent} does not exist"
    return None


def check_mirror(args: argparse.Namespace, origin: str) -> str | None:
    from urllib.parse import urlsplit

    from nul20scraper.crawl.crawl_delay import is_loopback

    if args.mirror and not is_loopback(urlsplit(origin).hostname):
        return (f"--mirror (full speed, no Crawl-delay) is for a mirror on this machine "
                f"(127.0.0.1, ::1, localhost), not {origin}")
    return None


def usage_error(args: argparse.Namespace, overrides: dict[str, Any]) -> str | None:
    """The first thing wrong with the command line, checked before anything is fetched."""
    from nul20scraper.spiders.nul20 import crawl_origin

    try:
        origin = crawl_origin(args.base_url)
    except ValueError as exc:
        return str(exc)
    if args.no_store and (args.incremental or args.job_dir):
        return "--incremental and --job-dir need the store"
    return (check_mirror(args, origin) or check_output(Path(args.output))
            or (None if args.no_store else check_store_dir(args.store)))


def run(args: argparse.Namespace) -> int:
    from nul20scraper import shared

    try:
        overrides: dict[str, Any] = parse_overrides(args.settings)
    except ValueError as exc:
        print(f"nul20scraper crawl: {exc}", file=sys.stderr)
        return shared.USAGE
    problem = usage_error(args, overrides)
    if problem:
        print(f"nul20scraper crawl: {problem}", file=sys.stderr)
        return shared.USAGE
    return crawl(args, overrides, command="crawl")


def crawl(args: argparse.Namespace, overrides: dict[str, Any], command: str) -> int:
    """The checked crawl: settings from the arguments, then the crawl and its summary."""
    from nul20scraper.crawl.runner import feed_settings, part_file, project_settings, run_crawl

    overrides = {**output_settings(args), **overrides}
    overrides["FEEDS"] = feed_settings(args.output, part_file(args.output))
    if args.mirror:
        overrides.setdefault("NUL20_MIRROR", True)
    if args.report:
        overrides["NUL20_REPORT_PATH"] = args.report
    elif not args.no_store and "NUL20_REPORT_PATH" not in overrides:
        overrides["NUL20_REPORT_PATH"] = str(args.store.parent / "reports"
                                             / "crawl-{timestamp}.json")
    spider_args = {"base_url": args.base_url, "since": args.since}
    if args.no_store:
        outcome = run_crawl(project_settings(overrides), **spider_args)
        return finish(args, outcome, command)
    return run_archived(args, overrides, spider_args, command)


def run_archived(args: argparse.Namespace, overrides: dict[str, Any],
                 spider_args: dict[str, Any], command: str) -> int:
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
        print(f"nul20scraper {command}: {exc}; not starting", file=sys.stderr)
        return shared.LOCKED
    except OSError as exc:
        print(f"nul20scraper {command}: cannot lock {store_path}: {exc}", file=sys.stderr)
        return shared.FATAL
    try:
        new_store = not store_path.exists() or store_path.stat().st_size == 0
        try:
            Store.open(store_path, check=True).close()  # fail here, in one line, not in the crawl
            job, resumed = (None, False)
            if args.job_dir is not None:
                job, resumed = begin_job(args.job_dir, new_run_label(), args.incremental)
        except Exception as exc:  # bad path, newer schema, unreadable job file
            print(f"nul20scraper {command}: {exc}", file=sys.stderr)
            return shared.FATAL
        incremental = job.incremental if job else args.incremental
        if resumed and not args.quiet:
            print(f"nul20scraper {command}: continuing run {job.label} from {args.job_dir}"
                  f"{' (incremental)' if incremental else ''}", file=sys.stderr)
        overrides["NUL20_STORE_PATH"] = str(store_path)
        overrides["NUL20_INCREMENTAL"] = incremental
        overrides["NUL20_RUN_ID"] = job.label if job else new_run_label()
        if not args.no_warc:
            overrides["NUL20_WARC_DIR"] = str(args.warc_dir or store_path.parent / "warc")
        outcome = run_crawl(project_settings(overrides), **spider_args)
        if job is not None and outcome.finish_reason == "finished":
            finish_job(args.job_dir, job)
        if new_store and outcome.status == shared.FATAL and outcome.finish_reason == "unreachable":
            # Nothing was crawled: no empty archive is left where a typo or an outage put it.
            # (A store that could take no article keeps its run row: it says why.)
            for leftover in (store_path, *(Path(f"{store_path}{end}") for end in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        elif new_store and not args.quiet:
            print(f"nul20scraper {command}: new store at {store_path}", file=sys.stderr)
        return finish(args, outcome, command)
    finally:
        lock.release()


def finish(args: argparse.Namespace, outcome: Any, command: str) -> int:
    """The output file put in place, then the fatal line or the summary (unless -q or -v,
    where the log has its own)."""
    from nul20scraper import shared
    from nul20scraper.crawl.runner import part_file

    part = part_file(args.output)
    if outcome.status == shared.FATAL:
        part.unlink(missing_ok=True)  # nothing was crawled: the last run's file stays
    elif part.exists():
        part.replace(args.output)
    status = outcome.report_fatal()
    if outcome.fatal or args.quiet or args.verbose or not outcome.report_path:
        return status
    try:
        report = json.loads(Path(outcome.report_path).read_text("utf-8"))
    except (OSError, ValueError):
        return status
    for line in summary_lines(report, outcome.report_path, args, command):
        print(line, file=sys.stderr)
    return status


def summary_lines(report: dict[str, Any], path: str, args: argparse.Namespace,
                  command: str) -> list[str]:
    """A few lines: what was got, what failed, the exit status in the README's words."""
    from nul20scraper.crawl.ledger import RUN_FAILURES
    from nul20scraper.crawl.report import alarm_lines

    counts = report["counts"]
    failures = report["failures"]
    failed = {kind: entry for kind, entry in failures.items() if kind in RUN_FAILURES}
    gone = sum(failures.get(kind, {}).get("count", 0) for kind in ("http_404", "http_410"))
    other = sum(entry["count"] for kind, entry in failures.items()
                if kind not in RUN_FAILURES and kind not in ("http_404", "http_410"))
    stopped = report["finish_reason"] != "finished"
    how = f"stopped ({report['finish_reason']})" if stopped else "finished"
    # What the store made of the articles, when there is one: a re-crawl of an unchanged
    # site says "0 new, 0 changed", not only how many it read.
    stored = (f" ({counts.get('store_new_articles', 0)} new, "
              f"{counts.get('store_new_revisions', 0)} changed, "
              f"{counts.get('store_unchanged', 0)} unchanged)"
              if counts.get("articles_stored") else "")
    lines = [
        f"{how} in {report['elapsed_seconds']:.0f} s: {counts['articles_emitted']} articles"
        f"{stored} from {counts['pages_fetched']} responses; {counts['not_articles']} other "
        "pages, "
        f"{gone} gone (404/410), {other} not read (not HTML, other 4xx, empty), "
        f"{sum(e['count'] for e in failed.values())} failed",
    ]
    for kind, entry in failed.items():
        sample = ", ".join(entry["urls"][:2])
        lines.append(f"  failed, {kind}: {entry['count']} ({sample}"
                     f"{' ...' if entry['count'] > 2 else ''})")
    # The broken-parser alarm, when it fired: a field emptied, or no longer came from the
    # page's metadata or the CMS markup as often. The one other reason for exit status 1,
    # with an alarm that could not be computed.
    alarm = report.get("parser_alarm", {})
    lines.extend(alarm_lines(alarm))
    status = report["exit_status"]
    not_computed = str(alarm.get("verdict", "")).startswith("not computed")
    why = (" (stopped early)" if stopped and status == 1 and not failed
           else " (the parser alarm could not be computed)"
           if status == 1 and not failed and not_computed else "")
    lines.append(f"exit status {status}: {STATUS_WORDS.get(status, '?')}{why}; "
                 f"articles in {args.output}, report in {_relative(path)}")
    if stopped:
        job_dir = getattr(args, "job_dir", None)
        if job_dir is not None:
            lines.append(f"to continue this run, run the same command again "
                         f"(--job-dir {job_dir})")
        elif command == "crawl":
            lines.append("a new crawl starts over; with --job-dir DIR a stopped run can be "
                         "continued where it stopped")
    return lines


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path
