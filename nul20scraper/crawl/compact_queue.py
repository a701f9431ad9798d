"""The scheduler's memory queue, holding each waiting request as a few hundred bytes.

A site's sitemaps name every article at the start of a crawl, so nearly all of them wait in
the scheduler at once. As a live Request each costs kilobytes (its headers, meta, bound
callbacks, and the fingerprint and parsed-URL caches Scrapy keys on it), which made the
crawl's peak memory grow with the site. Here a waiting request is kept as its pickled
`Request.to_dict()`, as Scrapy's disk queues keep it (less the attributes that hold their
default value), and made a Request again when the scheduler takes it. A request that cannot
be serialised (a callback that is not a spider method) is kept as it is.

Requests made again share one bound method per spider method. Scrapy checks each callback
for a generator with a `return` value (inspect.getsource and ast.parse, a millisecond) and
remembers the answer only while that very method object lives: with a fresh bound method per
request, as request_from_dict makes them, it checked again for nearly every page.

Set as SCHEDULER_MEMORY_QUEUE; FIFO, like scrapy.squeues.FifoMemoryQueue.
"""

from __future__ import annotations

import pickle
from collections import deque
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.utils.misc import load_object
from scrapy.utils.request import request_from_dict

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy import Spider
    from scrapy.crawler import Crawler


def spider_method_name(spider: Spider | None, method: Callable[..., Any]) -> str | None:
    """The name under which `method` is a method of `spider`, or None if it is not one."""
    func = getattr(method, "__func__", None)
    if func is None or getattr(method, "__self__", None) is not spider:
        return None
    name: str = func.__name__
    return name if getattr(getattr(spider, name, None), "__func__", None) is func else None


# What a plain Request holds for each attribute it is not given: such values are not stored.
DEFAULT_ATTRIBUTES: dict[str, Any] = {
    attr: value for attr, value in Request("http://localhost/").to_dict().items()
    if attr not in ("url", "callback", "errback")
}


def request_dict(request: Request, spider: Spider | None) -> dict[str, Any]:
    """`request.to_dict(spider=spider)`, which request_from_dict reverses; for a plain Request,
    without the attributes that hold their default value.

    to_dict looks a callback up among all members of the spider (inspect.getmembers), which
    costs more than the rest of queueing a request; a bound method of the spider is named
    directly here. Anything else goes to to_dict itself.
    """
    names: dict[str, str | None] = {}
    for attr in ("callback", "errback"):
        method = getattr(request, attr)
        if method is None:
            names[attr] = None
            continue
        name = spider_method_name(spider, method) if callable(method) else None
        if name is None:
            return request.to_dict(spider=spider)
        names[attr] = name
    data: dict[str, Any] = {"url": request.url, **names, "headers": dict(request.headers)}
    for attr in request.attributes:
        data.setdefault(attr, getattr(request, attr))
    if type(request) is not Request:
        data["_class"] = f"{type(request).__module__}.{type(request).__name__}"
        return data
    return {attr: value for attr, value in data.items()
            if attr not in DEFAULT_ATTRIBUTES or value != DEFAULT_ATTRIBUTES[attr]}


class CompactFifoMemoryQueue:
    def __init__(self, crawler: Crawler, key: str = "") -> None:
        self.crawler = crawler
        self.key = key
        self.waiting: deque[bytes | Request] = deque()
        self.methods: dict[str, Callable[..., Any]] = {}  # the one bound method per name

    @classmethod
    def from_crawler(cls, crawler: Crawler, key: str = "", *args: Any, **kwargs: Any
                     ) -> CompactFifoMemoryQueue:
        return cls(crawler, key)

    @property
    def spider(self) -> Spider | None:
        return self.crawler.spider

    def push(self, request: Request) -> None:
        try:
            packed: bytes | Request = pickle.dumps(
                request_dict(request, self.spider), protocol=pickle.HIGHEST_PROTOCOL
            )
        except (ValueError, TypeError, AttributeError, pickle.PicklingError):
            packed = request
        self.waiting.append(packed)

    def pop(self) -> Request | None:
        if not self.waiting:
            return None
        return self._unpack(self.waiting.popleft())

    def peek(self) -> Request | None:
        if not self.waiting:
            return None
        return self._unpack(self.waiting[0])

    def _unpack(self, packed: bytes | Request) -> Request:
        if isinstance(packed, Request):
            return packed
        data = pickle.loads(packed)
        spider = self.spider
        if spider is None:
            return request_from_dict(data, spider=None)
        # As request_from_dict does, but with the shared bound methods (see module docstring).
        request_class: type[Request] = load_object(data.pop("_class", Request))
        for attr in ("callback", "errback"):
            name = data.get(attr)
            if name:
                data[attr] = self.spider_method(spider, name)
        return request_class(**data)

    def spider_method(self, spider: Spider, name: str) -> Callable[..., Any]:
        method = self.methods.get(name)
        if method is None or getattr(method, "__self__", None) is not spider:
            try:
                method = self.methods[name] = getattr(spider, name)
            except AttributeError:
                raise ValueError(f"Method {name!r} not found in: {spider}") from None
        return method

    def close(self) -> None:
        self.waiting.clear()

    def __len__(self) -> int:
        return len(self.waiting)
