"""How far a crawl is: pages, articles, queue, failures, rate and time left.

NUL20_PROGRESS chooses where it goes:
- `log` (plain `scrapy crawl`): a log line every NUL20_PROGRESS_INTERVAL seconds;
- `line` (`nul20scraper crawl` on a terminal): one stderr line, rewritten in place every
  second and cleared when the crawl ends;
- `plain` (`nul20scraper crawl` into a file or pipe, e.g. cron): a stderr line every
  NUL20_PROGRESS_INTERVAL seconds;
- `off` (`-q`): nothing.
Time left is the queue divided by the recent rate: a lower bound, since pages not yet found
are not in the queue; it is shown once the rate is known.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from nul20scraper import shared
from nul20scraper.crawl.ledger import RUN_FAILURES

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

MODES = ("log", "line", "plain", "off")
LINE_INTERVAL = 1.0  # seconds between rewrites of the in-place line


def duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds // 60 % 60:02d} min"


class ProgressLog:
    def __init__(self, crawler: Crawler, mode: str, interval: float) -> None:
        self.crawler = crawler
        self.mode = mode
        self.interval = LINE_INTERVAL if mode == "line" else interval
        self.task = None
        self.started = time.monotonic()
        self.samples: list[tuple[float, int]] = []  # (time, pages) of the last minute
        self.failures = 0
        self.shown = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.page_outcome, signal=shared.page_outcome)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        mode = crawler.settings.get("NUL20_PROGRESS", "log")
        if mode not in MODES:
            raise ValueError(f"NUL20_PROGRESS must be one of {', '.join(MODES)}, not {mode!r}")
        interval = crawler.settings.getfloat("NUL20_PROGRESS_INTERVAL", 30.0)
        if mode == "off" or (interval <= 0 and mode != "line"):
            raise NotConfigured
        return cls(crawler, mode, interval)

    def page_outcome(self, outcome: str, url: str, detail: str | None = None) -> None:
        if outcome in RUN_FAILURES:
            self.failures += 1

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.task = create_looping_call(self.show)
        self.task.start(self.interval, now=False)

    def queue_size(self) -> int:
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine else None
        try:
            waiting = len(scheduler)  # type: ignore[arg-type]
        except TypeError:
            return -1
        return waiting + (len(engine.downloader.active) if engine else 0)

    def text(self) -> str:
        stats = self.crawler.stats
        assert stats is not None
        now = time.monotonic()
        pages = int(stats.get_value("response_received_count", 0))
        self.samples = [(t, p) for t, p in self.samples if now - t <= 60] + [(now, pages)]
        first_time, first_pages = self.samples[0]
        rate = (pages - first_pages) * 60.0 / (now - first_time) if now > first_time else 0.0
        queue = self.queue_size()
        parts = [f"{pages} pages", f"{int(stats.get_value('item_scraped_count', 0))} articles",
                 f"{queue} queued" if queue >= 0 else "", f"{self.failures} failed",
                 f"{rate:.0f} pages/min", duration(now - self.started)]
        if rate > 0 and queue > 0:
            parts.append(f">= {duration(queue * 60.0 / rate)} left")
        return ", ".join(part for part in parts if part)

    def show(self) -> None:
        text = self.text()
        if self.mode == "log":
            logger.info("Progress: %s", text)
        elif self.mode == "line":
            width = 200
            try:
                import shutil

                width = shutil.get_terminal_size().columns - 1
            except (OSError, ValueError):
                pass
            print(f"\r\x1b[K{text[:width]}", end="", file=sys.stderr, flush=True)
            self.shown = True
        else:
            print(f"progress: {text}", file=sys.stderr, flush=True)

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.shown:  # the summary takes the line's place
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)
