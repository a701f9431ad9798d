"""Extraction: pure functions from page bytes (plus URL and fetch time) to an article item.

Nothing here knows about Scrapy; the spider only discovers and fetches.
"""

from nul20scraper.extract.article import parse_article
from nul20scraper.extract.result import CONTENT_FIELDS, ITEM_FIELDS, ArticleItem, NotArticle

__all__ = ["CONTENT_FIELDS", "ITEM_FIELDS", "ArticleItem", "NotArticle", "parse_article"]
