"""Offline re-parse: run the current parser over the responses captured in WARC files and record
the items in the store. A new parser version makes new revisions only where the extraction
changed, since revisions are keyed on the content fields alone."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from nul20scraper.archive.store import Store
from nul20scraper.archive.warc import CapturedResponse, TruncatedWarc, read_responses
from nul20scraper.extract import NotArticle, parse_article

logger = logging.getLogger(__name__)

# Counter keys, in report order.
REPARSE_COUNTS = ("new", "revised", "unchanged", "not-article", "skipped", "errors")


def reparse_response(response: CapturedResponse, store: Store) -> str:
    """Parse and record one captured response; returns its REPARSE_COUNTS key."""
    if not 200 <= response.status < 300:
        return "skipped"  # redirects, 304s, errors: no page to parse
    result = parse_article(response.body, response.url, response.date)
    if isinstance(result, NotArticle):
        return "not-article"
    return store.record(result)


def reparse_warcs(paths: Iterable[str | Path], store: Store) -> Counter[str]:
    """Re-parse every response record of the given WARC files into `store`.

    A record that fails (parser bug, invalid item) or a file that breaks off counts as an
    error and is logged; the rest carries on.
    """
    counts: Counter[str] = Counter(dict.fromkeys(REPARSE_COUNTS, 0))
    for path in paths:
        try:
            for response in read_responses(path):
                try:
                    counts[reparse_response(response, store)] += 1
                except Exception as exc:  # one bad page must not stop the re-parse
                    counts["errors"] += 1
                    logger.error("%s: %s: %s: %s", path, response.url, type(exc).__name__, exc)
        except TruncatedWarc as exc:
            counts["errors"] += 1
            logger.error("%s: %s", path, exc)
        except OSError as exc:
            counts["errors"] += 1
            logger.error("%s: cannot read: %s", path, exc)
    return counts
