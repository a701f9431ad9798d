"""Full-text search over the latest revisions: headline, body and updates (views.FTS_TABLE).

The query is FTS5's own syntax (words, "a phrase", AND/OR/NOT, prefix*, headline:word); hits
come best first by bm25, each with a snippet whose matched words are in [brackets].
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from nul20scraper.archive.query import ArticleFilter
from nul20scraper.archive.store import Store
from nul20scraper.archive.views import FTS_TABLE

MATCH_START, MATCH_END, ELLIPSIS = "[", "]", "…"
SNIPPET_TOKENS = 16


class SearchQueryError(ValueError):
    """FTS5 refused the query (syntax error, unknown column); the message is SQLite's."""


@dataclass(frozen=True)
class SearchHit:
    url: str
    headline: str | None
    published: str | None
    article_type: str | None
    snippet: str
    rank: float  # bm25: lower is better


def search(
    store: Store, query: str, matching: ArticleFilter | None = None, limit: int = 20
) -> list[SearchHit]:
    """The best `limit` articles for `query` among those `matching`."""
    clauses, params = matching.where() if matching else ([], [])
    where = "".join(f" AND {clause}" for clause in clauses)
    sql = (
        f"SELECT a.url, a.headline, a.published, a.article_type,"
        f" snippet({FTS_TABLE}, -1, ?, ?, ?, {SNIPPET_TOKENS}), bm25({FTS_TABLE})"
        f" FROM {FTS_TABLE} JOIN articles a ON a.id = {FTS_TABLE}.rowid"
        f" WHERE {FTS_TABLE} MATCH ?{where} ORDER BY bm25({FTS_TABLE}), a.url LIMIT ?"
    )
    try:
        rows = store.conn.execute(
            sql, (MATCH_START, MATCH_END, ELLIPSIS, query, *params, limit)
        ).fetchall()
    except sqlite3.OperationalError as exc:
        # FTS5 rejects a query with the generic SQLITE_ERROR ("fts5: syntax error near",
        # "unterminated string", "no such column"); a locked, unreadable or damaged file has
        # codes of its own and is not the user's query.
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_ERROR:
            raise SearchQueryError(str(exc)) from exc
        raise
    return [
        SearchHit(url, headline, published, article_type, " ".join(snippet.split()), rank)
        for url, headline, published, article_type, snippet, rank in rows
    ]
