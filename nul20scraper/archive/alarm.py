"""The broken-parser alarm: did this run's new and changed articles lose a field, or the layer
of the parser that answered it, that the archive's earlier articles of the same layout had?

When the site changes its markup, a field can empty without any error: the parser finds no
tags, the page still parses. So at the end of a crawl, the revisions the run added (its new and
changed articles) are compared with the revisions of earlier runs, layout by layout (the part
of `parser_version` after `+`: `0.1.0+drupal7.1` -> `drupal7`): a field whose share of
articles drops by more than DROP_POINTS, with at least MIN_ARTICLES on both sides, is named.

The comparison is over named per-field figures (FIGURES): a figure says, for one field of one
item, whether the item counts, or None when the item cannot tell (it is then left out of that
figure's share on either side). "filled" (not null, not empty) asks the item. The layer
figures ("answered by metadata", "answered by cms") ask the revision's record of which parser
layer answered each field (`revisions.layers`, under LAYERS_KEY here): a field still filled,
but no longer from the page's metadata or the CMS markup, is the same warning one step
earlier. Revisions stored before layers were recorded have none and count in no layer share.
A field whose "filled" share fell is named once, for that: its layer shares fell with it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from nul20scraper.archive.coverage import FILLED_FIELDS, is_filled
from nul20scraper.archive.store import Store

DROP_POINTS = 20.0  # a drop of more than this many percentage points is named
MIN_ARTICLES = 20  # this run's articles of the layout needed for a verdict
MIN_ARTICLES_BEFORE = 20  # and the earlier ones

# A figure: for a field and an item, whether the item counts towards the field's share; None
# when the item cannot tell, which leaves it out of that figure's share altogether.
Figure = Callable[[str, Mapping[str, Any]], "bool | None"]

# Where check_run puts a revision's layers (field -> layer name) on the item it samples.
LAYERS_KEY = "_layers"
FILLED = "filled"


def answered_by(layer: str) -> Figure:
    """The figure "the field was answered by `layer`", over items that record their layers."""
    def counts(name: str, item: Mapping[str, Any]) -> bool | None:
        layers = item.get(LAYERS_KEY)
        if not isinstance(layers, Mapping) or name not in layers:
            return None
        return layers[name] == layer
    return counts


# The layers whose fall is the sign of a redesign: the page's metadata and the CMS's classes
# are what the site's own templates write; the other layers read what a reader sees.
WATCHED_LAYERS = ("metadata", "cms")

FIGURES: dict[str, Figure] = {
    FILLED: lambda name, item: is_filled(item.get(name)),
    **{f"answered by {layer}": answered_by(layer) for layer in WATCHED_LAYERS},
}

# How a figure reads in the alarm's message.
FIGURE_WORDS = {
    "answered by metadata": "answered by the page's metadata",
    "answered by cms": "answered by the CMS markup",
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
    """Articles of one layout, and each (field, figure)'s share (0 to 1) of the articles that
    can tell it (`counted`; all of them for "filled", those with layers for a layer), and how
    many of those count (`hits`), so that a share can be compared exactly."""

    articles: int
    shares: dict[tuple[str, str], float] = field(default_factory=dict)
    counted: dict[tuple[str, str], int] = field(default_factory=dict)
    hits: dict[tuple[str, str], int] = field(default_factory=dict)

    def base(self, key: tuple[str, str]) -> int:
        return self.counted.get(key, self.articles)

    def exact(self, key: tuple[str, str]) -> Fraction:
        """The share as a fraction: 14/20 and 18/20 are 20 points apart, not 20.000000000000004."""
        if key in self.hits and self.counted.get(key):
            return Fraction(self.hits[key], self.counted[key])
        return Fraction(self.shares[key])


def sample(
    items: Iterable[Mapping[str, Any]],
    fields: Iterable[str] = FILLED_FIELDS,
    figures: Mapping[str, Figure] = FIGURES,
) -> Sample:
    names = tuple(fields)
    counts: Counter[tuple[str, str]] = Counter()
    counted: Counter[tuple[str, str]] = Counter()
    articles = 0
    for item in items:
        articles += 1
        for name in names:
            for figure, counts_for in figures.items():
                verdict = counts_for(name, item)
                if verdict is None:
                    continue
                counted[(name, figure)] += 1
                if verdict:
                    counts[(name, figure)] += 1
    if not articles:
        return Sample(0)
    keys = [(name, figure) for name in names for figure in figures if counted[(name, figure)]]
    return Sample(articles, {key: counts[key] / counted[key] for key in keys},
                  {key: counted[key] for key in keys}, {key: counts[key] for key in keys})


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
        words = FIGURE_WORDS.get(self.figure, self.figure)
        return (f"field {self.field}: {words} in {self.share:.0%} of {self.articles} new "
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
    """The figures of `now` that are more than `drop_points` below `before`; none where either
    side has too few articles that tell the figure to tell a markup change from chance. A field
    whose "filled" share fell is named for that only."""
    if now.articles < min_articles or before.articles < min_before:
        return []
    # Compared as fractions: in floats, 18/20 - 14/20 is a little more than 20 points.
    limit = Fraction(str(drop_points))
    found = []
    for key, share_before in before.shares.items():
        share = now.shares.get(key)
        if share is None or now.base(key) < min_articles or before.base(key) < min_before:
            continue
        if (before.exact(key) - now.exact(key)) * 100 > limit:
            name, figure = key
            found.append(Drop(layout, name, figure, now.base(key), share, before.base(key),
                              share_before))
    emptied = {drop.field for drop in found if drop.figure == FILLED}
    return [drop for drop in found if drop.figure == FILLED or drop.field not in emptied]


@dataclass(frozen=True)
class LayoutCheck:
    layout: str
    articles: int
    articles_before: int
    # Of those, the revisions that record their layers: the base of the layer figures.
    with_layers: int = 0
    with_layers_before: int = 0

    @property
    def compared(self) -> bool:
        """Whether the "filled" shares were compared."""
        return self.articles >= MIN_ARTICLES and self.articles_before >= MIN_ARTICLES_BEFORE

    @property
    def layers_compared(self) -> bool:
        return (self.compared and self.with_layers >= MIN_ARTICLES
                and self.with_layers_before >= MIN_ARTICLES_BEFORE)

    @property
    def why_layers_not_compared(self) -> str:
        """Says how far the layer shares are from being compared (e.g. right after migration
        4, when the earlier revisions have no layers)."""
        return (f"{self.layout}: {self.with_layers_before} earlier revisions with layers "
                f"({MIN_ARTICLES_BEFORE} needed), {self.with_layers} of this run "
                f"({MIN_ARTICLES} needed)")


@dataclass(frozen=True)
class AlarmResult:
    """What the alarm found for one run: the layouts it compared, the figures that fell, and
    the revisions it left out because their item or layers could not be read."""

    layouts: list[LayoutCheck]
    drops: list[Drop]
    unreadable: list[int] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.drops:
            return "fired"
        if not self.layouts:
            return "nothing to compare: the run added no revisions"
        if not any(c.compared for c in self.layouts):
            return "too few articles to compare"
        return "silent"

    @property
    def layers_not_compared(self) -> list[str]:
        """The layouts whose "filled" shares were compared and whose layer shares were not:
        a "silent" verdict says nothing about those layers."""
        return [c.why_layers_not_compared for c in self.layouts
                if c.compared and not c.layers_compared]

    @property
    def layer_verdict(self) -> str:
        if not any(c.compared for c in self.layouts):
            return "not compared"
        missing = self.layers_not_compared
        if not missing:
            return "compared"
        return "not compared for " + "; ".join(missing)

    @property
    def warnings(self) -> list[str]:
        if not self.unreadable:
            return []
        shown = ", ".join(str(rid) for rid in self.unreadable[:10])
        more = " ..." if len(self.unreadable) > 10 else ""
        return [f"{len(self.unreadable)} revisions left out: their item or layers cannot be "
                f"read (ids {shown}{more})"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "layer_verdict": self.layer_verdict,
            "thresholds": {"drop_points": DROP_POINTS, "min_articles": MIN_ARTICLES,
                           "min_articles_before": MIN_ARTICLES_BEFORE},
            "layouts": [c.__dict__ for c in self.layouts],
            "drops": [d.as_dict() for d in self.drops],
            "unreadable_revisions": len(self.unreadable),
            "warnings": self.warnings,
        }


class _Unreadable(ValueError):
    """A revision whose stored item or layers is not the JSON object it should be."""


def _sampled(item: str, layers: str | None) -> dict[str, Any]:
    """A stored revision as the figures see it: its item, with its layers if it has them."""
    try:
        sampled = json.loads(item)
        read_layers = json.loads(layers) if layers is not None else None
    except (TypeError, ValueError) as exc:
        raise _Unreadable(str(exc)) from exc
    if not isinstance(sampled, dict) or not (read_layers is None
                                             or isinstance(read_layers, dict)):
        raise _Unreadable("not a JSON object")
    if read_layers is not None:
        sampled[LAYERS_KEY] = read_layers
    return sampled


def _readable(
    rows: Iterable[tuple[int, str, str | None, str | None]], unreadable: list[int],
) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(parser_version, sampled item) of each row; a damaged revision (a hand edit, a bad
    disk) is left out and its id noted, so that one bad row costs one revision, not the check."""
    for rid, item, parser_version, layers in rows:
        try:
            yield parser_version, _sampled(item, layers)
        except _Unreadable:
            unreadable.append(rid)


