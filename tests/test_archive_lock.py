"""The store lock: a second run is refused while the first holds it, and a killed run frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nul20scraper import shared
from nul20scraper.archive.lock import StoreLock, StoreLocked
from nul20scraper.archive.store import Store

STORE_HOLDER = textwrap.dedent(
    """
    import sys
    from nul20scraper.archive.lock import StoreLock
    from nul20scraper.archive.store import Store
    with StoreLock(sys.argv[1]):
        Store.open(sys.argv[1]).close()
        print("locked", flush=True)
        sys.stdin.read()  # hold until the test closes stdin or kills us
    """
)


def start_holder(lock_path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", STORE_HOLDER, str(lock_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def stop(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)


@pytest.mark.parametrize("link", ["symlink", "hard link", "dotted path"])
def test_every_name_of_the_store_is_refused(tmp_path: Path, link: str) -> None:
    store = tmp_path / "data" / "nul20.sqlite"
    holder = start_holder(store)
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
    holder = start_holder(store)
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


def test_sigkilled_holder_releases_the_lock(tmp_path: Path) -> None:
    store = tmp_path / "data" / "nul20.sqlite"
    holder = start_holder(store)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    with StoreLock(store) as lock:
        assert lock.held
    assert not lock.held


def test_lock_is_exclusive_within_one_process_too(tmp_path: Path) -> None:
    store = tmp_path / "nul20.sqlite"
    with StoreLock(store), pytest.raises(StoreLocked) as refused:
        StoreLock(store).acquire()
    assert refused.value.pid == os.getpid()
