"""The commands return the exit statuses named in nul20scraper.shared, never bare numbers, so
that a status means the same in every command and the README's table holds for all of them."""

from __future__ import annotations

import ast
from pathlib import Path

import nul20scraper
from nul20scraper import shared

PACKAGE = Path(nul20scraper.__file__).parent


def numbers_returned(path: Path) -> list[str]:
    """`file:line` of every integer literal a `return` gives (directly or in a conditional)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        values = [node.value]
        if isinstance(node.value, ast.IfExp):
            values = [node.value.body, node.value.orelse]
        for value in values:
            if isinstance(value, ast.Constant) and type(value.value) is int:
                found.append(f"{path.name}:{node.lineno}")
    return sorted(found)


def test_no_command_returns_a_bare_number() -> None:
    modules = sorted((PACKAGE / "commands").glob("*.py"))
    assert len(modules) >= 10
    assert [hit for path in modules for hit in numbers_returned(path)] == []


def test_the_store_errors_carry_named_statuses() -> None:
    from nul20scraper.archive.store import StoreError, StoreNotFound

    source = (PACKAGE / "archive" / "store.py").read_text(encoding="utf-8")
    assert "exit_status = shared." in source
    assert (StoreError.exit_status, StoreNotFound.exit_status) == (shared.FATAL, shared.USAGE)


def test_the_check_sees_a_bare_number(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("def run():\n    if x:\n        return 2\n    return 1 if y else OK\n")
    assert numbers_returned(module) == ["bad.py:3", "bad.py:4"]
