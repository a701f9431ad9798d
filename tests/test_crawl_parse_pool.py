"""Parsing in worker processes and the compact scheduler queue give what the inline paths give."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.response import get_base_url
from scrapy.utils.test import get_crawler

from nul20scraper.crawl.capture import FETCHED_AT_META
from nul20scraper.crawl.compact_queue import CompactFifoMemoryQueue
from nul20scraper.crawl.links import LinkPolicy
from nul20scraper.crawl.parse_pool import (
    PARSED_META,
    ParsePool,
    parse_in_worker,
    urls_from_worker,
)
from nul20scraper.extract import parse_article
from nul20scraper.spiders.nul20 import Nul20Spider
from tests.mockserver.pages import ArticleSpec, Teaser, article_page

ORIGIN = "http://127.0.0.1:8123"
FETCHED_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def make_spider() -> Nul20Spider:
    return Nul20Spider.from_crawler(get_crawler(Nul20Spider), base_url=ORIGIN)


def article_body(path: str = "/a") -> bytes:
    return article_page(ArticleSpec(
        path=path, nid=7, headline="Woningbouw blijft achter", published=date(2021, 7, 5),
        paragraphs=["Een alinea over wonen in Amsterdam en de bouw van sociale huur." * 3] * 3,
        related=(Teaser("/b", "Meer..."),),
    )).encode()


def response_with(meta: dict, path: str = "/a", body: bytes | None = None) -> HtmlResponse:
    request = Request(f"{ORIGIN}{path}", meta=meta)
    return HtmlResponse(request.url, body=body or article_body(path), encoding="utf-8",
                        headers={"Content-Type": "text/html; charset=utf-8"}, request=request)


def test_worker_result_and_links_are_what_the_spider_reads_itself() -> None:
    body = article_body()
    inline = make_spider()
    expected = list(inline.parse_page(response_with({FETCHED_AT_META: FETCHED_AT})))

    plain = response_with({})
    pooled = make_spider()
    parsed = parse_in_worker(body, plain.text, plain.url, get_base_url(plain), FETCHED_AT,
                             policy=LinkPolicy(ORIGIN))
    assert parsed.result == parse_article(body, plain.url, FETCHED_AT)
    assert parsed.link_urls == pooled.policy.link_urls(
        plain.url, plain.xpath("//a/@href | //area/@href").getall())
    assert parsed.alias_urls == [f"{ORIGIN}/a", f"{ORIGIN}/node/7"]

    response = response_with({PARSED_META: parsed})
    got = list(pooled.parse_page(response))
    assert urls_from_worker(response, "link_urls") == parsed.link_urls
    assert {f"{ORIGIN}/a", f"{ORIGIN}/node/7"} <= pooled.requested
    assert [r.url if isinstance(r, Request) else r for r in got] == [
        r.url if isinstance(r, Request) else r for r in expected
    ]


def test_an_error_in_the_worker_is_a_parse_error_of_that_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spider = make_spider()
    outcomes: list[tuple[str, str, str | None]] = []
    monkeypatch.setattr(spider, "outcome",
                        lambda o, url, detail=None: outcomes.append((o, url, detail)))
    failed = parse_in_worker(None, None, f"{ORIGIN}/a", f"{ORIGIN}/a",  # type: ignore[arg-type]
                             FETCHED_AT)
    results = list(spider.parse_page(response_with({PARSED_META: failed})))
    assert outcomes == [("parse_error", f"{ORIGIN}/a", str(failed.result))]
    assert str(failed.result).startswith("TypeError: ")
    assert f"{ORIGIN}/b" in {r.url for r in results if isinstance(r, Request)}


def test_pool_parses_in_a_spawned_worker_and_reports_its_errors() -> None:
    body = article_body()

    async def both() -> tuple:
        pool = ParsePool(1, LinkPolicy(ORIGIN))
        pool.warm_up()
        try:
            good = await pool.parse(body, body.decode(), f"{ORIGIN}/a", f"{ORIGIN}/a",
                                    FETCHED_AT)
            bad = await pool.parse(None, None, f"{ORIGIN}/x", f"{ORIGIN}/x",  # type: ignore[arg-type]
                                   FETCHED_AT)
        finally:
            pool.shutdown()
        return good, bad

    good, bad = asyncio.run(both())
    assert good.result == parse_article(body, f"{ORIGIN}/a", FETCHED_AT)
    assert good.alias_urls == [f"{ORIGIN}/a", f"{ORIGIN}/node/7"]  # the worker's own policy
    assert f"{ORIGIN}/b" in (good.link_urls or [])
    assert bad.result.kind == "TypeError" and bad.link_urls is None


def test_compact_queue_gives_back_equal_requests() -> None:
    crawler = get_crawler(Nul20Spider)
    spider = Nul20Spider.from_crawler(crawler, base_url=ORIGIN)
    crawler.spider = spider
    queue = CompactFifoMemoryQueue.from_crawler(crawler, "0")
    plain = Request(f"{ORIGIN}/a", callback=spider.parse_page, errback=spider.on_error,
                    priority=3, meta={"nul20_kind": "page", "depth": 2})
    unpicklable = Request(f"{ORIGIN}/b", callback=lambda response: None)
    queue.push(plain)
    queue.push(unpicklable)
    assert len(queue) == 2
    assert isinstance(queue.waiting[0], bytes)  # kept as bytes, not as the object
    back = queue.pop()
    assert back is not None and back.to_dict(spider=spider) == plain.to_dict(spider=spider)
    assert queue.pop() is unpicklable
    assert queue.pop() is None and len(queue) == 0
