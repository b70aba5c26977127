"""Back up the desk's database to a file, and restore one.

A backup is written with SQLite's backup API through ``app.store.connection.connect``,
so it is kept like the live database. Restore checks the file first (a database SQLite
finds whole, made by this app's schema or an older one, from this laptop), keeps a copy
of the current database in ``backups/``, and never lets a registration number be issued
twice: the next number after a restore is above every number this laptop is known to
have issued, in the current database, the restored file, and the copies in ``backups/``
(headquarters' highest, which every push answer carries, is part of those).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.store import backup as store
from app.store import keys as keyfile
from app.store import migrations
from app.store.connection import DB_FILENAME, connect, sqlite3, transaction

BACKUPS_FOLDER = "backups"


class RestoreRefused(Exception):
    """The file is not restored; ``code`` and ``params`` say why (app.messages)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


class Cancelled(Exception):
    """The person stopped the backup or restore; nothing of it is left."""


Stop = Callable[[], bool]


def _steps(progress: store.Progress | None, stop: Stop | None) -> store.Progress | None:
    """``progress``, and a stop between two steps of the copy when ``stop()`` says so
    (SQLite then ends the copy, rolling back what it wrote into its target)."""
    if stop is None:
        return progress

    def step(done: int, total: int) -> None:
        if stop():
            raise Cancelled
        if progress is not None:
            progress(done, total)

    return step


def _remove_database_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).unlink()


def back_up(conn: sqlite3.Connection, target: Path, *,
            progress: store.Progress | None = None, stop: Stop | None = None) -> Path:
    """Write a copy of the database behind ``conn`` to ``target``. ``stop()``, asked
    between steps, ends it with ``Cancelled``: then no file of it is left."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise RestoreRefused("backup_target_is_folder", file=str(target))
    partial = target.with_name(target.name + ".partial")
    _remove_database_file(partial)
    try:
        store.copy_database(conn, partial, progress=_steps(progress, stop))
        if stop is not None and stop():
            raise Cancelled
    except BaseException:
        _remove_database_file(partial)
        raise
    folder = _folder_of(conn)
    if folder is not None and keyfile.keys_path(folder).exists():
        keyfile.copy_keys(folder, keyfile.beside(target))
    partial.replace(target)  # a half-written copy never carries the name asked for
    return target


def _folder_of(conn: sqlite3.Connection) -> Path | None:
    """The data folder of the database ``conn`` has open."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2]).parent
    return None


def adopt_keys(data_dir: Path, source: Path) -> bool:
    """An empty data folder (the laptop replacing a lost one) takes the keys file kept
    beside ``source``, so the old passwords open the backup; False when it has none."""
    beside = keyfile.beside(source)
    data_dir = Path(data_dir)
    with keyfile.locked(data_dir):
        if keyfile.load(data_dir) is not None or not beside.is_file():
            return False
        keyfile.write_atomically(keyfile.keys_path(data_dir), beside.read_bytes())
        adopted = keyfile.load(data_dir)
        if adopted is not None and adopted.recovery is not None:
            keyfile.save_recovery(data_dir, adopted.recovery)
    return True


