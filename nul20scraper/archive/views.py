"""The relational face of the store: what a researcher queries instead of the items' JSON.

- `articles` carries, besides its bookkeeping columns, the latest revision's fields as columns
  (lists as text: `body` and `updates` joined by blank lines, `authors`, `tags` and `warnings`
  by "; ", as the CSV export writes them). These columns are written by the store in the same
  transaction as the revision (refresh_face), so they are never out of step with it.
- `article_tags`, `tags`, `article_authors`, `authors`, `updates`, `related` are views over the
  latest revision's JSON (json_each). On 20,000 articles (benchmarks/store_views_bench.py) the
  slowest, a full scan of `tags`, took 0.27 s and the README's queries 0.02 and 0.2 s, so
  nothing more is materialised.
- `articles_fts` is an FTS5 index over headline, body and updates of `articles`, an external
  content table kept current by triggers on those columns.

The SQL here is part of the schema: migrations.py runs it, and a migration is never edited, so
a change of a view is a new migration with its own statements, not an edit of these.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

# Columns of `articles` filled from the latest revision, in table order, with their SQL type.
FACE_COLUMNS: dict[str, str] = {
    "headline": "TEXT",
    "published": "TEXT",
    "updated": "TEXT",
    "article_type": "TEXT",
    "section": "TEXT",
    "kicker": "TEXT",
    "authors": "TEXT",
    "photo_credit": "TEXT",
    "image_url": "TEXT",
    "image_caption": "TEXT",
    "body": "TEXT",
    "updates": "TEXT",
    "tags": "TEXT",
    "language": "TEXT",
    "fetched_at": "TEXT",
    "parser_version": "TEXT",
    "warnings": "TEXT",
}

PARAGRAPH_JOINER = "\n\n"
NAME_JOINER = "; "

FACE_COLUMN_STATEMENTS = [
    f"ALTER TABLE articles ADD COLUMN {name} {sql_type}" for name, sql_type in FACE_COLUMNS.items()
] + [
    "CREATE INDEX articles_by_published ON articles (published)",
    "CREATE INDEX articles_by_type ON articles (article_type)",
]

# A tag is its name: the site's two layouts link the same tag under two URL schemes
# (/trefwoorden/<slug> and /taxonomy/term/<n>).
# Every list view reads the latest revision of each article; json_each's `key` is the index in
# the list, so `position` (from 1) keeps the page's order.
_LATEST = "articles a JOIN revisions r ON r.id = a.latest_revision_id"

VIEW_STATEMENTS = [
    f"""
    CREATE VIEW article_tags AS
    SELECT a.id AS article_id, a.url AS article_url, t.key + 1 AS position,
           json_extract(t.value, '$.name') AS tag, json_extract(t.value, '$.url') AS tag_url
    FROM {_LATEST}, json_each(r.item, '$.tags') t
    """,
    """
    CREATE VIEW tags AS
    SELECT at.tag AS name, count(DISTINCT at.article_id) AS articles,
           group_concat(DISTINCT at.tag_url) AS urls,
           min(a.published) AS first_published, max(a.published) AS last_published
    FROM article_tags at JOIN articles a ON a.id = at.article_id
    GROUP BY at.tag
    """,
    f"""
    CREATE VIEW article_authors AS
    SELECT a.id AS article_id, a.url AS article_url, w.key + 1 AS position, w.value AS author
    FROM {_LATEST}, json_each(r.item, '$.authors') w
    """,
    """
    CREATE VIEW authors AS
    SELECT aa.author AS name, count(*) AS articles,
           min(a.published) AS first_published, max(a.published) AS last_published
    FROM article_authors aa JOIN articles a ON a.id = aa.article_id
    GROUP BY aa.author
    """,
    f"""
    CREATE VIEW updates AS
    SELECT a.id AS article_id, a.url AS article_url, u.key + 1 AS position,
           json_extract(u.value, '$.date') AS date, json_extract(u.value, '$.label') AS label,
           json_extract(u.value, '$.text') AS text
    FROM {_LATEST}, json_each(r.item, '$.updates') u
    """,
    f"""
    CREATE VIEW related AS
    SELECT a.id AS article_id, a.url AS article_url, t.key + 1 AS position,
           json_extract(t.value, '$.url') AS url, json_extract(t.value, '$.title') AS title,
           json_extract(t.value, '$.article_type') AS article_type,
           json_extract(t.value, '$.published') AS published,
           json_extract(t.value, '$.updated') AS updated,
           json_extract(t.value, '$.summary') AS summary,
           json_extract(t.value, '$.author') AS author
    FROM {_LATEST}, json_each(r.item, '$.related') t
    """,
]

FTS_TABLE = "articles_fts"
FTS_COLUMNS = ("headline", "body", "updates")
_FTS_COLS = ", ".join(FTS_COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in FTS_COLUMNS)

# External content (the text lives once, in articles); remove_diacritics so that `financiele`
# finds `financiële`. The triggers are SQLite's documented pattern for external content.
FTS_STATEMENTS = [
    f"""
    CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_FTS_COLS}, content='articles',
        content_rowid='id', tokenize='unicode61 remove_diacritics 2')
    """,
    f"""
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO {FTS_TABLE} (rowid, {_FTS_COLS}) VALUES (new.id, {_NEW});
    END
    """,
    f"""
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {_FTS_COLS})
        VALUES ('delete', old.id, {_OLD});
    END
    """,
    f"""
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF {_FTS_COLS} ON articles BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {_FTS_COLS})
        VALUES ('delete', old.id, {_OLD});
        INSERT INTO {FTS_TABLE} (rowid, {_FTS_COLS}) VALUES (new.id, {_NEW});
    END
    """,
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')",
]


def _joined(values: Any, joiner: str) -> str | None:
    if not isinstance(values, list) or not values:
        return None
    return joiner.join(str(v) for v in values if v is not None)


def _update_text(update: Any) -> str:
    if not isinstance(update, Mapping):
        return str(update)
    label, text = update.get("label"), update.get("text") or ""
    return f"{label}: {text}" if label else text


def face_values(item: Mapping[str, Any]) -> dict[str, Any]:
    """The FACE_COLUMNS of `articles` for an item; an empty list is null, like a missing value."""
    image = item.get("image") if isinstance(item.get("image"), Mapping) else {}
    updates = item.get("updates") if isinstance(item.get("updates"), list) else []
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    values: dict[str, Any] = {
        name: item.get(name) for name in FACE_COLUMNS if isinstance(item.get(name), str | None)
    }
    values.update(
        authors=_joined(item.get("authors"), NAME_JOINER),
        image_url=image.get("url"),
        image_caption=image.get("caption"),
        body=_joined(item.get("body"), PARAGRAPH_JOINER),
        updates=_joined([_update_text(u) for u in updates], PARAGRAPH_JOINER),
        tags=_joined([t.get("name") for t in tags if isinstance(t, Mapping)], NAME_JOINER),
        warnings=_joined(item.get("warnings"), NAME_JOINER),
    )
    return {name: values.get(name) for name in FACE_COLUMNS}


_SET_FACE = "UPDATE articles SET " + ", ".join(f"{c} = :{c}" for c in FACE_COLUMNS) + (
    " WHERE id = :article_id"
)


def refresh_face(conn: sqlite3.Connection, article_id: int) -> None:
    """Write the latest revision's fields into the article's row (inside the caller's
    transaction); the FTS triggers follow."""
    row = conn.execute(
        "SELECT r.item FROM articles a JOIN revisions r ON r.id = a.latest_revision_id"
        " WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is not None:
        conn.execute(_SET_FACE, {**face_values(json.loads(row[0])), "article_id": article_id})


def fill_face(conn: sqlite3.Connection) -> None:
    """Migration step: the face of every article already in the store."""
    rows = conn.execute(
        "SELECT a.id, r.item FROM articles a JOIN revisions r ON r.id = a.latest_revision_id"
    )
    conn.executemany(
        _SET_FACE,
        ({**face_values(json.loads(item)), "article_id": aid} for aid, item in rows.fetchall()),
    )
