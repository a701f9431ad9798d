"""nul20scraper: archive the coverage of NUL20 (www.nul20.nl) as clean structured data."""

from importlib.metadata import version

# The one source is pyproject.toml; the parser reads the same (extract/version.py).
__version__ = version("nul20scraper")
