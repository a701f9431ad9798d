"""Request fingerprints on the canonical URL (nul20scraper.urls), for Scrapy's dupefilter.

The spider canonicalises the URLs it requests, but redirects arrive in whatever spelling
the server chose (`/node/12` -> `http://nul20.nl/slug/`); fingerprinting the canonical
spelling makes the duplicate filter catch those too. Set as REQUEST_FINGERPRINTER_CLASS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.utils.request import RequestFingerprinter

from nul20scraper.urls import canonical_url, origin_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class CanonicalUrlFingerprinter:
    def __init__(self, crawler: Crawler | None = None) -> None:
        self.default = RequestFingerprinter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalUrlFingerprinter:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        canonical = canonical_url(request.url, origin_of(request.url))
        if canonical != request.url:
            request = request.replace(url=canonical)
        return self.default.fingerprint(request)
