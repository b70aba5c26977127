"""Ordered, recorded schema migrations, with a backup taken before any run.

Each migration is a function registered in order with ``@migration("name")``; it takes
the connection and runs SQL on it. The runner is sqlite-utils' ``Migrations``: the store
is opened as a ``sqlite_utils.Database`` over our own connection (so it keeps whatever
``connect`` sets up), each migration runs in its own transaction together with the row
recording it in ``_sqlite_migrations`` (set ``jobcentre``), and a data folder made by any
earlier version of the app is brought up to date step by step.

Folders made before the change recorded their migrations in our own ``_migrations``
table; those names are moved into ``_sqlite_migrations`` in the first transaction, so
nothing runs twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.store.connection import connect, sqlite3

Migration = Callable[[sqlite3.Connection], None]
# Every registered migration, in order: what ``migration_set`` hands to sqlite-utils.
MIGRATIONS: list[tuple[str, Migration]] = []
MIGRATION_SET = "jobcentre"
RECORD_TABLE = Migrations.migrations_table  # "_sqlite_migrations"
LEGACY_TABLE = "_migrations"


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if any(existing == name for existing, _ in MIGRATIONS):
            raise ValueError(f"duplicate migration {name}")
        MIGRATIONS.append((name, fn))
        return fn

    return register


def migration_set() -> Migrations:
    """The registered migrations as one sqlite-utils migration set."""
    from app.store import schema  # noqa: F401  registers the migrations

    steps = Migrations(MIGRATION_SET)
    for name, fn in MIGRATIONS:
        steps(name=name)(_on_connection(fn))
    return steps


def _on_connection(fn: Migration) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        fn(db.conn)

    run.__name__ = fn.__name__
    return run


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


def store(conn: sqlite3.Connection) -> Database:
    """The desk's connection seen through sqlite-utils. No plugins, and SQLite's own
    trigger recursion setting is kept (sqlite-utils would turn recursive triggers on)."""
    return Database(conn, recursive_triggers=False, execute_plugins=False)


def _legacy_names(conn: sqlite3.Connection) -> list[str]:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (LEGACY_TABLE,)).fetchone():
        return []
    return [row[0] for row in conn.execute(f"SELECT name FROM {LEGACY_TABLE} ORDER BY rowid")]


def applied(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations this database has had, in the order they ran."""
    legacy = _legacy_names(conn)
    recorded = [m.name for m in migration_set().applied(store(conn))]
    return legacy + [name for name in recorded if name not in legacy]


def pending(conn: sqlite3.Connection) -> list[str]:
    done = set(applied(conn))
    return [name for name, _ in MIGRATIONS if name not in done]


def backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live database with SQLite's backup API (a file copy would miss the WAL),
    encrypted with the same key as ``conn``."""
    from app.store.backup import copy_database

    return copy_database(conn, target)


def _adopt_legacy_record(db: Database, steps: Migrations) -> None:
    """Move the names ``_migrations`` holds into sqlite-utils' table, in one transaction."""
    if not db[LEGACY_TABLE].exists():
        return
    names = _legacy_names(db.conn)
    rows = {r[0]: r[1] for r in db.conn.execute(f"SELECT name, applied_at FROM {LEGACY_TABLE}")}
    with db.atomic():
        steps.ensure_migrations_table(db)
        db.conn.executemany(
            f"INSERT OR IGNORE INTO {RECORD_TABLE} (migration_set, name, applied_at)"
            " VALUES (?, ?, ?)",
            [(MIGRATION_SET, name, rows[name]) for name in names],
        )
        db.conn.execute(f"DROP TABLE {LEGACY_TABLE}")


def migrate(db_path: Path, key: bytes) -> Path | None:
    """Apply pending migrations; returns the backup made first (None when nothing ran)."""
    steps = migration_set()
    conn = connect(db_path, key)
    try:
        db = store(conn)
        done = applied(conn)
        todo = [name for name, _ in MIGRATIONS if name not in set(done)]
        legacy = db[LEGACY_TABLE].exists()
        if not todo and not legacy:
            return None
        copy = None
        if done:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            first = todo[0] if todo else "record"
            copy = backup(conn, db_path.parent / "backups" / f"before-{first}-{stamp}.sqlite3")
        _adopt_legacy_record(db, steps)
        steps.apply(db)
        return copy
    finally:
        conn.close()
