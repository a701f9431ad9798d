"""The broken-parser alarm: the comparison (archive.alarm) on made-up samples and stores, and
three crawls of a mirror whose markup changes between the first two."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nul20scraper import shared
from nul20scraper.archive.alarm import (
    FIGURES,
    LAYERS_KEY,
    Sample,
    check_run,
    drops,
    layout_of,
    sample,
)
from nul20scraper.archive.store import Store
from nul20scraper.demo.server import MirrorServer
from tests.crawl_support import FAST, REPO_ROOT
from tests.mockserver.evolving_site import EvolvingSite, metadata_dropped, tags_by_script

TAG = [{"name": "NUL20 nieuws", "url": "https://www.nul20.nl/trefwoorden/nul20-nieuws"}]


def items(count: int, *, tags: bool = True, version: str = "0.1.0+drupal7.1",
          start: int = 0) -> list[dict[str, Any]]:
    return [{"url": f"https://www.nul20.nl/artikel-{n}", "headline": f"Artikel {n}",
             "tags": TAG if tags else [], "parser_version": version,
             "fetched_at": "2024-05-01T12:00:00Z"} for n in range(start, start + count)]


def test_layout_is_the_part_of_the_parser_version_after_the_plus() -> None:
    assert layout_of("0.1.0+drupal7.1") == "drupal7"
    assert layout_of("0.2.0+d10") == "d10"
    assert layout_of("0.1.0") == layout_of("") == layout_of(None) == "(unknown)"


def test_a_field_that_empties_is_named_as_the_summary_says() -> None:
    before = sample([*items(24), *items(1, tags=False)])  # 96% with tags
    now = sample(items(41, tags=False))
    [drop] = drops("drupal7", now, before)
    assert (drop.field, drop.figure, drop.articles, drop.articles_before) == ("tags", "filled",
                                                                              41, 25)
    assert drop.message == ("field tags: filled in 0% of 41 new articles, 96% before: "
                            "the site's markup may have changed")
    # headline stayed filled: not named.
    assert sample(items(3)).shares[("headline", "filled")] == 1.0


def test_drops_of_20_points_or_fewer_articles_are_not_named() -> None:
    before = sample(items(20))
    exactly_20 = sample([*items(16), *items(4, tags=False)])  # 80%: a drop of 20 points
    assert drops("drupal7", exactly_20, before) == []
    just_over = sample([*items(15), *items(5, tags=False)])  # 75%
    assert [d.field for d in drops("drupal7", just_over, before)] == ["tags"]
    assert drops("drupal7", sample(items(19, tags=False)), before) == []  # too few now
    assert drops("drupal7", sample(items(20, tags=False)), sample(items(19))) == []  # before


def test_a_drop_of_exactly_20_points_is_not_named_whatever_the_float_error() -> None:
    # 18/20 - 14/20 is 0.20000000000000007 in floats: still exactly 20 points.
    before = sample([*items(18), *items(2, tags=False)], fields=["tags"])
    now = sample([*items(14), *items(6, tags=False)], fields=["tags"])
    assert (before.shares[("tags", "filled")] - now.shares[("tags", "filled")]) * 100 > 20
    assert drops("drupal7", now, before) == []
    # 20.01 points is more than 20: 100% before, 79.99% now.
    all_tagged = sample(items(20), fields=["tags"])
    just_over = sample([*items(7999), *items(2001, tags=False, start=7999)], fields=["tags"])
    assert [d.field for d in drops("drupal7", just_over, all_tagged)] == ["tags"]
    # And 20 points of 10,000 articles is not.
    exactly = sample([*items(8000), *items(2000, tags=False, start=8000)], fields=["tags"])
    assert drops("drupal7", exactly, all_tagged) == []


def test_more_figures_are_compared_the_same_way() -> None:
    """A layer share, once items say which layer answered a field, is one more figure."""
    figures = {**FIGURES,
               "answered by metadata": lambda name, item: item.get("_layers", {}).get(
                   name) == "metadata"}
    before = sample([{**i, "_layers": {"headline": "metadata"}} for i in items(30)],
                    fields=["headline"], figures=figures)
    now = sample([{**i, "_layers": {"headline": "labels"}} for i in items(30)],
                 fields=["headline"], figures=figures)
    [drop] = drops("drupal7", now, before)
    assert (drop.field, drop.figure, drop.share, drop.share_before) == (
        "headline", "answered by metadata", 0.0, 1.0)
    assert isinstance(now, Sample) and now.shares[("headline", "filled")] == 1.0


def layered(batch: list[dict[str, Any]], **layers: str) -> list[dict[str, Any]]:
    """Items as check_run samples a revision that records its layers."""
    return [{**item, LAYERS_KEY: {"headline": "cms", "tags": "cms", **layers}} for item in batch]


def test_layer_shares_count_only_revisions_that_record_layers() -> None:
    # 25 revisions without layers (stored before they were recorded) and 20 with.
    before = sample([*items(25), *layered(items(20), tags="cms")])
    assert before.articles == 45
    assert before.counted[("tags", "answered by cms")] == 20
    assert before.shares[("tags", "answered by cms")] == 1.0
    assert before.counted[("tags", "filled")] == 45
    now = sample(layered(items(20), tags="labels"))  # the tags still there, found by label
    [drop] = drops("drupal7", now, before)
    assert (drop.field, drop.figure, drop.articles, drop.articles_before) == (
        "tags", "answered by cms", 20, 20)
    assert drop.message == ("field tags: answered by the CMS markup in 0% of 20 new articles, "
                            "100% before: the site's markup may have changed")
    # 19 revisions with layers before: too few for the layer figure, whatever the rest.
    thin = sample([*items(25), *layered(items(19), tags="cms")])
    assert drops("drupal7", now, thin) == []
    # Without any layers now, there is no layer share to compare.
    assert drops("drupal7", sample(items(30)), before) == []


def test_a_field_that_empties_is_named_once_not_for_its_layers_too() -> None:
    before = sample(layered(items(30), tags="cms"))
    now = sample(layered(items(30, tags=False), tags="none"))
    assert [(d.field, d.figure) for d in drops("drupal7", now, before)] == [("tags", "filled")]


def test_the_metadata_share_has_its_own_words() -> None:
    before = sample(layered(items(20), published="metadata"), fields=["published"])
    now = sample(layered(items(20), published="labels"), fields=["published"])
    [drop] = drops("drupal7", now, before)
    assert drop.figure == "answered by metadata"
    assert drop.message.startswith(
        "field published: answered by the page's metadata in 0% of 20 new articles, 100% before")


def test_check_run_compares_with_earlier_runs_of_the_same_layout(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        first = store.start_run("run-1")
        for item in items(30):
            store.record(item, run_id=first)
        # Another layout's earlier articles had no tags: they are no baseline for drupal7.
        for item in items(30, tags=False, version="0.1.0+d10.1", start=100):
            store.record(item, run_id=first)
        second = store.start_run("run-2")
        for item in items(25, tags=False, start=200):
            store.record(item, run_id=second)
        for item in items(25, tags=False, version="0.1.0+d10.1", start=300):
            store.record(item, run_id=second)
        result = check_run(store, second)
        assert [(c.layout, c.articles, c.articles_before) for c in result.layouts] == [
            ("d10", 25, 30), ("drupal7", 25, 30)]
        assert [(d.layout, d.field) for d in result.drops] == [("drupal7", "tags")]
        assert result.verdict == "fired"
        # The first run has nothing before it.
        assert check_run(store, first).verdict == "too few articles to compare"
        third = store.start_run("run-3")
        assert check_run(store, third).verdict == (
            "nothing to compare: the run added no revisions")


def crawl(origin: str, tmp: Path, name: str) -> subprocess.CompletedProcess[str]:
    flags = [arg for key, value in FAST.items() for arg in ("-s", f"{key}={value}")]
    argv = [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", origin,
            "--report", str(tmp / f"{name}.json"), "--store", str(tmp / "nul20.sqlite"),
            *flags]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def summary(stderr: str) -> list[str]:
    """The crawl report's summary in a crawl's log: its first line and the indented ones."""
    lines = stderr.splitlines()
    start = next(n for n, line in enumerate(lines) if "Crawl report (" in line)
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("  "))
    return lines[start:end]


def test_alarm_fires_on_changed_markup_and_not_on_an_unchanged_recrawl(tmp_path: Path) -> None:
    site = EvolvingSite(30)
    with MirrorServer(site.build(), max_seconds=150) as server:
        first = crawl(server.origin, tmp_path, "first")
        assert first.returncode == shared.OK, first.stderr[-3000:]
        report = json.loads((tmp_path / "first.json").read_text("utf-8"))
        assert report["parser_alarm"]["verdict"] == "too few articles to compare"

        # The relaunch loads the tags by script: every page changes and has no tag left.
        site.redesign(tags_by_script)
        site.publish(server.site)
        second = crawl(server.origin, tmp_path, "second")
        assert second.returncode == shared.PARTIAL_FAILURE, second.stderr[-3000:]
        report = json.loads((tmp_path / "second.json").read_text("utf-8"))
        assert report["exit_status"] == shared.PARTIAL_FAILURE
        assert report["parser_alarm"]["verdict"] == "fired"
        [drop] = report["parser_alarm"]["drops"]
        assert (drop["layout"], drop["field"], drop["articles"], drop["articles_before"]) == (
            "drupal7", "tags", 30, 30)
        line = ("parser alarm: field tags: filled in 0% of 30 new articles, 100% before: "
                "the site's markup may have changed")
        assert line in second.stderr
        print(line)

        # Nothing changed since: no revision added, nothing to compare, silent.
        third = crawl(server.origin, tmp_path, "third")
        assert third.returncode == shared.OK, third.stderr[-3000:]
        report = json.loads((tmp_path / "third.json").read_text("utf-8"))
        assert report["parser_alarm"] == {
            **report["parser_alarm"], "verdict": "nothing to compare: the run added no revisions",
            "drops": [], "layouts": []}
        assert "parser alarm" not in third.stderr

    with Store.open(tmp_path / "nul20.sqlite") as store:
        assert [run.status for run in store.runs()] == ["ok", "partial", "ok"]
        assert store.counts() == {"articles": 30, "revisions": 60}


def test_layer_alarm_fires_when_the_metadata_goes_and_the_fields_stay_filled(
        tmp_path: Path) -> None:
    site = EvolvingSite(30)
    with MirrorServer(site.build(), max_seconds=150) as server:
        first = crawl(server.origin, tmp_path, "first")
        assert first.returncode == shared.OK, first.stderr[-3000:]
        report = json.loads((tmp_path / "first.json").read_text("utf-8"))
        # Every generated page carries article:published_time and Drupal's field classes.
        assert report["layers"]["published"] == {"metadata": 30}
        assert report["layers"]["tags"] == {"cms": 30}
        # The counts are in the report; the summary has no line more for them.
        told = summary(first.stderr)
        assert told[-1].startswith("  report: ")  # the one line naming a path
        assert not [row for row in told[:-1] if "layer" in row or "answered" in row], told

        # The relaunch writes no metadata: the date is read from the page's text instead.
        site.redesign(metadata_dropped)
        site.publish(server.site)
        second = crawl(server.origin, tmp_path, "second")
        assert second.returncode == shared.PARTIAL_FAILURE, second.stderr[-3000:]
        report = json.loads((tmp_path / "second.json").read_text("utf-8"))
        assert report["fill_rates"]["published"] == 1.0  # still filled: no "filled" alarm
        assert report["layers"]["published"] == {"labels": 30}
        assert report["exit_status"] == shared.PARTIAL_FAILURE
        assert report["parser_alarm"]["verdict"] == "fired"
        [drop] = report["parser_alarm"]["drops"]
        assert (drop["field"], drop["figure"], drop["articles"], drop["share"],
                drop["articles_before"], drop["share_before"]) == (
            "published", "answered by metadata", 30, 0.0, 30, 1.0)
        line = ("parser alarm: field published: answered by the page's metadata in 0% of 30 "
                "new articles, 100% before: the site's markup may have changed")
        assert line in second.stderr
        assert [row for row in summary(second.stderr) if "parser alarm" in row] == [f"  {line}"]
        # And in the command's own closing lines, before the exit status they explain.
        closing = second.stderr.splitlines()[-2:]
        assert closing[0] == f"  {line}" and closing[1].startswith("exit status 1: ")
        print(line)

        # Crawled again unchanged: no revision added, nothing to compare, silent.
        third = crawl(server.origin, tmp_path, "third")
        assert third.returncode == shared.OK, third.stderr[-3000:]
        report = json.loads((tmp_path / "third.json").read_text("utf-8"))
        assert report["parser_alarm"]["verdict"] == (
            "nothing to compare: the run added no revisions")
        assert report["layers"]["published"] == {"labels": 30}
        assert "parser alarm" not in third.stderr

    with Store.open(tmp_path / "nul20.sqlite") as store:
        assert [run.status for run in store.runs()] == ["ok", "partial", "ok"]
        revisions = list(store.revisions())
        assert len(revisions) == 60
        assert sorted({r.layers["published"] for r in revisions if r.layers}) == [
            "labels", "metadata"]
        assert all(r.layers is not None and "_layers" not in r.item for r in revisions)


def test_check_run_leaves_out_and_names_revisions_it_cannot_read(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        first = store.start_run("run-1")
        for item in items(30):
            store.record(item, run_id=first)
        second = store.start_run("run-2")
        for item in items(25, tags=False, start=200):
            store.record(item, run_id=second)
        # A hand edit or a bad disk: layers and an item that are no JSON object.
        store.conn.execute("UPDATE revisions SET layers = '[1,2' WHERE id = 3")
        store.conn.execute("UPDATE revisions SET item = '{bad' WHERE id = 40")
        store.conn.execute("UPDATE revisions SET layers = '[1, 2]' WHERE id = 41")
        store.conn.commit()
        result = check_run(store, second)
        assert result.unreadable == [3, 40, 41]
        assert [(c.layout, c.articles, c.articles_before) for c in result.layouts] == [
            ("drupal7", 23, 29)]
        assert result.verdict == "fired"  # the rest is still compared
        report = result.as_dict()
        assert report["unreadable_revisions"] == 3
        assert report["warnings"] == ["3 revisions left out: their item or layers cannot be "
                                      "read (ids 3, 40, 41)"]


def test_an_alarm_that_cannot_be_computed_costs_the_alarm_not_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.utils.test import get_crawler

    from nul20scraper.archive.run import RUN_ID_STAT
    from nul20scraper.commands.crawl import summary_lines
    from nul20scraper.crawl import report as report_module

    with Store.open(tmp_path / "s.sqlite") as store:
        store.start_run("run-1")
    crawler = get_crawler(settings_dict={"NUL20_STORE_PATH": str(tmp_path / "s.sqlite")})
    assert crawler.stats is not None
    crawler.stats.set_value(RUN_ID_STAT, "run-1")

    def broken(store: Store, run_id: int) -> None:
        raise KeyError("layout")

    monkeypatch.setattr(report_module, "check_run", broken)
    extension = report_module.CrawlReport(crawler)
    report: dict[str, Any] = {"exit_status": shared.OK}
    extension.add_parser_alarm(report)
    assert report["parser_alarm"] == {"verdict": "not computed: KeyError: 'layout'"}
    # No success said for a check that did not run.
    assert report["exit_status"] == shared.PARTIAL_FAILURE
    full = {"counts": {"articles_emitted": 3, "pages_fetched": 5, "not_articles": 2},
            "failures": {}, "finish_reason": "finished", "elapsed_seconds": 1, **report}

    class Args:
        output = "articles.jsonl"

    lines = summary_lines(full, str(tmp_path / "r.json"), Args(), "crawl")  # type: ignore[arg-type]
    assert "  parser alarm not computed: KeyError: 'layout'" in lines
    assert lines[-1].startswith(
        "exit status 1: partial failure (the parser alarm could not be computed);")


def test_a_damaged_revision_costs_its_place_in_the_alarm_not_the_crawl(tmp_path: Path) -> None:
    """The reviewer's case: one revision's layers damaged by hand, then a crawl whose new
    revisions are compared with it: the crawl is told truly, the revision left out."""
    site = EvolvingSite(30)
    with MirrorServer(site.build(), max_seconds=150) as server:
        first = crawl(server.origin, tmp_path, "first")
        assert first.returncode == shared.OK, first.stderr[-3000:]
        with sqlite3.connect(tmp_path / "nul20.sqlite") as db:
            db.execute("UPDATE revisions SET layers = '[1,2' WHERE id = 2")
        site.redesign(metadata_dropped)
        site.publish(server.site)
        second = crawl(server.origin, tmp_path, "second")
    assert "did not start" not in second.stderr and "Traceback" not in second.stderr
    # The 29 readable revisions before are enough: the alarm still fires.
    assert second.returncode == shared.PARTIAL_FAILURE, second.stderr[-3000:]
    assert ("parser alarm warning: 1 revisions left out: their item or layers cannot be "
            "read (ids 2)") in second.stderr
    alarm = json.loads((tmp_path / "second.json").read_text("utf-8"))["parser_alarm"]
    assert (alarm["verdict"], alarm["unreadable_revisions"]) == ("fired", 1)
    assert alarm["layouts"][0]["articles_before"] == 29


def test_silent_says_the_layer_shares_were_not_compared_while_too_few_record_layers(
        tmp_path: Path) -> None:
    """Right after migration 4: the earlier revisions have no layers, so only the "filled"
    half of the alarm could look; the report and summary say so."""
    from nul20scraper.crawl.report import alarm_lines

    with Store.open(tmp_path / "s.sqlite") as store:
        first = store.start_run("run-1")
        for item in items(30):  # stored before layers were recorded
            store.record(item, run_id=first)
        for item in layered(items(5, start=50)):
            store.record(item, run_id=first, layers=item.pop(LAYERS_KEY))
        second = store.start_run("run-2")
        for item in layered(items(25, start=200)):
            store.record(item, run_id=second, layers=item.pop(LAYERS_KEY))
        result = check_run(store, second)
    assert result.verdict == "silent"  # the filled shares were compared: nothing fell
    why = "drupal7: 5 earlier revisions with layers (20 needed), 25 of this run (20 needed)"
    assert result.layers_not_compared == [why]
    alarm = result.as_dict()
    assert alarm["layer_verdict"] == f"not compared for {why}"
    assert alarm_lines(alarm) == [f"  parser alarm: layer shares not compared for {why}"]


def test_layer_verdict_is_compared_once_both_sides_record_enough_layers(tmp_path: Path) -> None:
    from nul20scraper.crawl.report import alarm_lines

    with Store.open(tmp_path / "s.sqlite") as store:
        first = store.start_run("run-1")
        for item in layered(items(20)):
            store.record(item, run_id=first, layers=item.pop(LAYERS_KEY))
        second = store.start_run("run-2")
        for item in layered(items(20, start=200)):
            store.record(item, run_id=second, layers=item.pop(LAYERS_KEY))
        result = check_run(store, second)
        thin = check_run(store, first)
    assert (result.verdict, result.layer_verdict) == ("silent", "compared")
    assert alarm_lines(result.as_dict()) == []
    assert (thin.verdict, thin.layer_verdict) == ("too few articles to compare", "not compared")
    assert alarm_lines(thin.as_dict()) == []