def _with_layers(items: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    return (item for item in items if LAYERS_KEY in item)


def check_run(store: Store, run_id: int) -> AlarmResult:
    """Compare the revisions run `run_id` added with those of the runs before it (and of
    re-parses, which belong to no run), layout by layout."""
    conn = store.conn
    unreadable: list[int] = []
    now: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for version, item in _readable(conn.execute(
            "SELECT id, item, parser_version, layers FROM revisions WHERE run_id = ?",
            (run_id,)), unreadable):
        now[layout_of(version)].append(item)
    layouts: list[LayoutCheck] = []
    found: list[Drop] = []
    for layout, items in sorted(now.items()):
        # Streamed: the earlier revisions can be the whole archive.
        earlier = (
            item for version, item in _readable(conn.execute(
                "SELECT id, item, parser_version, layers FROM revisions"
                " WHERE (run_id IS NULL OR run_id < ?) AND parser_version LIKE ?",
                (run_id, f"%+{layout}%")), unreadable)
            if layout_of(version) == layout
        ) if layout != UNKNOWN_LAYOUT else iter(())
        counted = _CountingLayers(earlier)
        current, before = sample(items), sample(counted)
        layouts.append(LayoutCheck(layout, current.articles, before.articles,
                                   sum(1 for _ in _with_layers(items)), counted.with_layers))
        found.extend(drops(layout, current, before))
    return AlarmResult(layouts, found, sorted(set(unreadable)))


class _CountingLayers:
    """The earlier revisions, streamed once, counting on the way those that have layers."""

    def __init__(self, items: Iterable[dict[str, Any]]) -> None:
        self.items = items
        self.with_layers = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for item in self.items:
            if LAYERS_KEY in item:
                self.with_layers += 1
            yield item
