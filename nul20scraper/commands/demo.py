"""`nul20scraper demo`: the whole pipeline without network.

Serves the bundled saved pages (nul20scraper/demo/pages, a link to the fixture pages) as a
mirror site on 127.0.0.1 and crawls it with the real nul20 spider into a JSON Lines file,
with a crawl report.
Exit statuses as for `crawl` (nul20scraper.shared).
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "crawl a bundled mirror of saved pages on 127.0.0.1 (no network needed)"

# Politeness is for other people's servers; this one is ours and on loopback.
LOOPBACK_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "NUL20_OBEY_CRAWL_DELAY": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "NUL20_PROGRESS_INTERVAL": 0,
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", default="demo-articles.jsonl",
                        help="JSON Lines file to write, overwritten (default: %(default)s)")
    parser.add_argument("--pages", metavar="DIR", type=Path, default=None,
                        help="serve these saved pages (*.html + *.meta.json) instead")
    parser.add_argument("--report", metavar="FILE", default=None,
                        help="crawl report path (default: next to the output)")
    parser.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="settings", help="override a Scrapy setting (repeatable)")


def run(args: argparse.Namespace) -> int:
    import sys

    from nul20scraper import shared
    from nul20scraper.commands.crawl import parse_overrides
    from nul20scraper.crawl.runner import feed_settings, project_settings, run_crawl
    from nul20scraper.demo import PAGES_DIR
    from nul20scraper.demo.saved_site import site_from_saved_pages
    from nul20scraper.demo.server import MirrorServer

    pages_dir = args.pages or PAGES_DIR
    if not any(pages_dir.glob("*.meta.json")):
        print(f"nul20scraper demo: no saved pages in {pages_dir}", file=sys.stderr)
        return shared.USAGE
    try:
        overrides = {**LOOPBACK_SETTINGS, **parse_overrides(args.settings)}
    except ValueError as exc:
        print(f"nul20scraper demo: {exc}", file=sys.stderr)
        return shared.USAGE
    output = Path(args.output)
    overrides["FEEDS"] = feed_settings(output)
    overrides["NUL20_REPORT_PATH"] = args.report or str(output.with_suffix(".report.json"))
    with MirrorServer(site_from_saved_pages(pages_dir), max_seconds=900) as server:
        print(f"nul20scraper demo: serving {pages_dir} at {server.origin}", file=sys.stderr)
        outcome = run_crawl(project_settings(overrides), base_url=server.origin)
    status = outcome.report_fatal()
    print(f"nul20scraper demo: articles in {output}, crawl report in {outcome.report_path}",
          file=sys.stderr)
    return status
