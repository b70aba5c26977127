"""Opening the desk's SQLite file with the settings every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store.private_files import private_database

DB_FILENAME = "jobcentre.sqlite3"
BUSY_TIMEOUT_MS = 10_000


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode; callers open transactions with ``transaction``.

    WAL lets the window read while a sync writes; ``synchronous=FULL`` makes a commit
    survive a power cut, which is what "saved" promises the officer.
    """
    if readonly:
        conn = sqlite3.connect(
            f"file:{Path(path).as_posix()}?mode=ro", uri=True, isolation_level=None,
            check_same_thread=False,
        )
    else:
        private_database(Path(path))
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class transaction:
    """``with transaction(conn):`` BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error.

    IMMEDIATE takes the write lock up front, so two writers wait on the busy timeout
    instead of failing half way with SQLITE_BUSY.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def defer_checkpoints(conn: sqlite3.Connection) -> None:
    """Commits on ``conn`` stop copying the write-ahead log back into the database.

    By default SQLite does that inside whichever commit takes the log past 1,000 pages,
    so one save in thirty paid for the others (28 ms instead of 1.4 at a million
    registrations). The connection that defers must see that ``checkpoint`` runs."""
    conn.execute("PRAGMA wal_autocheckpoint = 0")


def checkpoint(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """Copy what the log holds back into the database without waiting for readers or
    blocking writers (PASSIVE): (busy, log pages, pages copied)."""
    row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(row[0]), int(row[1]), int(row[2])
