"""The archive store: revisions, migrations, validators, runs, and readers during writes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from nul20scraper.archive.alarm import check_run
from nul20scraper.archive.migrations import MIGRATIONS, SCHEMA_VERSION, SchemaTooNew, migrate
from nul20scraper.archive.revision import canonical_json, content_hash
from nul20scraper.archive.store import Store, utc_timestamp
from nul20scraper.extract import ITEM_FIELDS

URL = "https://www.nul20.nl/nieuwe-huurwet-gaat-in"


def make_item(url: str = URL, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "url": url, "headline": "Nieuwe huurwet gaat in", "published": "2021-07-05",
        "updated": None, "article_type": "Nieuws", "section": None, "kicker": None,
        "authors": ["Amaury Miller"], "photo_credit": None, "image": None,
        "body": ["Eerste alinea.", "Tweede alinea."], "updates": [], "tags": [],
        "related": [], "language": "nl", "fetched_at": "2022-01-24T10:00:00+01:00",
        "parser_version": "1.0", "warnings": [],
    }
    item.update(fields)
    return item


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "data" / "nul20.sqlite") as opened:
        yield opened


def test_content_hash_ignores_fetch_and_parse_fields() -> None:
    base = make_item()
    refetched = make_item(fetched_at="2023-01-01T00:00:00Z", parser_version="2.0",
                          warnings=["teaser date guessed"])
    assert content_hash(base) == content_hash(refetched)
    assert content_hash(base) != content_hash(make_item(body=["Eerste alinea."]))
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_first_record_is_new_and_stores_the_item(store: Store) -> None:
    assert store.record(make_item(), node_id=1234) == "new"
    [revision] = store.latest()
    assert revision.item == make_item()
    assert list(revision.item) == list(ITEM_FIELDS)
    assert revision.url == URL
    assert revision.parser_version == "1.0"
    assert revision.fetched_at == "2022-01-24T09:00:00.000000Z"
    assert store.conn.execute("SELECT node_id FROM articles").fetchone() == (1234,)


def test_unchanged_article_adds_no_revision_but_moves_last_seen(store: Store) -> None:
    store.record(make_item())
    later = make_item(fetched_at="2022-02-01T08:00:00Z", parser_version="1.1")
    assert store.record(later) == "unchanged"
    assert store.counts() == {"articles": 1, "revisions": 1}
    first_seen, last_seen = store.conn.execute(
        "SELECT first_seen, last_seen FROM articles").fetchone()
    assert (first_seen, last_seen) == ("2022-01-24T09:00:00.000000Z", "2022-02-01T08:00:00.000000Z")


@pytest.mark.parametrize(
    "change",
    [
        {"updates": [{"date": "2021-07-08", "label": "update 8 juli", "text": "Uitgesteld."}]},
        {"body": ["Eerste alinea, herschreven.", "Tweede alinea."]},
        {"updated": "2021-07-09"},
    ],
    ids=["update-block", "edited-body", "geactualiseerd-op"],
)
def test_changed_article_adds_a_revision_and_keeps_the_old(
    store: Store, change: dict[str, Any]
) -> None:
    store.record(make_item())
    changed = make_item(fetched_at="2022-02-01T08:00:00Z", **change)
    assert store.record(changed) == "revised"
    assert store.counts() == {"articles": 1, "revisions": 2}
    old, new = store.revisions(URL)
    assert old.item == make_item()
    assert new.item == changed
    [latest] = store.latest()
    assert latest.item == changed


def test_reverted_content_is_a_revision_again(store: Store) -> None:
    store.record(make_item(fetched_at="2022-01-01T00:00:00Z"))
    store.record(make_item(fetched_at="2022-01-02T00:00:00Z", headline="Fout"))
    assert store.record(make_item(fetched_at="2022-01-03T00:00:00Z")) == "revised"
    assert [r.item["headline"] for r in store.revisions(URL)] == [
        "Nieuwe huurwet gaat in", "Fout", "Nieuwe huurwet gaat in"]


def test_old_fetch_recorded_late_is_compared_with_its_own_time(store: Store) -> None:
    # A re-parse of an old WARC after newer crawls: files in time order, latest stays latest.
    store.record(make_item(fetched_at="2022-01-01T00:00:00Z"))
    store.record(make_item(fetched_at="2022-03-01T00:00:00Z", updated="2022-02-20"))
    assert store.record(make_item(fetched_at="2022-01-15T00:00:00Z")) == "unchanged"
    assert store.record(make_item(fetched_at="2022-03-05T00:00:00Z", updated="2022-02-20")) == (
        "unchanged")
    [latest] = store.latest()
    assert latest.item["updated"] == "2022-02-20"


def test_latest_and_revisions_since(store: Store) -> None:
    store.record(make_item(fetched_at="2022-01-01T00:00:00Z"))
    store.record(make_item(url=URL + "-2", fetched_at="2022-01-01T00:00:00Z"))
    store.record(make_item(fetched_at="2022-03-01T00:00:00Z", headline="Nieuw"))
    assert [r.item["headline"] for r in store.latest(since="2022-02-01T00:00:00Z")] == ["Nieuw"]
    assert len(list(store.latest())) == 2
    assert len(list(store.revisions())) == 3
    assert len(list(store.revisions(since="2022-02-01T00:00:00Z"))) == 1


def test_item_without_url_is_refused_and_nothing_written(store: Store) -> None:
    with pytest.raises(ValueError):
        store.record(make_item(url=None))
    assert store.counts() == {"articles": 0, "revisions": 0}


def test_validators_and_recent_articles(store: Store) -> None:
    assert store.validators(URL) is None
    store.record(make_item(published="2022-01-20T09:30:00+01:00"))
    store.record(make_item(url=URL + "-oud", published="2019-05-01"))
    store.save_validators(URL, etag='"abc"', last_modified="Mon, 24 Jan 2022 09:00:00 GMT",
                          checked="2022-01-24T10:00:00Z")
    validators = store.validators(URL)
    assert validators is not None
    assert (validators.etag, validators.last_modified, validators.published) == (
        '"abc"', "Mon, 24 Jan 2022 09:00:00 GMT", "2022-01-20")
    assert store.recently_published("2022-01-10") == [URL]
    store.save_validators(URL, etag=None, last_modified=None)
    assert store.validators(URL).etag is None  # type: ignore[union-attr]
    assert store.validators(URL).published == "2022-01-20"  # type: ignore[union-attr]


def test_runs(store: Store) -> None:
    assert store.last_successful_run() is None
    first = store.start_run("run-1", started="2022-01-01T00:00:00Z")
    store.finish_run(first, "ok", reason="finished", counts={"new_articles": 3})
    second = store.start_run("run-2", started="2022-01-02T00:00:00Z")
    store.finish_run(second, "fatal", reason="cancelled")
    store.start_run("run-3", started="2022-01-03T00:00:00Z")  # still running or killed
    last = store.last_successful_run()
    assert last is not None
    assert (last.label, last.status, last.counts) == ("run-1", "ok", {"new_articles": 3})
    with pytest.raises(ValueError):
        store.finish_run(second, "fine")


def test_utc_timestamp_orders_as_text() -> None:
    stamps = [utc_timestamp(v) for v in
              ("2022-01-01T00:30:00+01:00", "2021-12-31T23:45:00Z", "2022-01-01")]
    assert stamps == ["2021-12-31T23:30:00.000000Z", "2021-12-31T23:45:00.000000Z",
                      "2022-01-01T00:00:00.000000Z"]
    assert sorted(stamps) == stamps


# -- migrations ---------------------------------------------------------------------------

def test_new_store_is_at_the_latest_schema_and_reopening_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.record(make_item())
    with Store.open(path) as store:
        assert store.counts() == {"articles": 1, "revisions": 1}
        assert migrate(store.conn) == 0


def test_migrations_apply_in_order_from_an_older_store(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
    assert migrate(conn, MIGRATIONS) == len(MIGRATIONS)
    extra = [*MIGRATIONS, ["ALTER TABLE articles ADD COLUMN note TEXT"]]
    assert migrate(conn, extra) == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(extra)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(articles)")]
    assert "note" in columns


def old_store_with_a_run(path: Path, articles: int) -> None:
    """A store of schema 3 (before layers were recorded) holding one run of `articles`
    revisions, written as the code of that schema wrote them."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:3])
    stamp = "2024-01-01T00:00:00.000000Z"
    conn.execute("INSERT INTO runs (id, label, started, finished, status) VALUES"
                 " (1, 'run-old', ?, ?, 'ok')", (stamp, stamp))
    for n in range(articles):
        item = make_item(f"https://www.nul20.nl/oud-{n}", parser_version="0.1.0+drupal7.1",
                         tags=[{"name": "Erfpacht", "url": None}])
        conn.execute("INSERT INTO articles (id, url, first_seen, last_seen) VALUES (?, ?, ?, ?)",
                     (n + 1, item["url"], stamp, stamp))
        conn.execute("INSERT INTO revisions (id, article_id, content_hash, item, fetched_at,"
                     " parser_version, created, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                     (n + 1, n + 1, content_hash(item), json.dumps(item), stamp,
                      item["parser_version"], stamp))
        conn.execute("UPDATE articles SET latest_revision_id = ? WHERE id = ?", (n + 1, n + 1))
    conn.close()


