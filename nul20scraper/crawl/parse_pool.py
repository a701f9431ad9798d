"""Article parsing in worker processes, so that the crawl's own process only fetches.

The parser costs more CPU per page than Scrapy spends fetching it; run in the reactor's
process it halves the crawl rate. A pool of spawned processes (crawl.worker_processes)
parses instead, each importing only nul20scraper.extract (this module imports nothing from
Scrapy, nor do crawl.links and crawl.worker_processes, so that unpickling the work function
in a worker loads no more than that). While it has the page, a worker also works out the
URLs the spider follows (its links, joined and filtered by the crawl's LinkPolicy, given to
each worker when it starts) and the page's own other URLs, which would otherwise cost the
crawl's process an HTML tree of its own per page and the URL work on every link; the spider
only checks them against what it requested already.

What a worker sends back is always a value: the item, the parser's NotArticle, or a
ParseFailure naming the exception, so that an error in a worker is reported like an error
in the crawl's process (as a `parse_error` of that URL), never lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

from lxml import etree, html

from nul20scraper.crawl.links import ALIAS_XPATH, LINK_XPATH, LinkPolicy
from nul20scraper.crawl.worker_processes import WorkerDied, WorkerError, WorkerPool
from nul20scraper.extract import NotArticle, parse_article
from nul20scraper.shared import PARSED_META

ParseResult = dict[str, Any] | NotArticle


# The spider's link queries, on a tree built as parsel builds a response's (html.HTMLParser,
# recover, from the response text encoded as UTF-8), so that they give the same hrefs.
LINK_HREFS = etree.XPath(LINK_XPATH, smart_strings=False)
ALIAS_HREFS = etree.XPath(ALIAS_XPATH, smart_strings=False)

# The crawl's link policy in a worker process, set when the worker starts (init_worker).
_worker_policy: LinkPolicy | None = None


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


class PageParse(NamedTuple):
    """What a worker read from one page. `link_urls`/`alias_urls` are None when it did not
    read them (the spider then reads them itself). A NamedTuple, not a dataclass: it is
    unpickled in the crawl's process for every page, and a tuple is quicker to rebuild."""

    result: ParseResult | ParseFailure
    # LinkPolicy.link_urls of the page's links (LINK_XPATH): what the spider may follow.
    link_urls: list[str] | None = None
    # LinkPolicy.alias_urls of its <link rel=canonical|shortlink> (ALIAS_XPATH).
    alias_urls: list[str] | None = None


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


def urls_from_worker(response: Any, kind: Literal["link_urls", "alias_urls"]
                     ) -> list[str] | None:
    """The URLs a worker read from the response, None if the spider must read them."""
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


def init_worker(policy: LinkPolicy | None) -> None:
    """Runs in each worker as it starts: the link policy of the crawl, None to read no links."""
    global _worker_policy
    _worker_policy = policy


def parse_in_worker(body: bytes, text: str | None, url: str, base_url: str,
                    fetched_at: datetime | None, policy: LinkPolicy | None = None
                    ) -> PageParse:
    """Runs in a worker: parse_article (any exception a ParseFailure) and, with the text and a
    link policy (`policy`, else the worker's), the page's link and alias URLs. `base_url` is
    what hrefs are joined to (scrapy.utils.response.get_base_url of the response).

    `fetched_at` None is now, as for a page the spider parses itself (spiders.nul20.fetch_time):
    a datetime with a time zone costs more to pickle than the rest of the page.
    """
    if fetched_at is None:
        fetched_at = datetime.now(UTC)
    try:
        result: ParseResult | ParseFailure = parse_article(body, url, fetched_at)
    except Exception as exc:  # the same net as the spider's inline parse
        result = ParseFailure.of(exc)
    if policy is None:
        policy = _worker_policy
    if text is None or policy is None:
        return PageParse(result)
    try:
        links, aliases = read_hrefs(text)
        return PageParse(result, policy.link_urls(base_url, links),
                         policy.alias_urls(base_url, aliases))
    except Exception:  # the spider reads them itself, and meets the error there
        return PageParse(result)


class ParsePool:
    """`workers` spawned processes (crawl.worker_processes) running parse_in_worker."""

    def __init__(self, workers: int, link_policy: LinkPolicy | None = None) -> None:
        if workers < 1:
            raise ValueError(f"a parse pool needs at least one worker, not {workers}")
        self.workers = workers
        # Each worker's own copy, with an empty verdict cache; None: workers read no links.
        self.link_policy = replace(link_policy) if link_policy is not None else None
        self.processes = WorkerPool(workers, parse_in_worker, init_worker, (self.link_policy,))

    def warm_up(self) -> None:
        """Start the workers now, while the crawl reads robots.txt and sitemaps."""
        self.processes.start()

    @property
    def ready(self) -> bool:
        """True once a worker runs. Until then (a spawned worker takes a moment to import
        the parser) pages are better parsed in the crawl's process than kept waiting."""
        return self.processes.ready

    async def parse(self, body: bytes, text: str | None, url: str, base_url: str,
                    fetched_at: datetime | None) -> PageParse:
        """The worker's reading of one page, awaited on the running asyncio loop."""
        try:
            parsed: PageParse = await self.processes.call(body, text, url, base_url,
                                                          fetched_at)
        except WorkerDied as exc:
            # A worker died (a crash in native code, or killed): this page is a parse
            # error, and a fresh worker takes the pages after it. The kind is the one
            # concurrent.futures gave it, as earlier reports name it.
            return PageParse(ParseFailure("BrokenProcessPool",
                                          f"the parser process died: {exc}"))
        except WorkerError as exc:  # e.g. a result that cannot be pickled
            return PageParse(ParseFailure(exc.kind, exc.message))
        except Exception as exc:  # e.g. a page that cannot be pickled
            return PageParse(ParseFailure.of(exc))
        return parsed

    def shutdown(self) -> None:
        self.processes.shutdown()
