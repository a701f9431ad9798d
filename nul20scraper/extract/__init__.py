"""Extraction: pure functions from page bytes (plus URL and fetch time) to an article item.

Nothing here knows about Scrapy; the spider only discovers and fetches.
"""

from nul20scraper.extract.article import (
    LAYERED_FIELDS,
    ParseOutcome,
    parse_article,
    parse_article_with_provenance,
)
from nul20scraper.extract.layers import LAYER_NAMES, LayerName
from nul20scraper.extract.result import CONTENT_FIELDS, ITEM_FIELDS, ArticleItem, NotArticle

__all__ = ["CONTENT_FIELDS", "ITEM_FIELDS", "LAYERED_FIELDS", "LAYER_NAMES", "ArticleItem",
           "LayerName", "NotArticle",
           "ParseOutcome", "parse_article", "parse_article_with_provenance"]
