"""nul20scraper: archive the coverage of NUL20 (www.nul20.nl) as clean structured data."""

__version__ = "0.1.0"
