"""The archive's coverage in figures: what the report (report.py) plots and lists.

Months are publication months (`YYYY-MM` of `published`, Amsterdam time) for articles, and UTC
fetch months for revisions. Fill rates are over each article's latest revision.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nul20scraper.archive.store import Run, Store, read_revision_json, utc_timestamp
from nul20scraper.extract import CONTENT_FIELDS

# Every content field but the URL, which every item has.
FILLED_FIELDS: tuple[str, ...] = tuple(f for f in CONTENT_FIELDS if f != "url")
NO_TYPE = "(no type)"


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (`YYYY-MM`), both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def is_filled(value: Any) -> bool:
    return value not in (None, "", [], {})


@dataclass(frozen=True)
class RunSummary:
    label: str
    started: str
    finished: str | None
    status: str
    duration_seconds: float | None
    pages_failed: int
    counts: dict[str, int]

    @classmethod
    def of(cls, run: Run) -> RunSummary:
        duration = None
        if run.finished is not None:
            start = datetime.fromisoformat(run.started.replace("Z", "+00:00"))
            end = datetime.fromisoformat(run.finished.replace("Z", "+00:00"))
            duration = (end - start).total_seconds()
        return cls(run.label, run.started, run.finished, run.status, duration,
                   int(run.counts.get("pages_failed", 0)), dict(run.counts))


@dataclass
class Coverage:
    articles: int = 0
    revisions: int = 0
    undated: int = 0  # articles without a publication date: in no month
    months: list[str] = field(default_factory=list)  # first to last publication month
    # month -> article type -> articles
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    # month -> field -> articles with that field filled
    filled: dict[str, Counter[str]] = field(default_factory=dict)
    revision_months: list[str] = field(default_factory=list)
    first_revisions: Counter[str] = field(default_factory=Counter)  # fetch month -> new articles
    later_revisions: Counter[str] = field(default_factory=Counter)  # fetch month -> changes
    runs: list[RunSummary] = field(default_factory=list)

    def articles_in(self, month: str) -> int:
        return sum(self.by_type.get(month, Counter()).values())

    @property
    def empty_months(self) -> list[str]:
        """Months between the first and the last publication with no article at all."""
        return [m for m in self.months if self.articles_in(m) == 0]

    @property
    def types(self) -> list[str]:
        """Article types, most frequent first."""
        total: Counter[str] = Counter()
        for counts in self.by_type.values():
            total.update(counts)
        return [name for name, _ in total.most_common()]

    def fill_rate(self, month: str, name: str) -> float | None:
        articles = self.articles_in(month)
        return self.filled[month][name] / articles if articles else None


def month_spans(months: list[str]) -> list[tuple[str, str, int]]:
    """Consecutive months grouped: (first, last, how many)."""
    spans: list[tuple[str, str, int]] = []
    for month in months:
        if spans and month_range(spans[-1][1], month)[1:] == [month]:
            first, _, count = spans[-1]
            spans[-1] = (first, month, count + 1)
        else:
            spans.append((month, month, 1))
    return spans


def collect(store: Store) -> Coverage:
    coverage = Coverage()
    by_type: defaultdict[str, Counter[str]] = defaultdict(Counter)
    filled: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for rid, url, item_json in store.conn.execute(
        "SELECT r.id, a.url, r.item FROM articles a JOIN revisions r ON r.id = a.latest_revision_id"
    ):
        item = read_revision_json(rid, url, "item", item_json)
        coverage.articles += 1
        published = item.get("published")
        if not isinstance(published, str) or len(published) < 7:
            coverage.undated += 1
            continue
        month = published[:7]
        by_type[month][item.get("article_type") or NO_TYPE] += 1
        filled[month].update(name for name in FILLED_FIELDS if is_filled(item.get(name)))
    if by_type:
        coverage.months = month_range(min(by_type), max(by_type))
    coverage.by_type = {m: by_type.get(m, Counter()) for m in coverage.months}
    coverage.filled = {m: filled.get(m, Counter()) for m in coverage.months}
    # An article's first revision is its earliest fetched (a re-parse may file one late).
    for month, first, later in store.conn.execute(
        "SELECT month, sum(n = 1), sum(n > 1) FROM (SELECT substr(fetched_at, 1, 7) AS month,"
        "   row_number() OVER (PARTITION BY article_id ORDER BY fetched_at, id) AS n"
        "   FROM revisions) GROUP BY month ORDER BY month"
    ):
        coverage.first_revisions[month] = first
        coverage.later_revisions[month] = later
        coverage.revisions += first + later
    if coverage.first_revisions:
        coverage.revision_months = month_range(
            min(coverage.first_revisions), max(coverage.first_revisions)
        )
    coverage.runs = [RunSummary.of(run) for run in store.runs()]
    return coverage


def generated_at() -> str:
    return utc_timestamp()[:19] + "Z"
