"""The Scrapy components in isolation: switches, stats, run status, what gets captured."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from nul20scraper.archive.run import pages_failed, run_status
from nul20scraper.archive.store import Store
from nul20scraper.archive.warc import read_responses
from nul20scraper.crawl.capture import FETCHED_AT_META, WarcCapture
from nul20scraper.crawl.layer_counts import LAYERS_KEY
from nul20scraper.crawl.pipeline import ArchivePipeline


def make_item(url: str, body: str) -> dict[str, object]:
    return {
        "url": url, "headline": "Kop", "published": "2022-01-20", "updated": None,
        "article_type": None, "section": None, "kicker": None, "authors": [],
        "photo_credit": None, "image": None, "body": [body], "updates": [], "tags": [],
        "related": [], "language": "nl", "fetched_at": "2022-01-24T09:00:00Z",
        "parser_version": "1", "warnings": [],
    }


def test_components_are_off_without_their_setting() -> None:
    crawler = get_crawler()
    with pytest.raises(NotConfigured):
        ArchivePipeline.from_crawler(crawler)
    with pytest.raises(NotConfigured):
        WarcCapture.from_crawler(crawler)


def test_pipeline_records_counts_and_finishes_the_run(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NUL20_STORE_PATH": str(tmp_path / "s.sqlite"),
                                         "NUL20_RUN_ID": "run-x"})
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.open_spider()
    with_node = make_item("https://www.nul20.nl/a", "een") | {"_node_id": 4321}
    returned = pipeline.process_item(with_node)
    assert "_node_id" not in returned  # the item that goes on is schema-clean
    pipeline.process_item(make_item("https://www.nul20.nl/a", "een"))
    pipeline.process_item(make_item("https://www.nul20.nl/a", "twee"))
    pipeline.process_item(make_item("", "geen url"))
    stats = crawler.stats
    assert [stats.get_value(f"archive/{k}") for k in
            ("new_articles", "new_revisions", "unchanged", "errors")] == [1, 1, 1, 1]
    pipeline.spider_closed(reason="finished")
    with Store.open(tmp_path / "s.sqlite") as store:
        run = store.last_successful_run()
        assert run is not None
        # The item without URL is a failed page: the run finished, but partially.
        assert (run.label, run.status, run.counts["new_revisions"]) == ("run-x", "partial", 1)
        assert store.conn.execute("SELECT node_id FROM articles").fetchone() == (4321,)


def test_pipeline_stores_the_layers_and_takes_them_off_the_item(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NUL20_STORE_PATH": str(tmp_path / "s.sqlite"),
                                         "NUL20_RUN_ID": "run-x"})
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.open_spider()
    layers = {"headline": "cms", "published": "metadata", "tags": "labels"}
    returned = pipeline.process_item(make_item("https://www.nul20.nl/a", "een")
                                     | {LAYERS_KEY: layers})
    assert LAYERS_KEY not in returned  # the feed exports what goes on: schema-clean
    # Layers that are no field -> layer table cost the layers, not the article.
    pipeline.process_item(make_item("https://www.nul20.nl/b", "twee") | {LAYERS_KEY: [1, 2]})
    # An unchanged page does not lend its layers: they describe that later page.
    pipeline.process_item(make_item("https://www.nul20.nl/b", "twee")
                          | {LAYERS_KEY: {"headline": "cms"}})
    assert crawler.stats.get_value("archive/errors") == 0
    pipeline.spider_closed(reason="finished")
    with Store.open(tmp_path / "s.sqlite") as store:
        stored = {r.url: r for r in store.revisions()}
        assert stored["https://www.nul20.nl/a"].layers == layers
        assert stored["https://www.nul20.nl/b"].layers is None
        assert all(LAYERS_KEY not in r.item for r in stored.values())


@pytest.mark.parametrize(
    ("reason", "stats", "status"),
    [
        ("finished", {}, "ok"),
        ("finished", {"downloader/exception_count": 2}, "partial"),
        ("finished", {"spider_exceptions/count": 1, "spider_exceptions/KeyError": 1}, "partial"),
        ("shutdown", {}, "interrupted"),
        ("cancelled", {}, "fatal"),
        # The crawl's own exit status wins: a 404 is not a failure there.
        ("finished", {"nul20/exit_status": 0, "httperror/response_ignored_count": 3}, "ok"),
        ("finished", {"nul20/exit_status": 0, "archive/errors": 1}, "partial"),
        ("finished", {"nul20/exit_status": 1}, "partial"),
        ("finished", {"nul20/exit_status": 3}, "fatal"),
        ("shutdown", {"nul20/exit_status": 1}, "interrupted"),
    ],
)
def test_run_status(reason: str, stats: dict[str, int], status: str) -> None:
    assert run_status(reason, stats) == status


def test_spider_exceptions_are_not_counted_twice() -> None:
    assert pages_failed({"spider_exceptions/count": 3, "spider_exceptions/KeyError": 2,
                         "spider_exceptions/ValueError": 1}) == 3


def capture_for(tmp_path: Path, **settings: object) -> WarcCapture:
    crawler = get_crawler(settings_dict={"NUL20_WARC_DIR": str(tmp_path), "NUL20_RUN_ID": "r",
                                         **settings})
    return WarcCapture.from_crawler(crawler)


def responses() -> dict[str, tuple[Request, Response]]:
    page = Request("https://www.nul20.nl/a")
    robots = Request("https://www.nul20.nl/robots.txt")
    moved = Request("https://www.nul20.nl/oud")
    forced = Request("https://www.nul20.nl/sitemap.xml", meta={"nul20_warc": True})
    return {
        "page": (page, HtmlResponse(page.url, request=page, body=gzip.compress(b"<html>a</html>"),
                                    headers={"Content-Type": "text/html",
                                             "Content-Encoding": "gzip"})),
        "robots": (robots, TextResponse(robots.url, request=robots, body=b"User-agent: *",
                                        headers={"Content-Type": "text/plain"})),
        "redirect": (moved, Response(moved.url, status=301, request=moved,
                                     headers={"Location": "/a"})),
        "forced": (forced, TextResponse(forced.url, request=forced, body=b"<urlset/>",
                                        headers={"Content-Type": "application/xml"})),
    }


@pytest.mark.parametrize(
    ("settings", "expected"),
    [({}, ["page", "forced"]), ({"NUL20_WARC_ALL": True}, ["page", "robots", "redirect",
                                                           "forced"])],
    ids=["pages", "all"],
)
def test_capture_selects_responses_and_stamps_fetch_time(
    tmp_path: Path, settings: dict[str, object], expected: list[str]
) -> None:
    capture = capture_for(tmp_path, **settings)
    exchanges = responses()
    for request, response in exchanges.values():
        capture.response_downloaded(response=response, request=request, spider=None)
    capture.spider_closed()
    [path] = capture.recorder.paths
    read = list(read_responses(path))
    names = {request.url: name for name, (request, _) in exchanges.items()}
    assert [names[r.url] for r in read] == expected
    assert read[0].body == b"<html>a</html>"
    # Every response, captured or not, carries the fetch time for the item.
    for request, _ in exchanges.values():
        assert request.meta[FETCHED_AT_META].endswith("Z")
    assert capture.crawler.stats.get_value("archive/warc_records") == len(expected)
