"""What every read command (export, search, show, report, explore) shares: the `--store`
option and opening the store read-only with a one-line error instead of a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nul20scraper.archive.store import DEFAULT_STORE_PATH, Store, StoreError


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE_PATH,
                        help=f"archive store (default: {DEFAULT_STORE_PATH}); opened read-only")


def open_store(path: Path) -> Store | int:
    """The store opened read-only, or the exit status after saying on stderr why not: 2 when
    there is no file at `path` (a typo), 3 when it is not a usable store."""
    try:
        return Store.open_readonly(path)
    except StoreError as exc:
        print(f"nul20scraper: {exc}", file=sys.stderr)
        return exc.exit_status
