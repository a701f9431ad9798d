"""The store's relational face: the README's example queries, the list views, the articles
columns and the full-text index kept in step with every revision, and the migration that
builds them for an existing store."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from nul20scraper.archive.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from nul20scraper.archive.revision import content_hash
from nul20scraper.archive.store import Store
from nul20scraper.archive.views import FACE_COLUMNS
from tests.archive_fixture_store import fill_store

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_queries() -> list[str]:
    """The ```sql blocks of the README's "Querying the store" section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Querying the store", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "nul20.sqlite"
    fill_store(path)
    return path


def extra_item(url: str, published: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "url": url, "headline": "Extra", "published": published, "updated": None,
        "article_type": None, "section": None, "kicker": None, "authors": ["Jaap Kuiper"],
        "photo_credit": None, "image": None, "body": ["Een alinea."], "updates": [],
        "tags": [], "related": [], "language": "nl", "fetched_at": "2024-01-01T00:00:00Z",
        "parser_version": "test", "warnings": [],
    }
    item.update(fields)
    return item


def test_readme_has_the_two_example_queries() -> None:
    assert len(readme_queries()) == 2


def test_readme_query_2021_articles_with_their_tags(store_path: Path) -> None:
    with Store.open_readonly(store_path) as store:
        rows = store.conn.execute(readme_queries()[0]).fetchall()
    assert rows == [
        ("2021-03-03T23:10:00+01:00",
         "Gemeenteraad wil vijfduizend extra tijdelijke woningen voor jongeren",
         "Jongerenhuisvesting"),
        ("2021-03-03T23:10:00+01:00",
         "Gemeenteraad wil vijfduizend extra tijdelijke woningen voor jongeren", "NUL20 nieuws"),
        ("2021-06-16T13:20:00+02:00",
         "Wooncoöperatie ‘Het Rietveld’ opent eerste woningen op IJburg", "Wooncoöperaties"),
        ("2021-06-16T13:20:00+02:00",
         "Wooncoöperatie ‘Het Rietveld’ opent eerste woningen op IJburg", "NUL20 nieuws"),
        # Two fixtures give this article; the plain-markup one, recorded last, is its latest.
        ("2021-07-05", "Wethouder Ivens per direct weg wegens grensoverschrijdend gedrag",
         "NUL20 nieuws"),
        ("2021-09-14T10:21:00+02:00",
         "Amsterdamse corporaties leverden vorig jaar minder sociale huurwoningen op dan "
         "afgesproken", "Corporaties"),
        ("2021-09-14T10:21:00+02:00",
         "Amsterdamse corporaties leverden vorig jaar minder sociale huurwoningen op dan "
         "afgesproken", "NUL20 nieuws"),
        ("2021-11-08T09:00:00+01:00", "Hoe de stad een woonmachine werd", "Volkshuisvesting"),
        ("2021-11-08T09:00:00+01:00", "Hoe de stad een woonmachine werd", "Geschiedenis"),
        ("2021-12-09T15:20:00+01:00", "Noodfonds voor huurders met hoge energierekening",
         "Energiearmoede"),
        ("2021-12-09T15:20:00+01:00", "Noodfonds voor huurders met hoge energierekening",
         "NUL20 nieuws"),
        ("2021-12-20T16:05:00+01:00",
         "Amsterdamse corporaties bevriezen in 2022 de huur voor lage inkomens", "Huurbeleid"),
        ("2021-12-20T16:05:00+01:00",
         "Amsterdamse corporaties bevriezen in 2022 de huur voor lage inkomens", "NUL20 nieuws"),
    ]


def test_readme_query_an_authors_articles_per_year(store_path: Path) -> None:
    query = readme_queries()[1]
    with Store.open_readonly(store_path) as store:
        # The fixtures hold three articles of Jaap Kuiper's: achtergrond-2022-d10 (co-signed),
        # bootstrap-2023 and cards-untitled-html5-2023.
        assert store.conn.execute(query).fetchall() == [("2022", 1), ("2023", 2)]
    with Store.open(store_path) as store:
        store.record(extra_item("https://www.nul20.nl/extra-1", "2022-03-01"))
        store.record(extra_item("https://www.nul20.nl/extra-2", "2023-01-10T10:00:00+01:00"))
        store.record(extra_item("https://www.nul20.nl/extra-3", "2023-02-01",
                                authors=["Marieke Dijkstra"]))
        assert store.conn.execute(query).fetchall() == [("2022", 2), ("2023", 3)]


def test_list_views_hold_the_latest_revisions_lists(store_path: Path) -> None:
    with Store.open_readonly(store_path) as store:
        latest = {r.url: r.item for r in store.latest()}
        conn = store.conn
        for view, field in (("article_tags", "tags"), ("article_authors", "authors"),
                            ("updates", "updates"), ("related", "related")):
            count = conn.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
            assert count == sum(len(item[field]) for item in latest.values()), view
            assert count > 0, view
        # Two URL schemes of one tag (drupal7 /trefwoorden/, drupal10 /taxonomy/term/) are
        # one tag by name.
        articles, urls = conn.execute(
            "SELECT articles, urls FROM tags WHERE name = 'NUL20 nieuws'").fetchone()
        # The articles tagged NUL20 nieuws in the fixture README (the Ivens pair is one).
        assert articles == 10
        assert sorted(urls.split(",")) == ["https://www.nul20.nl/taxonomy/term/12",
                                           "https://www.nul20.nl/trefwoorden/nul20-nieuws"]
        updates = conn.execute(
            "SELECT position, date, label FROM updates WHERE article_url ="
            " 'https://www.nul20.nl/woningproductie-2021-blijft-achter-bij-ambitie'"
            " ORDER BY position").fetchall()
        item = latest["https://www.nul20.nl/woningproductie-2021-blijft-achter-bij-ambitie"]
        assert updates == [(i + 1, u["date"], u["label"]) for i, u in enumerate(item["updates"])]
        assert len(updates) == 2
        authors = conn.execute(
            "SELECT name, articles FROM authors ORDER BY name").fetchall()
        # Bylines of the fixture README: Jaap Kuiper signs achtergrond-2022-d10 (with Marieke
        # Dijkstra), bootstrap-2023 and cards-untitled-html5-2023; Marieke Dijkstra also
        # table-2008 and html5-2022; Pieter Lesage news-2021-d7, xhtml-2013 and
        # kicker-breadcrumb-2023.
        assert authors == [("Eva Bosman", 1), ("Fred van der Molen", 1), ("Ineke Hoogland", 1),
                           ("Jaap Kuiper", 3), ("Marieke Dijkstra", 3), ("Pieter Lesage", 3)]


def test_articles_columns_are_the_latest_revisions_fields(store_path: Path) -> None:
    with Store.open_readonly(store_path) as store:
        columns = [row[1] for row in store.conn.execute("PRAGMA table_info(articles)")]
        assert columns[-len(FACE_COLUMNS):] == list(FACE_COLUMNS)
        for revision in store.latest():
            row = store.conn.execute(
                "SELECT headline, published, body, authors, image_url, tags FROM articles"
                " WHERE url = ?", (revision.url,)).fetchone()
            item = revision.item
            assert row[0] == item["headline"]
            assert row[1] == item["published"]
            assert row[2] == ("\n\n".join(item["body"]) if item["body"] else None)
            assert row[3] == ("; ".join(item["authors"]) if item["authors"] else None)
            assert row[4] == (item["image"] or {}).get("url")
            assert row[5] == ("; ".join(t["name"] for t in item["tags"]) or None)


def search_urls(store: Store, query: str) -> list[str]:
    rows = store.conn.execute(
        "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY a.url", (query,)).fetchall()
    return [url for (url,) in rows]


def test_face_and_index_follow_every_new_revision(tmp_path: Path) -> None:
    url = "https://www.nul20.nl/extra-1"
    with Store.open(tmp_path / "s.sqlite") as store:
        store.record(extra_item(url, "2022-03-01", body=["Over de erfpacht."]))
        assert search_urls(store, "erfpacht") == [url]
        store.record(extra_item(url, "2022-03-01", body=["Over de huurtoeslag."],
                                fetched_at="2024-02-01T00:00:00Z",
                                updates=[{"date": "2024-02-02", "label": "update 2 februari",
                                          "text": "Het kabinet valt."}]))
        assert search_urls(store, "erfpacht") == []
        assert search_urls(store, "huurtoeslag") == [url]
        assert search_urls(store, "updates:kabinet") == [url]
        assert store.conn.execute("SELECT body, updates FROM articles").fetchone() == (
            "Over de huurtoeslag.", "update 2 februari: Het kabinet valt.")
        # An older fetch filed late does not replace the latest content.
        store.record(extra_item(url, "2022-03-01", body=["Over de woonboten."],
                                fetched_at="2023-01-01T00:00:00Z"))
        assert search_urls(store, "woonboten") == []
        assert search_urls(store, "huurtoeslag") == [url]
        # FTS5's own consistency check of an external-content index against its table.
        store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_search_ignores_diacritics(store_path: Path) -> None:
    with Store.open_readonly(store_path) as store:
        assert search_urls(store, "wooncooperatie") == search_urls(store, "wooncoöperatie")
        assert search_urls(store, "wooncooperatie") != []


def test_migration_builds_the_face_and_index_of_an_old_store(tmp_path: Path) -> None:
    """A store of schema 1 (before the relational face) with an article in it, written as
    the code of that schema wrote it."""
    path = tmp_path / "old.sqlite"
    item = extra_item("https://www.nul20.nl/oud", "2019-05-01", body=["Een oude alinea."],
                      tags=[{"name": "Erfpacht", "url": "https://www.nul20.nl/trefwoorden/e"}])
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.execute("INSERT INTO articles (url, first_seen, last_seen) VALUES (?, ?, ?)",
                 (item["url"], "2024-01-01T00:00:00.000000Z", "2024-01-01T00:00:00.000000Z"))
    conn.execute("INSERT INTO revisions (article_id, content_hash, item, fetched_at,"
                 " parser_version, created) VALUES (1, ?, ?, ?, 'test', ?)",
                 (content_hash(item), json.dumps(item), "2024-01-01T00:00:00.000000Z",
                  "2024-01-01T00:00:00.000000Z"))
    conn.execute("UPDATE articles SET latest_revision_id = 1")
    conn.close()
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("SELECT headline, body, tags FROM articles").fetchone() == (
            "Extra", "Een oude alinea.", "Erfpacht")
        assert search_urls(store, "alinea") == ["https://www.nul20.nl/oud"]
        assert store.conn.execute("SELECT tag FROM article_tags").fetchall() == [("Erfpacht",)]
        [revision] = store.revisions()
        assert (revision.warc_file, revision.warc_offset) == (None, None)


def test_revision_records_its_warc_record(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    url = "https://www.nul20.nl/extra-1"
    with Store.open(path) as store:
        store.record(extra_item(url, "2022-03-01"))  # crawled without WARC capture
        # The same content later captured: the revision gets that record.
        assert store.record(extra_item(url, "2022-03-01", fetched_at="2024-02-01T00:00:00Z"),
                            warc_file=tmp_path / "warc" / "run-00000.warc.gz",
                            warc_offset=1234) == "unchanged"
        # A changed article: a new revision with its own record, outside the store's folder.
        store.record(extra_item(url, "2022-03-01", headline="Nieuw",
                                fetched_at="2024-03-01T00:00:00Z"),
                     warc_file="/elsewhere/run-00001.warc.gz", warc_offset=99)
        first, second = store.revisions(url)
        assert (first.warc_file, first.warc_offset) == ("warc/run-00000.warc.gz", 1234)
        assert store.warc_path(first) == tmp_path / "warc" / "run-00000.warc.gz"
        assert (second.warc_file, second.warc_offset) == ("/elsewhere/run-00001.warc.gz", 99)
        with pytest.raises(ValueError):
            store.record(extra_item(url, "2022-03-01"), warc_file="x.warc.gz")
