"""`nul20scraper crawl`: crawl the site (or a mirror) into a JSON Lines file of articles.

Exit statuses: see nul20scraper.crawl.exit_status (0 ok, 1 partial failure, 2 usage,
3 fatal, e.g. the site cannot be reached).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

HELP = "crawl www.nul20.nl (or --base-url) and write one JSON item per article"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", metavar="URL", default=None,
                        help="origin to crawl instead of https://www.nul20.nl (e.g. a mirror)")
    parser.add_argument("-o", "--output", metavar="FILE", default="articles.jsonl",
                        help="JSON Lines file to write, overwritten (default: %(default)s)")
    parser.add_argument("--report", metavar="FILE", default=None,
                        help="crawl report path (default: setting NUL20_REPORT_PATH)")
    parser.add_argument("--since", metavar="YYYY-MM-DD", default=None,
                        help="skip sitemap entries last modified before this date")
    parser.add_argument("--demo-if-unreachable", action="store_true",
                        help="when the site cannot be reached, crawl the bundled demo mirror "
                             "into the same output instead (see `nul20scraper demo`)")
    parser.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[],
                        dest="settings", help="override a Scrapy setting (repeatable)")


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


def run(args: argparse.Namespace) -> int:
    from nul20scraper.crawl import exit_status
    from nul20scraper.crawl.runner import feed_settings, project_settings, run_crawl
    from nul20scraper.spiders.nul20 import crawl_origin

    try:
        overrides: dict[str, Any] = parse_overrides(args.settings)
        crawl_origin(args.base_url)
    except ValueError as exc:
        print(f"nul20scraper crawl: {exc}", file=sys.stderr)
        return exit_status.USAGE
    overrides["FEEDS"] = feed_settings(args.output)
    if args.report:
        overrides["NUL20_REPORT_PATH"] = args.report
    spider_args = {"base_url": args.base_url, "since": args.since}
    outcome = run_crawl(project_settings(overrides), **spider_args)
    status = outcome.report_fatal()
    if status == exit_status.FATAL and args.demo_if_unreachable:
        return run_demo_instead(args.output)
    return status


def run_demo_instead(output: str) -> int:
    """The demo in a new process: Twisted's reactor cannot be started twice in one."""
    import subprocess

    print("nul20scraper: crawling the bundled demo mirror instead", file=sys.stderr)
    demo = [sys.executable, "-m", "nul20scraper", "demo", "-o", output]
    return subprocess.run(demo, check=False).returncode
