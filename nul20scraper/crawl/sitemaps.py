"""Reading sitemap responses: plain or gzipped XML, sitemap indexes and URL sets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's limit, uncompressed


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None


@dataclass(frozen=True)
class ParsedSitemap:
    is_index: bool
    entries: list[SitemapEntry]


def sitemap_body(response: Response) -> bytes | None:
    """The XML of a sitemap response, or None when the response is no sitemap."""
    if isinstance(response, XmlResponse):
        return response.body
    if gzip_magic_number(response):
        try:
            return gunzip(response.body, max_size=MAX_SITEMAP_BYTES)
        except Exception:
            return None
    if response.url.endswith((".xml", ".xml.gz")) or response.body.lstrip()[:5] == b"<?xml":
        return response.body
    return None


def parse_sitemap(body: bytes) -> ParsedSitemap | None:
    try:
        sitemap = Sitemap(body)
    except Exception:
        return None
    if sitemap.type not in ("sitemapindex", "urlset"):
        return None
    return ParsedSitemap(
        is_index=sitemap.type == "sitemapindex",
        entries=list(_entries(sitemap)),
    )


def _entries(sitemap: Sitemap) -> Iterator[SitemapEntry]:
    for entry in sitemap:
        loc = (entry.get("loc") or "").strip()
        if loc:
            yield SitemapEntry(loc, (entry.get("lastmod") or "").strip() or None)
