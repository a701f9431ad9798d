"""The Scrapy components against a local server: the pipeline fills the store, the capture
writes WARC files, and a re-parse of those files gives the very items the crawl stored.

The spider here is a stand-in for the project's spider: it uses only the hooks the archive
components offer (response.meta["nul20_fetched_at"] as the item's fetch time).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from nul20scraper.archive.store import Store, utc_timestamp
from nul20scraper.archive.warc import read_responses
from nul20scraper.cli import main
from nul20scraper.extract import parse_article
from nul20scraper.urls import site_urls

ARTICLE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{title} | NUL20</title>
<meta property="og:type" content="article">
<link rel="canonical" href="/{slug}"></head>
<body><article><h1>{title}</h1><div class="date">05.07.21</div>
<p>Foto: Amaury Miller</p>
<p>De gemeente wil dat corporaties meer sociale huurwoningen bouwen in Amsterdam.</p>
<p>{extra}</p>
<p>Trefwoorden: <a href="/tags/nul20-nieuws">NUL20 nieuws</a></p></article></body></html>
"""
LISTING = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>NUL20</title></head>
<body><ul><li><a href="/artikel-1">Een</a></li><li><a href="/artikel-2">Twee</a></li>
<li><a href="/oud-adres">Oud</a></li></ul></body></html>
"""


class MirrorHandler(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /user/\n", "text/plain")
        elif self.path == "/oud-adres":
            self.send_response(301)
            self.send_header("Location", "/artikel-1")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path in self.pages:
            self._send(200, self.pages[self.path].encode(), "text/html; charset=utf-8")
        else:
            self._send(404, b"niet gevonden", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)  # the archive must cope with encoded bodies
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def mirror() -> Iterator[str]:
    MirrorHandler.pages = {
        "/": LISTING,
        "/artikel-1": ARTICLE.format(slug="artikel-1", title="Corporaties bouwen meer",
                                     extra="Eerste versie."),
        "/artikel-2": ARTICLE.format(slug="artikel-2", title="Huurders krijgen inspraak",
                                     extra="Tekst."),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), MirrorHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


CRAWL = textwrap.dedent(
    """
    import json, sys
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from nul20scraper.extract import parse_article
    from nul20scraper.urls import site_urls

    origin, store, warc_dir, run_id = sys.argv[1:5]

    class MirrorSpider(scrapy.Spider):
        name = "mirror"
        start_urls = [origin + "/"]

        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse_page)

        def parse_page(self, response):
            item = parse_article(response.body, response.url, response.meta["nul20_fetched_at"])
            if isinstance(item, dict):
                site_urls(item, response.url)  # as the nul20 spider does
                yield item

    process = CrawlerProcess({
        "ITEM_PIPELINES": {"nul20scraper.crawl.pipeline.ArchivePipeline": 800},
        "EXTENSIONS": {"nul20scraper.crawl.capture.WarcCapture": 500},
        "NUL20_STORE_PATH": store, "NUL20_WARC_DIR": warc_dir, "NUL20_RUN_ID": run_id,
        "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING",
        "CLOSESPIDER_TIMEOUT": 60, "DOWNLOAD_DELAY": 0,
    })
    crawler = process.create_crawler(MirrorSpider)
    process.crawl(crawler)
    process.start()
    print(json.dumps({k: v for k, v in crawler.stats.get_stats().items()
                      if k.startswith("archive/")}))
    """
)


def crawl(origin: str, tmp_path: Path, run_id: str) -> dict[str, object]:
    # A script file, not `python -c`: Scrapy reads the spider's source code.
    script = tmp_path / "crawl_mirror.py"
    script.write_text(CRAWL)
    done = subprocess.run(
        [sys.executable, str(script), origin, str(tmp_path / "nul20.sqlite"),
         str(tmp_path / "warc"), run_id],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_crawl_stores_items_and_captures_pages(mirror: str, tmp_path: Path) -> None:
    stats = crawl(mirror, tmp_path, "run-1")
    assert stats["archive/new_articles"] == 2
    assert stats["archive/new_revisions"] == 0
    assert stats["archive/errors"] == 0
    warcs = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert [p.name for p in warcs] == ["run-1-00000.warc.gz"]
    captured = {r.url.removeprefix(mirror): r for r in read_responses(warcs[0])}
    # HTML pages are captured, decoded on reading; robots.txt and the redirect are not.
    assert set(captured) == {"/", "/artikel-1", "/artikel-2"}
    assert captured["/artikel-1"].body == MirrorHandler.pages["/artikel-1"].encode()

    with Store.open(tmp_path / "nul20.sqlite") as store:
        latest = {r.url.removeprefix("https://www.nul20.nl"): r for r in store.latest()}
        assert set(latest) == {"/artikel-1", "/artikel-2"}
        # The item's fetch time is the WARC record's date: the hook for identical re-parses.
        for path, revision in latest.items():
            assert utc_timestamp(revision.item["fetched_at"]) == utc_timestamp(
                captured[path].date)
            parsed = parse_article(captured[path].body, captured[path].url, captured[path].date)
            assert isinstance(parsed, dict)
            # Every URL on the mirror is on the site's origin in the store: the item's own
            # and its tags', image's and teasers'.
            assert revision.item == site_urls(parsed, captured[path].url)
            assert revision.item["url"] == "https://www.nul20.nl" + path
            assert mirror not in json.dumps(revision.item)
        [run] = [store.run(1)]
        assert run is not None
        assert (run.label, run.status, run.reason) == ("run-1", "ok", "finished")
        assert run.counts["new_articles"] == 2
        assert run.counts["warc_records"] == 3


def test_recrawl_unchanged_adds_nothing_and_changed_adds_a_revision(
    mirror: str, tmp_path: Path
) -> None:
    crawl(mirror, tmp_path, "run-1")
    stats = crawl(mirror, tmp_path, "run-2")
    assert (stats["archive/new_articles"], stats["archive/new_revisions"]) == (0, 0)
    assert stats["archive/unchanged"] >= 2
    MirrorHandler.pages["/artikel-1"] = MirrorHandler.pages["/artikel-1"].replace(
        "Eerste versie.", "Tweede versie, na een update.")
    stats = crawl(mirror, tmp_path, "run-3")
    assert (stats["archive/new_articles"], stats["archive/new_revisions"]) == (0, 1)
    with Store.open(tmp_path / "nul20.sqlite") as store:
        assert store.counts() == {"articles": 2, "revisions": 3}
        assert [r.label for r in (store.run(i) for i in (1, 2, 3)) if r] == [
            "run-1", "run-2", "run-3"]


def test_reparse_of_the_crawls_warc_gives_identical_items(
    mirror: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawl(mirror, tmp_path, "run-1")
    store_path = tmp_path / "nul20.sqlite"
    with Store.open(store_path) as store:
        before = [r.item for r in store.revisions()]
    warcs = [str(p) for p in sorted((tmp_path / "warc").glob("*.warc.gz"))]
    assert main(["reparse", *warcs, "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert "new=0 revised=0 unchanged=2" in out
    # Into a fresh store, the re-parse yields exactly the crawl's items.
    fresh = tmp_path / "fresh.sqlite"
    assert main(["reparse", *warcs, "--store", str(fresh)]) == 0
    with Store.open(fresh) as store:
        assert [r.item for r in store.revisions()] == before
    with Store.open(store_path) as store:
        assert [r.item for r in store.revisions()] == before