def _read_facts(path: Path, key: bytes) -> store.DatabaseFacts | None:
    if not path.is_file():
        return None
    try:
        conn = connect(path, key, readonly=True)
    except sqlite3.DatabaseError:
        return None
    try:
        return store.facts(conn)
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def check_backup(source: Path, key: bytes) -> store.DatabaseFacts:
    """The facts of a file to restore, or ``RestoreRefused`` saying what is wrong. A
    backup is encrypted with the desk's own ``key``; another desk's does not open."""
    source = Path(source)
    if not source.is_file():
        raise RestoreRefused("backup_missing", file=str(source))
    try:
        conn = connect(source, key, readonly=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        if keyfile.beside(source).is_file():
            # Another desk's backup (its own keys beside it): this desk's key cannot read it.
            raise RestoreRefused("backup_from_other_device", file=str(source), theirs="?",
                                 ours="?") from None
        raise RestoreRefused("backup_unreadable", file=str(source)) from None
    try:
        found = store.facts(conn)
    except sqlite3.DatabaseError as exc:  # readable at first, broken further in
        raise RestoreRefused("backup_damaged", file=str(source), why=str(exc)) from None
    finally:
        conn.close()
    if found.integrity != "ok":
        raise RestoreRefused("backup_damaged", file=str(source), why=found.integrity)
    if not found.is_desk:
        raise RestoreRefused("backup_not_a_desk", file=str(source))
    known = [name for name, _ in migrations.MIGRATIONS]
    newer = [name for name in found.applied if name not in known]
    if newer:
        raise RestoreRefused("backup_from_newer_version", file=str(source), step=newer[0])
    return found


def restore(data_dir: Path, source: Path, key: bytes, *, progress: store.Progress | None = None,
            now: datetime | None = None, stop: Stop | None = None) -> Path | None:
    """Replace the data folder's database with ``source``; returns the copy of the
    database it replaced (None when the folder had none). Nothing is changed when the
    file is refused. The caller holds the sync lock and makes sure no other window
    has the folder open; an open ``Desk`` on the folder sees the restored database
    (call its ``reload``). ``stop()``, asked between steps of the copies, ends it with
    ``Cancelled`` before the database is replaced: the folder is then as it was."""
    data_dir = Path(data_dir)
    db_path = data_dir / DB_FILENAME
    found = check_backup(source, key)
    current = _read_facts(db_path, key)
    if current is not None and current.is_desk and current.device_id != found.device_id:
        raise RestoreRefused("backup_from_other_device", file=str(source),
                             theirs=found.device_tag or "?", ours=current.device_tag or "?")

    # Every number this laptop is known to have issued, wherever it is still written.
    floor = found.highest_seq
    if current is not None:
        floor = max(floor, current.highest_seq)
    for kept in sorted((data_dir / BACKUPS_FOLDER).glob("*.sqlite3")):
        other = _read_facts(kept, key)
        if other is not None and other.device_id == found.device_id:
            floor = max(floor, other.highest_seq)

    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    kept_copy = _keep_current(data_dir, db_path, stamp, key, readable=current is not None)

    # The file is copied in and its sequence raised in a scratch file first, so the live
    # database is replaced in one step by something already complete.
    scratch = data_dir / f"restore-{stamp}.partial.sqlite3"
    try:
        _restore_through(scratch, source, db_path, key, floor,
                         _steps(progress, stop), _steps(None, stop))
    except Cancelled:
        if kept_copy is not None and current is not None:
            _remove_database_file(kept_copy)  # the database it was to replace is still live
        raise
    return kept_copy


def _restore_through(scratch: Path, source: Path, db_path: Path, key: bytes, floor: int,
                     progress: store.Progress | None,
                     checked: store.Progress | None) -> None:
    try:
        src = connect(source, key, readonly=True)
        try:
            store.copy_database(src, scratch, progress=checked)
        finally:
            src.close()
        # An older backup is brought up to this version's schema before it goes live,
        # so a window that keeps its connections open works on the schema it knows.
        migrations.migrate(scratch, key)
        conn = connect(scratch, key)
        try:
            with transaction(conn):
                store.raise_sequence_floor(conn, floor)
            live = connect(db_path, key)
            try:
                store.copy_into(conn, live, progress=progress)
            finally:
                live.close()
        finally:
            conn.close()
    finally:
        _remove_database_file(scratch)


def _keep_current(data_dir: Path, db_path: Path, stamp: str, key: bytes, *,
                  readable: bool) -> Path | None:
    if not db_path.exists():
        return None
    target = data_dir / BACKUPS_FOLDER / f"before-restore-{stamp}.sqlite3"
    if readable:
        conn = connect(db_path, key)
        try:
            return store.copy_database(conn, target)
        finally:
            conn.close()
    # A database SQLite cannot read is kept as it is, beside its WAL, and set aside.
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        part = db_path.with_name(db_path.name + suffix)
        if part.exists():
            part.replace(target.with_name(target.name + suffix))
    return target
