"""Copies of the desk's database made with SQLite's backup API, and what a copy holds.

A plain file copy of a WAL database can miss committed pages still in the WAL; the
backup API copies the database as one consistent snapshot. Both ends are opened with
``connect``, so a copy is kept exactly like the live database (the same key handling).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.store.connection import connect, key_of, sqlite3
from app.store.private_files import folder_for, private_database

# (pages copied, pages in all): called after each step of the copy.
Progress = Callable[[int, int], None]
# Pages per step: small enough for a progress bar to move on a 100 MB database, large
# enough that the copy is not slowed by the steps (1 MB at the default page size).
STEP_PAGES = 256


def copy_database(source: sqlite3.Connection, target: Path, *,
                  progress: Progress | None = None) -> Path:
    """Copy the database behind ``source`` into ``target`` (made or replaced), encrypted
    with ``source``'s key."""
    folder_for(target.parent)
    private_database(target)
    dest = connect(target, key_of(source))
    try:
        copy_into(source, dest, progress=progress)
        # A copy is one file: fold its WAL in so the file stands alone.
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        dest.close()
    return target


def copy_into(source: sqlite3.Connection, dest: sqlite3.Connection, *,
              progress: Progress | None = None) -> None:
    """Replace everything ``dest`` holds with ``source``'s database, in one step for
    readers of ``dest`` (SQLite swaps the pages under its write lock)."""

    def step(status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source.backup(dest, pages=STEP_PAGES, progress=step)


@dataclass(frozen=True)
class DatabaseFacts:
    """What restore checks in a copy before it replaces the live database."""

    integrity: str  # "ok", or SQLite's first complaint
    device_id: str | None
    device_tag: str | None
    applied: tuple[str, ...]  # migration names, in order
    highest_seq: int  # the highest sequence the copy knows this device used

    @property
    def is_desk(self) -> bool:
        return self.device_id is not None


def facts(conn: sqlite3.Connection) -> DatabaseFacts:
    """Read ``DatabaseFacts`` from an open database (raises sqlite3.DatabaseError when
    the file is not a database, or not one this key opens)."""
    from app.store import migrations

    integrity = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    values: dict[str, str] = {}
    if "meta" in tables:
        values = {r[0]: r[1] for r in conn.execute(
            "SELECT key, value FROM meta WHERE key IN"
            " ('device_id', 'device_tag', 'last_seq', 'hq_max_seq')")}
    highest = max(int(values.get("last_seq", "0") or 0), int(values.get("hq_max_seq", "0") or 0))
    if "registrations" in tables:
        highest = max(highest, conn.execute(
            "SELECT coalesce(max(seq), 0) FROM registrations").fetchone()[0])
    return DatabaseFacts(integrity=integrity, device_id=values.get("device_id"),
                         device_tag=values.get("device_tag"),
                         applied=tuple(migrations.applied(conn)) if tables else (),
                         highest_seq=highest)


def raise_sequence_floor(conn: sqlite3.Connection, floor: int) -> None:
    """Make sure the next number issued is above ``floor`` (in the caller's transaction)."""
    from app.store import meta

    last = int(meta.get(conn, "last_seq", "0"))
    if floor > last:
        meta.put(conn, "last_seq", str(floor))
