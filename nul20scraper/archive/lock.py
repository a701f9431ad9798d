"""A run lock, so that two crawls (say a slow cron run and the next one) never overlap.

`fcntl.flock`: the kernel releases it when the holding process exits in any way, SIGKILL
included, so a crashed run never leaves a stale lock behind.

A store is guarded by a flock on the database file itself (StoreLock), not on a file named
after its path: a flock belongs to the file (its inode), so a second crawl that names the same
store through a symlink, a hard link or `..` in the path meets the same lock. A lock file
next to the path let a hard-linked name run alongside the first crawl and corrupt the store.
SQLite's own locks are POSIX record locks (fcntl), which on Linux do not interact with flock;
the one caveat is that closing any descriptor of the file drops the process's POSIX locks, so
the lock is taken before the crawl opens the store and released after every connection is
closed. (On NFS flock is emulated with POSIX locks, and a store there is not supported.)
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockHeld(RuntimeError):
    """Another run holds the lock; the crawl command refuses to start on it."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        holder = f"pid {pid}" if pid is not None else "another process"
        super().__init__(f"another crawl is running (store {path} is locked by {holder})")


class StoreLocked(LockHeld):
    """The store's database file is locked by another run."""


class StoreLock:
    """An exclusive, non-blocking flock on an archive store's database file (created empty
    when missing: SQLite takes an empty file for a new database)."""

    def __init__(self, store_path: str | Path) -> None:
        self.path = Path(store_path)
        self._fd: int | None = None

    def acquire(self) -> StoreLock:
        """Take the lock or raise StoreLocked at once (a scheduled run must not queue up)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_RDONLY is enough for flock, and never changes a byte of the database.
        fd = os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            info = os.fstat(fd)
            os.close(fd)
            raise StoreLocked(self.path, flock_holder(info.st_dev, info.st_ino)) from None
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

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


PROC_LOCKS = Path("/proc/locks")


def flock_holder(device: int, inode: int) -> int | None:
    """The pid holding a flock on the file (device, inode), from Linux's /proc/locks; None
    where that table is not available or does not say. Only for the refusal message."""
    wanted = f"{os.major(device):02x}:{os.minor(device):02x}:{inode}"
    try:
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == wanted:
            try:
                return int(fields[4])
            except ValueError:
                return None
    return None

