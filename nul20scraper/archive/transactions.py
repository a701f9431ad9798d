"""Ending a store transaction that failed, for the store and its migrations."""

from __future__ import annotations

import contextlib
import sqlite3


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the connection's open transaction, if there still is one, without hiding the error
    that made us undo it.

    On some errors (SQLITE_FULL `database or disk is full`, SQLITE_IOERR, SQLITE_NOMEM) SQLite
    rolls the transaction back itself; a ROLLBACK after that fails with `cannot rollback - no
    transaction is active`, and raising that would replace the real cause in every log line
    and report. A ROLLBACK that fails for another reason leaves nothing to do either: the
    caller re-raises the error it is handling.
    """
    if not conn.in_transaction:
        return
    with contextlib.suppress(sqlite3.Error):
        conn.execute("ROLLBACK")
