"""Offline re-parse: run the current parser over the responses captured in WARC files and record
the items in the store. A new parser version makes new revisions only where the extraction
changed, since revisions are keyed on the content fields alone.

Parsing runs in worker processes (a standard `concurrent.futures.ProcessPoolExecutor`); reading
the WARC files and every store write stay in this process, in the order of the records, so the
store and the counts are the same for any number of workers. Pages go to the workers in small
batches with a bounded number of batches in flight, so memory does not grow with the archive.
A worker gets everything it runs by pickling (parse_batch by name, its pages as data), nothing
from this process's memory, so the workers behave the same under every start method: fork,
spawn (macOS's default) and forkserver (Linux's from Python 3.14).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nul20scraper.archive.store import Store
from nul20scraper.archive.warc import (
    CapturedResponse,
    TruncatedWarc,
    read_responses_with_offsets,
)
from nul20scraper.extract import NotArticle, parse_article_with_provenance
from nul20scraper.urls import site_urls

logger = logging.getLogger(__name__)

# Counter keys, in report order.
REPARSE_COUNTS = ("new", "revised", "unchanged", "not-article", "skipped", "errors")

# Pages per task sent to a worker, and tasks in flight per worker: at most
# BATCH_PAGES * BATCHES_PER_WORKER * workers pages (about 30 kB each, so about 1 MB for two
# workers) are held at once. Each task costs the main process pickling, a pipe write and a
# wake-up of the pool's threads; measured with benchmarks/reparse_bench.py, batches of 8 take
# about a fifth off the main process's time per page against batches of 1, and the main
# process (WARC reading, store writes) is what limits the speed-up. Two batches per worker keep
# a worker busy while the main process stores the one before.
BATCH_PAGES = 8
BATCHES_PER_WORKER = 2

# Every WARC record starts with its version line (ISO 28500, 4.); a .warc.gz with it in its
# first gzip member.
_WARC_MAGIC = b"WARC/"
_GZIP_MAGIC = b"\x1f\x8b"
# warcio writes this to stderr, with the raw bytes that follow, on a record whose length is off.
_WARCIO_LENGTH_WARNING = "WARNING: Record not followed by newline"


def is_warc(path: str | Path) -> bool:
    """Whether the file starts as a WARC file (plain or gzipped) does. Reads a few bytes only."""
    try:
        with Path(path).open("rb") as stream:
            head = stream.read(len(_WARC_MAGIC))
            if head.startswith(_GZIP_MAGIC):
                stream.seek(0)
                with gzip.GzipFile(fileobj=stream) as unzipped:
                    head = unzipped.read(len(_WARC_MAGIC))
    except (OSError, EOFError, zlib.error):  # unreadable, or gzip that is not
        return False
    return head == _WARC_MAGIC


@dataclass(frozen=True)
class PageToParse:
    """What a worker needs of a captured response: the parser's three inputs."""

    body: bytes
    url: str
    fetched_at: str


@dataclass(frozen=True)
class ParseFailure:
    """The parser raised on a page; the exception as text (any exception pickles as text)."""

    error: str


@dataclass(frozen=True)
class ParsedArticle:
    """An article item and, per field, the parser layer that answered it, stored with a new
    revision as the crawl stores it."""

    item: dict[str, Any]
    layers: dict[str, str]


ParseOutcome = ParsedArticle | NotArticle | ParseFailure


def parse_page(page: PageToParse) -> ParseOutcome:
    try:
        parsed = parse_article_with_provenance(page.body, page.url, page.fetched_at)
        result = parsed.result
        if isinstance(result, NotArticle):
            return result
        site_urls(result, page.url)  # as the crawl spells them
        return ParsedArticle(result, dict(parsed.layers))
    except Exception as exc:  # one bad page must not stop the re-parse
        return ParseFailure(f"{type(exc).__name__}: {exc}")


def parse_batch(pages: list[PageToParse]) -> list[ParseOutcome]:
    """One worker task."""
    return [parse_page(page) for page in pages]


@dataclass(frozen=True)
class PageSource:
    """Where a page came from, kept in this process to name it in messages and to record it
    as the revision's provenance (the response record's offset in the file)."""

    path: str
    url: str
    offset: int


@dataclass
class _Batch:
    sources: list[PageSource]
    future: Future[list[ParseOutcome]]


def _one_line(text: object, limit: int = 200) -> str:
    """A message safe for one terminal line: warcio quotes raw file bytes in its errors."""
    line = " ".join(str(text).split())
    line = "".join(char if char.isascii() and char.isprintable() else "?" for char in line)
    return line if len(line) <= limit else line[: limit - 3] + "..."


