"""Interim: minimal parse_article so that the crawl can be built against the interface."""

from __future__ import annotations

from datetime import datetime

import lxml.html

from nul20scraper import __version__
from nul20scraper.extract.result import ITEM_FIELDS, ArticleItem, NotArticle
from nul20scraper.urls import canonical_url, origin_of


def parse_article(
    page: bytes | str, url: str | None = None, fetched_at: datetime | str | None = None
) -> ArticleItem | NotArticle:
    if not page or not page.strip():
        return NotArticle("empty", "empty document", url)
    tree = lxml.html.fromstring(page)
    h1 = tree.xpath("//h1")
    if not h1 or "/edities/" in (url or "") or "/taxonomy/" in (url or ""):
        return NotArticle("listing", "no article headline", url)
    item: ArticleItem = dict.fromkeys(ITEM_FIELDS)
    item.update(
        url=canonical_url(url, origin_of(url)) if url else None,
        headline=h1[0].text_content().strip(), authors=[], body=[], updates=[], tags=[],
        related=[], language="nl", parser_version=__version__, warnings=[],
        fetched_at=fetched_at.isoformat() if isinstance(fetched_at, datetime) else fetched_at,
    )
    return item
