"""Which parser layer answered each field, through a crawl of the fixture pages: counted in
the crawl report, stored with each revision, and never in an exported item."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from nul20scraper import shared
from nul20scraper.archive.store import Store
from nul20scraper.demo.saved_site import saved_pages, site_from_saved_pages
from nul20scraper.demo.server import MirrorServer
from nul20scraper.extract import LAYER_NAMES, LAYERED_FIELDS, parse_article_with_provenance
from nul20scraper.urls import SITE_ORIGIN
from tests.crawl_support import REPO_ROOT
from tests.fixture_pages import PAGES


def crawl(origin: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", origin, "--mirror",
            "--store", str(tmp / "nul20.sqlite"), "--report", str(tmp / "report.json"),
            "-o", str(tmp / "articles.jsonl")]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True, timeout=180,
                          check=False)


def test_report_counts_the_layers_the_parser_gives_for_the_fixture_pages(tmp_path: Path) -> None:
    with MirrorServer(site_from_saved_pages(PAGES), max_seconds=300) as server:
        done = crawl(server.origin, tmp_path)
        # The parser, page by page, as the spider calls it (the page's URL on the mirror).
        expected: dict[str, dict[str, str]] = {}
        for path, body, _meta in saved_pages(PAGES):
            outcome = parse_article_with_provenance(body, server.origin + path)
            if isinstance(outcome.result, dict):
                expected[SITE_ORIGIN + path] = dict(outcome.layers)
    assert done.returncode == shared.OK, done.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["counts"]["articles_emitted"] == len(expected) > 20

    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for layers in expected.values():
        for name, layer in layers.items():
            counts[name][layer] += 1
    assert report["layers"] == {
        name: {layer: counts[name][layer] for layer in LAYER_NAMES if counts[name][layer]}
        for name in LAYERED_FIELDS}
    # Each field's counts cover every article once; the fixtures are read by every layer.
    assert all(sum(by_layer.values()) == len(expected) for by_layer in report["layers"].values())
    assert {layer for by_layer in report["layers"].values() for layer in by_layer} == set(
        LAYER_NAMES)
    # The old table theme has no CMS classes: its headline comes from the page's structure.
    assert report["layers"]["headline"]["structure"] >= 1

    # The private key is for the store only: not in the feed, not in the stored item.
    exported = [json.loads(line) for line in
                (tmp_path / "articles.jsonl").read_text("utf-8").splitlines()]
    assert len(exported) == len(expected)
    assert not [item for item in exported if set(item) - set(exported[0])]
    assert all("_layers" not in item for item in exported)
    with Store.open(tmp_path / "nul20.sqlite") as store:
        stored = {revision.url: revision for revision in store.revisions()}
        assert "_layers" not in store.conn.execute(
            "SELECT group_concat(item) FROM revisions").fetchone()[0]
    assert {url: revision.layers for url, revision in stored.items()} == {
        url: expected[url] for url in stored}
    assert set(stored) == {item["url"] for item in exported}
    # The default summary says nothing of layers: no line more unless the alarm fires.
    assert "layer" not in done.stderr.replace(str(tmp_path), "")
