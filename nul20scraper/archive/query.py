"""What researchers filter articles on, as SQL over the store's relational face (views.py).

Every filter applies to an article's latest revision, read through `articles` (alias `a`).
Dates are the site's calendar dates (`YYYY-MM-DD`, the date part of `published`, which is
Amsterdam time); a month-only date (`2009-03`, some videos) counts as the month's first day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The publication day of `a`, `YYYY-MM-DD`; `2009-03` becomes `2009-03-01`.
PUBLISHED_DAY_SQL = "substr(a.published || '-01', 1, 10)"


def parse_day(value: str) -> str:
    """A `--published-since`-style value (`YYYY-MM-DD`) checked and returned; ValueError
    otherwise."""
    value = value.strip()
    if not _ISO_DAY.match(value):
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}")
    date.fromisoformat(value)  # rejects 2021-02-30
    return value


@dataclass(frozen=True)
class ArticleFilter:
    """Articles whose latest revision matches every given condition (None or empty: any)."""

    published_since: str | None = None  # YYYY-MM-DD, inclusive
    published_until: str | None = None  # YYYY-MM-DD, inclusive
    article_type: str | None = None  # as the site shows it, case-insensitive
    tags: tuple[str, ...] = field(default=())  # tag names or tag URLs, all of them
    authors: tuple[str, ...] = field(default=())  # byline names, all of them

    def where(self) -> tuple[list[str], list[str]]:
        """SQL conditions on `a` (to be joined with AND) and their parameters."""
        clauses: list[str] = []
        params: list[str] = []
        if self.published_since is not None:
            clauses.append(f"{PUBLISHED_DAY_SQL} >= ?")
            params.append(self.published_since)
        if self.published_until is not None:
            clauses.append(f"{PUBLISHED_DAY_SQL} <= ?")
            params.append(self.published_until)
        if self.article_type is not None:
            clauses.append("a.article_type = ? COLLATE NOCASE")
            params.append(self.article_type)
        for tag in self.tags:
            clauses.append(
                "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id"
                " AND (t.tag = ? COLLATE NOCASE OR t.tag_url = ?))"
            )
            params.extend((tag, tag))
        for author in self.authors:
            clauses.append(
                "EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id"
                " AND w.author = ? COLLATE NOCASE)"
            )
            params.append(author)
        return clauses, params

    def __bool__(self) -> bool:
        return any((self.published_since, self.published_until, self.article_type,
                    self.tags, self.authors))
