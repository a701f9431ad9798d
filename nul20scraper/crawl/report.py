"""The crawl report: a JSON file at the end of every crawl, and a short summary in the log.

Enabled by name in settings (EXTENSIONS). The path comes from NUL20_REPORT_PATH, which may
contain `{timestamp}`; the report lists counts, failures by kind with their URLs, pages the
parser rejected or warned about, per-field fill rates of the emitted articles, and per field
the number of them each parser layer answered (`layers`: metadata, cms, structure, labels,
derived, none; a fall in the metadata or CMS counts is the first sign of a redesign).

With a store (NUL20_STORE_PATH), it also runs the broken-parser alarm (archive.alarm) over the
revisions this run added: a field that emptied compared with the archive's earlier articles of
the same layout, or a field still filled but no longer answered by the page's metadata or the
CMS markup as often, is named under `parser_alarm` and in the summary, and makes an ok run
partial (exit status 1). Revisions whose item or layers cannot be read are left out of the
alarm and named as its warning; an alarm that cannot be computed at all is said so
(`not computed: ...`) and makes an ok run partial too, since a check that did not run is no
success; the rest of the report is written all the same. The layer counts are in the JSON
report only: the summary stays as short as it was unless the alarm fires.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Spider, signals

from nul20scraper import shared
from nul20scraper.archive.alarm import check_run
from nul20scraper.archive.run import RUN_ID_STAT
from nul20scraper.archive.store import Store, StoreError
from nul20scraper.crawl.failures import NETWORK_KINDS
from nul20scraper.crawl.layer_counts import layer_counts
from nul20scraper.crawl.ledger import CrawlLedger
from nul20scraper.extract import ITEM_FIELDS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DEFAULT_REPORT_PATH = "data/reports/crawl-{timestamp}.json"
# The store pipeline's counts of items it recorded (new, revised, unchanged).
STORED_STATS = ("archive/new_articles", "archive/new_revisions", "archive/unchanged")


class CrawlReport:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.path_template: str = settings.get("NUL20_REPORT_PATH") or DEFAULT_REPORT_PATH
        self.ledger = CrawlLedger(ITEM_FIELDS, settings.getint("NUL20_REPORT_MAX_URLS", 1000))
        self.started = datetime.now(UTC)
        crawler.signals.connect(self.page_outcome, signal=shared.page_outcome)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        self.report: dict[str, Any] | None = None
        self.path: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlReport:
        return cls(crawler)

    def spider_opened(self) -> None:
        # Connected now, after the store pipeline connected its own spider_closed handler, so
        # that this one runs after the pipeline tried to finish the run row.
        self.crawler.signals.connect(self.after_store_closed, signal=signals.spider_closed)

    def after_store_closed(self) -> None:
        """If the store could not even record the end of the run, the report says so."""
        stats = self.crawler.stats
        assert stats is not None
        problem = stats.get_value(shared.RUN_ROW_ERROR_STAT)
        if not problem or self.report is None:
            return
        self.report["run_row_error"] = problem
        self.report["exit_status"] = max(self.report["exit_status"], shared.PARTIAL_FAILURE)
        stats.set_value(shared.EXIT_STATUS_STAT, self.report["exit_status"])
        self.path = self.write(self.report)
        logger.error("Crawl report: %s (report: %s)", problem, self.path)

    def page_outcome(self, outcome: str, url: str, detail: str | None = None) -> None:
        self.ledger.record(outcome, url, detail)

    def item_scraped(self, item: dict[str, Any]) -> None:
        self.ledger.record_item(item)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        report = self.build(spider, reason)
        stats = self.crawler.stats
        assert stats is not None
        self.add_parser_alarm(report)
        if report["parser_alarm"].get("drops"):
            stats.set_value(shared.PARSER_ALARMS_STAT,
                            [drop["message"] for drop in report["parser_alarm"]["drops"]])
        stats.set_value(shared.EXIT_STATUS_STAT, report["exit_status"])
        if report["fatal"]:
            stats.set_value("nul20/fatal", report["fatal"])
        path = self.write(report)
        self.report, self.path = report, path
        stats.set_value("nul20/report_path", str(path))
        self.log_summary(report, path)

    def build(self, spider: Spider, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats
        assert stats is not None
        ledger = self.ledger
        finished = datetime.now(UTC)
        responses = int(stats.get_value("downloader/response_count", 0))
        status = ledger.exit_status(responses, reason)
        origin = getattr(spider, "origin", "")
        fatal = None
        network = ledger.network_failure()
        if responses == 0 and network:
            host = urlsplit(origin).netloc or origin
            fatal = f"cannot reach {host} ({NETWORK_KINDS[network]})"
        stored = sum(int(stats.get_value(key, 0)) for key in STORED_STATS)
        store_error = stats.get_value(shared.STORE_ERROR_STAT)
        if fatal is None and ledger.failures.counts[shared.STORE_FAILED] and not stored:
            status = shared.FATAL
            fatal = f"the store could not take any article ({store_error or 'see the log'})"
        http_statuses = {
            key.rsplit("/", 1)[-1]: value
            for key, value in stats.get_stats().items()
            if key.startswith("downloader/response_status_count/")
        }
        return {
            "spider": spider.name,
            "origin": origin,
            "started_at": self.started.isoformat(timespec="seconds"),
            "finished_at": finished.isoformat(timespec="seconds"),
            "elapsed_seconds": round((finished - self.started).total_seconds(), 1),
            "finish_reason": reason,
            "exit_status": status,
            "fatal": fatal,
            # Why the store or the WARC capture stopped the crawl, if one did.
            "store_error": store_error,
            "warc_error": stats.get_value(shared.WARC_ERROR_STAT),
            "run_row_error": stats.get_value(shared.RUN_ROW_ERROR_STAT),
            "counts": {
                "requests": int(stats.get_value("downloader/request_count", 0)),
                "pages_fetched": responses,
                "articles_emitted": ledger.items,
                "articles_stored": stored,
                # Of those, what the store made of them: new articles, new revisions of
                # known ones, and unchanged ones (nothing written).
                "store_new_articles": int(stats.get_value("archive/new_articles", 0)),
                "store_new_revisions": int(stats.get_value("archive/new_revisions", 0)),
                "store_unchanged": int(stats.get_value("archive/unchanged", 0)),
                "duplicate_articles": ledger.outcomes["duplicate_article"],
                "not_articles": ledger.outcomes["not_article"],
                "sitemaps": ledger.outcomes["sitemap"],
                "retries": int(stats.get_value("retry/count", 0)),
                "robots_disallowed": int(stats.get_value("robotstxt/forbidden", 0)),
                "failures": ledger.failures.total(),
                "skipped": ledger.skipped.total(),
                "items_with_warnings": ledger.items_with_warnings,
            },
            "http_status_counts": dict(sorted(http_statuses.items())),
            "outcomes": dict(sorted(ledger.outcomes.items())),
            "failures": ledger.failures.as_dict(),
            "not_articles": ledger.non_articles.as_dict(),
            "skipped": ledger.skipped.as_dict(),
            "warnings": {
                "items_with_warnings": ledger.items_with_warnings,
                "by_warning": dict(ledger.warning_counts.most_common()),
                "items": ledger.warned_items,
            },
            "fill_rates": ledger.fill_rates(),
            # Counted by the spider per article it emitted: the same articles as fill_rates.
            "layers": layer_counts(stats.get_stats()),
        }

    def add_parser_alarm(self, report: dict[str, Any]) -> None:
        """The broken-parser alarm over the revisions this run stored; a drop makes an ok run
        partial. Run here, before the store pipeline hears spider_closed (extensions connect
        first), so the store's run status agrees with the exit status."""
        try:
            alarm = self.parser_alarm()
        except Exception as exc:  # a bug or damage here costs the alarm only, not the report
            logger.error("Broken-parser alarm not computed: %s: %s", type(exc).__name__, exc)
            logger.debug("Broken-parser alarm", exc_info=True)
            alarm = {"verdict": f"not computed: {type(exc).__name__}: {exc}"}
        report["parser_alarm"] = alarm
        # A check that could not run is no success: status 1, and the summary says why.
        failed = str(alarm.get("verdict", "")).startswith("not computed")
        if (alarm.get("drops") or failed) and report["exit_status"] == shared.OK:
            report["exit_status"] = shared.PARTIAL_FAILURE

    def parser_alarm(self) -> dict[str, Any]:
        stats = self.crawler.stats
        assert stats is not None
        store_path = self.crawler.settings.get("NUL20_STORE_PATH")
        label = stats.get_value(RUN_ID_STAT)
        if not store_path or not label:
            return {"verdict": "not checked: no store"}
        try:
            # A reader of its own: the pipeline's connection is still open, in WAL mode.
            with Store.open_readonly(store_path) as store:
                run = store.run_by_label(str(label))
                if run is None:
                    return {"verdict": "not checked: the run is not in the store"}
                return check_run(store, run.id).as_dict()
        except (StoreError, sqlite3.Error) as exc:
            logger.error("Broken-parser alarm not computed: %s", exc)
            return {"verdict": f"not computed: {exc}"}

    def write(self, report: dict[str, Any]) -> Path:
        timestamp = self.started.strftime("%Y%m%dT%H%M%SZ")
        path = Path(self.path_template.format(timestamp=timestamp))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return path

    def log_summary(self, report: dict[str, Any], path: Path) -> None:
        counts = report["counts"]
        lines = [
            f"Crawl report ({report['finish_reason']}, exit status {report['exit_status']}): "
            f"{counts['pages_fetched']} pages fetched, {counts['articles_emitted']} articles "
            f"emitted, {counts['not_articles']} other pages, {counts['failures']} failures, "
            f"{counts['items_with_warnings']} articles with warnings",
        ]
        for kind, entry in report["failures"].items():
            sample = ", ".join(entry["urls"][:3])
            more = " ..." if entry["count"] > 3 else ""
            lines.append(f"  {kind}: {entry['count']} ({sample}{more})")
        for key, label in (("store_error", "store stopped the crawl"),
                           ("warc_error", "WARC capture stopped the crawl")):
            if report.get(key):
                lines.append(f"  {label}: {report[key]}")
        alarm = report.get("parser_alarm", {})
        drops = alarm.get("drops", [])
        lines.extend(alarm_lines(alarm))
        rates = report["fill_rates"]
        if counts["articles_emitted"]:
            lines.append("  fill rates: " + ", ".join(
                f"{name} {rate:.0%}" for name, rate in rates.items()))
        lines.append(f"  report: {path}")
        logger.log(logging.WARNING if drops else logging.INFO, "\n".join(lines))


def alarm_lines(alarm: dict[str, Any]) -> list[str]:
    """The summary's lines about the broken-parser alarm: what fell, what it could not read,
    or that it could not be computed at all."""
    lines = [f"  parser alarm: {drop['message']}" for drop in alarm.get("drops", [])]
    lines += [f"  parser alarm warning: {warning}" for warning in alarm.get("warnings", [])]
    layers = str(alarm.get("layer_verdict", ""))
    if layers.startswith("not compared for "):
        # "silent" is about the filled shares only: the layer half could not look yet.
        lines.append(f"  parser alarm: layer shares {layers}")
    verdict = str(alarm.get("verdict", ""))
    if verdict.startswith("not computed"):
        lines.append(f"  parser alarm {verdict}")
    return lines
