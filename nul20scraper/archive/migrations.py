"""Schema of the archive store, as an ordered list of migrations.

The store's `PRAGMA user_version` is the number of migrations applied. A migration is only ever
appended, never edited: stores written years ago must still upgrade step by step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from nul20scraper.archive import views
from nul20scraper.archive.transactions import rollback

# A step is an SQL statement, or a function of the connection for what SQL cannot say exactly
# (filling the relational face from stored items with the same Python code that keeps it).
MigrationStep = str | Callable[[sqlite3.Connection], None]

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
        *views.FACE_COLUMN_STATEMENTS,
        *views.VIEW_STATEMENTS,
        views.fill_face,
        *views.FTS_STATEMENTS,
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
