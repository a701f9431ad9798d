"""The fixture pages under fixtures/pages: each page, its sidecar and its expected item."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nul20scraper.extract import NotArticle, parse_article

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
# Pages in markups the other fixtures' themes do not have (a Web Archive replay, print, AMP and
# mobile renderings, other themes of the same content): parser fixtures, kept out of the
# demo's mirror site and the archive's fixture store, whose counts describe the site itself.
RENDERINGS = PAGES / "renderings"
EXPECTED = ROOT / "fixtures" / "expected"


@dataclass(frozen=True)
class Fixture:
    name: str
    page: Path
    url: str
    fetched_at: str | None
    kind: str
    layout: str = "other"  # the sidecar's layout: drupal7, drupal10, or the markup of another theme

    @property
    def expected_path(self) -> Path:
        return EXPECTED / f"{self.name}.json"

    def parse(self) -> dict[str, Any] | NotArticle:
        return parse_article(self.page.read_bytes(), self.url, self.fetched_at)

    def expected(self) -> dict[str, Any]:
        return json.loads(self.expected_path.read_text(encoding="utf-8"))


def load_fixtures(renderings: bool = True) -> list[Fixture]:
    """Every fixture page, in file-name order; without renderings/ if asked."""
    fixtures = []
    pages = [*PAGES.glob("*.htm*"), *(RENDERINGS.glob("*.htm*") if renderings else ())]
    for page in sorted(pages, key=lambda path: path.name):
        sidecar = json.loads(page.with_suffix(".meta.json").read_text(encoding="utf-8"))
        fixtures.append(Fixture(page.stem, page, sidecar["url"], sidecar.get("fetched_at"),
                                sidecar.get("kind", "article"), sidecar.get("layout", "other")))
    return fixtures


def as_expected(result: dict[str, Any] | NotArticle) -> dict[str, Any]:
    """What the expected file holds: the item, or the not-an-article verdict's kind."""
    if isinstance(result, NotArticle):
        return {"not_article": {"kind": result.kind}}
    return result
