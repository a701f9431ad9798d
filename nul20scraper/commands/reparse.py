"""`nul20scraper reparse WARC... [--store PATH] [--workers N]`: re-parse captured pages offline
into the store."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from nul20scraper import shared
from nul20scraper.archive.store import DEFAULT_STORE_PATH

HELP = "run the current parser over pages captured in WARC files and record them in the store"


def default_workers() -> int:
    """The CPUs this process may run on, at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


def _workers(value: str) -> int:
    try:
        workers = int(value)
    except ValueError:
        workers = 0
    if workers < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {value!r}")
    return workers


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("warcs", nargs="+", type=Path, metavar="WARC",
                        help="WARC files (.warc or .warc.gz) written by a crawl")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH,
                        help=f"archive store to record the items in, created with its "
                             f"directory if missing (default: {DEFAULT_STORE_PATH})")
    parser.add_argument("--workers", type=_workers, default=default_workers(), metavar="N",
                        help="processes that parse (default: the CPUs, here "
                             f"{default_workers()}; 1 parses in this process)")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.archive.reparse import REPARSE_COUNTS, is_warc, reparse_warcs
    from nul20scraper.archive.store import Store

    missing = [str(path) for path in args.warcs if not path.is_file()]
    if missing:
        print(f"nul20scraper: no such WARC file: {', '.join(missing)}", file=sys.stderr)
        return shared.USAGE
    logging.basicConfig(level=logging.WARNING, format="nul20scraper: %(message)s")
    warcs = [path for path in args.warcs if is_warc(path)]
    for path in args.warcs:
        if path not in warcs:
            print(f"nul20scraper: {path}: not a WARC file", file=sys.stderr)
    if not warcs:
        return shared.PARTIAL_FAILURE  # nothing to read: no store is opened, so none is created
    try:
        store = Store.open(args.store)
    except Exception as exc:  # say why (bad path, newer schema), never a traceback
        print(f"nul20scraper: cannot open store {args.store}: {exc}", file=sys.stderr)
        return shared.FATAL
    with store:
        counts = reparse_warcs(warcs, store, workers=args.workers)
    # Files that are not WARC files count as errors, as a WARC that breaks off does.
    counts["errors"] += len(args.warcs) - len(warcs)
    print(" ".join(f"{key}={counts[key]}" for key in REPARSE_COUNTS))
    return shared.PARTIAL_FAILURE if counts["errors"] else shared.OK
