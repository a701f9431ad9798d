"""The archive store: one SQLite file holding every article and each distinct revision of it.

Tables (see migrations.py): `articles` (one row per canonical URL, with its latest revision's
fields as columns), `revisions` (one row per distinct content of an article, with the whole item
as JSON, the WARC record it was parsed from and which parser layer answered each field),
`http_validators` (ETag, Last-Modified and publication date per URL, for incremental runs) and
`runs` (one row per crawl); views and a full-text index over the latest revisions (views.py).

Writes happen one transaction per item, in WAL mode: a reader in another connection or process
sees an article together with its revision, or neither, and is never blocked by the writer.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from nul20scraper import shared
from nul20scraper.archive.migrations import SCHEMA_VERSION, migrate, schema_version
from nul20scraper.archive.query import ArticleFilter
from nul20scraper.archive.revision import content_hash
from nul20scraper.archive.transactions import rollback
from nul20scraper.archive.views import refresh_face
from nul20scraper.extract import ITEM_FIELDS

DEFAULT_STORE_PATH = Path("data/nul20.sqlite")

Outcome = Literal["new", "revised", "unchanged"]

# Statuses of a run in the runs table. "ok" and "partial" count as successful: the run went
# through the whole site, so an incremental run may start from it.
RUN_STATUSES = ("running", "ok", "partial", "fatal", "interrupted")
SUCCESSFUL_RUN_STATUSES = ("ok", "partial")


def utc_timestamp(value: datetime | str | None = None) -> str:
    """A fixed-width UTC timestamp (`2024-05-01T12:00:00.000000Z`), so that text order is time
    order in SQL. None means now; a naive time is taken as UTC."""
    if value is None:
        moment = datetime.now(UTC)
    elif isinstance(value, datetime):
        moment = value
    else:
        moment = datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}(-\d{2})?")


def _published_day(value: Any) -> str | None:
    """The date part of an item's `published` (`2021-07-05` or a month `2021-07`)."""
    if not isinstance(value, str):
        return None
    match = _DATE_PREFIX.match(value)
    return match.group(0) if match else None


@dataclass(frozen=True)
class Revision:
    id: int
    url: str
    content_hash: str
    item: dict[str, Any]
    fetched_at: str
    parser_version: str
    created: str
    run_id: int | None
    # The WARC file (relative to the store's directory when inside it) and the offset of the
    # response record the revision was parsed from; None when the page was not captured.
    warc_file: str | None = None
    warc_offset: int | None = None
    # Per field, the parser layer that answered it ("metadata", "cms", ...); None for a
    # revision stored before layers were recorded.
    layers: dict[str, str] | None = None


@dataclass(frozen=True)
class Validators:
    """What the server told us about a URL last time, for a conditional request."""

    url: str
    etag: str | None
    last_modified: str | None
    last_checked: str | None
    published: str | None


@dataclass(frozen=True)
class Run:
    id: int
    label: str
    started: str
    finished: str | None
    status: str
    reason: str | None
    counts: dict[str, int]


_REVISION_COLUMNS = (
    "r.id, a.url, r.content_hash, r.item, r.fetched_at, r.parser_version, r.created, r.run_id,"
    " r.warc_file, r.warc_offset, r.layers"
)


def _revision(row: tuple[Any, ...]) -> Revision:
    rid, url, chash, item, fetched_at, parser_version, created, run_id, wfile, woffset, lay = row
    read_layers = read_revision_json(rid, url, "layers", lay) if lay is not None else None
    return Revision(
        rid, url, chash, read_revision_json(rid, url, "item", item), fetched_at,
        parser_version, created, run_id, wfile, woffset, read_layers,
    )


def read_revision_json(rid: int, url: str, column: str, text: Any) -> Any:
    """A revision's JSON column read. A hand edit or a bad disk can leave a row SQLite's
    check finds sound and JSON cannot read: RevisionDamaged, in one line naming the
    revision, not a traceback."""
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise RevisionDamaged(f"revision {rid} of {url} is damaged: its {column} cannot be "
                              f"read ({exc})") from exc


