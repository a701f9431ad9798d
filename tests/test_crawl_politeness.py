"""Crawl-delay from robots.txt is honoured; an unreachable site ends in one line, exit 3."""

from __future__ import annotations

import itertools
import socket
from datetime import date
from pathlib import Path

from nul20scraper import shared
from nul20scraper.demo.server import MirrorServer, MirrorSite
from tests.crawl_support import FAST, PARAGRAPHS, run_scrapy_crawl
from tests.mockserver.pages import (
    ArticleSpec,
    Teaser,
    article_page,
    listing_page,
    robots_txt,
)


def small_site(crawl_delay: float) -> MirrorSite:
    site = MirrorSite()
    site.add_text("/robots.txt", robots_txt(["/user/"], [], crawl_delay), "text/plain")
    paths = ["/eerste-artikel", "/tweede-artikel"]
    site.add_html("/", listing_page("Home", "/", [Teaser(p, "Samenvatting...") for p in paths],
                                    front=True))
    for nid, path in enumerate(paths, start=1):
        site.add_html(path, article_page(ArticleSpec(
            path=path, nid=nid, headline=f"Artikel {nid}", published=date(2022, 1, 3),
            paragraphs=PARAGRAPHS)))
    return site


def request_gaps(server: MirrorServer) -> list[float]:
    """Seconds between consecutive requests after robots.txt."""
    times = [entry.time for entry in server.log if entry.target != "/robots.txt"]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_crawl_delay_is_the_minimum_spacing(tmp_path: Path) -> None:
    # AutoThrottle on and no DOWNLOAD_DELAY: only Crawl-delay can space the requests.
    settings = {**FAST, "AUTOTHROTTLE_ENABLED": "True", "AUTOTHROTTLE_START_DELAY": "0",
                "NUL20_OBEY_CRAWL_DELAY": "True"}
    with MirrorServer(small_site(crawl_delay=1)) as server:
        run = run_scrapy_crawl(server.origin, tmp_path, settings)
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(run.items) == 2
    gaps = request_gaps(server)
    assert len(gaps) >= 3  # /, /sitemap.xml, two articles, the menu's pages
    assert min(gaps) >= 0.95, gaps


def test_without_crawl_delay_requests_are_not_spaced(tmp_path: Path) -> None:
    with MirrorServer(small_site(crawl_delay=1)) as server:
        run = run_scrapy_crawl(server.origin, tmp_path, FAST)
    assert run.returncode == 0
    assert max(request_gaps(server)) < 0.5


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_site_one_line_and_exit_3(tmp_path: Path) -> None:
    origin = f"http://127.0.0.1:{closed_port()}"
    for command in ("nul20scraper", "scrapy"):
        run = run_scrapy_crawl(origin, tmp_path, {**FAST, "RETRY_TIMES": "0"}, command=command)
        assert run.returncode == shared.FATAL, run.stderr[-2000:]
        assert "Traceback" not in run.stderr
        last_line = run.stderr.strip().splitlines()[-1]
        assert last_line == f"nul20scraper: cannot reach {origin[7:]} (connection refused)"
        assert run.report["fatal"] == last_line.removeprefix("nul20scraper: ")


def test_bad_base_url_is_a_usage_error(tmp_path: Path) -> None:
    run = run_scrapy_crawl("ftp://example", tmp_path, FAST, command="nul20scraper")
    assert run.returncode == shared.USAGE
