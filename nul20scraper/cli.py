"""The `nul20scraper` command line: one sub-command per module in `nul20scraper.commands`.

Command modules keep heavy imports (Scrapy, Twisted) inside their `run` function, so that
`nul20scraper parse` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Sub-command name -> module under nul20scraper.commands. Each module defines
# `configure(parser)` and `run(args) -> int`.
COMMANDS: dict[str, str] = {
    "parse": "parse",
    "crawl": "crawl",
    "demo": "demo",
    "reparse": "reparse",
    "export": "export",
    "search": "search",
    "show": "show",
    "report": "report",
    "explore": "explore",
    "migrate": "migrate",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nul20scraper",
        description="Archive the coverage of NUL20 (www.nul20.nl) as structured JSON.",
    )
    from nul20scraper import __version__

    parser.add_argument("--version", action="version", version=f"nul20scraper {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"nul20scraper.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"nul20scraper.commands.{module_name}":
                raise
            continue
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("nul20scraper: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (`| head`): no traceback, and no second error
        # when Python flushes the closed pipe at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command its pipe ended


if __name__ == "__main__":
    sys.exit(main())
