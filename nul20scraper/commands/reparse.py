"""`nul20scraper reparse WARC... [--store PATH]`: re-parse captured pages offline into the store."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from nul20scraper.archive.store import DEFAULT_STORE_PATH

HELP = "run the current parser over pages captured in WARC files and record them in the store"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("warcs", nargs="+", type=Path, metavar="WARC",
                        help="WARC files (.warc or .warc.gz) written by a crawl")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH,
                        help=f"archive store (default: {DEFAULT_STORE_PATH})")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.archive.reparse import REPARSE_COUNTS, reparse_warcs
    from nul20scraper.archive.store import Store

    missing = [str(path) for path in args.warcs if not path.is_file()]
    if missing:
        print(f"nul20scraper: no such WARC file: {', '.join(missing)}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="nul20scraper: %(message)s")
    try:
        store = Store.open(args.store)
    except Exception as exc:  # say why (bad path, newer schema), never a traceback
        print(f"nul20scraper: cannot open store {args.store}: {exc}", file=sys.stderr)
        return 3
    with store:
        counts = reparse_warcs(args.warcs, store)
    print(" ".join(f"{key}={counts[key]}" for key in REPARSE_COUNTS))
    return 1 if counts["errors"] else 0
