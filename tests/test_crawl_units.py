"""Unit tests of the crawl's parts: link policy, sitemaps, failure kinds, ledger, spider."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from nul20scraper import shared
from nul20scraper.crawl.failures import failure_kind
from nul20scraper.crawl.layer_counts import LAYERS_KEY, layer_counts
from nul20scraper.crawl.ledger import CrawlLedger
from nul20scraper.crawl.links import (
    DENY_PATTERNS,
    LinkPolicy,
    is_denied,
    is_pager_url,
    pager_number,
)
from nul20scraper.crawl.sitemaps import parse_sitemap
from nul20scraper.demo.server import MirrorPage, MirrorServer, MirrorSite
from nul20scraper.extract import parse_article_with_provenance
from nul20scraper.spiders import nul20 as spider_module
from nul20scraper.spiders.nul20 import Nul20Spider, crawl_origin
from nul20scraper.urls import site_urls
from tests.mockserver.pages import (
    ArticleSpec,
    Teaser,
    article_page,
    listing_page,
    sitemap_index,
    sitemap_urlset,
)

ORIGIN = "http://127.0.0.1:8123"


@pytest.mark.parametrize(("link", "expected"), [
    ("https://www.nul20.nl/wethouder-stapt-op/", f"{ORIGIN}/wethouder-stapt-op"),
    ("http://nul20.nl/a?utm_source=x&utm_medium=y#top", f"{ORIGIN}/a"),
    ("https://d10.nul20.nl/nieuws?page=3&sort=asc", f"{ORIGIN}/nieuws?page=3"),
    (f"{ORIGIN}/west-n%c3%b3g", f"{ORIGIN}/west-n%C3%B3g"),
    (f"{ORIGIN}/nieuws?page=0,2", f"{ORIGIN}/nieuws?page=0,2"),
    (f"{ORIGIN}/nieuws?page=501", None),
    ("https://www.parool.nl/wonen", None),
    ("http://localhost:8123/a", None),
    ("mailto:redactie@nul20.nl", None),
    (f"{ORIGIN}/sites/default/files/rapport.pdf", None),
    (f"{ORIGIN}/misc/drupal.js", None),
    (f"{ORIGIN}/rss.xml", None),
    (f"{ORIGIN}/print/node/12", None),
    (f"{ORIGIN}/node/12/print", None),
    (f"{ORIGIN}/search/node?keys=huur", None),
    (f"{ORIGIN}/user/login?destination=node/1", None),
    (f"{ORIGIN}/agenda/2024/05", None),
    (f"{ORIGIN}/node/12", f"{ORIGIN}/node/12"),
])
def test_link_policy(link: str, expected: str | None) -> None:
    assert LinkPolicy(ORIGIN, max_pager_page=500).request_url(link) == expected


def test_pager_number_reads_drupal_multi_pagers() -> None:
    assert pager_number([("page", "0,7")]) == 7
    assert pager_number([("page", "x")]) == 0


def test_crawl_origin() -> None:
    assert crawl_origin(None) == "https://www.nul20.nl"
    assert crawl_origin("http://nul20.nl/nieuws") == "https://www.nul20.nl"
    assert crawl_origin("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    with pytest.raises(ValueError):
        crawl_origin("ftp://nul20.nl")


def test_every_url_on_the_mirror_moves_to_the_site() -> None:
    mirror = "http://127.0.0.1:41187"
    item = {
        "url": f"{mirror}/nieuws/huurwet?utm_source=x",
        "image": {"url": f"{mirror}/sites/default/files/a.jpg?itok=Ab1", "caption": None},
        "tags": [{"name": "Huur", "url": f"{mirror}/trefwoorden/huur"},
                 {"name": "Zonder", "url": None}],
        "related": [{"url": f"{mirror}/dossiers/b", "title": "B"},
                    {"url": "https://example.org/elders", "title": "Elders"}],
        "body": [f"Zie {mirror}/nieuws/c"],  # text, not a link: left as the page says it
        "headline": "Huurwet",
    }
    moved = site_urls(item, f"{mirror}/nieuws/huurwet")
    assert moved["url"] == "https://www.nul20.nl/nieuws/huurwet"
    assert moved["image"]["url"] == "https://www.nul20.nl/sites/default/files/a.jpg?itok=Ab1"
    assert [tag["url"] for tag in moved["tags"]] == [
        "https://www.nul20.nl/trefwoorden/huur", None]
    assert [r["url"] for r in moved["related"]] == [
        "https://www.nul20.nl/dossiers/b", "https://example.org/elders"]
    assert moved["body"] == [f"Zie {mirror}/nieuws/c"] and moved["headline"] == "Huurwet"
    # Served by the site itself, only the item's own URL is canonicalised.
    site = {"url": "http://nul20.nl/a", "tags": [{"name": "X", "url": "http://nul20.nl/t"}]}
    assert site_urls(site, "https://www.nul20.nl/a") == {
        "url": "https://www.nul20.nl/a", "tags": [{"name": "X", "url": "http://nul20.nl/t"}]}


def test_sitemap_index_and_urlset() -> None:
    index = parse_sitemap(sitemap_index(["https://www.nul20.nl/sitemap.xml?page=2"]).encode())
    assert index is not None and index.is_index
    assert index.entries[0].url == "https://www.nul20.nl/sitemap.xml?page=2"
    urlset = parse_sitemap(sitemap_urlset([("https://www.nul20.nl/a", "2021-07-05")]).encode())
    assert urlset is not None and not urlset.is_index
    assert urlset.entries[0].lastmod == "2021-07-05"
    assert parse_sitemap(b"<html></html>") is None


def failure_of(exc: Exception) -> Failure:
    return Failure(exc)


def test_failure_kinds() -> None:
    request = Request("http://127.0.0.1/x")
    for status, kind in ((404, "http_404"), (410, "http_410"), (503, "http_5xx"),
                         (403, "http_4xx")):
        response = Response(request.url, status=status, request=request)
        assert failure_kind(failure_of(HttpError(response))) == kind
    assert failure_kind(failure_of(CannotResolveHostError("www.nul20.nl"))) == "dns"
    assert failure_kind(failure_of(IgnoreRequest("Forbidden by robots.txt"))) == (
        "robots_disallowed")


def test_ledger_fill_rates_and_exit_status() -> None:
    ledger = CrawlLedger(("url", "headline", "tags"))
    ledger.record_item({"url": "u1", "headline": "H", "tags": []})
    ledger.record_item({"url": "u2", "headline": "", "tags": ["a"], "warnings": ["w: x"]})
    assert ledger.fill_rates() == {"url": 1.0, "headline": 0.5, "tags": 0.5}
    assert ledger.items_with_warnings == 1
    ledger.record("http_404", "u3", "404")
    ledger.record("not_article", "u4", "listing")
    assert ledger.exit_status(5, "finished") == shared.OK
    ledger.record("http_5xx", "u5", "503")
    assert ledger.exit_status(5, "finished") == shared.PARTIAL_FAILURE
    assert CrawlLedger(()).exit_status(0, "finished") == shared.OK
    unreachable = CrawlLedger(())
    unreachable.record("dns", "u", "DNS lookup failed")
    assert unreachable.exit_status(0, "unreachable") == shared.FATAL


def make_spider(**settings: object) -> Nul20Spider:
    crawler = get_crawler(Nul20Spider, {"NUL20_MAX_PAGER_PAGE": 500, **settings})
    return Nul20Spider.from_crawler(crawler, base_url=ORIGIN)


def html_response(path: str, html: str) -> HtmlResponse:
    return HtmlResponse(f"{ORIGIN}{path}", body=html.encode(), encoding="utf-8",
                        headers={"Content-Type": "text/html; charset=utf-8"})


def article_html(path: str, nid: int, related: tuple[Teaser, ...] = ()) -> str:
    return article_page(ArticleSpec(
        path=path, nid=nid, headline="Woningbouw blijft achter", published=date(2021, 7, 5),
        paragraphs=["Een alinea over wonen in Amsterdam en de bouw van sociale huur." * 3] * 3,
        related=related))


def test_parser_exception_is_counted_and_the_crawl_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spider = make_spider()
    outcomes: list[tuple[str, str]] = []
    monkeypatch.setattr(spider, "outcome",
                        lambda o, url, detail=None: outcomes.append((o, url)))

    def broken_parser(*args: object) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setattr(spider_module, "parse_article_with_provenance", broken_parser)
    page = html_response("/a", article_html("/a", 1, (Teaser("/b", "Meer..."),)))
    results = list(spider.parse_page(page))
    assert outcomes == [("parse_error", f"{ORIGIN}/a")]
    followed = {r.url for r in results if isinstance(r, Request)}
    assert {f"{ORIGIN}/nieuws", f"{ORIGIN}/trefwoorden/nul20-nieuws", f"{ORIGIN}/b"} <= followed


def test_the_spider_counts_each_articles_layers_and_hands_them_to_the_store(
    tmp_path: Path,
) -> None:
    html = article_html("/a", 1)
    expected = parse_article_with_provenance(html.encode(), f"{ORIGIN}/a").layers
    # The page's own markup: tags in Drupal's field classes, the date in its metadata.
    assert (expected["tags"], expected["published"]) == ("cms", "metadata")
    spider = make_spider(NUL20_STORE_PATH=str(tmp_path / "s.sqlite"))
    [item] = [r for r in spider.parse_page(html_response("/a", html)) if isinstance(r, dict)]
    assert item[LAYERS_KEY] == expected
    # The same article again is no article of the run: counted once.
    list(spider.parse_page(html_response("/node/1", html)))
    stats = spider.crawler.stats
    assert stats is not None
    assert stats.get_value("parser/layer/tags/cms") == 1
    assert stats.get_value("parser/layer/published/metadata") == 1
    assert layer_counts(stats.get_stats())["tags"] == {"cms": 1}
    # Without a store nothing would take the private key off: the item never gets it.
    spider = make_spider()
    [item] = [r for r in spider.parse_page(html_response("/a", html)) if isinstance(r, dict)]
    assert LAYERS_KEY not in item
    assert spider.crawler.stats.get_value("parser/layer/tags/cms") == 1


def test_same_article_twice_is_emitted_once() -> None:
    spider = make_spider()
    html = article_html("/a", 1)
    first = [r for r in spider.parse_page(html_response("/a", html)) if isinstance(r, dict)]
    again = [r for r in spider.parse_page(html_response("/node/1", html))
             if isinstance(r, dict)]
    assert len(first) == 1 and again == []
    assert f"{ORIGIN}/node/1" in spider.requested  # the shortlink needs no request


def test_non_html_is_skipped() -> None:
    spider = make_spider()
    outcomes: list[str] = []
    spider.outcome = lambda o, url, detail=None: outcomes.append(o)  # type: ignore[method-assign]
    pdf = Response(f"{ORIGIN}/doc", body=b"%PDF", headers={"Content-Type": "application/pdf"})
    assert list(spider.parse_page(pdf)) == []
    assert outcomes == ["non_html"]


def test_pager_stops_when_a_page_brings_nothing_new() -> None:
    spider = make_spider()
    teasers = [Teaser("/a", "A..."), Teaser("/b", "B...")]
    page0 = listing_page("Nieuws", "/nieuws", teasers, 0, 9)
    requested = [r.url for r in spider.parse_page(html_response("/nieuws", page0))]
    assert f"{ORIGIN}/nieuws?page=1" in requested
    # Page 9 repeats page 0's teasers (as a page past the end does): no more paging.
    page9 = listing_page("Nieuws", "/nieuws", teasers, 9, 12)
    requested = [r.url for r in spider.parse_page(html_response("/nieuws?page=9", page9))]
    assert not [u for u in requested if "page=" in u]
    page10 = listing_page("Nieuws", "/nieuws", [Teaser("/c", "C...")], 10, 12)
    requested = [r.url for r in spider.parse_page(html_response("/nieuws?page=10", page10))]
    assert f"{ORIGIN}/nieuws?page=11" in requested


def test_mirror_server_behaviours() -> None:
    site = MirrorSite()
    site.add_html("/a", "<html><body><h1>A</h1></body></html>")
    site.add_redirect("/node/1", "/a")
    site.add("/flaky", MirrorPage(body=b"ok", fail_first=1))
    with MirrorServer(site, max_seconds=30) as server:
        assert server.origin.startswith("http://127.0.0.1:")
        assert urllib.request.urlopen(f"{server.origin}/node/1").read().endswith(b"</html>")
        with pytest.raises(urllib.error.HTTPError) as first:
            urllib.request.urlopen(f"{server.origin}/flaky")
        assert first.value.code == 500
        assert urllib.request.urlopen(f"{server.origin}/flaky").read() == b"ok"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{server.origin}/nope")
        assert missing.value.code == 404
        assert urllib.request.urlopen(f"{server.origin}/a?utm_source=x").status == 200
    assert [e.target for e in server.log] == [
        "/node/1", "/a", "/flaky", "/flaky", "/nope", "/a?utm_source=x"]
    assert [e.status for e in server.log] == [301, 200, 500, 200, 404, 200]


# One answer for fetched, captured and replayed responses: the header decides when there is
# one; without it the first bytes do (WHATWG MIME sniffing), whatever class Scrapy picked.
@pytest.mark.parametrize(("content_type", "body", "expected"), [
    (b"text/html; charset=utf-8", b"", True),
    (b"application/xhtml+xml", b"<?xml version='1.0'?><html/>", True),
    (b"application/pdf", b"<html><body>a</body></html>", False),
    (b"text/plain", b"<!DOCTYPE html><html>", False),
    (None, b"<!DOCTYPE html>\n<html lang=\"nl\"><head>", True),
    (None, b"\xef\xbb\xbf \n\t<HTML LANG=nl>", True),
    (None, b"<html>", True),
    (None, b"<head><title>t</title></head>", True),
    (None, b"<!-- saved page -->\n<html>", True),
    (None, b"<?xml version=\"1.0\"?><urlset></urlset>", False),
    (None, b"%PDF-1.4 <html>", False),
    (None, b"<htmlish>", False),
    (None, b"", False),
    (None, b"plain words and then <html>", False),
])
@pytest.mark.parametrize("response_class", [Response, TextResponse, HtmlResponse])
def test_is_html_reads_the_header_else_sniffs_the_body(
        content_type: bytes | None, body: bytes, expected: bool,
        response_class: type[Response]) -> None:
    headers = {b"Content-Type": content_type} if content_type else {}
    response = response_class("http://127.0.0.1/page", body=body, headers=headers,
                              **({} if response_class is Response else {"encoding": "utf-8"}))
    assert shared.is_html(response) is expected


def test_link_policy_shortcuts_decide_as_the_patterns() -> None:
    patterns = [re.compile(pattern) for pattern in DENY_PATTERNS]
    for path in ("/user/login", "/a/print", "/a/print/", "/feed", "/a/feed", "/node/12",
                 "/node/12/edit", "/agenda/2024/05", "/sites/x.png", "/cron.php", "/"):
        assert is_denied(path) == any(p.search(path) for p in patterns), path
    policy = LinkPolicy(ORIGIN)
    assert policy.request_url("https://www.nul20.nl/a/") == f"{ORIGIN}/a"
    assert policy.request_url(f"{ORIGIN}/a.pdf") is None
    assert not is_pager_url(f"{ORIGIN}/nieuws") and is_pager_url(f"{ORIGIN}/nieuws?page=2")
