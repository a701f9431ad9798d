"""Downloader middleware: article pages are parsed in worker processes (crawl.parse_pool).

NUL20_PARSE_WORKERS sets the number of worker processes (default: the CPUs this process
may use, less one, at least one); 0 turns the middleware off and the spider parses each page
in its callback. The parse is awaited here, on the asyncio loop, while the reactor goes on
with other downloads; the outcome (parse_pool.PageParse: the parser's result and the URLs the
page leads to, by the spider's LinkPolicy) travels to the spider in
`request.meta["nul20_parsed"]`, which the spider reads instead of parsing the page again.

It runs on the final response (priority below Retry, Redirect and the archive middlewares,
whose process_response runs before it), and only for responses the spider's parse_page will
parse: 2xx HTML. The pool is started when the spider opens and shut down when it closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import TextResponse
from scrapy.utils.response import get_base_url

from nul20scraper.crawl.parse_pool import ParsePool, default_workers
from nul20scraper.shared import FETCHED_AT_META, PARSED_META, is_html

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


def configured_workers(value: Any) -> int:
    """NUL20_PARSE_WORKERS as a number; unset or empty means default_workers()."""
    if value is None or value == "":
        return default_workers()
    return int(value)


class ParseInWorkers:
    def __init__(self, crawler: Crawler, workers: int) -> None:
        self.crawler = crawler
        self.workers = workers
        self.pool: ParsePool | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParseInWorkers:
        workers = configured_workers(crawler.settings.get("NUL20_PARSE_WORKERS"))
        if workers <= 0:
            raise NotConfigured("NUL20_PARSE_WORKERS is 0: pages are parsed in the callback")
        return cls(crawler, workers)

    def spider_opened(self) -> None:
        # A spider without a link policy reads the links of its pages itself.
        self.pool = ParsePool(self.workers, getattr(self.crawler.spider, "policy", None))
        self.pool.warm_up()

    def spider_closed(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown()

    def wants(self, request: Request, response: Response) -> bool:
        spider = self.crawler.spider
        return (
            200 <= response.status < 300
            and request.callback == getattr(spider, "parse_page", None)
            and is_html(response)
        )

    async def process_response(self, request: Request, response: Response) -> Response:
        pool = self.pool
        if pool is None or not pool.ready or not self.wants(request, response):
            return response  # the spider parses it
        if isinstance(response, TextResponse):
            # Both cached on the response, where MetaRefreshMiddleware has read them.
            text, base_url = response.text, get_base_url(response)
        else:
            text, base_url = None, response.url
        request.meta[PARSED_META] = await pool.parse(
            # The WARC record's time if captured, else the worker's now (as fetch_time).
            response.body, text, response.url, base_url, request.meta.get(FETCHED_AT_META)
        )
        return response
