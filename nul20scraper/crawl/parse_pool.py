"""Article parsing in worker processes, so that the crawl's own process only fetches.

The parser costs more CPU per page than Scrapy spends fetching it; run in the reactor's
process it halves the crawl rate. A pool of spawned processes parses instead, each
importing only nul20scraper.extract (this module imports nothing from Scrapy, so that
unpickling the work function in a worker loads no more than that). While it has the page,
a worker also reads the hrefs the spider follows, which would otherwise cost the crawl's
process an HTML tree of its own per page; joining and filtering them stays in the spider.

What a worker sends back is always a value: the item, the parser's NotArticle, or a
ParseFailure naming the exception, so that an error in a worker is reported like an error
in the crawl's process (as a `parse_error` of that URL), never lost.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from lxml import etree, html

from nul20scraper.extract import NotArticle, parse_article

ParseResult = dict[str, Any] | NotArticle

# Request meta key under which a worker's PageParse of the response reaches the spider.
PARSED_META = "nul20_parsed"

# The spider's link queries, on a tree built as parsel builds a response's (html.HTMLParser,
# recover, from the response text encoded as UTF-8), so that they give the same hrefs.
LINK_HREFS = etree.XPath("//a/@href | //area/@href", smart_strings=False)
ALIAS_HREFS = etree.XPath('//link[@rel="canonical" or @rel="shortlink"]/@href',
                          smart_strings=False)


@dataclass(frozen=True)
class ParseFailure:
    """The parser raised (or its process died) on a page: the exception, as text."""

    kind: str  # the exception's type name
    message: str

    @classmethod
    def of(cls, exc: BaseException) -> ParseFailure:
        return cls(type(exc).__name__, str(exc))

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


@dataclass(frozen=True)
class PageParse:
    """What a worker read from one page. `links`/`aliases` are None when it could not read
    them (the spider then reads them itself)."""

    result: ParseResult | ParseFailure
    links: list[str] | None = field(default=None)  # href of every <a> and <area>
    aliases: list[str] | None = field(default=None)  # <link rel=canonical|shortlink> hrefs


class ParserFailed(Exception):
    """Raised in the crawl's process for a page whose parse failed in a worker."""

    def __init__(self, failure: ParseFailure) -> None:
        super().__init__(str(failure))
        self.failure = failure


def worker_parse(response: Any) -> PageParse | None:
    """The worker's PageParse of a Scrapy response, None if it went through no worker."""
    request = getattr(response, "request", None)
    return request.meta.get(PARSED_META) if request is not None else None


def parsed_in_worker(response: Any) -> ParseResult | None:
    """The worker's parser result for a response; None if no worker parsed it.

    Raises ParserFailed when the parser failed in the worker.
    """
    parsed = worker_parse(response)
    if parsed is None:
        return None
    if isinstance(parsed.result, ParseFailure):
        raise ParserFailed(parsed.result)
    return parsed.result


def hrefs_from_worker(response: Any, kind: Literal["links", "aliases"]) -> list[str] | None:
    """The hrefs a worker read from the response, None if the spider must read them."""
    parsed = worker_parse(response)
    return getattr(parsed, kind) if parsed is not None else None


def error_detail(exc: BaseException) -> str:
    """`Type: message` of a parser error, with the worker's type for a ParserFailed."""
    if isinstance(exc, ParserFailed):
        return str(exc.failure)
    return f"{type(exc).__name__}: {exc}"


def default_workers() -> int:
    """One worker per CPU this process may use, less one for the reactor; at least one."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, cpus - 1)


_html_parser: html.HTMLParser | None = None


def read_hrefs(text: str) -> tuple[list[str], list[str]]:
    """(links, aliases) of a page's text, as the spider's XPath on the response gives them."""
    global _html_parser
    if _html_parser is None:
        _html_parser = html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    body = text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    root = etree.fromstring(body, parser=_html_parser)
    if root is None:
        return [], []
    return LINK_HREFS(root), ALIAS_HREFS(root)


def parse_in_worker(body: bytes, text: str | None, url: str, fetched_at: datetime
                    ) -> PageParse:
    """Runs in a worker: parse_article (any exception a ParseFailure) and the page's hrefs."""
    try:
        result: ParseResult | ParseFailure = parse_article(body, url, fetched_at)
    except Exception as exc:  # the same net as the spider's inline parse
        result = ParseFailure.of(exc)
    if text is None:
        return PageParse(result)
    try:
        links, aliases = read_hrefs(text)
    except Exception:  # the spider reads them itself, and meets the error there
        return PageParse(result)
    return PageParse(result, links, aliases)


def _ready() -> bool:
    return True


class ParsePool:
    """A ProcessPoolExecutor of `workers` spawned processes running parse_in_worker.

    Spawned rather than forked: a fork of the crawl's process would copy its reactor,
    sockets and threads; a spawned worker starts clean and imports only the parser.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError(f"a parse pool needs at least one worker, not {workers}")
        self.workers = workers
        self.executor = self._new_executor()
        self.started: list[Future[bool]] = []

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
        )

    def warm_up(self) -> None:
        """Start the workers now, while the crawl reads robots.txt and sitemaps."""
        self.started = [self.executor.submit(_ready) for _ in range(self.workers)]

    @property
    def ready(self) -> bool:
        """True once a worker runs. Until then (a spawned worker takes a moment to import
        the parser) pages are better parsed in the crawl's process than kept waiting."""
        return any(future.done() for future in self.started)

    async def parse(self, body: bytes, text: str | None, url: str, fetched_at: datetime
                    ) -> PageParse:
        """The worker's reading of one page, awaited on the running asyncio loop."""
        executor = self.executor
        try:
            future = executor.submit(parse_in_worker, body, text, url, fetched_at)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as exc:
            # A worker died (a crash in native code, or killed): this page is a parse
            # error, and a fresh pool takes the pages after it.
            if self.executor is executor:
                executor.shutdown(wait=False, cancel_futures=True)
                self.executor = self._new_executor()
            return PageParse(ParseFailure("BrokenProcessPool",
                                          f"the parser process died: {exc}"))
        except Exception as exc:  # e.g. a result that cannot be pickled
            return PageParse(ParseFailure.of(exc))

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
