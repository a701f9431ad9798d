"""How fast the store's relational face answers on a large archive.

Fills a store with N articles made from the fixture items (URLs, dates, tags and authors
varied), then times the README's example queries, the list views, a filtered export query and
a full-text search. The views read the latest revisions' JSON each time (views.py); this says
whether that is fast enough or tables should be materialised. Figures are ratios against a plain
`SELECT count(*) FROM articles`, measured in the same run.

    python benchmarks/store_views_bench.py [N]   (default 20000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nul20scraper.archive.query import ArticleFilter  # noqa: E402
from nul20scraper.archive.search import search  # noqa: E402
from nul20scraper.archive.store import Store  # noqa: E402
from tests.archive_fixture_store import fixture_items  # noqa: E402
from tests.test_archive_views import readme_queries  # noqa: E402


def fill(path: Path, count: int) -> float:
    items = fixture_items()
    start = time.perf_counter()
    with Store.open(path) as store:
        for i in range(count):
            item = dict(items[i % len(items)])
            year = 2009 + i % 15
            item["url"] = f"{item['url']}-{i}"
            item["published"] = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            item["authors"] = [f"Auteur {i % 300}", *item["authors"]]
            item["tags"] = [*item["tags"], {"name": f"Thema {i % 80}",
                                            "url": f"https://www.nul20.nl/trefwoorden/t{i % 80}"}]
            store.record(item)
    return time.perf_counter() - start


def best_of(runs: int, action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.sqlite"
        seconds = fill(path, count)
        print(f"filled {count} articles in {seconds:.1f} s ({count / seconds:.0f} records/s)")
        with Store.open_readonly(path) as store:
            conn = store.conn
            year_query, author_query = readme_queries()
            author_query = author_query.replace("'Jaap Kuiper'", "'Auteur 7'")
            cases = {
                "baseline: count(*) FROM articles":
                    lambda: conn.execute("SELECT count(*) FROM articles").fetchall(),
                "README: 2021 articles with their tags":
                    lambda: conn.execute(year_query).fetchall(),
                "README: an author's articles per year":
                    lambda: conn.execute(author_query).fetchall(),
                "tags view (all tags, counts)":
                    lambda: conn.execute("SELECT * FROM tags").fetchall(),
                "count(*) FROM related":
                    lambda: conn.execute("SELECT count(*) FROM related").fetchall(),
                "export filter: tag and author":
                    lambda: list(store.latest(matching=ArticleFilter(
                        tags=("Thema 3",), authors=("Auteur 3",)))),
                "search 'corporaties', 20 best":
                    lambda: search(store, "corporaties", limit=20),
                "search with --tag filter":
                    lambda: search(store, "corporaties", ArticleFilter(tags=("Thema 3",))),
            }
            baseline = best_of(5, cases["baseline: count(*) FROM articles"])
            for name, action in cases.items():
                seconds = best_of(3, action)
                print(f"{name:<42} {seconds * 1000:8.1f} ms  ({seconds / baseline:7.1f}x baseline)")


if __name__ == "__main__":
    main()
