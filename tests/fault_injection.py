"""A Scrapy extension that makes the archive's writes fail as on a full disk, for crawl tests
in a subprocess without a full filesystem. Enabled with `extensions_with_faults()` and:

- FAULT_STORE_PAGES_LEFT: the store may grow by this many pages, then SQLite fails every
  write that needs more with SQLITE_FULL `database or disk is full` (`PRAGMA max_page_count`
  on the pipeline's own connection: the real SQLite error, raised where a full disk raises it);
- FAULT_WARC_WRITES_LEFT: WARC records written before OSError ENOSPC;
- FAULT_RUN_ROW_FAILS: the final write of the run row fails too.
"""

from __future__ import annotations

import errno
import json
import sqlite3
from typing import Any

from scrapy import signals

from nul20scraper import settings as project
from nul20scraper.crawl.capture import WarcCapture
from nul20scraper.crawl.pipeline import ArchivePipeline


def extensions_with_faults() -> str:
    """The EXTENSIONS setting, as JSON for `-s`, with the fault injector added."""
    return json.dumps({**project.EXTENSIONS, "tests.fault_injection.FullDisk": 999})


class FullDisk:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Any) -> FullDisk:
        return cls(crawler)

    def spider_opened(self) -> None:
        settings = self.crawler.settings
        pipeline = next(p for p in self.crawler.engine.scraper.itemproc.middlewares
                        if isinstance(p, ArchivePipeline))
        pages_left = settings.get("FAULT_STORE_PAGES_LEFT")
        if pages_left is not None:
            conn = pipeline.store.conn
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages + int(pages_left)}")
        if settings.getbool("FAULT_RUN_ROW_FAILS"):
            def finish_run(*_: Any, **__: Any) -> None:
                raise sqlite3.OperationalError("database or disk is full")
            pipeline.store.finish_run = finish_run
        writes_left = settings.get("FAULT_WARC_WRITES_LEFT")
        if writes_left is not None:
            capture = next(e for e in self.crawler.extensions.middlewares
                           if isinstance(e, WarcCapture))
            self.fail_warc_after(capture, int(writes_left))

    @staticmethod
    def fail_warc_after(capture: WarcCapture, writes_left: int) -> None:
        write = capture.recorder.write_exchange
        left = [writes_left]

        def write_exchange(*args: Any, **kwargs: Any) -> Any:
            if left[0] <= 0:
                raise OSError(errno.ENOSPC, "No space left on device")
            left[0] -= 1
            return write(*args, **kwargs)

        capture.recorder.write_exchange = write_exchange  # type: ignore[method-assign]
