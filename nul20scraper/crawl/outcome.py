"""How a finished crawl ends the process: its exit status and, if fatal, one stderr line."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nul20scraper import shared

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


@dataclass(frozen=True)
class CrawlOutcome:
    status: int
    fatal: str | None
    report_path: str | None
    finish_reason: str | None = None  # Scrapy's: "finished", "shutdown" (a signal), ...
    # The broken-parser alarm's messages (crawl.report): a reason for exit status 1.
    parser_alarms: tuple[str, ...] = ()

    def report_fatal(self) -> int:
        """Print the fatal error, if any, as one line on stderr; return the exit status."""
        if self.fatal:
            print(f"nul20scraper: {self.fatal}", file=sys.stderr)
        return self.status


def crawl_outcome(crawler: Crawler) -> CrawlOutcome:
    """Read what the crawl report (nul20scraper.crawl.report) left in the crawl's stats."""
    stats = crawler.stats
    status = stats.get_value(shared.EXIT_STATUS_STAT) if stats else None
    if status is None:  # the report never ran: the crawl did not get going
        return CrawlOutcome(shared.FATAL, "the crawl did not start", None)
    return CrawlOutcome(
        int(status),
        stats.get_value("nul20/fatal") if stats else None,
        stats.get_value("nul20/report_path") if stats else None,
        stats.get_value("finish_reason") if stats else None,
        tuple(stats.get_value(shared.PARSER_ALARMS_STAT) or ()) if stats else (),
    )
