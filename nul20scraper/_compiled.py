"""Which modules the install compiles from their own source, and never running a stale one.

The parser's hot modules are compiled by Cython from their `.py` files (setup.py reads the
list below), and Python imports a compiled module before a source file of the same name.
After an edit, the compiled one would run the old code; the finder here imports the source
instead and says so once. `python setup.py build_ext --inplace` (or a reinstall) builds them
again.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

PACKAGE = "nul20scraper"
# The modules a page's parse spends its Python time in.
COMPILED_MODULES = (
    "nul20scraper.urls",
    *(f"nul20scraper.extract.{name}" for name in (
        "article", "dates", "header", "kind", "metadata", "scan", "subtree", "teasers",
        "text", "updates",
    )),
)
_told: list[str] = []


class SourceWhenStale:
    """A meta path finder for the package's modules: the `.py` file where the compiled
    module beside it is older; nothing (the usual import) otherwise."""

    @staticmethod
    def find_spec(
        name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not name.startswith(PACKAGE + "."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            return None
        compiled = spec.origin or ""
        source = os.path.join(os.path.dirname(compiled), name.rpartition(".")[2] + ".py")
        try:
            stale = os.stat(source).st_mtime > os.stat(compiled).st_mtime
        except OSError:  # no source beside it (`_walk` is built from `.pyx`)
            return None
        if not stale:
            return None
        if not _told:
            print(f"{PACKAGE}: compiled modules are older than their source; running the "
                  "source (python setup.py build_ext --inplace builds them again)",
                  file=sys.stderr)
        _told.append(name)
        return importlib.util.spec_from_file_location(name, source)


def install() -> None:
    if not any(isinstance(finder, SourceWhenStale) for finder in sys.meta_path):
        sys.meta_path.insert(0, SourceWhenStale())
