"""`nul20scraper migrate [--store PATH]`: bring an existing store's schema up to date.

Crawls do this on their own when they open the store; the read commands open it read-only and
cannot, so they point here when the store is older than the code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nul20scraper import shared
from nul20scraper.archive.store import DEFAULT_STORE_PATH

HELP = "upgrade an existing store's schema to this nul20scraper's"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH,
                        help=f"archive store (default: {DEFAULT_STORE_PATH})")


def run(args: argparse.Namespace) -> int:
    import sqlite3
    from contextlib import closing

    from nul20scraper.archive.migrations import SCHEMA_VERSION, SchemaTooNew, schema_version
    from nul20scraper.archive.store import Store

    if not args.store.is_file():
        print(f"nul20scraper: no store at {args.store}", file=sys.stderr)
        return shared.USAGE
    try:
        uri = f"{args.store.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as probe:
            before = schema_version(probe)
        if before == 0:
            print(f"nul20scraper: {args.store} is not a nul20scraper store", file=sys.stderr)
            return shared.FATAL
        Store.open(args.store).close()
    except (sqlite3.Error, SchemaTooNew, OSError) as exc:
        print(f"nul20scraper: cannot migrate store {args.store}: {exc}", file=sys.stderr)
        return shared.FATAL
    if before == SCHEMA_VERSION:
        print(f"nul20scraper: store {args.store} is up to date (schema {SCHEMA_VERSION})",
              file=sys.stderr)
    else:
        print(f"nul20scraper: store {args.store} upgraded from schema {before} to "
              f"{SCHEMA_VERSION}", file=sys.stderr)
    return shared.OK
