"""`nul20scraper report`: one self-contained HTML file whose plots, counts and month gaps are
those of the store."""

from __future__ import annotations

import re

import pytest

from nul20scraper.archive.coverage import month_spans
from nul20scraper.archive.store import Store
from nul20scraper.cli import main
from tests.archive_fixture_store import fill_store

pytest.importorskip("matplotlib", reason="the report extra (matplotlib) is not installed")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    directory = tmp_path_factory.mktemp("report")
    store = directory / "nul20.sqlite"
    fill_store(store)
    with Store.open(store) as opened:
        first = opened.start_run("nul20-20230610T041500Z-1", started="2023-06-10T04:15:00Z")
        opened.finish_run(first, "ok", reason="finished", finished="2023-06-10T04:25:20Z",
                          counts={"requests": 120, "new_articles": 15, "pages_failed": 0})
        second = opened.start_run("nul20-20230611T041500Z-1", started="2023-06-11T04:15:00Z")
        opened.finish_run(second, "partial", reason="finished", finished="2023-06-11T04:16:35Z",
                          counts={"requests": 30, "new_articles": 0, "pages_failed": 3})
    out = directory / "report.html"
    assert main(["report", "--store", str(store), "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_self_contained_no_external_resource(report: str) -> None:
    assert report.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", report, re.I)
    assert "<script" not in report.lower() and "<link" not in report.lower()
    # Only references inside the document (SVG clip paths, markers): url(#id), href="#id".
    assert "@import" not in report and not re.search(r"url\((?!#)", report)
    assert set(re.findall(r"""href\s*=\s*["'](.)""", report)) == {"#"}


def test_plots_are_inline_svg(report: str) -> None:
    for figure_id in ("articles-per-month", "fill-rates", "revisions-per-month", "runs"):
        figure = re.search(rf'<figure id="{figure_id}">(.*?)</figure>', report, re.S)
        assert figure is not None, figure_id
        assert figure.group(1).startswith("<svg")
    # Text stays text: the field names label the fill-rate heatmap's rows.
    fill_rates = re.search(r'<figure id="fill-rates">(.*?)</figure>', report, re.S).group(1)
    for name in ("headline", "photo_credit", "related"):
        assert f">{name}</text>" in fill_rates
    assert "Boekbespreking" in report  # a type in the legend of articles per month


def test_counts_are_the_stores(report: str) -> None:
    summary = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", report))
    # 28 article fixtures give 27 URLs (the two Ivens pages are one article, two revisions);
    # the dashboard page has no date; dates run from the 2008-11 table-layout page to the
    # 2023-05 navigation-noise one.
    assert summary["articles"] == "27"
    assert summary["revisions"] == "28"
    assert summary["without publication date"] == "1"
    assert summary["publication months"] == "2008-11 to 2023-05"
    assert summary["crawl runs"] == "2"


def test_months_with_no_article_are_listed(report: str) -> None:
    gaps = re.search(r'<ul class="gaps" id="empty-months">(.*?)</ul>', report, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", gaps)
    # Publication months of the fixtures: 2008-11, 2009-03, 2009-06, 2012-06, 2013-11,
    # 2021-03, -06, -07, -09, -11, -12, 2022-01, -05, -09, -10, -11, 2023-03, -04, -05
    # (19 months).
    # Every other month in between is a gap.
    assert items == [
        "2008-12 to 2009-02 (3 months)", "2009-04 to 2009-05 (2 months)",
        "2009-07 to 2012-05 (35 months)", "2012-07 to 2013-10 (16 months)",
        "2013-12 to 2021-02 (87 months)", "2021-04 to 2021-05 (2 months)", "2021-08",
        "2021-10", "2022-02 to 2022-04 (3 months)", "2022-06 to 2022-08 (3 months)",
        "2022-12 to 2023-02 (3 months)",
    ]
    assert "156 of the 175 months from 2008-11 to 2023-05 have no article" in report


def test_runs_table(report: str) -> None:
    table = re.search(r'<table id="runs-table">(.*?)</table>', report, re.S).group(1)
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>",
                                                                          table)[1:]]
    assert rows == [
        ["nul20-20230610T041500Z-1", "2023-06-10T04:15:00", "0:10:20", "ok", "120", "15", "0",
         "0"],
        ["nul20-20230611T041500Z-1", "2023-06-11T04:15:00", "0:01:35", "partial", "30", "0",
         "0", "3"],
    ]


def test_month_spans() -> None:
    assert month_spans(["2021-11", "2021-12", "2022-01", "2022-03"]) == [
        ("2021-11", "2022-01", 3), ("2022-03", "2022-03", 1)]
    assert month_spans([]) == []