def test_migration_4_leaves_old_revisions_without_layers_and_the_alarm_ignores_them(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old_store_with_a_run(path, 30)
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "layers" in [row[1] for row in store.conn.execute("PRAGMA table_info(revisions)")]
        old = list(store.revisions())
        assert len(old) == 30 and {r.layers for r in old} == {None}

        def run(label: str, start: int, tags_layer: str) -> int:
            run_id = store.start_run(label)
            for n in range(start, start + 25):
                item = make_item(f"https://www.nul20.nl/nieuw-{n}",
                                 parser_version="0.1.0+drupal7.1",
                                 tags=[{"name": "Erfpacht", "url": None}])
                store.record(item, run_id=run_id, layers={"headline": "cms", "tags": tags_layer})
            return run_id

        # The first run with layers has nothing to compare its layer shares with: the 30
        # revisions before carry no layers, and count neither as cms nor as anything else.
        second = run("run-2", 0, "cms")
        result = check_run(store, second)
        assert [(c.articles, c.articles_before, c.with_layers, c.with_layers_before)
                for c in result.layouts] == [(25, 30, 25, 0)]
        assert result.drops == [] and result.verdict == "silent"
        # ... which "silent" must not hide: the layer half did not look.
        assert result.layer_verdict == (
            "not compared for drupal7: 0 earlier revisions with layers (20 needed), "
            "25 of this run (20 needed)")
        # The next one is compared with the 25 that have layers only.
        third = run("run-3", 100, "labels")
        [drop] = check_run(store, third).drops
        assert (drop.field, drop.figure, drop.articles, drop.articles_before,
                drop.share_before) == ("tags", "answered by cms", 25, 25, 1.0)
        # The old rows are still there, still without layers.
        assert store.revision(1) is not None and store.revision(1).layers is None


def test_an_unchanged_page_gives_its_layers_only_to_the_revision_of_the_same_record(
        tmp_path: Path) -> None:
    """A `reparse` of the WARC files after migration 4 fills in the layers of the revisions
    parsed from those very records; another fetch of the same content lends none."""
    warc = tmp_path / "warc" / "a.warc.gz"
    layers = {"headline": "cms"}
    with Store.open(tmp_path / "s.sqlite") as store:
        item = make_item("https://www.nul20.nl/a")
        assert store.record(item, warc_file=warc, warc_offset=100) == "new"
        other = make_item("https://www.nul20.nl/b")
        assert store.record(other, warc_file=warc, warc_offset=900) == "new"
        assert store.record(other) == "unchanged"  # the same content, no WARC record: no layers
        assert store.record(item, warc_file=warc, warc_offset=500, layers=layers) == "unchanged"
        assert store.record(other, warc_file=warc, warc_offset=900, layers=layers) == (
            "unchanged")
        stored = {r.url: r for r in store.revisions()}
        assert stored["https://www.nul20.nl/a"].layers is None  # another record: not lent
        assert stored["https://www.nul20.nl/b"].layers == layers  # its own record
        # Layers once there are kept: a later parse of the same record does not overwrite them.
        store.record(other, warc_file=warc, warc_offset=900, layers={"headline": "labels"})
        assert store.revision(stored["https://www.nul20.nl/b"].id).layers == layers


def test_failed_migration_leaves_the_previous_schema(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
    migrate(conn)
    broken = [*MIGRATIONS, ["CREATE TABLE extra (x)", "THIS IS NOT SQL"]]
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, broken)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchone() is None


def test_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew):
        Store.open(path)


