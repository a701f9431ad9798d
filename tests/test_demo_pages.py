"""The demo mirror bundles copies of fixture pages (so an installed package has them):
they must stay the reviewed fixtures, byte for byte."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "nul20scraper" / "demo" / "pages"


def test_demo_pages_are_the_fixture_pages() -> None:
    pages = sorted(DEMO.iterdir())
    assert len(pages) >= 10
    for page in pages:
        fixture = ROOT / "fixtures" / "pages" / page.name
        assert fixture.exists(), f"{page.name} is not a fixture page"
        assert page.read_bytes() == fixture.read_bytes(), (
            f"{page.name} differs from its fixture: cp fixtures/pages/{page.name} {DEMO}/")
