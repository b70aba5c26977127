"""Opening the desk's database (SQLCipher) with the settings every connection needs.

This is the one place a connection to a desk file is opened. The database key is 32
random bytes, given to SQLCipher in its raw form (``x'...'``), so no PBKDF2 runs on open;
the key itself comes unwrapped from the keys file (``app.store.keys``).
"""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as sqlite3

from app.store.private_files import private_database

DB_FILENAME = "jobcentre.sqlite3"
BUSY_TIMEOUT_MS = 10_000
KEY_BYTES = 32
# SQLite's page cache of an encrypted connection, KiB (memory used only as pages are read).
ENCRYPTED_CACHE_KIB = 65_536
# What every plain SQLite file starts with; an encrypted one starts with its random salt.
PLAIN_HEADER = b"SQLite format 3\x00"

# The driver's errors and row type, for callers that catch or name them.
DatabaseError = sqlite3.DatabaseError
IntegrityError = sqlite3.IntegrityError
OperationalError = sqlite3.OperationalError
Error = sqlite3.Error
Row = sqlite3.Row
Connection = sqlite3.Connection
complete_statement = sqlite3.complete_statement


class KeyedConnection(sqlite3.Connection):
    """A connection that knows the key it was opened with (``database_key``), so a copy
    made from it (backups) is encrypted with the same key."""

    database_key: bytes | None = None


def key_of(conn: sqlite3.Connection) -> bytes | None:
    """The key ``conn`` was opened with (None: a plain file)."""
    return getattr(conn, "database_key", None)


class WrongKey(DatabaseError):
    """The file is not a database this key opens (wrong key, or not a database at all)."""


def key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"\"x'{key.hex()}'\""


def is_plain(path: Path | str) -> bool:
    """True when ``path`` is an unencrypted SQLite file (made by an older version)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def connect(path: Path | str, key: bytes | None, *, readonly: bool = False,
            wal: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode; callers open transactions with ``transaction``.

    ``key`` is the database key; ``None`` opens a plain file, which only the upgrade of
    an older data folder does. WAL lets the window read while a sync writes;
    ``synchronous=FULL`` makes a commit survive a power cut, which is what "saved"
    promises the officer.
    """
    if readonly:
        conn = sqlite3.connect(
            f"file:{Path(path).as_posix()}?mode=ro", uri=True, isolation_level=None,
            check_same_thread=False, factory=KeyedConnection,
        )
    else:
        private_database(Path(path))
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                               factory=KeyedConnection)
    # SQLCipher writes its own log lines to stderr (a damaged page prints "hmac check
    # failed"); the officer gets one message in words from the caller instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = {key_pragma(key)}")
        conn.database_key = key
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        # The first read of the file checks the key (SQLCipher's page HMAC).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise WrongKey(str(path)) from exc
    conn.row_factory = sqlite3.Row
    if key is not None:
        # Pages are decrypted into SQLite's own cache; a bigger one than the default 8 MB
        # keeps the pages a list or search touches decrypted (bench_encryption).
        conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
    if not readonly and wal:
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
