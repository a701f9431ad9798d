"""Scrapy spiders of the project (SPIDER_MODULES in nul20scraper.settings)."""
