"""What a parse returns: an article item (the contract in the README) or a NotArticle verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# The item contract, in output order. Researchers' scripts depend on these names.
ITEM_FIELDS: tuple[str, ...] = (
    "url", "headline", "published", "updated", "article_type", "section", "kicker",
    "authors", "photo_credit", "image", "body", "updates", "tags", "related",
    "language", "fetched_at", "parser_version", "warnings",
)

# Fields that describe the page's content; the rest describe the fetch and the parse.
# A revision of an article is a change in these.
CONTENT_FIELDS: tuple[str, ...] = tuple(
    f for f in ITEM_FIELDS if f not in {"fetched_at", "parser_version", "warnings"}
)

ArticleItem = dict[str, Any]

NotArticleKind = Literal[
    "empty", "binary", "unreadable", "listing", "tag", "author", "search", "agenda",
    "edition", "no-content",
]


@dataclass(frozen=True)
class NotArticle:
    """A page that yields no article item, and why."""

    kind: NotArticleKind
    reason: str
    url: str | None = None
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"not an article ({self.kind}): {self.reason}"
