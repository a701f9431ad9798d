"""The compiled modules: built where CI says they must be, never run older than their source."""

from __future__ import annotations

import importlib
import os
import shutil
from importlib.machinery import ExtensionFileLoader
from pathlib import Path

import pytest

from nul20scraper import _compiled
from nul20scraper._compiled import COMPILED_MODULES, SourceWhenStale


def test_ci_runs_the_compiled_modules() -> None:
    """CI sets NUL20_REQUIRE_COMPILED: there every listed module must run compiled."""
    if not os.environ.get("NUL20_REQUIRE_COMPILED"):
        pytest.skip("only where a C compiler is required (CI)")
    for name in COMPILED_MODULES:
        module = importlib.import_module(name)
        assert isinstance(module.__spec__.loader, ExtensionFileLoader), f"{name} runs as source"


def _fake_build(directory: Path, source_newer: bool) -> None:
    """A compiled module `fake` (a copy of a real one: only its name and age matter here)
    and its source, one of them older."""
    extension = next(Path(_compiled.__file__).parent.glob("extract/_walk.*.so"), None)
    if extension is None:
        pytest.skip("no compiled module built to copy")
    compiled = directory / extension.name.replace("_walk", "fake")
    shutil.copy(extension, compiled)
    source = directory / "fake.py"
    source.write_text("VALUE = 1\n")
    older, newer = (compiled, source) if source_newer else (source, compiled)
    os.utime(older, (1_000_000, 1_000_000))
    os.utime(newer, (2_000_000, 2_000_000))


def test_a_compiled_module_older_than_its_source_is_imported_from_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_compiled, "_told", [])
    _fake_build(tmp_path, source_newer=True)
    spec = SourceWhenStale.find_spec("nul20scraper.fake", [str(tmp_path)])
    assert spec is not None and spec.origin == str(tmp_path / "fake.py")
    assert "older than their source" in capsys.readouterr().err


def test_a_fresh_build_and_other_modules_are_left_to_the_usual_import(tmp_path: Path) -> None:
    _fake_build(tmp_path, source_newer=False)
    assert SourceWhenStale.find_spec("nul20scraper.fake", [str(tmp_path)]) is None
    assert SourceWhenStale.find_spec("fake", [str(tmp_path)]) is None  # not the package's
    (tmp_path / "fake.py").unlink()  # built from other source (.pyx): nothing to compare
    assert SourceWhenStale.find_spec("nul20scraper.fake", [str(tmp_path)]) is None
