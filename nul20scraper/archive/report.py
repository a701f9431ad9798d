"""The coverage report: one self-contained HTML file (inline CSS and SVG, no script, no link
to anything), so that it opens offline and can be mailed or archived as it is."""

from __future__ import annotations

from html import escape

from nul20scraper.archive import report_plots
from nul20scraper.archive.coverage import Coverage, RunSummary, generated_at, month_spans

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
figure { margin: 1em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #555; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
ul.gaps { columns: 3; }
"""


def _figure(figure_id: str, svg: str, caption: str) -> str:
    return (f'<figure id="{figure_id}">{svg}<figcaption>{escape(caption)}</figcaption>'
            "</figure>")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "not finished"
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}"


def _runs_table(runs: list[RunSummary]) -> str:
    head = ("<tr><th>run</th><th>started (UTC)</th><th>duration</th><th>status</th>"
            "<th>requests</th><th>new articles</th><th>new revisions</th><th>failed pages</th>"
            "</tr>")
    rows = []
    for run in runs:
        cells = [
            escape(run.label), escape(run.started[:19]), _duration(run.duration_seconds),
            escape(run.status),
        ]
        numbers = [run.counts.get("requests", 0), run.counts.get("new_articles", 0),
                   run.counts.get("new_revisions", 0), run.pages_failed]
        rows.append(
            "<tr>" + "".join(f"<td>{c}</td>" for c in cells)
            + "".join(f'<td class="number">{n}</td>' for n in numbers) + "</tr>"
        )
    return f'<table id="runs-table">{head}{"".join(rows)}</table>'


def _gaps(coverage: Coverage) -> str:
    spans = month_spans(coverage.empty_months)
    if not coverage.months:
        return "<p>No dated article in the store.</p>"
    if not spans:
        return (f"<p>Every month from {coverage.months[0]} to {coverage.months[-1]} has at "
                "least one article.</p>")
    items = []
    for first, last, count in spans:
        text = first if count == 1 else f"{first} to {last} ({count} months)"
        items.append(f"<li>{escape(text)}</li>")
    return (f"<p>{len(coverage.empty_months)} of the {len(coverage.months)} months from "
            f"{coverage.months[0]} to {coverage.months[-1]} have no article:</p>"
            f'<ul class="gaps" id="empty-months">{"".join(items)}</ul>')


def render(coverage: Coverage, store_name: str) -> str:
    """The report's HTML for the figures of one store."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>NUL20 archive coverage: {escape(store_name)}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>NUL20 archive coverage</h1>",
        f"<p>Store <code>{escape(store_name)}</code>, report made {generated_at()}.</p>",
        '<dl class="summary" id="summary">',
        f"<dt>articles</dt><dd>{coverage.articles}</dd>",
        f"<dt>revisions</dt><dd>{coverage.revisions}</dd>",
        f"<dt>without publication date</dt><dd>{coverage.undated}</dd>",
        f"<dt>publication months</dt><dd>{escape(coverage.months[0]) if coverage.months else '-'}"
        f" to {escape(coverage.months[-1]) if coverage.months else '-'}</dd>",
        f"<dt>months with no article</dt><dd>{len(coverage.empty_months)}</dd>",
        f"<dt>crawl runs</dt><dd>{len(coverage.runs)}</dd>",
        "</dl>",
        "<h2>Articles per month</h2>",
    ]
    if coverage.months:
        parts.append(_figure(
            "articles-per-month", report_plots.articles_per_month(coverage),
            "Latest revision of each article, by the month of its publication date "
            f"(articles without a date, not shown: {coverage.undated}).",
        ))
        parts.append("<h2>Field fill rates</h2>")
        parts.append(_figure(
            "fill-rates", report_plots.fill_rates(coverage),
            "A field that empties from one month on (a cliff) points at a redesign of the site "
            "that the parser does not read.",
        ))
    else:
        parts.append("<p>No dated article in the store.</p>")
    parts.append("<h2>Months with no article</h2>")
    parts.append(_gaps(coverage))
    parts.append("<h2>Revisions per month</h2>")
    if coverage.revision_months:
        parts.append(_figure(
            "revisions-per-month", report_plots.revisions_per_month(coverage),
            "When the archive stored each revision: first revisions are new articles, later "
            "ones changed articles.",
        ))
    else:
        parts.append("<p>No revision in the store.</p>")
    parts.append("<h2>Crawl runs</h2>")
    if coverage.runs:
        parts.append(_figure("runs", report_plots.runs(coverage.runs),
                             "One bar per run, oldest first."))
        parts.append(_runs_table(coverage.runs))
    else:
        parts.append("<p>No crawl run recorded in this store.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
