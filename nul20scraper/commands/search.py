"""`nul20scraper search QUERY`: full-text search over the archive's latest revisions."""

from __future__ import annotations

import argparse
import sys

from nul20scraper import shared
from nul20scraper.commands._readonly import add_store_option, open_store
from nul20scraper.commands.export import add_tag_author_type, article_filter

HELP = "search headline, body and updates of the archived articles (SQLite FTS5)"

NO_DATE = "----------"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY",
                        help='FTS5 query: words (all must occur), "a phrase", OR, NOT, '
                             "prefix*, headline:word")
    add_store_option(parser)
    parser.add_argument("--since", metavar="DATE",
                        help="only articles published on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE",
                        help="only articles published on or before DATE (YYYY-MM-DD)")
    add_tag_author_type(parser)
    parser.add_argument("--limit", type=int, default=20, metavar="N",
                        help="at most N hits, best first (default: 20)")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.archive.search import SearchQueryError, search

    matching = article_filter(args, args.since, args.until)
    if isinstance(matching, str):
        print(f"nul20scraper: --since/--until: {matching}", file=sys.stderr)
        return shared.USAGE
    if not args.query.strip():
        print("nul20scraper: empty query: give one or more words to search for", file=sys.stderr)
        return shared.USAGE
    if args.limit < 1:
        print("nul20scraper: --limit must be at least 1", file=sys.stderr)
        return shared.USAGE
    store = open_store(args.store)
    if isinstance(store, int):
        return store
    with store:
        try:
            hits = search(store, args.query, matching, limit=args.limit)
        except SearchQueryError as exc:
            print(f"nul20scraper: bad search query {args.query!r}: {exc}", file=sys.stderr)
            return shared.USAGE
    if not hits:
        print(f"nul20scraper: no article matches {args.query!r}", file=sys.stderr)
        return shared.NOT_FOUND
    indent = " " * (len(NO_DATE) + 2)
    for hit in hits:
        day = (hit.published or NO_DATE)[:10]
        print(f"{day:<{len(NO_DATE)}}  {hit.headline or '(no headline)'}")
        print(f"{indent}{hit.url}")
        print(f"{indent}{hit.snippet}")
    return shared.OK
