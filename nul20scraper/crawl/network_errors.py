"""One log line, not a traceback, for the ordinary ways a host cannot be reached.

RobotsTxtMiddleware logs a failed robots.txt download with its traceback; for DNS
failures, refused connections and timeouts the traceback says nothing the message does
not. This extension installs a logging filter that drops the traceback of such records.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from twisted.python.failure import Failure

from nul20scraper.crawl.failures import NETWORK_KINDS, failure_kind

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

QUIETED_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.core.scraper")


class DropNetworkTracebacks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and failure_kind(Failure(error)) in NETWORK_KINDS:
            record.exc_info = None
            record.exc_text = None
        return True


class OneLineNetworkErrors:
    def __init__(self) -> None:
        self.filter = DropNetworkTracebacks()
        for name in QUIETED_LOGGERS:
            logging.getLogger(name).addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineNetworkErrors:
        return cls()