# -- a reader in another process while a crawl writes -----------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from nul20scraper.archive.store import Store
    store = Store.open(sys.argv[1])
    item = {json_item}
    for i in range({rounds}):
        for k in range(5):
            item = dict(item, url=f"https://www.nul20.nl/artikel-{{k}}",
                        body=[f"versie {{i}}", "x" * 5000],
                        fetched_at=f"2022-01-01T00:{{i // 60:02d}}:{{i % 60:02d}}Z")
            store.record(item)
    print("done", flush=True)
    """
)


def test_reader_never_sees_a_half_written_revision(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    rounds = 200
    script = WRITER.format(json_item=repr(make_item()), rounds=rounds)
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True
    )
    reader = sqlite3.connect(path, isolation_level=None)
    checks = 0
    deadline = time.monotonic() + 60
    try:
        while writer.poll() is None and time.monotonic() < deadline:
            # One statement = one snapshot: each article must come with its latest revision,
            # and that revision's stored item must hash to its content_hash.
            rows = reader.execute(
                "SELECT a.url, a.latest_revision_id, r.id, r.item, r.content_hash,"
                " (SELECT count(*) FROM revisions x WHERE x.article_id = a.id)"
                " FROM articles a LEFT JOIN revisions r ON r.id = a.latest_revision_id"
            ).fetchall()
            for url, latest_id, revision_id, item, chash, count in rows:
                assert latest_id is not None and revision_id == latest_id, url
                loaded = json.loads(item)
                assert loaded["url"] == url
                assert content_hash(loaded) == chash
                assert count >= 1
                assert loaded["body"][0] == f"versie {count - 1}"
            checks += 1
    finally:
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert checks > 5  # the reader really ran alongside the writer
    total = reader.execute("SELECT count(*) FROM revisions").fetchone()[0]
    assert total == 5 * rounds


def fill_up(store: Store) -> None:
    """Let the store grow no further: SQLite then fails writes with SQLITE_FULL, as on a full
    disk (`PRAGMA max_page_count`), without needing a full filesystem."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_store_reports_its_own_error_not_the_failed_rollback(store: Store) -> None:
    store.record(make_item())
    fill_up(store)
    big = make_item(url=URL + "-2", body=["Een lange alinea. " * 2000])
    with pytest.raises(sqlite3.OperationalError) as full:
        store.record(big)
    assert str(full.value) == "database or disk is full"
    # Nothing half-written, no transaction left open: the next small write still works.
    assert not store.conn.in_transaction
    assert store.counts() == {"articles": 1, "revisions": 1}
    store.conn.execute("PRAGMA max_page_count = 1000000")
    assert store.record(big) == "new"


def test_a_failed_commit_is_reraised_with_its_own_message(store: Store) -> None:
    class CommitFails(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
            if sql == "COMMIT":
                super().execute("ROLLBACK")  # what SQLite does itself on SQLITE_FULL
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args)

    failing = sqlite3.connect(store.path, isolation_level=None, factory=CommitFails)
    with Store(failing, store.path) as broken, pytest.raises(sqlite3.OperationalError) as exc:
        broken.record(make_item())
    assert str(exc.value) == "database or disk is full"
    assert store.counts() == {"articles": 0, "revisions": 0}
