"""Export archived items as JSON Lines or CSV.

JSONL: one item per line, exactly as stored, valid against schema/article.schema.json.

CSV: one row per item, the columns of ITEM_FIELDS in order, UTF-8 (with a byte-order mark when
asked, so that spreadsheet programs read it as UTF-8), a header row. Flattening:
- lists of strings are joined: `body` paragraphs with a blank line ("\\n\\n"), `authors`,
  `warnings` with "; ";
- structured values (`image`, `updates`, `tags`, `related`) are compact JSON text;
- null is the empty cell.

No Parquet: pyarrow, the well-kept way to write it, is a wheel of about 40 MB (more installed)
for what pandas, polars or duckdb make of the CSV or JSONL in one line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, time
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from nul20scraper.archive.query import ArticleFilter
from nul20scraper.archive.store import Store
from nul20scraper.extract import ITEM_FIELDS

FORMATS = ("jsonl", "csv")

_JOINERS = {"body": "\n\n", "authors": "; ", "warnings": "; "}
SITE_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def parse_since(value: str) -> datetime:
    """`--since` value: a date (`2024-05-01`, midnight Amsterdam time, the site's) or an ISO
    datetime (naive = Amsterdam time). Raises ValueError on anything else."""
    value = value.strip()
    if len(value) == 10:
        moment = datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(), time())
    else:
        moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=SITE_TIMEZONE)


def exported_items(
    store: Store,
    *,
    since: datetime | None = None,
    revisions: bool = False,
    matching: ArticleFilter | None = None,
) -> Iterator[dict[str, Any]]:
    """The latest revision of each article (or every revision), new or changed since `since`
    (fetch time), of the articles whose latest revision is `matching`."""
    rows = (
        store.revisions(since=since, matching=matching) if revisions
        else store.latest(since=since, matching=matching)
    )
    for revision in rows:
        yield revision.item


def write_jsonl(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    return count


def csv_cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and name in _JOINERS:
        return _JOINERS[name].join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def write_csv(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(ITEM_FIELDS)
    count = 0
    for item in items:
        writer.writerow([csv_cell(name, item.get(name)) for name in ITEM_FIELDS])
        count += 1
    return count


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
