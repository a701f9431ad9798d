"""The tests' mock site, as Scrapy keeps tests/mockserver: generated pages (pages), a synthetic
site of any size (synthetic) and a site that changes between crawls (evolving_site), served
by the demo's mirror server (nul20scraper.demo.server)."""
