"""Migrations are frozen: what migration 3 does to a store of schema 2 (the relational face, its
views and the full-text index) is fixed, whatever the live code of the store and its views
(archive/views.py) becomes later."""

from __future__ import annotations

import ast
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from nul20scraper.archive import migrations, views
from nul20scraper.archive.migrations import MIGRATIONS, migrate
from nul20scraper.archive.revision import content_hash

T0 = "2024-01-01T00:00:00.000000Z"

RICH = {
    "url": "https://www.nul20.nl/huren-bevroren", "headline": "Huren bevroren",
    "published": "2021-12-20T10:00:00+01:00", "updated": None, "article_type": "Nieuws",
    "section": "Wonen", "kicker": "Huur", "authors": ["Jaap Kuiper", "Eva Bosman"],
    "photo_credit": "Foto: Ineke Hoogland",
    "image": {"url": "https://www.nul20.nl/foto.jpg", "caption": "Een flat in Osdorp"},
    "body": ["Eerste alinea over de huur.", "Tweede alinea."],
    "updates": [{"date": "2021-12-21", "label": "update 21 december", "text": "De raad stemt in."},
                {"date": "2021-12-22", "label": None, "text": "Nog een bericht."}],
    "tags": [{"name": "Huur", "url": "https://www.nul20.nl/trefwoorden/huur"},
             {"name": "Corporaties", "url": "https://www.nul20.nl/taxonomy/term/7"}],
    "related": [{"url": "https://www.nul20.nl/ander", "title": "Ander stuk",
                 "article_type": "Video", "published": "2021-11-01", "updated": None,
                 "summary": "Kort.", "author": "Eva Bosman"}],
    "language": "nl", "fetched_at": "2024-01-01T00:00:00Z", "parser_version": "test",
    "warnings": ["no byline found"],
}
# An article with two revisions: the face is the second's. Its `published` is not text (an
# item of a broken parser), and its lists are empty.
OLD = {**RICH, "url": "https://www.nul20.nl/twee-versies", "headline": "Oude kop",
       "authors": ["Pieter Lesage"], "body": ["Verouderde tekst."], "updates": [], "tags": [],
       "related": [], "image": None, "warnings": []}
NEW = {**OLD, "headline": "Nieuwe kop", "published": 2022, "authors": [], "body": [],
       "fetched_at": "2024-02-01T00:00:00Z"}


def store_of_schema_2(path: Path) -> sqlite3.Connection:
    """A store as the code of schema 2 wrote it: articles and revisions, no face."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:2])
    for article_id, url in ((1, RICH["url"]), (2, OLD["url"]), (3, "https://www.nul20.nl/leeg")):
        conn.execute("INSERT INTO articles (id, url, first_seen, last_seen) VALUES (?, ?, ?, ?)",
                     (article_id, url, T0, T0))
    for revision_id, article_id, item in ((1, 1, RICH), (2, 2, OLD), (3, 2, NEW)):
        conn.execute("INSERT INTO revisions (id, article_id, content_hash, item, fetched_at,"
                     " parser_version, created, warc_file, warc_offset)"
                     " VALUES (?, ?, ?, ?, ?, 'test', ?, 'warc/a.warc.gz', ?)",
                     (revision_id, article_id, content_hash(item), json.dumps(item),
                      item["fetched_at"], T0, 100 * revision_id))
    # Article 3 has no revision yet (a crawl stopped between the two writes).
    conn.executemany("UPDATE articles SET latest_revision_id = ? WHERE id = ?", [(1, 1), (3, 2)])
    return conn


def schema(conn: sqlite3.Connection) -> list[tuple[str, str, str | None]]:
    """Every table, index, view and trigger, with its SQL (white space collapsed)."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
    return [(kind, name, " ".join(sql.split()) if sql else None) for kind, name, sql in rows]


