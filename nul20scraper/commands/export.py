"""`nul20scraper export`: write the archive's items as JSON Lines or CSV."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from nul20scraper import shared
from nul20scraper.archive.query import ArticleFilter, parse_day
from nul20scraper.archive.store import StoreError
from nul20scraper.commands._readonly import add_store_option, open_store

T = TypeVar("T")

HELP = "export archived articles (latest revision, or all revisions) as JSONL or CSV"


def add_article_filters(parser: argparse.ArgumentParser) -> None:
    """The publication-date, type, tag and author filters, shared with `search`."""
    parser.add_argument("--published-since", metavar="DATE",
                        help="only articles published on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--published-until", metavar="DATE",
                        help="only articles published on or before DATE (YYYY-MM-DD)")
    add_tag_author_type(parser)


def add_tag_author_type(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", dest="article_type", metavar="TYPE",
                        help="only articles of this type (Achtergrondartikel, Video, ...)")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG",
                        help="only articles with this tag (name or URL); repeat for all of several")
    parser.add_argument("--author", action="append", default=[], metavar="NAME",
                        help="only articles by this author; repeat for all of several")


def article_filter(
    args: argparse.Namespace, since: str | None, until: str | None
) -> ArticleFilter | str:
    """The ArticleFilter of the parsed options, or a usage message for a bad date."""
    days: dict[str, str | None] = {}
    for option, value in (("since", since), ("until", until)):
        try:
            days[option] = parse_day(value) if value else None
        except ValueError as exc:
            return str(exc)
    return ArticleFilter(
        published_since=days["since"], published_until=days["until"],
        article_type=args.article_type, tags=tuple(args.tag), authors=tuple(args.author),
    )


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    parser.add_argument("--format", choices=("jsonl", "csv"), default=None,
                        help="jsonl: one item per line, valid against the item schema; csv: "
                             "one row per item, lists joined or as JSON (see README); "
                             "default: csv for an -o FILE ending in .csv, else jsonl")
    parser.add_argument("--excel", action="store_true",
                        help="CSV with a UTF-8 byte-order mark, so that Excel and LibreOffice "
                             "read accents right")
    parser.add_argument("--since", metavar="DATE",
                        help="fetch time: only articles new or changed in the archive since DATE "
                             "(YYYY-MM-DD, Amsterdam time, or an ISO datetime); with "
                             "--revisions, the revisions fetched since DATE")
    add_article_filters(parser)
    parser.add_argument("--revisions", action="store_true",
                        help="every revision of each article, oldest first, not just the "
                             "latest (the filters other than --since select by the latest)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here instead of standard output")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.archive.export import WRITERS, exported_items, parse_since

    try:
        since = parse_since(args.since) if args.since else None
    except ValueError:
        print(f"nul20scraper: --since: not a date: {args.since!r}", file=sys.stderr)
        return shared.USAGE
    matching = article_filter(args, args.published_since, args.published_until)
    if isinstance(matching, str):
        print(f"nul20scraper: --published-since/--published-until: {matching}", file=sys.stderr)
        return shared.USAGE
    if args.format is None:  # `-o articles.csv` means CSV, as a reader of the name expects
        csv_file = args.output is not None and args.output.suffix.lower() == ".csv"
        args.format = "csv" if csv_file or args.excel else "jsonl"
    if args.excel and args.format != "csv":
        print("nul20scraper: --excel applies to --format csv only", file=sys.stderr)
        return shared.USAGE
    store = open_store(args.store)
    if isinstance(store, int):
        return store
    write = WRITERS[args.format]
    encoding = "utf-8-sig" if args.excel else "utf-8"
    written = ItemCounter()
    try:
        # The items are read while the store is open, and closed with it (a reader that
        # stops early, as `| head` does, must not leave a query running on a closed store).
        with store, closing(written.count(exported_items(
            store, since=since, revisions=args.revisions, matching=matching or None
        ))) as items:
            if args.output is None:
                if args.excel:
                    sys.stdout.write("\ufeff")
                count = write(items, sys.stdout)
            else:
                # newline="" lets the csv module write its own line ends, as it requires.
                with args.output.open("w", encoding=encoding, newline="") as out:
                    count = write(items, out)
    except BrokenPipeError:
        raise  # the reader went away: cli.main ends quietly
    except OSError as exc:  # the output cannot be written: a bad path, a full disk
        print(f"nul20scraper: cannot write {args.output or 'standard output'}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return shared.FATAL
    except sqlite3.Error as exc:
        # Damage the quick check on opening did not see, met half-way: one line, not a
        # traceback, and how far the output got.
        print(f"nul20scraper: store {args.store} could not be read ({exc}); export stopped "
              f"after {written.items} items", file=sys.stderr)
        return shared.FATAL
    except StoreError as exc:
        # A revision whose item cannot be read: stopped, not skipped, so that an export that
        # says it is done is the whole archive.
        print(f"nul20scraper: {exc}; export stopped after {written.items} items",
              file=sys.stderr)
        return exc.exit_status
    print(f"nul20scraper: exported {count} items", file=sys.stderr)
    return shared.OK


class ItemCounter:
    """Counts the items an export took from the store, to say how far a failed one got."""

    def __init__(self) -> None:
        self.items = 0

    def count(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            yield item
            self.items += 1
