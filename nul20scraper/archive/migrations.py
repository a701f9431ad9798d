"""Schema of the archive store, as an ordered list of migrations.

The store's `PRAGMA user_version` is the number of migrations applied. A migration is only ever
appended, never edited: stores written years ago must still upgrade step by step.

And a migration is frozen: its steps are written out here, never read from the live code (the
store's views.py, the parser's field list), so that what it does to an old store does not
change when that code changes later. A change of the schema is a new migration.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from nul20scraper.archive.transactions import rollback

# A step is an SQL statement, or a function of the connection for what SQL cannot say exactly
# (filling the relational face from stored items, as the store's Python code fills it).
MigrationStep = str | Callable[[sqlite3.Connection], None]


# -- migration 3, frozen: the face columns of articles as views.py fills them at schema 3 --
_FACE_COLUMNS_3 = (
    "headline", "published", "updated", "article_type", "section", "kicker", "authors",
    "photo_credit", "image_url", "image_caption", "body", "updates", "tags", "language",
    "fetched_at", "parser_version", "warnings",
)


def _joined_3(values: Any, joiner: str) -> str | None:
    if not isinstance(values, list) or not values:
        return None
    return joiner.join(str(v) for v in values if v is not None)


def _update_text_3(update: Any) -> str:
    if not isinstance(update, Mapping):
        return str(update)
    label, text = update.get("label"), update.get("text") or ""
    return f"{label}: {text}" if label else text


def _face_3(item: Mapping[str, Any]) -> dict[str, Any]:
    image = item.get("image") if isinstance(item.get("image"), Mapping) else {}
    updates = item.get("updates") if isinstance(item.get("updates"), list) else []
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    values: dict[str, Any] = {
        name: item.get(name) for name in _FACE_COLUMNS_3
        if isinstance(item.get(name), str | None)
    }
    values.update(
        authors=_joined_3(item.get("authors"), "; "),
        image_url=image.get("url"),
        image_caption=image.get("caption"),
        body=_joined_3(item.get("body"), "\n\n"),
        updates=_joined_3([_update_text_3(u) for u in updates], "\n\n"),
        tags=_joined_3([t.get("name") for t in tags if isinstance(t, Mapping)], "; "),
        warnings=_joined_3(item.get("warnings"), "; "),
    )
    return {name: values.get(name) for name in _FACE_COLUMNS_3}


def _fill_face_3(conn: sqlite3.Connection) -> None:
    """The face of every article already in the store, from its latest revision."""
    rows = conn.execute(
        "SELECT a.id, r.item FROM articles a JOIN revisions r ON r.id = a.latest_revision_id"
    )
    conn.executemany(
        "UPDATE articles SET "
        + ", ".join(f"{name} = :{name}" for name in _FACE_COLUMNS_3)
        + " WHERE id = :article_id",
        ({**_face_3(json.loads(item)), "article_id": aid} for aid, item in rows.fetchall()),
    )


# Each migration is a list of steps run in one transaction together with the user_version
# bump (SQLite DDL is transactional), so a crash mid-upgrade leaves the old schema.
MIGRATIONS: list[list[MigrationStep]] = [
    # 1: articles, their revisions, HTTP validators per URL, crawl runs.
    [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            reason TEXT,
            counts TEXT NOT NULL DEFAULT '{}'
        )
        """,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            node_id INTEGER,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            latest_revision_id INTEGER REFERENCES revisions(id)
        )
        """,
        """
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            content_hash TEXT NOT NULL,
            item TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            parser_version TEXT NOT NULL,
            created TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id)
        )
        """,
        "CREATE INDEX revisions_by_article ON revisions (article_id, fetched_at, id)",
        "CREATE INDEX revisions_by_fetch ON revisions (fetched_at)",
        "CREATE INDEX articles_by_node ON articles (node_id)",
        """
        CREATE TABLE http_validators (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_checked TEXT,
            published TEXT
        )
        """,
        "CREATE INDEX http_validators_by_published ON http_validators (published)",
    ],
    # 2: provenance, the WARC record a revision was parsed from (null when not captured).
    [
        "ALTER TABLE revisions ADD COLUMN warc_file TEXT",
        "ALTER TABLE revisions ADD COLUMN warc_offset INTEGER",
    ],
    # 3: the relational face: the latest revision's fields as columns of articles, views of
    # its lists, full-text search over headline, body and updates.
    [
        *(f"ALTER TABLE articles ADD COLUMN {name} TEXT" for name in _FACE_COLUMNS_3),
        "CREATE INDEX articles_by_published ON articles (published)",
        "CREATE INDEX articles_by_type ON articles (article_type)",
        # A tag is its name: the site's two layouts link the same tag under two URL schemes.
        # Each list view reads the latest revision of each article; json_each's `key` is the
        # index in the list, so `position` (from 1) keeps the page's order.
        """
        CREATE VIEW article_tags AS
        SELECT a.id AS article_id, a.url AS article_url, t.key + 1 AS position,
               json_extract(t.value, '$.name') AS tag, json_extract(t.value, '$.url') AS tag_url
        FROM articles a JOIN revisions r ON r.id = a.latest_revision_id,
             json_each(r.item, '$.tags') t
        """,
        """
        CREATE VIEW tags AS
        SELECT at.tag AS name, count(DISTINCT at.article_id) AS articles,
               group_concat(DISTINCT at.tag_url) AS urls,
               min(a.published) AS first_published, max(a.published) AS last_published
        FROM article_tags at JOIN articles a ON a.id = at.article_id
        GROUP BY at.tag
        """,
        """
        CREATE VIEW article_authors AS
        SELECT a.id AS article_id, a.url AS article_url, w.key + 1 AS position, w.value AS author
        FROM articles a JOIN revisions r ON r.id = a.latest_revision_id,
             json_each(r.item, '$.authors') w
        """,
        """
        CREATE VIEW authors AS
        SELECT aa.author AS name, count(*) AS articles,
               min(a.published) AS first_published, max(a.published) AS last_published
        FROM article_authors aa JOIN articles a ON a.id = aa.article_id
        GROUP BY aa.author
        """,
        """
        CREATE VIEW updates AS
        SELECT a.id AS article_id, a.url AS article_url, u.key + 1 AS position,
               json_extract(u.value, '$.date') AS date, json_extract(u.value, '$.label') AS label,
               json_extract(u.value, '$.text') AS text
        FROM articles a JOIN revisions r ON r.id = a.latest_revision_id,
             json_each(r.item, '$.updates') u
        """,
        """
        CREATE VIEW related AS
        SELECT a.id AS article_id, a.url AS article_url, t.key + 1 AS position,
               json_extract(t.value, '$.url') AS url, json_extract(t.value, '$.title') AS title,
               json_extract(t.value, '$.article_type') AS article_type,
               json_extract(t.value, '$.published') AS published,
               json_extract(t.value, '$.updated') AS updated,
               json_extract(t.value, '$.summary') AS summary,
               json_extract(t.value, '$.author') AS author
        FROM articles a JOIN revisions r ON r.id = a.latest_revision_id,
             json_each(r.item, '$.related') t
        """,
        _fill_face_3,
        # External content (the text lives once, in articles); remove_diacritics so that
        # `financiele` finds `financiële`. The triggers are SQLite's documented pattern for
        # external content.
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, updates, content='articles',
            content_rowid='id', tokenize='unicode61 remove_diacritics 2')
        """,
        """
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, headline, body, updates)
            VALUES (new.id, new.headline, new.body, new.updates);
        END
        """,
        """
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, headline, body, updates)
            VALUES ('delete', old.id, old.headline, old.body, old.updates);
        END
        """,
        """
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, body, updates ON articles
        BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, headline, body, updates)
            VALUES ('delete', old.id, old.headline, old.body, old.updates);
            INSERT INTO articles_fts (rowid, headline, body, updates)
            VALUES (new.id, new.headline, new.body, new.updates);
        END
        """,
        "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
    ],
    # 4: which parser layer answered each field of a revision (a JSON object, field -> layer
    # name), for the broken-parser alarm's layer shares. Null for the revisions stored before:
    # their layers are not known, and a guess would be counted as a fact.
    [
        "ALTER TABLE revisions ADD COLUMN layers TEXT",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The store was written by a newer nul20scraper; an older one must not touch it."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection, migrations: list[list[MigrationStep]] = MIGRATIONS
) -> int:
    """Bring the store to the latest schema; returns the number of migrations applied.

    `conn` must be in autocommit mode (isolation_level=None) so that the transactions here are
    the only ones. BEGIN IMMEDIATE takes the write lock before reading user_version, so two
    processes opening a new store at once cannot both apply migration 1.
    """
    applied = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            if version > len(migrations):
                raise SchemaTooNew(
                    f"store schema version {version} is newer than this nul20scraper "
                    f"supports ({len(migrations)}); upgrade nul20scraper"
                )
            if version == len(migrations):
                conn.execute("COMMIT")
                return applied
            for step in migrations[version]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
            # PRAGMA takes no parameters; the value is an int we computed.
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
            applied += 1
        except BaseException:
            rollback(conn)
            raise
