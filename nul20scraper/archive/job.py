"""A crawl's job directory (`nul20scraper crawl --job-dir DIR`): what a killed run needs to be
continued by the next one started with the same directory.

It holds `job.json` with the run's label and whether the run finished. While the run is not
finished, starting a crawl with the directory continues that run: same label, so the same row
in the store's runs table, the same WARC file names (which the resumed run replays, see
nul20scraper.crawl.replay) and, for an incremental run, the same notion of "new". Once it
finished, the next start begins a new run in the same directory.

The file is replaced atomically (write, fsync, rename), so a kill at any moment leaves either
the old or the new state.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

JOB_FILE = "job.json"


@dataclass(frozen=True)
class JobState:
    label: str
    incremental: bool
    finished: bool = False


def load_job(directory: str | Path) -> JobState | None:
    path = Path(directory) / JOB_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
        return JobState(str(data["label"]), bool(data["incremental"]), bool(data["finished"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not a job file: {exc}") from exc


def save_job(directory: str | Path, state: JobState) -> None:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / JOB_FILE
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        json.dump(asdict(state), out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def begin_job(directory: str | Path, new_label: str, incremental: bool) -> tuple[JobState, bool]:
    """The run to do in `directory`: the unfinished one there (resumed, True) or a new one
    labelled `new_label` (False). A resumed run keeps the mode it was started in."""
    state = load_job(directory)
    if state is not None and not state.finished:
        return state, True
    state = JobState(new_label, incremental)
    save_job(directory, state)
    return state, False


def finish_job(directory: str | Path, state: JobState) -> None:
    save_job(directory, JobState(state.label, state.incremental, finished=True))
