"""The offline demo (`nul20scraper demo`): saved NUL20 pages with `.meta.json` sidecars
(`pages/`), made into a mirror site (saved_site, with markup for its front page, robots.txt
and sitemap) and served on 127.0.0.1 (server). The tests' mock site uses the same server."""

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"