def layers_record(layers: Mapping[str, Any] | None) -> str | None:
    """How a revision's layers are stored: a JSON object of field name to layer name, or
    None. Anything else is the caller's error (ValueError), not a record to keep."""
    if layers is None:
        return None
    if not isinstance(layers, Mapping) or not all(
            isinstance(name, str) and isinstance(layer, str) for name, layer in layers.items()):
        raise ValueError("layers must map field names to layer names")
    return json.dumps(dict(layers), ensure_ascii=False, sort_keys=True)


class StoreError(Exception):
    """A store that a read command cannot use; the message is one line for the user, and
    `exit_status` the command's exit status."""

    exit_status = shared.FATAL


class StoreNotFound(StoreError):
    """No file at the path: most likely a typo, so a usage error."""

    exit_status = shared.USAGE


class StoreUnreadable(StoreError):
    """The file is not an SQLite database, not a nul20scraper store, or cannot be read."""


class StoreDamaged(StoreError):
    """SQLite's own check found the file damaged (a cut or overwritten page, say)."""


class RevisionDamaged(StoreError):
    """One revision's stored item or layers is not JSON: the file is sound, that row is not."""


# The SQLite result code of a damaged file; `file is not a database` (SQLITE_NOTADB) is most
# likely the wrong file, and a full disk or I/O error is not the file's fault.
DAMAGE_ERROR = "SQLITE_CORRUPT"


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """Raise StoreDamaged unless `PRAGMA quick_check` finds the store sound.

    quick_check reads every page once and checks the b-trees' structure, without the index
    cross-checks of integrity_check: linear in the file's size (a second or so per few hundred
    MB). A store whose last page was cut otherwise takes a whole crawl's writes, and a read
    command dies half-way through its output.
    """
    try:
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorname", None) == DAMAGE_ERROR:
            raise StoreDamaged(f"store {path} is damaged ({exc}); not using it") from exc
        # A full disk or an I/O error (the -shm file cannot be made): not the file's fault.
        raise StoreUnreadable(f"cannot read store {path}: {exc}") from exc
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    if problems:
        raise StoreDamaged(f"store {path} is damaged ({problems[0]}); not using it")


class StoreOutdated(StoreError):
    """The store's schema is older than the code's; a read-only open cannot migrate it."""


def _run(row: tuple[Any, ...]) -> Run:
    rid, label, started, finished, status, reason, counts = row
    return Run(rid, label, started, finished, status, reason, json.loads(counts))


