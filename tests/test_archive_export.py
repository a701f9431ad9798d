"""Export: JSONL rows valid against the item schema, CSV flattening, --since, --revisions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nul20scraper.archive.export import csv_cell, parse_since
from nul20scraper.archive.store import Store
from nul20scraper.cli import main
from nul20scraper.extract import ITEM_FIELDS

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "nul20scraper" / "schema" / "article.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def make_item(url: str, fetched_at: str, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "url": url, "headline": "Corporaties bouwen minder", "published": "2021-07-05",
        "updated": None, "article_type": "Nieuws", "section": None, "kicker": None,
        "authors": ["Amaury Miller", "Jan de Vries"], "photo_credit": "Foto: Amaury Miller",
        "image": {"url": "https://www.nul20.nl/files/foto.jpg", "caption": None},
        "body": ["Eerste alinea.", "Tweede alinea."],
        "updates": [{"date": "2021-07-08", "label": "update 8 juli", "text": "Meer nieuws."}],
        "tags": [{"name": "NUL20 nieuws", "url": "https://www.nul20.nl/tags/nul20-nieuws"}],
        "related": [], "language": "nl", "fetched_at": fetched_at, "parser_version": "1.0",
        "warnings": [],
    }
    item.update(fields)
    return item


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "nul20.sqlite"
    with Store.open(path) as store:
        store.record(make_item("https://www.nul20.nl/a", "2022-01-01T10:00:00Z"))
        store.record(make_item("https://www.nul20.nl/a", "2022-03-01T10:00:00Z",
                               updated="2022-02-28", headline="Corporaties bouwen meer"))
        store.record(make_item("https://www.nul20.nl/b", "2022-01-02T10:00:00Z"))
    return path


def export(store_path: Path, tmp_path: Path, *args: str) -> tuple[int, str]:
    out = tmp_path / "out"
    status = main(["export", "--store", str(store_path), "-o", str(out), *args])
    return status, out.read_text(encoding="utf-8") if out.exists() else ""


def test_jsonl_latest_rows_validate_against_the_schema(store_path: Path, tmp_path: Path) -> None:
    status, text = export(store_path, tmp_path, "--format", "jsonl")
    assert status == 0
    rows = [json.loads(line) for line in text.splitlines()]
    assert [(r["url"], r["headline"]) for r in rows] == [
        ("https://www.nul20.nl/a", "Corporaties bouwen meer"),
        ("https://www.nul20.nl/b", "Corporaties bouwen minder"),
    ]
    for row in rows:
        VALIDATOR.validate(row)


def test_revisions_gives_every_revision_oldest_first(store_path: Path, tmp_path: Path) -> None:
    status, text = export(store_path, tmp_path, "--revisions")
    rows = [json.loads(line) for line in text.splitlines()]
    assert status == 0
    assert [(r["url"], r["fetched_at"]) for r in rows] == [
        ("https://www.nul20.nl/a", "2022-01-01T10:00:00Z"),
        ("https://www.nul20.nl/a", "2022-03-01T10:00:00Z"),
        ("https://www.nul20.nl/b", "2022-01-02T10:00:00Z"),
    ]
    for row in rows:
        VALIDATOR.validate(row)


def test_since_keeps_articles_new_or_changed_since(store_path: Path, tmp_path: Path) -> None:
    status, text = export(store_path, tmp_path, "--since", "2022-02-01")
    assert status == 0
    assert [json.loads(line)["url"] for line in text.splitlines()] == ["https://www.nul20.nl/a"]
    # A date is midnight in Amsterdam: 2022-01-02 00:00+01:00 is 2022-01-01 23:00Z.
    _, text = export(store_path, tmp_path, "--since", "2022-01-02", "--revisions")
    assert len(text.splitlines()) == 2


def test_csv_has_item_columns_and_flattened_lists(store_path: Path, tmp_path: Path) -> None:
    status, text = export(store_path, tmp_path, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(ITEM_FIELDS)
    assert len(rows) == 2
    first = rows[0]
    assert first["body"] == "Eerste alinea.\n\nTweede alinea."
    assert first["authors"] == "Amaury Miller; Jan de Vries"
    assert json.loads(first["tags"]) == [
        {"name": "NUL20 nieuws", "url": "https://www.nul20.nl/tags/nul20-nieuws"}]
    assert first["section"] == ""
    assert first["warnings"] == ""
    assert csv_cell("image", None) == ""


def test_the_output_name_chooses_the_format_unless_given(store_path: Path,
                                                         tmp_path: Path) -> None:
    by_name = tmp_path / "articles.CSV"
    assert main(["export", "--store", str(store_path), "-o", str(by_name)]) == 0
    assert by_name.read_text(encoding="utf-8").splitlines()[0] == ",".join(ITEM_FIELDS)
    status, text = export(store_path, tmp_path)  # a name without .csv: JSON Lines
    assert status == 0 and [json.loads(line)["url"] for line in text.splitlines()] == [
        "https://www.nul20.nl/a", "https://www.nul20.nl/b"]
    forced = tmp_path / "lines.csv"
    assert main(["export", "--store", str(store_path), "--format", "jsonl", "-o",
                 str(forced)]) == 0
    assert json.loads(forced.read_text(encoding="utf-8").splitlines()[0])["url"]


def test_usage_errors(store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--store", str(store_path), "--since", "gisteren"]) == 2
    assert main(["export", "--store", str(tmp_path / "missing.sqlite")]) == 2
    assert not (tmp_path / "missing.sqlite").exists()
    err = capsys.readouterr().err
    assert "not a date" in err and "no store" in err


def test_parse_since() -> None:
    assert parse_since("2022-02-01").isoformat() == "2022-02-01T00:00:00+01:00"
    assert parse_since("2022-07-01T12:00:00Z").isoformat() == "2022-07-01T12:00:00+00:00"
    with pytest.raises(ValueError):
        parse_since("1 februari")
