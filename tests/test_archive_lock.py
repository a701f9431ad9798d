"""The run lock: a second run is refused while the first holds it, and a killed run frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nul20scraper import shared
from nul20scraper.archive.lock import (
    EXIT_LOCKED,
    LockHeld,
    RunLock,
    StoreLock,
    StoreLocked,
    lock_path_for,
)
from nul20scraper.archive.store import Store

HOLDER = textwrap.dedent(
    """
    import sys
    from nul20scraper.archive.lock import RunLock
    with RunLock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()  # hold until the test closes stdin or kills us
    """
)


STORE_HOLDER = textwrap.dedent(
    """
    import sys
    from nul20scraper.archive.lock import StoreLock
    from nul20scraper.archive.store import Store
    with StoreLock(sys.argv[1]):
        Store.open(sys.argv[1]).close()
        print("locked", flush=True)
        sys.stdin.read()
    """
)


def start_holder(lock_path: Path, program: str = HOLDER) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", program, str(lock_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_the_lock_is_the_store_file_itself(tmp_path: Path) -> None:
    store = tmp_path / "data" / "nul20.sqlite"
    assert lock_path_for(store) == store
    assert EXIT_LOCKED == 4


def stop(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)


@pytest.mark.parametrize("link", ["symlink", "hard link", "dotted path"])
def test_every_name_of_the_store_is_refused(tmp_path: Path, link: str) -> None:
    store = tmp_path / "data" / "nul20.sqlite"
    holder = start_holder(store, STORE_HOLDER)
    other = tmp_path / "elsewhere" / "alias.sqlite"
    other.parent.mkdir()
    if link == "symlink":
        other.symlink_to(store)
    elif link == "hard link":
        os.link(store, other)
    else:
        other = tmp_path / "elsewhere" / ".." / "data" / "nul20.sqlite"
    try:
        with pytest.raises(StoreLocked) as refused:
            StoreLock(other).acquire()
        assert refused.value.pid == holder.pid
        assert str(refused.value) == (
            f"another crawl is running (store {other} is locked by pid {holder.pid})"
        )
    finally:
        stop(holder)
    with StoreLock(other) as lock:
        assert lock.held
    # The lock never wrote into the database: it is still a store.
    with Store.open(store) as reopened:
        assert reopened.counts() == {"articles": 0, "revisions": 0}


@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_a_crawl_through_a_link_to_a_locked_store_exits_4(tmp_path: Path, link: str) -> None:
    store = tmp_path / "nul20.sqlite"
    holder = start_holder(store, STORE_HOLDER)
    alias = tmp_path / "sub" / "alias.sqlite"
    alias.parent.mkdir()
    if link == "symlink":
        alias.symlink_to(store)
    else:
        os.link(store, alias)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", "http://127.0.0.1:9",
             "--store", str(alias), "-o", str(tmp_path / "out.jsonl")],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )
    finally:
        stop(holder)
    assert second.returncode == shared.LOCKED
    assert second.stderr == (
        f"nul20scraper crawl: another crawl is running (store {alias} is locked by pid "
        f"{holder.pid}); not starting\n"
    )


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
