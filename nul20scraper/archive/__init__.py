"""The archive: a SQLite store of articles and their revisions, WARC capture of fetched pages,
offline re-parse, export, and the run lock. The Scrapy components live in `pipeline` and
`capture`; nothing imported here needs Scrapy."""

from nul20scraper.archive.lock import EXIT_LOCKED, LockHeld, RunLock, lock_path_for
from nul20scraper.archive.revision import content_hash
from nul20scraper.archive.store import DEFAULT_STORE_PATH, Outcome, Revision, Store

__all__ = [
    "DEFAULT_STORE_PATH",
    "EXIT_LOCKED",
    "LockHeld",
    "Outcome",
    "Revision",
    "RunLock",
    "Store",
    "content_hash",
    "lock_path_for",
]
