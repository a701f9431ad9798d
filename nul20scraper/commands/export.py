"""`nul20scraper export`: write the archive's items as JSON Lines or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nul20scraper.archive.store import DEFAULT_STORE_PATH

HELP = "export archived articles (latest revision, or all revisions) as JSONL or CSV"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH,
                        help=f"archive store (default: {DEFAULT_STORE_PATH})")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                        help="jsonl: one item per line, valid against the item schema; csv: "
                             "one row per item, lists joined or as JSON (see README)")
    parser.add_argument("--since", metavar="DATE",
                        help="only articles new or changed since DATE (YYYY-MM-DD, Amsterdam "
                             "time, or an ISO datetime)")
    parser.add_argument("--revisions", action="store_true",
                        help="every revision of each article, oldest first, not just the latest")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.archive.export import WRITERS, exported_items, parse_since
    from nul20scraper.archive.store import Store

    try:
        since = parse_since(args.since) if args.since else None
    except ValueError:
        print(f"nul20scraper: --since: not a date: {args.since!r}", file=sys.stderr)
        return 2
    if not args.store.is_file():
        print(f"nul20scraper: no store at {args.store}", file=sys.stderr)
        return 2
    try:
        store = Store.open(args.store)
    except Exception as exc:  # say why, never a traceback
        print(f"nul20scraper: cannot open store {args.store}: {exc}", file=sys.stderr)
        return 3
    write = WRITERS[args.format]
    with store:
        items = exported_items(store, since=since, revisions=args.revisions)
        if args.output is None:
            count = write(items, sys.stdout)
        else:
            # newline="" lets the csv module write its own line ends, as it requires.
            with args.output.open("w", encoding="utf-8", newline="") as out:
                count = write(items, out)
    print(f"nul20scraper: exported {count} items", file=sys.stderr)
    return 0
