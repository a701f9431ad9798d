"""Canonical spelling for redirect targets before RedirectMiddleware follows them.

`/node/<nid>` shortlinks redirect to their alias in whatever spelling the server uses
(`http://nul20.nl/slug/`); rewriting the Location header to the canonical URL makes the
followed request the same one the spider would have made, so that the dupefilter knows it
and the item's URL is canonical. Enabled in DOWNLOADER_MIDDLEWARES after (above) 600, so
its process_response runs before RedirectMiddleware's.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response

from nul20scraper.urls import canonical_url, is_on_site, origin_of

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class CanonicalRedirectMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        target = response.urljoin(location.decode("latin-1"))
        origin = origin_of(request.url)
        if not is_on_site(target, origin):
            return response
        canonical = canonical_url(target, origin)
        if canonical == target:
            return response
        headers = response.headers.copy()
        headers[b"Location"] = canonical.encode("ascii")
        return response.replace(headers=headers)
