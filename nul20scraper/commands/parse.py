"""`nul20scraper parse`: article pages on disk -> JSON Lines on stdout.

Exit status: 0 when every input gave an item, 1 when any did not (a directory with no HTML
file included), 2 for usage errors (a missing input, a --url that is not an http(s) URL, a
--fetched-at that is not a time the page can have been fetched at).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from nul20scraper import shared
from nul20scraper.extract.dates import parse_fetched_at

HELP = "parse saved pages into article items (JSON Lines on stdout)"
PAGE_SUFFIXES = (".html", ".htm")

# A fetch time given by hand: from 1990, before the web, to a day from now (a local time given
# without an offset is read as UTC, so it may be some hours ahead: the day is that slack). A time
# out of that range would give the teaser dates that have no year a made-up one. The words say
# the same rule, slack included.
EARLIEST_FETCH = datetime(1990, 1, 1, tzinfo=UTC)
FETCH_SLACK = timedelta(days=1)
FETCHED_AT_FORM = ("an ISO 8601 date or date-time from 1990 to a day from now, e.g. "
                   "2024-05-01T14:30:00+02:00 (UTC when it has no offset; the day's slack is "
                   "for a local time given without one)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR",
                        help="HTML files, or directories walked for *.html / *.htm")
    parser.add_argument("--url", help="the URL the page was fetched from (one input only)")
    parser.add_argument("--fetched-at", metavar="ISO",
                        help=f"when the page was fetched (teaser years depend on it): "
                             f"{FETCHED_AT_FORM}")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.extract import NotArticle, parse_article

    fetched_at: datetime | None = None
    if args.fetched_at is not None:
        fetched_at = _fetch_time(args.fetched_at)
        if fetched_at is None:
            print(f"nul20scraper parse: --fetched-at {args.fetched_at!r} is not a fetch time: "
                  f"give {FETCHED_AT_FORM}", file=sys.stderr)
            return shared.USAGE
    if args.url is not None and not _is_http_url(args.url):
        print(f"nul20scraper parse: --url must be an http(s) URL with a host, not {args.url!r}",
              file=sys.stderr)
        return shared.USAGE
    files, missing, empty_dirs = _collect(args.paths)
    for path in missing:
        print(f"nul20scraper parse: {path}: no such file or directory", file=sys.stderr)
    for directory in empty_dirs:
        print(f"nul20scraper parse: no HTML files in {directory}", file=sys.stderr)
    if missing and not files:
        return shared.USAGE
    if not files:
        return shared.PARTIAL_FAILURE
    if args.url and len(files) > 1:
        print("nul20scraper parse: --url names one page; give one input file with it",
              file=sys.stderr)
        return shared.USAGE
    failures = len(missing) + len(empty_dirs)
    out = sys.stdout
    pages, say = _progress(files)
    for path in pages:
        try:
            data = path.read_bytes()
        except OSError as exc:
            say(f"{path}: unreadable: {exc.strerror}")
            failures += 1
            continue
        result = parse_article(data, args.url, fetched_at)
        if isinstance(result, NotArticle):
            say(f"{path}: {result}")
            failures += 1
            continue
        if not result["url"] or not result["url"].startswith(("http://", "https://")):
            result["url"] = path.resolve().as_uri()
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return shared.PARTIAL_FAILURE if failures else shared.OK


def _fetch_time(value: str) -> datetime | None:
    """The --fetched-at value as an aware datetime, or None for one that cannot be read, has
    no Amsterdam date (the parser's own check) or lies outside EARLIEST_FETCH to a day from
    now."""
    if not value.strip():
        return None
    parsed = parse_fetched_at(value)
    if parsed is None or not EARLIEST_FETCH <= parsed <= datetime.now(UTC) + FETCH_SLACK:
        return None
    return parsed


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _collect(paths: list[str]) -> tuple[list[Path], list[str], list[str]]:
    """Files to parse, inputs that do not exist, directories without an HTML file."""
    files: list[Path] = []
    missing: list[str] = []
    empty_dirs: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES
                           and p.is_file())
            if not found:
                empty_dirs.append(name)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing, empty_dirs


def _progress(files: list[Path]) -> tuple[Iterable[Path], Callable[[str], None]]:
    """The inputs, with a progress bar on stderr for many of them on a terminal, and how to
    write a stderr line without breaking into the bar (tqdm.write)."""
    if len(files) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        def say(line: str) -> None:
            tqdm.write(line, file=sys.stderr)

        return tqdm(files, unit="page", file=sys.stderr), say
    return files, lambda line: print(line, file=sys.stderr)
