"""`nul20scraper --help` and every command's --help: each option and argument is described."""

from __future__ import annotations

import argparse

import pytest

from nul20scraper.cli import COMMANDS, build_parser


def subparsers() -> dict[str, argparse.ArgumentParser]:
    [choices] = [action.choices for action in build_parser()._actions
                 if isinstance(action, argparse._SubParsersAction)]
    return dict(choices)


def test_every_command_is_listed_with_its_summary(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert set(subparsers()) == set(COMMANDS)
    for name in COMMANDS:
        assert f"\n    {name} " in out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_has_a_help_text(command: str) -> None:
    parser = subparsers()[command]
    undocumented = [action.option_strings or action.dest for action in parser._actions
                    if not (action.help or "").strip()]
    assert undocumented == []
    assert parser.description
    parser.format_help()  # every %(default)s in the texts can be filled in


def test_show_raw_says_which_number_it_takes() -> None:
    [raw] = [action for action in subparsers()["show"]._actions if "--raw" in action.option_strings]
    assert "as the listing numbers" in raw.help and "not the database id" in raw.help
