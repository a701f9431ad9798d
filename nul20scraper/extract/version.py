"""The version an item names: the installed package's (pyproject.toml), and the layout's.

Read from the package's metadata rather than from `nul20scraper.__version__`, so that the
parser imports nothing of the package above it.
"""

from __future__ import annotations

from importlib.metadata import version

PACKAGE_VERSION = version("nul20scraper")


def parser_version(layout_tag: str) -> str:
    """`0.1.0+drupal7.1`: the package version, then the layout that read the page."""
    return f"{PACKAGE_VERSION}+{layout_tag}"
