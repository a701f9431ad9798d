"""`nul20scraper explore`: datasette serving a store made from the fixtures on loopback, read
through its JSON API; the packaged metadata describing every table, view and column."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from nul20scraper.archive.explore import metadata_for
from nul20scraper.cli import main
from tests.archive_fixture_store import fill_store

NEWS_2021 = "https://www.nul20.nl/corporaties-leverden-2020-minder-sociale-huurwoningen-op"
XHTML_2013 = "https://www.nul20.nl/huurders-slotervaart-krijgen-servicekosten-terug"
KICKER_2023 = "https://www.nul20.nl/dossiers/buiksloterham-meer-bewoners-dan-edam"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explore") / "nul20.sqlite"
    fill_store(path)
    return path


def schema_objects(store: Path) -> dict[str, list[str]]:
    """Tables and views of the store and their columns, without SQLite's and FTS5's own."""
    with closing(sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)) as conn:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'articles_fts_%'")]
        return {name: [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]
                for name in names}


def test_metadata_describes_every_table_view_and_column(store_path: Path) -> None:
    metadata = metadata_for(store_path)
    database = metadata["databases"]["nul20"]
    objects = schema_objects(store_path)
    assert set(database["tables"]) == set(objects)
    for name, columns in objects.items():
        described = database["tables"][name]
        assert described["title"] and described["description"], name
        assert list(described["columns"]) == columns, name
        assert all(described["columns"].values()), name
    assert database["tables"]["articles"]["fts_table"] == "articles_fts"


def test_canned_queries_run_on_the_store(store_path: Path) -> None:
    queries = metadata_for(store_path)["databases"]["nul20"]["queries"]
    assert set(queries) == {"articles_per_month", "author_articles", "tag_articles"}
    with closing(sqlite3.connect(f"{store_path.as_uri()}?mode=ro", uri=True)) as conn:
        months = conn.execute(queries["articles_per_month"]["sql"]).fetchall()
        # 27 articles, one without a date (the dashboard).
        assert sum(count for _, count, _ in months) == 26
        tagged = conn.execute(queries["tag_articles"]["sql"], {"tag": "nul20 nieuws"}).fetchall()
        # The fixture README's articles tagged NUL20 nieuws: the Ivens pair (one URL), news
        # 2021 and 2022, updates-multi, update-year-wrap, no-picture, many-tags, windows-1252,
        # split-teasers and updates-top.
        assert len(tagged) == 10
        signed = conn.execute(queries["author_articles"]["sql"],
                              {"author": "pieter lesage"}).fetchall()
        # Pieter Lesage signs kicker-breadcrumb-2023, news-2021-d7 and xhtml-2013; newest first.
        assert [row[3] for row in signed] == [KICKER_2023, NEWS_2021, XHTML_2013]


def test_without_datasette_says_what_to_install(store_path: Path, monkeypatch, capsys) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "datasette" else real(name, *a))
    assert main(["explore", "--store", str(store_path)]) == 2
    assert capsys.readouterr().err.strip() == (
        "nul20scraper: explore needs datasette: pip install 'nul20scraper[explore]'")


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.load(response)


def test_datasette_serves_the_store_read_only(store_path: Path) -> None:
    pytest.importorskip("datasette", reason="the explore extra (datasette) is not installed")
    before = store_path.read_bytes()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "nul20scraper", "explore", "--store", str(store_path),
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, "/-/versions.json")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore
                assert time.monotonic() < deadline, "datasette did not start"
                time.sleep(0.2)
        # 28 article fixtures: 27 URLs, the two Ivens pages are one article, two revisions.
        assert get(port, "/nul20/articles.json?_size=0")["filtered_table_rows_count"] == 27
        assert get(port, "/nul20/revisions.json?_size=0")["filtered_table_rows_count"] == 28
        tags = get(port, "/nul20/article_tags.json?_shape=array&_size=max")
        # Tags of the latest revisions: 2 + 2 + 2 + 5 + 2 + 2 + 2 + 1 + 2 + 2 + 1 + 2 and,
        # of the newer fixtures, 2 + 2 + 2 + 2 + 2 + 2 + 2, and 2 + 2 of the teaser-shape
        # ones (cards-untitled-html5-2023, navigation-noise-2023) (the fixture README's
        # Trefwoorden per article page; the dashboard, editorial, truncated, table-2008,
        # kicker-breadcrumb-2023 and list-untitled-plain-2023 pages have none).
        assert len(tags) == 43
        # The search box of articles is the FTS index: a word of one article's body.
        hits = get(port, "/nul20/articles.json?_search=miljoen%20Rijk&_shape=array&_col=url")
        assert [hit["url"] for hit in hits] == [NEWS_2021]
        tagged = get(port, "/nul20/tag_articles.json?tag=Corporaties&_shape=array")
        assert [row["url"].rsplit("/", 1)[1] for row in tagged] == [  # newest first
            "inkomensafhankelijke-huurverhoging-geschrapt",
            "eerste-paal-hamerkwartier-700-woningen", NEWS_2021.rsplit("/", 1)[1],
            "huurders-kopen-hun-corporatiewoning-nauwelijks"]
        described = get(port, "/-/metadata.json")
        assert described["title"] == "NUL20 archive"
        # Read-only: a writing statement through the SQL endpoint is refused.
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(port, "/nul20.json?sql=" + urllib.parse.quote("DELETE FROM revisions"))
        assert refused.value.code == 400
        assert "SELECT" in json.load(refused.value)["error"]
        assert get(port, "/nul20/revisions.json?_size=0")["filtered_table_rows_count"] == 28
    finally:
        server.send_signal(signal.SIGTERM)  # explore passes it on to datasette
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert store_path.read_bytes() == before
