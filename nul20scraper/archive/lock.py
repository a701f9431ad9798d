"""A run lock, so that two crawls (say a slow cron run and the next one) never overlap.

`fcntl.flock` on a lock file: the kernel releases it when the holding process exits in any way,
SIGKILL included, so a crashed run never leaves a stale lock behind. The file itself stays (with
the last holder's pid in it); removing it would let two runs lock two different files.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from nul20scraper.shared import LOCKED

# Exit status of a run refused because another one holds the lock; defined with the crawl's
# other statuses in nul20scraper.shared.
EXIT_LOCKED = LOCKED


def lock_path_for(store_path: str | Path) -> Path:
    """The lock file that guards a store: next to it, `<store>.lock`."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".lock")


class LockHeld(RuntimeError):
    def __init__(self, path: Path, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        holder = f"pid {pid}" if pid is not None else "another process"
        super().__init__(f"another crawl is running (lock {path} held by {holder})")


class RunLock:
    """An exclusive, non-blocking lock on a file; use as a context manager or acquire/release."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        """Take the lock or raise LockHeld at once (a scheduled run must not queue up)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise LockHeld(self.path, pid) from None
        # The pid is only for the refusal message; the lock is the flock, not the content.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode().strip())
    except (OSError, ValueError):
        return None
