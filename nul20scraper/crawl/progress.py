"""Progress in the log every NUL20_PROGRESS_INTERVAL seconds: pages/min, articles, queue."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ProgressLog:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task = None
        self.last_time = 0.0
        self.last_pages = 0
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        interval = crawler.settings.getfloat("NUL20_PROGRESS_INTERVAL", 30.0)
        if interval <= 0:
            raise NotConfigured
        return cls(crawler, interval)

    def spider_opened(self) -> None:
        self.last_time = time.monotonic()
        self.task = create_looping_call(self.log_progress)
        self.task.start(self.interval, now=False)

    def queue_size(self) -> int:
        scheduler = self.crawler.engine.scheduler if self.crawler.engine else None
        try:
            return len(scheduler)  # type: ignore[arg-type]
        except TypeError:
            return -1

    def log_progress(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        now = time.monotonic()
        pages = int(stats.get_value("response_received_count", 0))
        rate = (pages - self.last_pages) * 60.0 / max(now - self.last_time, 1e-6)
        self.last_time, self.last_pages = now, pages
        logger.info(
            "Progress: %d pages fetched (%.0f pages/min), %d articles, %d requests queued",
            pages, rate, int(stats.get_value("item_scraped_count", 0)), self.queue_size(),
        )

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
