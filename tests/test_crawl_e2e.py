"""End-to-end: the real nul20 spider crawls a local mirror served on 127.0.0.1."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest

from nul20scraper.demo.server import MirrorServer
from nul20scraper.extract import ITEM_FIELDS
from tests.crawl_support import (
    ARTICLES,
    DISALLOWED_PATH,
    EDITION_PATH,
    FAST,
    FLAKY,
    GONE_PATH,
    NODE_ONLY,
    OFFSITE_PATH,
    PDF_PATH,
    CrawlRun,
    run_scrapy_crawl,
    serve_test_site,
)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[MirrorServer, CrawlRun]:
    with serve_test_site() as server:
        run = run_scrapy_crawl(server.origin, tmp_path_factory.mktemp("crawl"), FAST)
    return server, run


def test_crawl_exits_cleanly(crawled: tuple[MirrorServer, CrawlRun]) -> None:
    _, run = crawled
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr


def test_every_article_emitted_once_under_its_canonical_url(
    crawled: tuple[MirrorServer, CrawlRun],
) -> None:
    _, run = crawled
    urls = [item["url"] for item in run.items]
    assert len(urls) == len(set(urls)), Counter(urls).most_common(3)
    # Fetched from the mirror (test_no_request_outside_what_is_allowed), named on the site.
    expected = {f"https://www.nul20.nl{article.path}" for article in ARTICLES}
    assert set(urls) == expected


def test_items_follow_the_contract(crawled: tuple[MirrorServer, CrawlRun]) -> None:
    _, run = crawled
    for item in run.items:
        assert list(item) == list(ITEM_FIELDS)
        assert item["headline"]


def test_no_page_fetched_twice_except_the_retried_one(
    crawled: tuple[MirrorServer, CrawlRun],
) -> None:
    server, _ = crawled
    counts = Counter(unquote(target) for target in server.targets())
    twice = {target: n for target, n in counts.items() if n > 1}
    assert twice == {FLAKY.path: 2}  # one 500, then the retry


def test_no_request_outside_what_is_allowed(crawled: tuple[MirrorServer, CrawlRun]) -> None:
    server, _ = crawled
    hosts = {entry.host for entry in server.log}
    assert hosts == {server.origin.removeprefix("http://")}  # never localhost:<port>
    targets = server.targets()
    assert OFFSITE_PATH not in targets
    assert not [t for t in targets if t.startswith(("/verborgen", "/user", "/search"))]
    assert not [t for t in targets if "utm_" in t or (t.endswith("/") and t != "/")]
    assert not [t for t in targets if t.endswith((".pdf", ".css", ".js", ".jpg", "rss.xml"))]
    assert not [t for t in targets if t.startswith("/print")]
    assert "/nieuws?page=99999" not in targets  # past NUL20_MAX_PAGER_PAGE
    user_agents = {entry.user_agent for entry in server.log}
    assert len(user_agents) == 1 and "+https://" in user_agents.pop()


def test_discovery_routes(crawled: tuple[MirrorServer, CrawlRun]) -> None:
    server, _ = crawled
    targets = [unquote(t) for t in server.targets()]
    assert targets[0] == "/robots.txt"
    for sitemap in ("/sitemap.xml", "/sitemap.xml?page=1", "/sitemap.xml?page=2"):
        assert sitemap in targets
    assert {"/nieuws", "/nieuws?page=1", "/nieuws?page=2", EDITION_PATH} <= set(targets)
    assert f"/node/{NODE_ONLY.nid}" in targets  # the shortlink, followed to its alias
    assert DISALLOWED_PATH not in targets


def test_report_counts(crawled: tuple[MirrorServer, CrawlRun]) -> None:
    server, run = crawled
    report = run.report
    counts = report["counts"]
    assert report["exit_status"] == 0 and report["fatal"] is None
    assert counts["articles_emitted"] == len(ARTICLES)
    assert counts["requests"] == len(server.log)
    assert counts["pages_fetched"] == len(server.log)
    assert counts["sitemaps"] == 3
    assert counts["retries"] == 1
    assert counts["robots_disallowed"] == 1
    assert counts["duplicate_articles"] == 0
    failures = report["failures"]
    assert set(failures) == {"http_404", "non_html"}
    assert failures["http_404"]["count"] == 1
    assert failures["http_404"]["urls"][0].startswith(f"{server.origin}{GONE_PATH}")
    assert failures["non_html"]["urls"][0].startswith(f"{server.origin}{PDF_PATH}")
    assert EDITION_PATH in " ".join(report["not_articles"]["edition"]["urls"])
    rates = report["fill_rates"]
    assert set(rates) == set(ITEM_FIELDS)
    assert rates["url"] == rates["headline"] == 1.0
    # Every response is accounted for: each page outcome, the robots.txt, the 500 that
    # was retried, the redirect.
    handled = sum(report["outcomes"].values()) - report["outcomes"].get("robots_disallowed", 0)
    assert handled + 3 == counts["pages_fetched"]


def test_nul20scraper_crawl_command(tmp_path: Path) -> None:
    with serve_test_site() as server:
        run = run_scrapy_crawl(server.origin, tmp_path, FAST, command="nul20scraper")
    assert run.returncode == 0, run.stderr[-3000:]
    assert len(run.items) == len(ARTICLES)
    assert run.report["counts"]["articles_emitted"] == len(ARTICLES)
