"""Scrapy's log messages, less the two per page that the crawl's log level drops anyway.

For every response ("Crawled (200) <GET ...>") and every item ("Scraped from ...") Scrapy
builds a DEBUG message and hands it to logging, which makes a LogRecord (walking the stack for
the caller) before the handler, set to LOG_LEVEL, throws it away. With LOG_LEVEL above DEBUG
(INFO by default) these two messages are not built at all: Scrapy skips a message its log
formatter returns None for. At DEBUG they are logged as ever.

Set as LOG_FORMATTER.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy.logformatter import LogFormatter, LogFormatterResult

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure


def logs_debug(level: Any) -> bool:
    """Whether a LOG_LEVEL setting (a name or a number) lets DEBUG messages through."""
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())  # a number, for a known name
    return not isinstance(level, int) or level <= logging.DEBUG


class PageLogFormatter(LogFormatter):
    def __init__(self, per_page_debug: bool = True) -> None:
        self.per_page_debug = per_page_debug

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(logs_debug(crawler.settings.get("LOG_LEVEL")))

    def crawled(self, request: Request, response: Response, spider: Spider
                ) -> LogFormatterResult | None:  # type: ignore[override]
        if not self.per_page_debug:
            return None
        return super().crawled(request, response, spider)

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider
                ) -> LogFormatterResult | None:  # type: ignore[override]
        if not self.per_page_debug:
            return None
        return super().scraped(item, response, spider)
