"""`nul20scraper explore`: browse the store in datasette, read-only, on 127.0.0.1."""

from __future__ import annotations

import argparse
import importlib.util
import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from nul20scraper import shared
from nul20scraper.commands._readonly import add_store_option, open_store

HELP = "browse and query the store in datasette (read-only, on 127.0.0.1)"

INSTALL_HINT = "pip install 'nul20scraper[explore]'"


def configure(parser: argparse.ArgumentParser) -> None:
    from nul20scraper.archive.explore import DEFAULT_PORT

    add_store_option(parser)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                        help=f"port on 127.0.0.1, 1 to 65535 (default: {DEFAULT_PORT})")


def run(args: argparse.Namespace) -> int:
    from nul20scraper.archive.explore import HOST, datasette_command, metadata_for

    if not 1 <= args.port <= 65535:
        print(f"nul20scraper: --port {args.port}: give a port from 1 to 65535", file=sys.stderr)
        return shared.USAGE
    if importlib.util.find_spec("datasette") is None:
        print(f"nul20scraper: explore needs datasette: {INSTALL_HINT}", file=sys.stderr)
        return shared.USAGE
    store = open_store(args.store)  # the same checks and messages as the other read commands
    if isinstance(store, int):
        return store
    store.close()
    with tempfile.TemporaryDirectory(prefix="nul20-explore-") as directory:
        metadata_path = Path(directory) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata_for(args.store)), encoding="utf-8")
        command = datasette_command(args.store, metadata_path, args.port)
        print(f"nul20scraper: serving {args.store} (read-only) on http://{HOST}:{args.port}/ "
              "(Ctrl-C stops)", file=sys.stderr, flush=True)
        server = subprocess.Popen(command)
        # Stopping this command stops the server: SIGTERM is passed on, and Ctrl-C reaches
        # both through the terminal's process group.
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.wait()
            return shared.OK
