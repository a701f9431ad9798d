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


def datasette_command(store_path: Path, metadata_path: Path, port: int) -> list[str]:
    """datasette serving the store without writes, through read-only connections (datasette
    opens a file given without `-i` with `mode=ro`; it has no write endpoint of its own).

    Never immutable (`-i`): a scheduled crawl may write the store while it is being explored,
    and SQLite reading a changing file as immutable can give wrong rows or report corruption.
    """
    return [sys.executable, "-m", "datasette", "serve", "--host", HOST, "--port", str(port),
            "--metadata", str(metadata_path), str(store_path)]
