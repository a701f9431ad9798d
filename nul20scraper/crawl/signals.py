"""Signals the nul20 spider sends to the crawl's extensions."""

# Sent once for every response or failed request the spider handled, with keyword
# arguments `outcome` (str), `url` (str) and `detail` (str | None). Outcomes: article,
# duplicate_article, not_article (detail: the parser's kind), sitemap, robots, non_html,
# parse_error, the failure kinds of nul20scraper.crawl.failures, and sitemap_too_old.
page_outcome = object()