class _Reparse:
    """Counts, and the store writes in record order."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.counts: Counter[str] = Counter(dict.fromkeys(REPARSE_COUNTS, 0))

    def error(self, message: str) -> None:
        self.counts["errors"] += 1
        logger.error("%s", message)

    def record(self, source: PageSource, outcome: ParseOutcome) -> None:
        if isinstance(outcome, ParseFailure):
            self.error(f"{source.path}: {source.url}: {outcome.error}")
        elif isinstance(outcome, NotArticle):
            self.counts["not-article"] += 1
        else:
            try:
                self.counts[self.store.record(
                    outcome.item, warc_file=source.path, warc_offset=source.offset,
                    layers=outcome.layers)] += 1
            except Exception as exc:  # an invalid item is this page's error only
                self.error(f"{source.path}: {source.url}: {type(exc).__name__}: {exc}")

    def pages(self, paths: Iterable[str | Path]) -> Iterator[tuple[PageSource, PageToParse]]:
        """The pages to parse, in file and record order; counts what is not one."""
        for path in paths:
            if not is_warc(path):
                self.error(f"{path}: not a WARC file")
                continue
            warcio_messages = io.StringIO()
            try:
                records = _quietly(read_responses_with_offsets(path), warcio_messages)
                for offset, response in records:
                    if not 200 <= response.status < 300:
                        self.counts["skipped"] += 1  # redirects, 304s, errors: no page
                        continue
                    yield (PageSource(str(path), response.url, offset),
                           PageToParse(response.body, response.url, response.date))
            except TruncatedWarc as exc:
                self.error(f"{path}: {_one_line(exc)}")
            except OSError as exc:
                self.error(f"{path}: cannot read: {_one_line(exc)}")
            finally:
                bad_lengths = warcio_messages.getvalue().count(_WARCIO_LENGTH_WARNING)
                if bad_lengths:
                    logger.warning("%s: %d record(s) longer or shorter than their Content-Length",
                                   path, bad_lengths)


def _quietly(responses: Iterator[tuple[int, CapturedResponse]], sink: io.StringIO,
             ) -> Iterator[tuple[int, CapturedResponse]]:
    """`responses` with what warcio prints to stderr (raw file bytes included) sent to `sink`.
    Redirected only while warcio reads: not while the caller runs between two records."""
    while True:
        with contextlib.redirect_stderr(sink):
            response = next(responses, None)
        if response is None:
            return
        yield response


def reparse_warcs(
    paths: Iterable[str | Path], store: Store, *, workers: int = 1
) -> Counter[str]:
    """Re-parse every response record of the given WARC files into `store`.

    `workers` processes parse (1: this process, no pool). A record that fails (parser bug,
    invalid item), a file that breaks off or is not a WARC file counts as an error and is
    logged; the rest carries on.
    """
    run = _Reparse(store)
    if workers <= 1:
        for source, page in run.pages(paths):
            run.record(source, parse_page(page))
    else:
        _reparse_in_pool(run, run.pages(paths), workers)
    return run.counts


def _batches(
    pages: Iterator[tuple[PageSource, PageToParse]],
) -> Iterator[tuple[list[PageSource], list[PageToParse]]]:
    sources: list[PageSource] = []
    batch: list[PageToParse] = []
    for source, page in pages:
        sources.append(source)
        batch.append(page)
        if len(batch) == BATCH_PAGES:
            yield sources, batch
            sources, batch = [], []
    if batch:
        yield sources, batch


def _reparse_in_pool(
    run: _Reparse, pages: Iterator[tuple[PageSource, PageToParse]], workers: int
) -> None:
    in_flight: deque[_Batch] = deque()
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        for sources, batch in _batches(pages):
            if len(in_flight) >= workers * BATCHES_PER_WORKER:
                pool = _store_oldest(run, in_flight, pool, workers)
            try:
                future = pool.submit(parse_batch, batch)
            except BrokenProcessPool:  # a worker died since the last result came in
                pool = _renewed_pool(run, in_flight, pool, workers)
                future = pool.submit(parse_batch, batch)
            in_flight.append(_Batch(sources, future))
        while in_flight:
            pool = _store_oldest(run, in_flight, pool, workers)
    finally:
        pool.shutdown(cancel_futures=True)


def _store_oldest(
    run: _Reparse, in_flight: deque[_Batch], pool: ProcessPoolExecutor, workers: int
) -> ProcessPoolExecutor:
    """Wait for the oldest batch and store its items; returns the pool to go on with (a new one
    if a worker died)."""
    batch = in_flight.popleft()
    try:
        outcomes = batch.future.result()
    except BrokenProcessPool:
        in_flight.appendleft(batch)
        return _renewed_pool(run, in_flight, pool, workers)
    except Exception as exc:  # e.g. a result that does not pickle: this batch's pages only
        for source in batch.sources:
            run.error(f"{source.path}: {source.url}: {type(exc).__name__}: {_one_line(exc)}")
        return pool
    _store_batch(run, batch.sources, outcomes)
    return pool


def _renewed_pool(
    run: _Reparse, in_flight: deque[_Batch], pool: ProcessPoolExecutor, workers: int
) -> ProcessPoolExecutor:
    """After a worker died (killed, out of memory, a crash in C code): the batches not finished
    by then are lost with the pool. Name their pages as errors, store the finished ones, in
    order, and go on in a new pool. A lost batch is not sent again: it may be the one that
    kills its worker."""
    batches = list(in_flight)
    in_flight.clear()
    for batch in batches:
        try:
            outcomes = batch.future.result()  # a broken pool has settled every future
        except BrokenProcessPool:
            for source in batch.sources:
                run.error(f"{source.path}: {source.url}: parser worker process died")
        else:
            _store_batch(run, batch.sources, outcomes)
    pool.shutdown(cancel_futures=True)
    return ProcessPoolExecutor(max_workers=workers)


def _store_batch(run: _Reparse, sources: list[PageSource], outcomes: list[ParseOutcome]) -> None:
    for source, outcome in zip(sources, outcomes, strict=True):
        run.record(source, outcome)
