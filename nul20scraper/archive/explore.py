"""Serving the store with datasette: its metadata (datasette-metadata.json, shipped in the
package) and the command line that serves the store read-only on loopback."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
DEFAULT_PORT = 8001  # datasette's own default
# The metadata file names the store's database STORE; datasette names it after the file.
PLACEHOLDER = "STORE"


def database_name(store_path: Path) -> str:
    """The name datasette gives a database file: its name without the suffix."""
    return store_path.stem


def metadata_for(store_path: Path) -> dict[str, Any]:
    """The packaged metadata, its database entry under the name of `store_path`."""
    text = resources.files("nul20scraper.archive").joinpath("datasette-metadata.json").read_text(
        encoding="utf-8"
    )
    metadata = json.loads(text)
    metadata["databases"] = {database_name(store_path): metadata["databases"][PLACEHOLDER]}
    return metadata


def being_written(store_path: Path) -> bool:
    """True when the store's write-ahead log holds pages not yet in the main file (a crawl is
    writing, or one was killed): then it must not be served as immutable, which ignores the
    log and could read half of a checkpoint."""
    wal = store_path.with_name(store_path.name + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


def datasette_command(store_path: Path, metadata_path: Path, port: int) -> list[str]:
    """datasette serving the store without writes: immutable (`-i`, fastest, counts cached)
    when nothing is writing it, else as a read-only connection (datasette opens files with
    `mode=ro`; it has no write endpoint of its own)."""
    command = [sys.executable, "-m", "datasette", "serve", "--host", HOST, "--port", str(port),
               "--metadata", str(metadata_path)]
    if being_written(store_path):
        command.append(str(store_path))
    else:
        command.extend(["-i", str(store_path)])
    return command
