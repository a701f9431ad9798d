"""Bundled pages for `nul20scraper demo`: saved NUL20 pages with `.meta.json` sidecars."""

from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"
