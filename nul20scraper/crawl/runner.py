"""Run the nul20 spider in this process, as `nul20scraper crawl` and `demo` do."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nul20scraper.crawl.outcome import CrawlOutcome, crawl_outcome


def project_settings(overrides: Mapping[str, Any] | None = None) -> Any:
    """nul20scraper.settings with `overrides` at command-line priority."""
    from scrapy.settings import Settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "nul20scraper.settings")
    settings = Settings()
    settings.setmodule("nul20scraper.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def feed_settings(output: str | Path) -> dict[str, Any]:
    """FEEDS for one output file, overwritten, JSON Lines unless the suffix says .json."""
    path = Path(output)
    fmt = "json" if path.suffix == ".json" else "jsonlines"
    return {str(path): {"format": fmt, "overwrite": True, "encoding": "utf-8"}}


def run_crawl(settings: Any, spider_name: str = "nul20", **spider_args: Any) -> CrawlOutcome:
    """Crawl with the spider of that name. The name is looked up by Scrapy's spider loader
    (SPIDER_MODULES), so the crawl machinery does not import the spiders that use it."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_name)
    process.crawl(crawler, **spider_args)
    process.start()
    return crawl_outcome(crawler)