class Store:
    """An open archive store. Not thread-safe: one Store per thread or process."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(
        cls, path: str | Path = DEFAULT_STORE_PATH, *, timeout: float = 30.0, check: bool = False
    ) -> Store:
        """Open (creating if needed) the store at `path` and bring its schema up to date.

        `timeout` is how long a write waits for another writer before failing. With `check`,
        a damaged store raises StoreDamaged before anything is written to it (a crawl checks
        once, before it starts; its components then open the store without the check).
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every transaction below is explicit, so none is left open by accident.
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        try:
            if check:
                check_integrity(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL loses no committed transaction when the process dies; only a
            # power cut can cost the last ones, which a re-crawl brings back.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    @classmethod
    def open_readonly(cls, path: str | Path = DEFAULT_STORE_PATH) -> Store:
        """Open an existing store for reading only (SQLite `mode=ro`): never creates, migrates
        or writes it. Raises StoreError (one-line message) when the store cannot be used:
        StoreDamaged when `PRAGMA quick_check` finds the file damaged.

        In WAL mode SQLite may create the empty `-wal` and `-shm` companions next to the file;
        the store file itself is left as it was.
        """
        path = Path(path)
        if not path.exists():
            raise StoreNotFound(f"no store at {path}")
        if not path.is_file():
            raise StoreUnreadable(f"{path} is not a store file")
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise StoreUnreadable(f"cannot open store {path}: {exc}") from exc
        try:
            version = schema_version(conn)
            has_articles = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'"
            ).fetchone()
        except sqlite3.Error as exc:
            conn.close()
            if getattr(exc, "sqlite_errorname", None) == DAMAGE_ERROR:
                raise StoreDamaged(f"store {path} is damaged ({exc}); not using it") from exc
            raise StoreUnreadable(f"cannot read store {path}: {exc}") from exc
        if version == 0 or not has_articles:
            conn.close()
            raise StoreUnreadable(f"{path} is not a nul20scraper store")
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreUnreadable(
                f"store {path} has schema version {version}, newer than this nul20scraper "
                f"supports ({SCHEMA_VERSION}); upgrade nul20scraper"
            )
        if version < SCHEMA_VERSION:
            conn.close()
            raise StoreOutdated(
                f"store {path} has schema version {version}, older than this nul20scraper's "
                f"({SCHEMA_VERSION}); upgrade it with `nul20scraper migrate --store {path}`"
                " (a crawl does it too)"
            )
        try:
            check_integrity(conn, path)
        except StoreDamaged:
            conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- articles and revisions ------------------------------------------------------------

    def record(
        self,
        item: Mapping[str, Any],
        *,
        node_id: int | None = None,
        run_id: int | None = None,
        warc_file: str | Path | None = None,
        warc_offset: int | None = None,
        layers: Mapping[str, str] | None = None,
    ) -> Outcome:
        """Record one parsed item; returns whether it was a new article, a new revision of a
        known one, or the same content as the revision in force at its fetch time.

        The revision in force at fetch time (not simply the newest) is the comparison base, so
        that re-parsing an old WARC after newer crawls files its result in time order. Only
        the item fields (ITEM_FIELDS) are stored.

        `warc_file` and `warc_offset` name the WARC response record the item was parsed from
        (WarcRecorder.write_exchange returns them). A new revision keeps them; an unchanged one
        lends them to its revision when that has none yet. The article's face (views.py) is
        rewritten in the same transaction whenever a revision is added.

        `layers` (field name -> the parser layer that answered it) is kept with a new
        revision, and given to an unchanged revision that has none only when the item was
        parsed from that revision's own WARC record (the same file and offset: the same bytes,
        as a `reparse` of the archive's WARC files after migration 4 reads them). Another
        fetch's layers describe how that later page was read, perhaps in other markup.
        """
        url = item.get("url")
        if not isinstance(url, str) or not url:
            raise ValueError("item has no url")
        seen = utc_timestamp(item.get("fetched_at"))
        chash = content_hash(item)
        stored_item = json.dumps(
            {name: item[name] for name in ITEM_FIELDS if name in item}, ensure_ascii=False
        )
        parser_version = str(item.get("parser_version") or "")
        published = _published_day(item.get("published"))
        stored_layers = layers_record(layers)
        warc_name = self._warc_name(warc_file) if warc_file is not None else None
        if warc_name is not None and warc_offset is None:
            raise ValueError("warc_file given without warc_offset")
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
            if row is None:
                article_id = conn.execute(
                    "INSERT INTO articles (url, node_id, first_seen, last_seen)"
                    " VALUES (?, ?, ?, ?)",
                    (url, node_id, seen, seen),
                ).lastrowid
                outcome: Outcome = "new"
            else:
                article_id = row[0]
                base = conn.execute(
                    "SELECT content_hash, id FROM revisions WHERE article_id = ?"
                    " AND fetched_at <= ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
                    (article_id, seen),
                ).fetchone() or conn.execute(
                    # Older than every revision we hold: compare with the oldest.
                    "SELECT content_hash, id FROM revisions WHERE article_id = ?"
                    " ORDER BY fetched_at, id LIMIT 1",
                    (article_id,),
                ).fetchone()
                outcome = "unchanged" if base is not None and base[0] == chash else "revised"
                if outcome == "unchanged" and warc_name is not None and stored_layers:
                    # Before the record is lent below: only the revision's own record counts.
                    conn.execute(
                        "UPDATE revisions SET layers = ? WHERE id = ? AND layers IS NULL"
                        " AND warc_file = ? AND warc_offset = ?",
                        (stored_layers, base[1], warc_name, warc_offset),
                    )
                if outcome == "unchanged" and warc_name is not None:
                    conn.execute(
                        "UPDATE revisions SET warc_file = ?, warc_offset = ?"
                        " WHERE id = ? AND warc_file IS NULL",
                        (warc_name, warc_offset, base[1]),
                    )
            if outcome != "unchanged":
                conn.execute(
                    "INSERT INTO revisions (article_id, content_hash, item, fetched_at,"
                    " parser_version, created, run_id, warc_file, warc_offset, layers)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article_id, chash, stored_item, seen, parser_version, utc_timestamp(),
                     run_id, warc_name, warc_offset if warc_name is not None else None,
                     stored_layers),
                )
            conn.execute(
                "UPDATE articles SET first_seen = min(first_seen, :seen),"
                " last_seen = max(last_seen, :seen), node_id = coalesce(:node_id, node_id),"
                " latest_revision_id = (SELECT id FROM revisions WHERE article_id = :id"
                "   ORDER BY fetched_at DESC, id DESC LIMIT 1)"
                " WHERE id = :id",
                {"seen": seen, "node_id": node_id, "id": article_id},
            )
            if outcome != "unchanged":
                refresh_face(conn, article_id)
            if published is not None:
                conn.execute(
                    "INSERT INTO http_validators (url, published) VALUES (?, ?)"
                    " ON CONFLICT (url) DO UPDATE SET published = excluded.published",
                    (url, published),
                )
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        return outcome

    def _warc_name(self, warc_file: str | Path) -> str:
        """How a WARC path is stored: relative to the store's directory when inside it (the
        crawl's `warc/` next to the store), so that store and WARCs can move together."""
        path = Path(warc_file)
        if path.is_absolute():
            try:
                return path.relative_to(self.path.parent.resolve()).as_posix()
            except ValueError:
                return str(path)
        try:
            return path.resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            return str(path.resolve())

    def warc_path(self, revision: Revision) -> Path | None:
        """The WARC file of a revision on this machine, or None without provenance."""
        if revision.warc_file is None:
            return None
        path = Path(revision.warc_file)
        return path if path.is_absolute() else self.path.parent / path

    def revision(self, revision_id: int) -> Revision | None:
        rows = list(self._revisions_query(
            f"SELECT {_REVISION_COLUMNS} FROM revisions r JOIN articles a ON a.id = r.article_id"
            " WHERE r.id = ?",
            (revision_id,),
        ))
        return rows[0] if rows else None

    def has_article(self, url: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone()
        return row is not None

    def latest(
        self, since: datetime | str | None = None, *, matching: ArticleFilter | None = None
    ) -> Iterator[Revision]:
        """The newest revision of each article, by URL; with `since`, only articles whose
        newest revision was fetched at or after it (new or changed since then); with
        `matching`, only articles whose newest revision matches it."""
        clauses, params = matching.where() if matching else ([], [])
        if since is not None:
            clauses.append("r.fetched_at >= ?")
            params.append(utc_timestamp(since))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        query = (
            f"SELECT {_REVISION_COLUMNS} FROM articles a"
            f" JOIN revisions r ON r.id = a.latest_revision_id{where} ORDER BY a.url"
        )
        yield from self._revisions_query(query, tuple(params))

    def revisions(
        self,
        url: str | None = None,
        since: datetime | str | None = None,
        *,
        matching: ArticleFilter | None = None,
    ) -> Iterator[Revision]:
        """Every revision (of one article, or of all), oldest first within each article;
        `since` keeps the revisions fetched at or after it, `matching` the articles whose
        newest revision matches it."""
        clauses, params = matching.where() if matching else ([], [])
        if url is not None:
            clauses.append("a.url = ?")
            params.append(url)
        if since is not None:
            clauses.append("r.fetched_at >= ?")
            params.append(utc_timestamp(since))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        query = (
            f"SELECT {_REVISION_COLUMNS} FROM revisions r JOIN articles a ON a.id = r.article_id"
            f"{where} ORDER BY a.url, r.fetched_at, r.id"
        )
        yield from self._revisions_query(query, tuple(params))

    def _revisions_query(self, query: str, params: tuple[Any, ...]) -> Iterator[Revision]:
        # One statement reads from one WAL snapshot, so a long export is consistent even while
        # a crawl writes.
        cursor = self.conn.execute(query, params)
        try:
            while rows := cursor.fetchmany(500):
                yield from (_revision(row) for row in rows)
        finally:
            cursor.close()

    def counts(self) -> dict[str, int]:
        articles, revisions = self.conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM revisions)"
        ).fetchone()
        return {"articles": articles, "revisions": revisions}

    # -- HTTP validators, for conditional requests ---------------------------------------

    def validators(self, url: str) -> Validators | None:
        row = self.conn.execute(
            "SELECT url, etag, last_modified, last_checked, published FROM http_validators"
            " WHERE url = ?",
            (url,),
        ).fetchone()
        return Validators(*row) if row else None

    def save_validators(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        checked: datetime | str | None = None,
    ) -> None:
        """Remember a response's ETag and Last-Modified (None clears a validator the server
        stopped sending). Keeps the publication date recorded from the item."""
        self.conn.execute(
            "INSERT INTO http_validators (url, etag, last_modified, last_checked)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, last_checked = excluded.last_checked",
            (url, etag, last_modified, utc_timestamp(checked)),
        )

    def is_known(self, url: str, before: datetime | str) -> bool:
        """True if `url` was an article or a page with a recorded answer before `before`: what
        an incremental run does not need to fetch again to discover it."""
        moment = utc_timestamp(before)
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM articles WHERE url = :url AND first_seen < :t)"
            " OR EXISTS (SELECT 1 FROM http_validators WHERE url = :url"
            "   AND last_checked IS NOT NULL AND last_checked < :t)",
            {"url": url, "t": moment},
        ).fetchone()
        return bool(row[0])

    def recently_published(self, since: str) -> list[str]:
        """URLs of articles published on or after `since` (`YYYY-MM-DD`), newest first: the
        ones an incremental run re-checks because updates arrive days after publication."""
        rows = self.conn.execute(
            "SELECT url FROM http_validators WHERE published >= ? ORDER BY published DESC, url",
            (since,),
        ).fetchall()
        return [url for (url,) in rows]

    # -- runs ----------------------------------------------------------------------------

    def start_run(self, label: str, started: datetime | str | None = None) -> int:
        """Start the run `label`; a run of that label already in the table (a crawl resumed
        from its job directory) is reopened, keeping its start time."""
        row = self.conn.execute("SELECT id FROM runs WHERE label = ?", (label,)).fetchone()
        if row is not None:
            self.conn.execute(
                "UPDATE runs SET status = 'running', finished = NULL WHERE id = ?", (row[0],)
            )
            return int(row[0])
        cursor = self.conn.execute(
            "INSERT INTO runs (label, started) VALUES (?, ?)", (label, utc_timestamp(started))
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def run_by_label(self, label: str) -> Run | None:
        row = self.conn.execute(
            "SELECT id, label, started, finished, status, reason, counts FROM runs"
            " WHERE label = ?",
            (label,),
        ).fetchone()
        return _run(row) if row else None

    def finish_run(
        self,
        run_id: int,
        status: str,
        *,
        reason: str | None = None,
        counts: Mapping[str, int] | None = None,
        finished: datetime | str | None = None,
    ) -> None:
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        self.conn.execute(
            "UPDATE runs SET finished = ?, status = ?, reason = ?, counts = ? WHERE id = ?",
            (utc_timestamp(finished), status, reason, json.dumps(dict(counts or {})), run_id),
        )

    def run(self, run_id: int) -> Run | None:
        row = self.conn.execute(
            "SELECT id, label, started, finished, status, reason, counts FROM runs WHERE id = ?",
            (run_id,),
        ).fetchone()
        return _run(row) if row else None

    def runs(self) -> list[Run]:
        """Every run, oldest first."""
        rows = self.conn.execute(
            "SELECT id, label, started, finished, status, reason, counts FROM runs"
            " ORDER BY started, id"
        ).fetchall()
        return [_run(row) for row in rows]

    def last_successful_run(self) -> Run | None:
        """The most recent run that went through the whole site (status ok or partial)."""
        row = self.conn.execute(
            "SELECT id, label, started, finished, status, reason, counts FROM runs"
            f" WHERE status IN {SUCCESSFUL_RUN_STATUSES!r} ORDER BY started DESC, id DESC LIMIT 1"
        ).fetchone()
        return _run(row) if row else None
