"""`nul20scraper parse`: article pages on disk -> JSON Lines on stdout.

Exit status: 0 when every input gave an item, 1 when any did not, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from nul20scraper.extract.dates import parse_fetched_at

HELP = "parse saved pages into article items (JSON Lines on stdout)"
PAGE_SUFFIXES = (".html", ".htm")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR",
                        help="HTML files, or directories walked for *.html / *.htm")
    parser.add_argument("--url", help="the URL the page was fetched from (one input only)")
    parser.add_argument("--fetched-at", metavar="ISO",
                        help="when the page was fetched, ISO 8601 (teaser years depend on it)")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.extract import NotArticle, parse_article

    fetched_at: datetime | None = None
    if args.fetched_at:
        fetched_at = parse_fetched_at(args.fetched_at)
        if fetched_at is None:
            print(f"nul20scraper parse: --fetched-at is not an ISO 8601 time: {args.fetched_at}",
                  file=sys.stderr)
            return 2
    files, missing = _collect(args.paths)
    for path in missing:
        print(f"nul20scraper parse: {path}: no such file or directory", file=sys.stderr)
    if missing and not files:
        return 2
    if args.url and len(files) > 1:
        print("nul20scraper parse: --url names one page; give one input file with it",
              file=sys.stderr)
        return 2
    failures = len(missing)
    out = sys.stdout
    for path in _progress(files):
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}: unreadable: {exc.strerror}", file=sys.stderr)
            failures += 1
            continue
        result = parse_article(data, args.url, fetched_at)
        if isinstance(result, NotArticle):
            print(f"{path}: {result}", file=sys.stderr)
            failures += 1
            continue
        if not result["url"] or not result["url"].startswith(("http://", "https://")):
            result["url"] = path.resolve().as_uri()
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if failures else 0


def _collect(paths: list[str]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES
                                and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def _progress(files: list[Path]) -> Iterator[Path]:
    """A progress bar on stderr for many inputs, only when stderr is a terminal."""
    if len(files) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(files, unit="page", file=sys.stderr)
    else:
        yield from files
