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

The tables, views, index and triggers are made by the migrations (migrations.py), which hold
their own frozen copy of the SQL and of the filling of existing articles; what is here is what
the store runs for every new revision, and must agree with the latest schema.
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

# The full-text index over headline, body and updates of `articles` (made by migration 3).
FTS_TABLE = "articles_fts"


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

