"""The broken-parser alarm: did this run's new and changed articles lose a field that the
archive's earlier articles of the same layout had?

When the site changes its markup, a field can empty without any error: the parser finds no
tags, the page still parses. So at the end of a crawl, the revisions the run added (its new and
changed articles) are compared with the revisions of earlier runs, layout by layout (the part
of `parser_version` after `+`: `0.1.0+drupal7.1` -> `drupal7`): a field whose share of
articles drops by more than DROP_POINTS, with at least MIN_ARTICLES on both sides, is named.

The comparison is over named per-field figures (FIGURES): a figure says, for one field of one
item, whether the item counts. Today there is one, "filled" (not null, not empty). When items
record which layer of the parser answered each field (metadata, cms, labels), the shares of
each layer are added as figures of their own ("answered by metadata", ...) and the same
comparison watches them: a field still filled, but no longer from the page's metadata, is the
same warning one step earlier.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nul20scraper.archive.coverage import FILLED_FIELDS, is_filled
from nul20scraper.archive.store import Store

DROP_POINTS = 20.0  # a drop of more than this many percentage points is named
MIN_ARTICLES = 20  # this run's articles of the layout needed for a verdict
MIN_ARTICLES_BEFORE = 20  # and the earlier ones

# A figure: for a field and an item, whether the item counts towards the field's share.
Figure = Callable[[str, Mapping[str, Any]], bool]

FIGURES: dict[str, Figure] = {
    "filled": lambda name, item: is_filled(item.get(name)),
}

UNKNOWN_LAYOUT = "(unknown)"


def layout_of(parser_version: str | None) -> str:
    """The page layout a parser version names: `0.1.0+drupal7.1` -> `drupal7`."""
    _, plus, local = (parser_version or "").partition("+")
    if not plus or not local:
        return UNKNOWN_LAYOUT
    return local.split(".", 1)[0] or UNKNOWN_LAYOUT


@dataclass(frozen=True)
class Sample:
    """Articles of one layout, and each (field, figure)'s share of them (0 to 1)."""

    articles: int
    shares: dict[tuple[str, str], float] = field(default_factory=dict)


def sample(
    items: Iterable[Mapping[str, Any]],
    fields: Iterable[str] = FILLED_FIELDS,
    figures: Mapping[str, Figure] = FIGURES,
) -> Sample:
    names = tuple(fields)
    counts: Counter[tuple[str, str]] = Counter()
    articles = 0
    for item in items:
        articles += 1
        for name in names:
            for figure, counts_for in figures.items():
                if counts_for(name, item):
                    counts[(name, figure)] += 1
    if not articles:
        return Sample(0)
    return Sample(articles, {
        (name, figure): counts[(name, figure)] / articles
        for name in names for figure in figures
    })


@dataclass(frozen=True)
class Drop:
    """One field's figure that fell: named in the crawl summary and report."""

    layout: str
    field: str
    figure: str
    articles: int
    share: float
    articles_before: int
    share_before: float

    @property
    def message(self) -> str:
        return (f"field {self.field}: {self.figure} in {self.share:.0%} of {self.articles} new "
                f"articles, {self.share_before:.0%} before: the site's markup may have changed")

    def as_dict(self) -> dict[str, Any]:
        return {
            "layout": self.layout, "field": self.field, "figure": self.figure,
            "articles": self.articles, "share": round(self.share, 4),
            "articles_before": self.articles_before,
            "share_before": round(self.share_before, 4), "message": self.message,
        }


def drops(
    layout: str,
    now: Sample,
    before: Sample,
    *,
    drop_points: float = DROP_POINTS,
    min_articles: int = MIN_ARTICLES,
    min_before: int = MIN_ARTICLES_BEFORE,
) -> list[Drop]:
    """The figures of `now` that are more than `drop_points` below `before`; none when either
    side has too few articles to tell a markup change from chance."""
    if now.articles < min_articles or before.articles < min_before:
        return []
    found = []
    for key, share_before in before.shares.items():
        share = now.shares.get(key)
        if share is None:
            continue
        if (share_before - share) * 100 > drop_points:
            name, figure = key
            found.append(Drop(layout, name, figure, now.articles, share, before.articles,
                              share_before))
    return found


@dataclass(frozen=True)
class LayoutCheck:
    layout: str
    articles: int
    articles_before: int


@dataclass(frozen=True)
class AlarmResult:
    """What the alarm found for one run: the layouts it compared and the figures that fell."""

    layouts: list[LayoutCheck]
    drops: list[Drop]

    @property
    def verdict(self) -> str:
        if self.drops:
            return "fired"
        if not self.layouts:
            return "nothing to compare: the run added no revisions"
        if not any(c.articles >= MIN_ARTICLES and c.articles_before >= MIN_ARTICLES_BEFORE
                   for c in self.layouts):
            return "too few articles to compare"
        return "silent"

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "thresholds": {"drop_points": DROP_POINTS, "min_articles": MIN_ARTICLES,
                           "min_articles_before": MIN_ARTICLES_BEFORE},
            "layouts": [c.__dict__ for c in self.layouts],
            "drops": [d.as_dict() for d in self.drops],
        }


def _items_by_layout(rows: Iterable[tuple[str, str | None]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item, parser_version in rows:
        grouped[layout_of(parser_version)].append(json.loads(item))
    return grouped


def check_run(store: Store, run_id: int) -> AlarmResult:
    """Compare the revisions run `run_id` added with those of the runs before it (and of
    re-parses, which belong to no run), layout by layout."""
    conn = store.conn
    now = _items_by_layout(conn.execute(
        "SELECT item, parser_version FROM revisions WHERE run_id = ?", (run_id,)))
    layouts: list[LayoutCheck] = []
    found: list[Drop] = []
    for layout, items in sorted(now.items()):
        # Streamed: the earlier revisions can be the whole archive.
        earlier = (
            json.loads(item) for item, version in conn.execute(
                "SELECT item, parser_version FROM revisions"
                " WHERE (run_id IS NULL OR run_id < ?) AND parser_version LIKE ?",
                (run_id, f"%+{layout}%"))
            if layout_of(version) == layout
        ) if layout != UNKNOWN_LAYOUT else iter(())
        current, before = sample(items), sample(earlier)
        layouts.append(LayoutCheck(layout, current.articles, before.articles))
        found.extend(drops(layout, current, before))
    return AlarmResult(layouts, found)
