"""The package builds as a pure wheel: Python source and data only, for every platform."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIVE_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".c", ".cpp", ".pyx", ".pxd")


def test_wheel_is_pure_python(tmp_path: Path) -> None:
    # Built from a copy, so the build leaves nothing in the working tree; with the
    # installed setuptools, so it needs no network.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "nul20scraper", source / "nul20scraper",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    script = "import sys; from setuptools import build_meta; build_meta.build_wheel(sys.argv[1])"
    build = subprocess.run([sys.executable, "-c", script, str(wheels)],
                           cwd=source, capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.iterdir()
    assert wheel.name.startswith("nul20scraper-") and wheel.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in names if name.endswith(NATIVE_SUFFIXES)]
    assert "nul20scraper/extract/scan.py" in names
    assert "nul20scraper/schema/article.schema.json" in names
    assert any(name.startswith("nul20scraper/demo/pages/") for name in names)
