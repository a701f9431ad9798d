"""`nul20scraper show URL`: an article's revisions, their WARC provenance and what changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nul20scraper import shared
from nul20scraper.archive.store import StoreError
from nul20scraper.commands._readonly import add_store_option, open_store

if TYPE_CHECKING:
    from nul20scraper.archive.store import Revision, Store

HELP = "show an article's revisions, where each was parsed from and what changed between them"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="the article's URL (any host variant)")
    add_store_option(parser)
    parser.add_argument("--raw", type=int, metavar="REV",
                        help="write the archived page of revision REV from its WARC record; "
                             "REV as the listing numbers the article's revisions, 1 for the "
                             "oldest (not the database id)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="with --raw: write the page here instead of standard output")


def _find(store: Store, url: str) -> list[Revision]:
    from nul20scraper.urls import canonical_url

    revisions = list(store.revisions(url))
    if not revisions:
        try:
            revisions = list(store.revisions(canonical_url(url)))
        except ValueError:
            return []
    return revisions


def _provenance(revision: Revision) -> str:
    if revision.warc_file is None:
        return "no WARC record"
    return f"WARC {revision.warc_file} @ {revision.warc_offset}"


def _print_history(store: Store, revisions: list[Revision]) -> None:
    from nul20scraper.archive.history import COMPARED_FIELDS, changes

    count = len(revisions)
    print(f"{revisions[0].url}: {count} revision{'s' if count != 1 else ''}")
    previous = None
    # Numbered 1, 2, 3... per article, oldest first, as --raw takes them; the database id is
    # the revision's row in the store's `revisions` table, for SQL and datasette.
    for number, revision in enumerate(revisions, start=1):
        print(f"revision {number} (id {revision.id})  fetched {revision.fetched_at}  parser "
              f"{revision.parser_version or '?'}  {_provenance(revision)}")
        if previous is None:
            filled = sum(1 for name in COMPARED_FIELDS if revision.item.get(name) not in
                         (None, [], ""))
            print(f"  first revision: {filled} of {len(COMPARED_FIELDS)} fields filled")
        else:
            found = changes(previous.item, revision.item)
            for change in found:
                print(f"  {change.field}: {change.before} -> {change.after}")
            if not found:
                print("  no field changed")
        previous = revision


def _write_raw(store: Store, revisions: list[Revision], rev: int, output: Path | None) -> int:
    from nul20scraper.archive.warc import TruncatedWarc, read_response_at

    if not 1 <= rev <= len(revisions):
        known = f"1 to {len(revisions)}" if len(revisions) > 1 else "1"
        print(f"nul20scraper: {revisions[0].url} has no revision {rev} (it has {known})",
              file=sys.stderr)
        return shared.NOT_FOUND
    revision = revisions[rev - 1]  # the listing's order: oldest first
    path = store.warc_path(revision)
    if path is None or revision.warc_offset is None:
        print(f"nul20scraper: revision {rev} has no WARC record: it was stored by a crawl "
              "without WARC capture, or before revisions recorded theirs", file=sys.stderr)
        return shared.NOT_FOUND
    try:
        response = read_response_at(path, revision.warc_offset)
    except FileNotFoundError:
        print(f"nul20scraper: revision {rev}: WARC file {path} is not there", file=sys.stderr)
        return shared.NOT_FOUND
    except (TruncatedWarc, OSError) as exc:
        print(f"nul20scraper: revision {rev}: cannot read {path} @ {revision.warc_offset}: "
              f"{exc}", file=sys.stderr)
        return shared.NOT_FOUND
    if output is None:
        sys.stdout.buffer.write(response.body)
        sys.stdout.buffer.flush()
    else:
        try:
            output.write_bytes(response.body)
        except OSError as exc:  # a bad path, a directory, a full disk: as export says it
            print(f"nul20scraper: cannot write {output}: {exc.strerror or exc}",
                  file=sys.stderr)
            return shared.FATAL
    where = output if output is not None else "standard output"
    print(f"nul20scraper: wrote {len(response.body)} bytes of {response.url} (HTTP "
          f"{response.status}, fetched {response.date}) from {path} @ {revision.warc_offset} "
          f"to {where}", file=sys.stderr)
    return shared.OK


def run(args: argparse.Namespace) -> int:
    if args.output is not None and args.raw is None:
        print("nul20scraper: -o/--output goes with --raw REV", file=sys.stderr)
        return shared.USAGE
    store = open_store(args.store)
    if isinstance(store, int):
        return store
    with store:
        try:
            revisions = _find(store, args.url)
        except StoreError as exc:  # a damaged revision: its history cannot be told in full
            print(f"nul20scraper: {exc}", file=sys.stderr)
            return exc.exit_status
        if not revisions:
            print(f"nul20scraper: no article {args.url} in {args.store}", file=sys.stderr)
            return shared.NOT_FOUND
        if args.raw is not None:
            return _write_raw(store, revisions, args.raw, args.output)
        _print_history(store, revisions)
    return shared.OK