def rows(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()


def migrated(tmp_path: Path, name: str = "s.sqlite") -> sqlite3.Connection:
    conn = store_of_schema_2(tmp_path / name)
    assert migrate(conn, MIGRATIONS[:3]) == 1
    return conn


def face(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    columns = ", ".join(["id", *views.FACE_COLUMNS])
    return conn.execute(f"SELECT {columns} FROM articles ORDER BY id").fetchall()


def search(conn: sqlite3.Connection, query: str) -> list[int]:
    found = conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                         " ORDER BY rowid", (query,))
    return [rowid for (rowid,) in found]


# The names migration 3 adds to those of schema 2, read from the migration: 17 columns of
# articles, two indexes, six views, the FTS5 table (with the shadow tables FTS5 makes) and
# its three triggers.
NAMES_OF_SCHEMA_3 = {
    ("index", "articles_by_published"), ("index", "articles_by_type"),
    ("view", "article_tags"), ("view", "tags"), ("view", "article_authors"),
    ("view", "authors"), ("view", "updates"), ("view", "related"),
    ("table", "articles_fts"), ("table", "articles_fts_config"), ("table", "articles_fts_data"),
    ("table", "articles_fts_docsize"), ("table", "articles_fts_idx"),
    ("trigger", "articles_fts_insert"), ("trigger", "articles_fts_delete"),
    ("trigger", "articles_fts_update"),
}
FTS5_SHADOW_TABLES = {"articles_fts_config", "articles_fts_data", "articles_fts_docsize",
                      "articles_fts_idx"}
# sha256 of json.dumps(schema(...)) of a store of schema 2 migrated to 3, without the SQL of
# FTS5's shadow tables (SQLite writes that, and may word it otherwise in another version), as
# migration 3 made it when it still called the live code of views.py (commit 8e2b7cc). Another
# digest means that migration 3 was edited: a change of the schema is a new migration.
SCHEMA_3_DIGEST = "2d6d1e82f703dcf11bfb1381b04d7915e3a077d40e368806aac116a596445023"


def test_migration_3_gives_the_schema_it_always_gave(tmp_path: Path) -> None:
    before = {(kind, name) for kind, name, _ in schema(store_of_schema_2(tmp_path / "2.sqlite"))}
    conn = migrated(tmp_path)
    after = schema(conn)
    assert {(kind, name) for kind, name, _ in after} - before == NAMES_OF_SCHEMA_3
    columns = [row[1] for row in conn.execute("PRAGMA table_info(articles)")]
    assert columns[-len(views.FACE_COLUMNS):] == list(views.FACE_COLUMNS)
    ours = [entry for entry in after if entry[1] not in FTS5_SHADOW_TABLES]
    assert hashlib.sha256(json.dumps(ours).encode()).hexdigest() == SCHEMA_3_DIGEST


def test_migration_3_fills_the_face_from_the_latest_revisions(tmp_path: Path) -> None:
    conn = migrated(tmp_path)
    # Typed from the items above: lists joined as the CSV export joins them, an update's label
    # before its text, an empty list or a value that is not text is null.
    assert face(conn) == [
        (1, "Huren bevroren", "2021-12-20T10:00:00+01:00", None, "Nieuws", "Wonen", "Huur",
         "Jaap Kuiper; Eva Bosman", "Foto: Ineke Hoogland", "https://www.nul20.nl/foto.jpg",
         "Een flat in Osdorp", "Eerste alinea over de huur.\n\nTweede alinea.",
         "update 21 december: De raad stemt in.\n\nNog een bericht.", "Huur; Corporaties",
         "nl", "2024-01-01T00:00:00Z", "test", "no byline found"),
        (2, "Nieuwe kop", None, None, "Nieuws", "Wonen", "Huur", None, "Foto: Ineke Hoogland",
         None, None, None, None, None, "nl", "2024-02-01T00:00:00Z", "test", None),
        (3, *[None] * len(views.FACE_COLUMNS)),
    ]
    assert rows(conn, "article_tags") == [
        (1, RICH["url"], 1, "Huur", "https://www.nul20.nl/trefwoorden/huur"),
        (1, RICH["url"], 2, "Corporaties", "https://www.nul20.nl/taxonomy/term/7"),
    ]
    assert rows(conn, "authors") == [
        ("Eva Bosman", 1, "2021-12-20T10:00:00+01:00", "2021-12-20T10:00:00+01:00"),
        ("Jaap Kuiper", 1, "2021-12-20T10:00:00+01:00", "2021-12-20T10:00:00+01:00"),
    ]
    assert rows(conn, "updates") == [
        (1, RICH["url"], 1, "2021-12-21", "update 21 december", "De raad stemt in."),
        (1, RICH["url"], 2, "2021-12-22", None, "Nog een bericht."),
    ]
    assert rows(conn, "related") == [
        (1, RICH["url"], 1, "https://www.nul20.nl/ander", "Ander stuk", "Video", "2021-11-01",
         None, "Kort.", "Eva Bosman"),
    ]
    assert search(conn, "alinea") == [1]
    assert search(conn, "raad") == [1]
    assert search(conn, "nieuwe") == [2]
    assert search(conn, "verouderde") == []  # only the latest revision is indexed
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_migration_3_does_not_follow_the_live_code(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    expected = migrated(tmp_path, "before.sqlite")
    # The live code changes later: names joined otherwise, a column no longer filled.
    monkeypatch.setattr(views, "NAME_JOINER", " & ")
    monkeypatch.setattr(views, "PARAGRAPH_JOINER", " / ")
    monkeypatch.setattr(views, "face_values", lambda item: dict.fromkeys(views.FACE_COLUMNS))
    conn = migrated(tmp_path, "after.sqlite")
    assert schema(conn) == schema(expected)
    for table in ("articles", "revisions", "article_tags", "tags", "authors", "updates",
                  "related"):
        assert rows(conn, table) == rows(expected, table)
    assert search(conn, "alinea") == search(expected, "alinea") == [1]


def test_migrations_import_nothing_of_the_live_schema() -> None:
    """Only the transaction helper that runs them: no step reads code that may change."""
    tree = ast.parse(Path(migrations.__file__).read_text(encoding="utf-8"))
    imported = {alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
                for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names}
    package = {name for name in imported if name.startswith("nul20scraper")}
    assert package == {"nul20scraper.archive.transactions.rollback"}
