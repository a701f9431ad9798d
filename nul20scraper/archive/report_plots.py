"""The coverage report's plots, drawn with matplotlib and returned as inline SVG text.

matplotlib is the optional `report` extra; only this module imports it. Figures are made
without pyplot (no global state, no GUI backend) and text stays text in the SVG
(`svg.fonttype: none`), so the labels are searchable and the file small.
"""

from __future__ import annotations

import io
import math

import matplotlib
import numpy
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nul20scraper.archive.coverage import FILLED_FIELDS, Coverage, RunSummary

WIDTH = 11.0  # inches; the report's page is about 1100 px wide


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "nul20"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # the XML declaration and DOCTYPE are not for inline use


def _month_ticks(axis, months: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Ticks at every January (or every month on a short span), labelled with the year."""
    if len(months) <= 24:
        positions = list(range(len(months)))
        labels = months
    else:
        step = max(1, math.ceil(len(months) / 12 / 20))  # at most about 20 year labels
        positions = [i for i, m in enumerate(months)
                     if m.endswith("-01") and int(m[:4]) % step == 0]
        labels = [months[i][:4] for i in positions]
    axis.set_xticks(positions, labels, rotation=90 if len(months) <= 24 else 0, fontsize=8)
    axis.set_xlim(-0.5, len(months) - 0.5)


def _outside_legend(axis) -> None:  # type: ignore[no-untyped-def]
    """Legend right of the plot, where it hides no bar; counts on whole-number ticks."""
    axis.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))


def articles_per_month(coverage: Coverage) -> str:
    figure = Figure(figsize=(WIDTH, 3.6))
    axis = figure.subplots()
    months = coverage.months
    bottom = [0] * len(months)
    for index, name in enumerate(coverage.types):
        heights = [coverage.by_type[m][name] for m in months]
        axis.bar(range(len(months)), heights, bottom=bottom, width=1.0, label=name,
                 color=f"C{index % 10}", linewidth=0)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    _month_ticks(axis, months)
    axis.set_ylabel("articles")
    axis.set_title("Articles per publication month, by article type", loc="left")
    _outside_legend(axis)
    axis.grid(axis="y", alpha=0.3)
    return _svg(figure)


def fill_rates(coverage: Coverage) -> str:
    months = coverage.months
    rows = [[coverage.fill_rate(m, name) for m in months] for name in FILLED_FIELDS]
    values = [[math.nan if v is None else v for v in row] for row in rows]
    figure = Figure(figsize=(WIDTH, 0.28 * len(FILLED_FIELDS) + 1.2))
    axis = figure.subplots()
    colours = matplotlib.colormaps["viridis"].resampled(10)
    colormap = ListedColormap(colours(range(10))).with_extremes(bad="#f2f2f2")  # no article
    # A mesh of cells, not imshow: imshow would put a PNG inside the SVG.
    image = axis.pcolormesh(
        [i - 0.5 for i in range(len(months) + 1)],
        [i - 0.5 for i in range(len(FILLED_FIELDS) + 1)],
        numpy.ma.masked_invalid(numpy.array(values, dtype=float)),
        cmap=colormap, vmin=0.0, vmax=1.0,
        edgecolors="face", linewidth=0.3,  # no hairline seams between cells in browsers
    )
    axis.set_yticks(range(len(FILLED_FIELDS)), FILLED_FIELDS, fontsize=8)
    axis.invert_yaxis()  # first field on top
    _month_ticks(axis, months)
    axis.set_title("Share of articles with each field filled, per publication month "
                   "(grey: no article)", loc="left")
    colorbar = figure.colorbar(image, ax=axis, fraction=0.03, pad=0.01)
    colorbar.set_ticks([0, 0.5, 1], labels=["0%", "50%", "100%"], fontsize=8)
    return _svg(figure)


def revisions_per_month(coverage: Coverage) -> str:
    months = coverage.revision_months
    first = [coverage.first_revisions.get(m, 0) for m in months]
    later = [coverage.later_revisions.get(m, 0) for m in months]
    figure = Figure(figsize=(WIDTH, 3.0))
    axis = figure.subplots()
    axis.bar(range(len(months)), first, width=0.9, label="first revision (new article)",
             color="C0", linewidth=0)
    axis.bar(range(len(months)), later, bottom=first, width=0.9,
             label="later revision (changed article)", color="C1", linewidth=0)
    _month_ticks(axis, months)
    axis.set_ylabel("revisions")
    axis.set_title("Revisions stored per fetch month (UTC)", loc="left")
    _outside_legend(axis)
    axis.grid(axis="y", alpha=0.3)
    return _svg(figure)


def runs(summaries: list[RunSummary]) -> str:
    figure = Figure(figsize=(WIDTH, 3.6))
    duration_axis, failure_axis = figure.subplots(2, 1, sharex=True)
    positions = range(len(summaries))
    minutes = [(s.duration_seconds or 0) / 60 for s in summaries]
    colours = ["C2" if s.status == "ok" else "C1" if s.status == "partial" else "C3"
               for s in summaries]
    duration_axis.bar(positions, minutes, color=colours, linewidth=0)
    duration_axis.set_ylabel("minutes")
    duration_axis.set_title("Crawl runs: duration (green ok, orange partial, red other) "
                            "and failed pages", loc="left")
    failure_axis.bar(positions, [s.pages_failed for s in summaries], color="C3", linewidth=0)
    failure_axis.set_ylabel("failed pages")
    failure_axis.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    labels = [s.started[:10] for s in summaries]
    failure_axis.set_xticks(list(positions), labels, rotation=90 if len(labels) > 12 else 0,
                            fontsize=8)
    for axis in (duration_axis, failure_axis):
        axis.grid(axis="y", alpha=0.3)
    return _svg(figure)
