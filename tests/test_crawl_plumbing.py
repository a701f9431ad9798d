"""The crawl's cheaper stand-ins for Scrapy parts do what the parts they replace do."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import time
from datetime import UTC, date, datetime

import pytest
from scrapy import Request
from scrapy.exporters import JsonItemExporter, JsonLinesItemExporter
from scrapy.http import HtmlResponse
from scrapy.logformatter import LogFormatter
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from nul20scraper.crawl.compact_queue import CompactFifoMemoryQueue
from nul20scraper.crawl.feed_export import JsonExporter, JsonLinesExporter
from nul20scraper.crawl.links import DENY_PATTERNS, LinkPolicy, is_denied, is_pager_url
from nul20scraper.crawl.log_formatter import PageLogFormatter, logs_debug
from nul20scraper.crawl.stats import PlainStatsCollector
from nul20scraper.crawl.worker_processes import WorkerDied, WorkerError, WorkerPool
from nul20scraper.extract import ITEM_FIELDS, parse_article
from nul20scraper.spiders.nul20 import Nul20Spider
from tests.mockserver.pages import ArticleSpec, Teaser, article_page

ORIGIN = "http://127.0.0.1:8123"


def items() -> list[dict]:
    parsed = []
    for n in range(3):
        body = article_page(ArticleSpec(
            path=f"/a{n}", nid=n, headline=f"Wonen in Amsterdam, deel {n}",
            published=date(2021, 7, 5), paragraphs=["Een alinea over wonen: \u00e9\u00e9n."] * 3,
            related=(Teaser("/b", "Meer..."),),
        )).encode()
        parsed.append(parse_article(body, f"{ORIGIN}/a{n}", datetime(2024, 5, 1, tzinfo=UTC)))
    parsed[1]["not_a_field"] = 1
    del parsed[2]["headline"]
    return parsed


@pytest.mark.parametrize(("ours", "scrapys"), [
    (JsonLinesExporter, JsonLinesItemExporter), (JsonExporter, JsonItemExporter),
])
def test_feed_exporters_write_what_scrapys_write(ours: type, scrapys: type) -> None:
    outputs = []
    for exporter_class in (ours, scrapys):
        out = io.BytesIO()
        exporter = exporter_class(out, fields_to_export=list(ITEM_FIELDS), encoding="utf-8")
        exporter.start_exporting()
        for item in items():
            exporter.export_item(item)
        exporter.finish_exporting()
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]


def test_log_formatter_builds_no_per_page_debug_message_above_debug() -> None:
    assert not logs_debug("INFO") and not logs_debug(20) and logs_debug("debug")
    request = Request(f"{ORIGIN}/a")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    spider = Nul20Spider(base_url=ORIGIN)
    quiet, loud = PageLogFormatter(per_page_debug=False), PageLogFormatter(per_page_debug=True)
    assert quiet.crawled(request, response, spider) is None
    assert quiet.scraped({"url": "x"}, response, spider) is None
    assert loud.crawled(request, response, spider) == LogFormatter().crawled(
        request, response, spider)
    assert loud.scraped({"url": "x"}, response, spider) == LogFormatter().scraped(
        {"url": "x"}, response, spider)


def test_stats_collector_keeps_the_same_stats() -> None:
    kept = []
    for collector_class in (PlainStatsCollector, MemoryStatsCollector):
        stats = collector_class(get_crawler())
        stats.inc_value("a")
        stats.inc_value("a", 2)
        stats.max_value("m", 3)
        stats.min_value("n", 1)
        stats.set_value("s", "x")
        kept.append((stats.get_stats(), stats.get_value("a"), stats.get_value("z", 0)))
    assert kept[0] == kept[1]


def test_compact_queue_requests_share_one_bound_method_per_callback() -> None:
    crawler = get_crawler(Nul20Spider)
    spider = Nul20Spider.from_crawler(crawler, base_url=ORIGIN)
    crawler.spider = spider
    queue = CompactFifoMemoryQueue.from_crawler(crawler, "0")
    for path in ("/a", "/b"):
        queue.push(Request(f"{ORIGIN}{path}", callback=spider.parse_page,
                           errback=spider.on_error))
    first, second = queue.pop(), queue.pop()
    assert first is not None and second is not None
    assert first.callback is second.callback and first.errback is second.errback


def test_link_policy_shortcuts_decide_as_the_patterns() -> None:
    patterns = [re.compile(pattern) for pattern in DENY_PATTERNS]
    for path in ("/user/login", "/a/print", "/a/print/", "/feed", "/a/feed", "/node/12",
                 "/node/12/edit", "/agenda/2024/05", "/sites/x.png", "/cron.php", "/"):
        assert is_denied(path) == any(p.search(path) for p in patterns), path
    policy = LinkPolicy(ORIGIN)
    assert policy.request_url("https://www.nul20.nl/a/") == f"{ORIGIN}/a"
    assert policy.request_url(f"{ORIGIN}/a.pdf") is None
    assert not is_pager_url(f"{ORIGIN}/nieuws") and is_pager_url(f"{ORIGIN}/nieuws?page=2")


def test_worker_pool_answers_reports_errors_and_replaces_a_dead_worker() -> None:
    async def run() -> tuple:
        pool = WorkerPool(1, time.sleep)
        pool.start()
        try:
            assert await pool.call(0) is None
            first = pool.processes[0].process.pid
            with pytest.raises(WorkerError) as error:
                await pool.call("not a number")
            slow = asyncio.ensure_future(pool.call(30))
            await asyncio.sleep(0.2)
            assert first is not None
            os.kill(first, signal.SIGKILL)
            with pytest.raises(WorkerDied):
                await slow
            assert await pool.call(0) is None  # a fresh worker took its place
            second = pool.processes[0].process.pid
        finally:
            pool.shutdown()
        return error.value.kind, first, second, pool.processes[0].process.exitcode

    kind, first, second, exit_code = asyncio.run(run())
    assert kind == "TypeError" and second != first and exit_code == 0
