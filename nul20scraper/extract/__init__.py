"""Extraction: pure functions from page bytes (plus URL and fetch time) to an article item.

Nothing here knows about Scrapy; the spider only discovers and fetches.
"""

from nul20scraper.extract.article import ParseOutcome, parse_article, parse_article_with_provenance
from nul20scraper.extract.layers import LayerName
from nul20scraper.extract.result import CONTENT_FIELDS, ITEM_FIELDS, ArticleItem, NotArticle

__all__ = ["CONTENT_FIELDS", "ITEM_FIELDS", "ArticleItem", "LayerName", "NotArticle",
           "ParseOutcome", "parse_article", "parse_article_with_provenance"]
