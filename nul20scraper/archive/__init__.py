"""The archive's storage: a SQLite store of articles and their revisions, WARC files of fetched
pages, offline re-parse, export, the run lock and the job directory. The Scrapy components that
fill it (store pipeline, WARC capture and replay, conditional requests, incremental policy)
are in nul20scraper.crawl; nothing here imports them."""

from nul20scraper.archive.lock import LockHeld, StoreLock
from nul20scraper.archive.revision import content_hash
from nul20scraper.archive.store import DEFAULT_STORE_PATH, Outcome, Revision, Store

__all__ = [
    "DEFAULT_STORE_PATH",
    "LockHeld",
    "Outcome",
    "Revision",
    "Store",
    "StoreLock",
    "content_hash",
]
