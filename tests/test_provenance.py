"""Provenance at crawl time: every revision a crawl stores names the WARC response record it was
parsed from, `show URL` prints it, `show --raw` gives back the bytes the mirror served, and a
re-parse of the crawl's WARC files records the same records.

The crawl captures every response (NUL20_WARC_ALL): redirects, the 500 of the flaky page and
robots.txt are records too, so a location taken from the wrong response (the redirect before
the article, the failed try before the retry) would point at other bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from nul20scraper import shared
from nul20scraper.archive.store import Revision, Store, utc_timestamp
from nul20scraper.archive.warc import read_response_at
from nul20scraper.cli import main
from nul20scraper.urls import item_url
from tests.crawl_support import ARTICLES, FAST, FLAKY, NODE_ONLY, REPO_ROOT, serve_test_site


def crawl(origin: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    settings = {**FAST, "NUL20_WARC_ALL": "True"}
    flags = [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]
    argv = [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", origin,
            "--report", str(tmp / "report.json"), "--store", str(tmp / "nul20.sqlite"), *flags]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A store filled by one crawl of the test mirror; path -> the body the mirror served."""
    tmp = tmp_path_factory.mktemp("provenance")
    with serve_test_site() as server:
        done = crawl(server.origin, tmp)
        # The mirror keys its pages by decoded path.
        served = {article.path: server.site.pages[unquote(article.path)].body
                  for article in ARTICLES}
    # The flaky page fails once, then is fetched: the run is ok.
    assert done.returncode == shared.OK, done.stderr[-3000:]
    return tmp, served


def latest(store_path: Path) -> dict[str, Revision]:
    """Article path -> its (only) revision."""
    with Store.open(store_path) as store:
        return {urlsplit(r.url).path.rstrip("/"): r for r in store.latest()}


def test_every_revision_names_the_record_of_the_bytes_it_was_parsed_from(
        crawled: tuple[Path, dict[str, bytes]]) -> None:
    tmp, served = crawled
    revisions = latest(tmp / "nul20.sqlite")
    assert len(revisions) == len(ARTICLES)
    with Store.open(tmp / "nul20.sqlite") as store:
        for path, revision in revisions.items():
            assert revision.warc_file is not None, path
            assert revision.warc_file.startswith("warc/"), revision.warc_file
            warc = store.warc_path(revision)
            assert warc is not None and warc.is_file()
            assert revision.warc_offset is not None
            record = read_response_at(warc, revision.warc_offset)
            assert record.status == 200
            assert item_url(record.url, record.url) == revision.url
            assert utc_timestamp(record.date) == utc_timestamp(revision.item["fetched_at"])
            assert record.body == served[urlsplit(record.url).path.rstrip("/")], path
    # The article reached only by a redirect, and the one that answered 500 first.
    assert revisions[NODE_ONLY.path].warc_offset != revisions[FLAKY.path].warc_offset


def test_show_names_the_warc_record_and_raw_gives_the_served_bytes(
        crawled: tuple[Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]) -> None:
    tmp, served = crawled
    store = str(tmp / "nul20.sqlite")
    revision = latest(tmp / "nul20.sqlite")[NODE_ONLY.path]
    assert main(["show", revision.url, "--store", store]) == 0
    out = capsys.readouterr().out
    assert f"revision 1 (id {revision.id})  " in out
    assert f"WARC {revision.warc_file} @ {revision.warc_offset}" in out

    raw = tmp / "raw.html"
    assert main(["show", revision.url, "--store", store, "--raw", "1",
                 "-o", str(raw)]) == 0
    assert raw.read_bytes() == served[NODE_ONLY.path]


def test_reparse_records_the_same_records(crawled: tuple[Path, dict[str, bytes]]) -> None:
    tmp, _ = crawled
    crawl_revisions = latest(tmp / "nul20.sqlite")
    warcs = sorted(str(p) for p in (tmp / "warc").glob("*.warc.gz"))
    fresh = tmp / "fresh.sqlite"
    assert main(["reparse", *warcs, "--store", str(fresh)]) == 0
    reparsed = latest(fresh)
    assert set(reparsed) == set(crawl_revisions)
    for path, revision in reparsed.items():
        assert (revision.warc_file, revision.warc_offset) == (
            crawl_revisions[path].warc_file, crawl_revisions[path].warc_offset), path
