"""A store filled from the fixture pages with the parser and Store.record, for the tests of the
archive's read side (views, search, export filters, show, report, explore)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nul20scraper.archive.store import Store
from nul20scraper.extract import NotArticle
from tests.fixture_pages import load_fixtures


def fixture_items() -> list[dict[str, Any]]:
    """The items of the article fixtures, in file-name order (the other renderings aside: they
    are other renderings and themes of the site, not more of its articles)."""
    items = []
    for fixture in load_fixtures(renderings=False):
        result = fixture.parse()
        if not isinstance(result, NotArticle):
            items.append(result)
    return items


def fill_store(path: Path) -> list[dict[str, Any]]:
    """A store at `path` holding every fixture item; returns the items recorded."""
    items = fixture_items()
    with Store.open(path) as store:
        for item in items:
            store.record(item)
    return items
