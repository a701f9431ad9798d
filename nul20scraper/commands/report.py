"""`nul20scraper report`: the archive's coverage as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nul20scraper import shared
from nul20scraper.archive.store import StoreError
from nul20scraper.commands._readonly import add_store_option, open_store

HELP = "write a coverage report (one HTML file with plots, works offline)"

INSTALL_HINT = "pip install 'nul20scraper[report]'"


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="where the HTML goes (default: reports/coverage.html beside the "
                             "store, where the crawl reports are)")


def run(args: argparse.Namespace) -> int:
    try:
        from nul20scraper.archive.report import render
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("matplotlib"):
            raise
        print(f"nul20scraper: report needs matplotlib: {INSTALL_HINT}", file=sys.stderr)
        return shared.USAGE
    from nul20scraper.archive.coverage import collect

    store = open_store(args.store)
    if isinstance(store, int):
        return store
    with store:
        try:
            coverage = collect(store)
        except StoreError as exc:  # a revision whose item cannot be read: one line
            print(f"nul20scraper: {exc}; no report written", file=sys.stderr)
            return exc.exit_status
    html = render(coverage, args.store.name)
    if args.output is None:
        args.output = args.store.parent / "reports" / "coverage.html"
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(html, encoding="utf-8")
    except OSError as exc:
        print(f"nul20scraper: cannot write {args.output}: {exc}", file=sys.stderr)
        return shared.FATAL
    print(f"nul20scraper: wrote {args.output} ({coverage.articles} articles, "
          f"{len(coverage.empty_months)} months without one)", file=sys.stderr)
    return shared.OK
