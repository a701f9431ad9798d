"""nul20scraper: archive the coverage of NUL20 (www.nul20.nl) as clean structured data."""

from nul20scraper import _compiled

__version__ = "0.1.0"

_compiled.install()
