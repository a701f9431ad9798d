"""What happened to every page of a crawl, kept as counts and sample URLs."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from nul20scraper import shared
from nul20scraper.crawl.failures import NETWORK_KINDS

# Parser verdicts on pages that could not be read at all; other verdicts (listing, edition,
# no-content, ...) are pages that are not articles, listed under `not_articles`.
UNREADABLE_KINDS = frozenset({"empty", "binary", "unreadable"})
# What the crawl could not keep: an item the store refused (store_failed, with the SQLite
# error), a page the WARC capture could not write (warc_failed, with the OS error), and a page
# where an article was expected but a login wall, an error page or nothing came back
# (article_missing, with what came instead).
ARCHIVE_FAILURES = frozenset({"store_failed", "warc_failed", "article_missing"})
# Outcomes that are failures to get an article out of a page.
FAILURE_OUTCOMES = frozenset({
    "http_404", "http_410", "http_4xx", "http_5xx", *NETWORK_KINDS,
    "non_html", "parse_error", "parser_rejected", "other", *ARCHIVE_FAILURES,
})
# Failures that make the run a partial failure (exit 1). Gone pages and non-HTML answers
# are facts about the site, not faults of the run.
RUN_FAILURES = frozenset({
    "http_5xx", *NETWORK_KINDS, "parse_error", "other", *ARCHIVE_FAILURES,
})
SKIPPED_OUTCOMES = frozenset({
    "robots_disallowed", "offsite", "ignored", "sitemap_too_old", "duplicate_article",
})


def is_filled(value: Any) -> bool:
    """A field counts as filled when it holds something: not None, '', [] or {}."""
    if value is None:
        return False
    if isinstance(value, (str, list, tuple, dict, set)):
        return len(value) > 0
    return True


class UrlSamples:
    """Counts per key with the first `limit` URLs of each, so a report stays readable."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.counts: Counter[str] = Counter()
        self.urls: defaultdict[str, list[str]] = defaultdict(list)

    def add(self, key: str, url: str) -> None:
        self.counts[key] += 1
        if len(self.urls[key]) < self.limit:
            self.urls[key].append(url)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {
            key: {"count": count, "urls": self.urls[key]}
            for key, count in sorted(self.counts.items())
        }

    def total(self) -> int:
        return sum(self.counts.values())


class CrawlLedger:
    """Outcomes of pages and fill rates of emitted items."""

    def __init__(self, fields: Iterable[str], url_limit: int = 1000) -> None:
        self.fields = tuple(fields)
        self.outcomes: Counter[str] = Counter()
        self.non_articles = UrlSamples(url_limit)
        self.failures = UrlSamples(url_limit)
        self.skipped = UrlSamples(url_limit)
        self.warned_items: list[dict[str, Any]] = []
        self.items_with_warnings = 0
        self.warning_counts: Counter[str] = Counter()
        self.url_limit = url_limit
        self.items = 0
        self.filled: Counter[str] = Counter()

    def record(self, outcome: str, url: str, detail: str | None = None) -> None:
        if outcome == "not_article":
            kind = detail or "unknown"
            if kind not in UNREADABLE_KINDS:
                self.outcomes["not_article"] += 1
                self.non_articles.add(kind, url)
                return
            outcome, detail = "parser_rejected", kind
        self.outcomes[outcome] += 1
        if outcome in FAILURE_OUTCOMES:
            self.failures.add(outcome, f"{url} ({detail})" if detail else url)
        elif outcome in SKIPPED_OUTCOMES:
            self.skipped.add(outcome, f"{url} ({detail})" if detail else url)

    def record_item(self, item: Mapping[str, Any]) -> None:
        self.items += 1
        for name in self.fields:
            if is_filled(item.get(name)):
                self.filled[name] += 1
        warnings = list(item.get("warnings") or [])
        if warnings:
            self.items_with_warnings += 1
            # Count warnings by their text before any ':' so that similar ones group.
            self.warning_counts.update(w.split(":", 1)[0] for w in warnings)
            if len(self.warned_items) < self.url_limit:
                self.warned_items.append({"url": item.get("url"), "warnings": warnings})

    def fill_rates(self) -> dict[str, float]:
        if not self.items:
            return dict.fromkeys(self.fields, 0.0)
        return {name: round(self.filled[name] / self.items, 4) for name in self.fields}

    def network_failure(self) -> str | None:
        """The kind of network failure seen, if any (dns before connection before timeout)."""
        for kind in NETWORK_KINDS:
            if self.failures.counts[kind]:
                return kind
        return None

    def exit_status(self, responses_received: int, finish_reason: str) -> int:
        if responses_received == 0 and self.network_failure():
            return shared.FATAL
        if finish_reason != "finished":
            return shared.PARTIAL_FAILURE
        if any(self.failures.counts[kind] for kind in RUN_FAILURES):
            return shared.PARTIAL_FAILURE
        return shared.OK
