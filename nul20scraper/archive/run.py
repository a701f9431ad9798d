"""A crawl run as the archive sees it: its label (shared by the store's runs table and the WARC
file names) and its outcome."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nul20scraper.shared import EXIT_STATUS_STAT

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

RUN_ID_STAT = "archive/run_id"

# Crawl stats that count pages which were requested but yielded nothing usable.
PAGE_FAILURE_STATS = (
    "downloader/exception_count",
    "httperror/response_ignored_count",
    "archive/errors",
)


def new_run_label(now: datetime | None = None) -> str:
    """`nul20-20240501T120000Z-<pid>`: sorts by start time, unique per process."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return f"nul20-{now:%Y%m%dT%H%M%SZ}-{os.getpid()}"


def run_label(crawler: Crawler) -> str:
    """The label of this crawler's run: setting NUL20_RUN_ID, else one made up on first use.

    Kept in the crawl stats so that every component of the run (store pipeline, WARC capture)
    uses the same one, whichever asks first.
    """
    label = crawler.settings.get("NUL20_RUN_ID") or crawler.stats.get_value(RUN_ID_STAT)
    if not label:
        label = new_run_label()
    crawler.stats.set_value(RUN_ID_STAT, label)
    return str(label)


def pages_failed(stats: Mapping[str, Any]) -> int:
    failed = sum(int(stats.get(key) or 0) for key in PAGE_FAILURE_STATS)
    # Scrapy counts callback exceptions per class and in total (spider_exceptions/count).
    per_class = [
        int(v or 0) for k, v in stats.items()
        if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"
    ]
    return failed + int(stats.get("spider_exceptions/count") or sum(per_class))


# EXIT_STATUS_STAT is set by the crawl's report extension before the pipeline hears
# spider_closed (extensions connect their handlers first); when present it decides, so the
# store agrees with the exit status (nul20scraper.shared).


def run_status(reason: str | None, stats: Mapping[str, Any]) -> str:
    """The store's run status from Scrapy's close reason and the crawl stats.

    ok: finished with no failed page; partial: finished, some pages failed; interrupted: shut
    down early (signal, Ctrl-C); fatal: the run could do nothing useful. A page the archive
    could not store makes an otherwise ok run partial.
    """
    if reason == "shutdown":
        return "interrupted"
    exit_status = stats.get(EXIT_STATUS_STAT)
    if exit_status is not None:
        if int(exit_status) >= 2:
            return "fatal"
        return "partial" if int(exit_status) == 1 or stats.get("archive/errors") else "ok"
    if reason == "finished":
        return "partial" if pages_failed(stats) else "ok"
    return "fatal"
