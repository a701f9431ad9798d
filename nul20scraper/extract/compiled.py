"""The compiled helpers (`extract/_walk.pyx`), or None where they were not built.

`pip install` builds them with Cython against lxml's C API; without a C compiler the
install still works and each caller runs its pure-Python version of the same code.
"""

from __future__ import annotations

from types import ModuleType

# The source version the callers expect; a build from older source is not used.
WALK_VERSION = 12


def _load() -> ModuleType | None:
    try:
        from nul20scraper.extract import _walk  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _walk if getattr(_walk, "WALK_VERSION", None) == WALK_VERSION else None


compiled = _load()
