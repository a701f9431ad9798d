"""The run lock: a second run is refused while the first holds it, and a killed run frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nul20scraper.archive.lock import EXIT_LOCKED, LockHeld, RunLock, lock_path_for

HOLDER = textwrap.dedent(
    """
    import sys
    from nul20scraper.archive.lock import RunLock
    with RunLock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()  # hold until the test closes stdin or kills us
    """
)


def start_holder(lock_path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_lock_path_is_next_to_the_store(tmp_path: Path) -> None:
    store = tmp_path / "data" / "nul20.sqlite"
    assert lock_path_for(store) == tmp_path / "data" / "nul20.sqlite.lock"
    assert EXIT_LOCKED == 4


def test_second_process_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    lock_path = tmp_path / "nul20.sqlite.lock"
    holder = start_holder(lock_path)
    try:
        with pytest.raises(LockHeld) as refused:
            RunLock(lock_path).acquire()
        assert refused.value.pid == holder.pid
        assert f"nul20scraper: {refused.value}" == (
            f"nul20scraper: another crawl is running (lock {lock_path} held by pid {holder.pid})"
        )
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    # Released on a normal exit: the next run gets it.
    with RunLock(lock_path) as lock:
        assert lock.held
        assert lock_path.read_text().strip() == str(os.getpid())
    assert not lock.held


def test_sigkilled_holder_releases_the_lock(tmp_path: Path) -> None:
    lock_path = tmp_path / "job" / "run.lock"
    holder = start_holder(lock_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    with RunLock(lock_path) as lock:
        assert lock.held


def test_lock_is_exclusive_within_one_process_too(tmp_path: Path) -> None:
    lock_path = tmp_path / "run.lock"
    with RunLock(lock_path), pytest.raises(LockHeld):
        RunLock(lock_path).acquire()
