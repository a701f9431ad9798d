"""The demo mirror serves the reviewed fixture pages themselves (a link, not a copy)."""

from __future__ import annotations

from pathlib import Path

from nul20scraper.demo import PAGES_DIR

ROOT = Path(__file__).resolve().parent.parent


def test_demo_pages_are_the_fixture_pages() -> None:
    assert PAGES_DIR.resolve() == (ROOT / "fixtures" / "pages").resolve()
    assert len(list(PAGES_DIR.glob("*.html"))) >= 14
