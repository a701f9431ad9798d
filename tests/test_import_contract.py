"""The packages import one way (pyproject.toml [tool.importlinter]): import-linter's layers
contract, run as CI runs it, holds; and every top-level part of the package is in a layer, so
that a new module cannot slip past the contract by being named in none."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nul20scraper

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    return config["contracts"]


def _layer_modules() -> set[str]:
    (contract,) = [c for c in _contracts() if c["type"] == "layers"]
    return {name.strip() for layer in contract["layers"]
            for name in layer.replace(":", "|").split("|")}


def test_lint_imports_keeps_the_layers_contract() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert f"{len(_contracts())} kept, 0 broken" in run.stdout, run.stdout[-2000:]


def test_every_top_level_module_is_in_a_layer() -> None:
    layered = _layer_modules()
    # Private modules (the build's own) are not part of the layering; __main__ is.
    top_level = {f"nul20scraper.{module.name}" for module in pkgutil.iter_modules(
        nul20scraper.__path__) if not module.name.startswith("_") or module.name == "__main__"}
    assert {"nul20scraper.crawl", "nul20scraper.archive", "nul20scraper.shared"} <= top_level
    assert top_level - layered == set(), "name these in [tool.importlinter] layers"
