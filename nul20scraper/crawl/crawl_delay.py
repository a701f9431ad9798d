"""Honour robots.txt `Crawl-delay`, which Scrapy reads but does not apply.

When RobotsTxtMiddleware has parsed a host's robots.txt (signal `robots_parsed`), the
delay it gives for our User-Agent becomes the minimum delay of that host's download slot,
without jitter: Crawl-delay is a minimum spacing. AutoThrottle may lower a slot's delay
after each response; this extension is enabled after it and puts the minimum back.
NUL20_MAX_CRAWL_DELAY caps an absurd value; NUL20_OBEY_CRAWL_DELAY = False ignores it.

NUL20_MIRROR = True (`nul20scraper crawl --mirror`) is the one switch for a local mirror:
no Crawl-delay, no download delay, no AutoThrottle (MIRROR_SETTINGS, applied by the spider
below any -s given); the spider refuses it for an origin that is not on this machine.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

# Full speed for a mirror on loopback: politeness is for other people's servers.
MIRROR_SETTINGS: dict[str, object] = {
    "NUL20_OBEY_CRAWL_DELAY": False,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_loopback(host: str | None) -> bool:
    """True for a host name or address of this machine's loopback interface."""
    if not host:
        return False
    host = host.lower().strip("[]")
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class CrawlDelay:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not (settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("NUL20_OBEY_CRAWL_DELAY")):
            raise NotConfigured
        self.crawler = crawler
        self.max_delay = settings.getfloat("NUL20_MAX_CRAWL_DELAY", 60.0)
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}  # download slot key -> minimum delay
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelay:
        return cls(crawler)

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay or delay <= 0:
            return
        delay = min(float(delay), self.max_delay)
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        self.delays[key] = delay
        # New slots for this key (after idle slots are garbage-collected) start with it too.
        downloader.per_slot_settings.setdefault(key, {}).update(delay=delay, jitter=0.0)
        self.apply(key)
        logger.info("Crawl-delay %.1f s from robots.txt applied to %s", delay, key)

    def response_downloaded(self, response: Response, request: Request) -> None:
        if self.delays:
            self.apply(self.crawler.engine.downloader.get_slot_key(request))

    def apply(self, key: str) -> None:
        minimum = self.delays.get(key)
        slot = self.crawler.engine.downloader.slots.get(key)
        if minimum is None or slot is None:
            return
        slot.jitter = 0.0
        if slot.delay < minimum:
            slot.delay = minimum
