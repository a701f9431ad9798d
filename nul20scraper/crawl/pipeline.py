"""Scrapy item pipeline: record every article item in the archive store.

Enable with ITEM_PIPELINES = {"nul20scraper.crawl.pipeline.ArchivePipeline": 800} and setting
NUL20_STORE_PATH (disabled when unset). Crawl stats: archive/new_articles,
archive/new_revisions, archive/unchanged, archive/errors, archive/run_id. The run is a row in
the store's runs table, finished with its status when the spider closes.

An item the store refuses is a `store_failed` outcome (page_outcome signal) with the SQLite
error as its cause; when the store itself fails (a full disk, an I/O error, a damaged file)
the crawl is closed with reason `store_failed`. A run row that cannot be finished is left in
stat archive/run_row_error for the report.

An item may carry a private key `_node_id` (Drupal node id, when the page shows it); it is
taken off the item and stored on the article row. So is `_warc_location`, the WARC record of
the response (crawl.capture.WarcProvenance), stored as the revision's provenance, and
`_layers`, per field the parser layer that answered it (the spider puts it there when a store
is configured), stored with a new revision for the broken-parser alarm. None of them reaches
the feed: the feed exports an item after the pipelines.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from nul20scraper import shared
from nul20scraper.archive.run import pages_failed, run_label, run_status
from nul20scraper.archive.store import Outcome, Store
from nul20scraper.archive.warc import WarcLocation
from nul20scraper.crawl.capture import WARC_LOCATION_KEY
from nul20scraper.crawl.layer_counts import LAYERS_KEY

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

NODE_ID_KEY = "_node_id"

OUTCOME_STATS: dict[Outcome, str] = {
    "new": "archive/new_articles",
    "revised": "archive/new_revisions",
    "unchanged": "archive/unchanged",
}


def _is_layers(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(name, str) and isinstance(layer, str) for name, layer in value.items())


class ArchivePipeline:
    def __init__(self, crawler: Crawler, store_path: str) -> None:
        self.crawler = crawler
        self.store_path = store_path
        self.store: Store | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        store_path = crawler.settings.get("NUL20_STORE_PATH")
        if not store_path:
            # NUL20_STORE_PATH is not set; no message, which Scrapy logs as a warning
            raise NotConfigured
        pipeline = cls(crawler, str(store_path))
        # spider_closed, unlike the pipeline's close_spider, carries the close reason.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self.store = Store.open(self.store_path)
        self.run_id = self.store.start_run(run_label(self.crawler))
        for key in (*OUTCOME_STATS.values(), "archive/errors"):
            self.crawler.stats.set_value(key, 0)

    def process_item(self, item: Any) -> Any:
        assert self.store is not None, "open_spider was not called"
        adapter = ItemAdapter(item)
        node_id = adapter.pop(NODE_ID_KEY) if NODE_ID_KEY in adapter else None
        # Where the response was captured (crawl.capture.WarcProvenance), if it was.
        location = adapter.pop(WARC_LOCATION_KEY) if WARC_LOCATION_KEY in adapter else None
        warc = location if isinstance(location, WarcLocation) else None
        layers = adapter.pop(LAYERS_KEY) if LAYERS_KEY in adapter else None
        if layers is not None and not _is_layers(layers):
            # The article matters more than how it was read: keep it, without its layers.
            logger.warning("layers of %s are not a field -> layer table; not stored",
                           adapter.get("url"))
            layers = None
        try:
            outcome = self.store.record(
                adapter.asdict(), node_id=node_id, run_id=self.run_id,
                warc_file=warc.path if warc else None,
                warc_offset=warc.offset if warc else None,
                layers=layers,
            )
        except (ValueError, TypeError, sqlite3.IntegrityError) as exc:  # this item's fault
            self.store_failed(adapter.get("url"), exc, stop=False)
            return item
        except sqlite3.Error as exc:  # full disk, I/O error, damaged file: the store's fault
            self.store_failed(adapter.get("url"), exc, stop=True)
            return item
        self.crawler.stats.inc_value(OUTCOME_STATS[outcome])
        return item

    def store_failed(self, url: Any, exc: Exception, *, stop: bool) -> None:
        """Count and name an item the store did not take; when the store itself failed, stop
        the crawl: every further page would be fetched only to be lost (the items already
        fetched still reach the feed)."""
        stats = self.crawler.stats
        stats.inc_value("archive/errors")
        cause = str(exc) or type(exc).__name__
        logger.error("could not archive %s: %s", url, cause)
        self.crawler.signals.send_catch_log(
            shared.page_outcome, outcome=shared.STORE_FAILED, url=str(url or "?"), detail=cause
        )
        if not stop or stats.get_value(shared.STORE_ERROR_STAT):
            return
        stats.set_value(shared.STORE_ERROR_STAT, cause)
        engine = self.crawler.engine
        if engine is not None:
            logger.error("the store cannot take items (%s): stopping the crawl", cause)
            deferred_from_coro(engine.close_spider_async(reason=shared.STORE_FAILED))

    def spider_closed(self, reason: str | None = None, **_: Any) -> None:
        if self.store is None:
            return
        stats = self.crawler.stats.get_stats()
        counts = {
            "requests": int(stats.get("downloader/request_count") or 0),
            "new_articles": int(stats.get("archive/new_articles") or 0),
            "new_revisions": int(stats.get("archive/new_revisions") or 0),
            "unchanged": int(stats.get("archive/unchanged") or 0),
            "pages_failed": pages_failed(stats),
            "warc_records": int(stats.get("archive/warc_records") or 0),
        }
        assert self.run_id is not None
        status = run_status(reason, stats)
        try:
            self.store.finish_run(self.run_id, status, reason=reason, counts=counts)
        except sqlite3.Error as exc:
            # The report extension sees this stat after us and says so in the report.
            message = f"run {self.run_id} could not be marked {status} in the store: {exc}"
            logger.error("%s", message)
            self.crawler.stats.set_value(shared.RUN_ROW_ERROR_STAT, message)
        finally:
            self.store.close()
            self.store = None
