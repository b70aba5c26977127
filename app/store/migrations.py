"""Ordered, recorded schema migrations, with a backup taken before any run.

Each migration is a function registered in order with ``@migration("name")``; it runs
in its own transaction and its name is recorded in ``_migrations``, so a data folder
made by any earlier version of the app is brought up to date step by step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.store.connection import connect, transaction
from app.store.private_files import private_database, private_folder

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if any(existing == name for existing, _ in MIGRATIONS):
            raise ValueError(f"duplicate migration {name}")
        MIGRATIONS.append((name, fn))
        return fn

    return register


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the current transaction.

    ``executescript`` would COMMIT first, breaking the one-transaction-per-migration rule,
    so statements are split with ``sqlite3.complete_statement`` and run one by one.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:80]!r}")


def applied(conn: sqlite3.Connection) -> list[str]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def pending(conn: sqlite3.Connection) -> list[tuple[str, Migration]]:
    done = set(applied(conn))
    return [(name, fn) for name, fn in MIGRATIONS if name not in done]


def backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live database with SQLite's backup API (a file copy would miss the WAL)."""
    private_folder(target.parent)
    private_database(target)  # returnees' data: the user's only, like the database
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def migrate(db_path: Path) -> Path | None:
    """Apply pending migrations; returns the backup made first (None when nothing ran)."""
    from app.store import schema  # noqa: F401  registers the migrations

    conn = connect(db_path)
    try:
        todo = pending(conn)
        if not todo:
            return None
        has_data = bool(applied(conn))
        copy = None
        if has_data:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            copy = backup(conn, db_path.parent / "backups" / f"before-{todo[0][0]}-{stamp}.sqlite3")
        for name, fn in todo:
            with transaction(conn):
                fn(conn)
                conn.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                    (name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
        return copy
    finally:
        conn.close()
