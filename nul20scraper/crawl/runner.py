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


# Output suffix -> Scrapy feed exporter, as `scrapy crawl -o` chooses by extension.
FEED_FORMATS: dict[str, str] = {
    ".jsonl": "jsonlines", ".jl": "jsonlines", ".jsonlines": "jsonlines",
    ".json": "json", ".csv": "csv", ".xml": "xml",
}


def feed_format(output: str | Path) -> str:
    """The feed format the output's suffix names; ValueError for a suffix Scrapy has none for."""
    suffix = Path(output).suffix.lower()
    try:
        return FEED_FORMATS[suffix]
    except KeyError:
        names = ", ".join(FEED_FORMATS)
        raise ValueError(f"cannot tell the output format of {output} from its suffix "
                         f"(one of {names})") from None


def feed_settings(output: str | Path, written_to: str | Path | None = None) -> dict[str, Any]:
    """FEEDS for one output file, overwritten, in the format its suffix names; written to
    `written_to` instead when given (a part file the command renames when the crawl ran)."""
    return {str(written_to or output): {"format": feed_format(output), "overwrite": True,
                                        "encoding": "utf-8"}}


def part_file(output: str | Path) -> Path:
    """Where a crawl writes its output until it has run: an outage never empties the last
    run's file."""
    path = Path(output)
    return path.with_name(f".{path.name}.part")


def run_crawl(settings: Any, spider_name: str = "nul20", **spider_args: Any) -> CrawlOutcome:
    """Crawl with the spider of that name. The name is looked up by Scrapy's spider loader
    (SPIDER_MODULES), so the crawl machinery does not import the spiders that use it.
    Ctrl-C and SIGTERM stop it as nul20scraper.crawl.stopping describes, and are ignored
    once it has run: the caller is a command that only reports and exits."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from nul20scraper.crawl.stopping import CrawlStopper, ignore_further_signals

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_name)
    stopper = CrawlStopper(crawler, quiet=settings.get("NUL20_PROGRESS") == "off")
    # Installed when the engine starts, in the reactor's (main) thread.
    crawler.signals.connect(stopper.install, signal=signals.engine_started)
    process.crawl(crawler, **spider_args)
    try:
        process.start(install_signal_handlers=False)
    finally:
        # The report and run row are written: a late Ctrl-C must not change how it ends.
        ignore_further_signals()
    return crawl_outcome(crawler)
