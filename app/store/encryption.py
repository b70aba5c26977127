"""Encrypting, in place, a data folder an older version left in plain SQLite.

On the first start after the upgrade the plain ``jobcentre.sqlite3`` becomes an encrypted
one, without anyone's password: each officer's stored argon2id hash already is the key
their password derives (``keys.wrap_with_password_hash``), so every officer keeps
signing in with the same password. The steps, each safe to be killed after:

1. the plain file is checkpointed into one file (no ``-wal`` left beside it);
2. an encrypted copy is written beside it (``jobcentre.sqlite3.encrypting``) with
   ``sqlcipher_export``, a new recovery key is put in it, and it is checked: SQLCipher's
   page check, SQLite's integrity check, and every table's row count against the plain
   file;
3. the keys file is written (atomically);
4. an encrypted backup is copied to ``backups/before-encryption-*.sqlite3``;
5. the encrypted copy is renamed over the plain file (atomic): the plain file is gone only
   now, after its replacement was checked;
6. backups an older version made in plain (before its migrations) are encrypted the same
   way, one by one (copy, check, rename over).

Until step 5 the folder still opens as the old plain file, and the next start begins
again from step 1 (leftovers of the unfinished attempt are removed first). After it, the
folder opens encrypted, and step 6 is resumed on every open until no plain backup is
left.
"""

from __future__ import annotations

import logging
import os
import signal
from datetime import UTC, datetime
from pathlib import Path

from app.store import keys as keyfile
from app.store.connection import DB_FILENAME, connect, is_plain, key_pragma, transaction
from app.store.private_files import private_database, private_folder

log = logging.getLogger("jobcentre.encryption")

ENCRYPTING_SUFFIX = ".encrypting"
BACKUP_PREFIX = "before-encryption-"
# Named steps at which the crash tests stop the process (kill -9, see tests/test_encryption.py).
STOP_AT_ENV = "JOBCENTRE_TEST_STOP_AT"


def _step(name: str) -> None:
    if os.environ.get(STOP_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        _fsync(folder)


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        p.unlink(missing_ok=True)


def _export(plain: Path, target: Path, key: bytes) -> dict[str, int]:
    """``target``: an encrypted copy of ``plain``; returns each table's row count."""
    _remove(target)
    conn = connect(plain, None, wal=False)
    try:
        # One file: everything in the WAL moved into the database, and no WAL left.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        counts = _counts(conn)
        private_database(target)
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_pragma(key)}", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    _fsync(target)
    return counts


def _counts(conn) -> dict[str, int]:  # noqa: ANN001
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def check(path: Path, key: bytes, counts: dict[str, int] | None = None) -> None:
    """Raise unless ``path`` opens with ``key``, passes SQLCipher's and SQLite's checks,
    and (when given) holds the same number of rows in each table."""
    conn = connect(path, key, wal=False)
    try:
        bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if bad:
            raise RuntimeError(f"{path.name}: cipher_integrity_check: {bad[:3]}")
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise RuntimeError(f"{path.name}: integrity_check: {ok}")
        if counts is not None and _counts(conn) != counts:
            raise RuntimeError(f"{path.name}: row counts differ from the plain file")
    finally:
        conn.close()


def _officers(plain: Path) -> tuple[str | None, list, dict[str, str]]:  # noqa: ANN401
    conn = connect(plain, None, wal=False)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables or "officers" not in tables:
            return None, [], {}
        office = conn.execute("SELECT value FROM meta WHERE key = 'office_code'").fetchone()
        rows = conn.execute(
            "SELECT officer_id, name, role, created_at, password_hash, active FROM officers"
        ).fetchall()
        settings = {r[0].removeprefix("setting."): r[1] for r in conn.execute(
            "SELECT key, value FROM meta WHERE key LIKE 'setting.%'")}
        return (office[0] if office else None), [dict(r) for r in rows], settings
    finally:
        conn.close()


def encrypt_plain_folder(data_dir: Path, *, now: datetime | None = None) -> bytes | None:
    """Encrypt ``data_dir``'s plain database in place (the steps above); returns the new
    database key. A plain file that was never set up (no officer: it cannot hold
    anyone's data) is removed instead, and None returned. The caller holds the folder
    (one window or command at a time)."""
    data_dir = Path(data_dir)
    db = data_dir / DB_FILENAME
    enc = db.with_name(db.name + ENCRYPTING_SUFFIX)
    backups = data_dir / "backups"
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    # Leftovers of an attempt that did not finish: made with a key nobody will have.
    _remove(enc)
    for stale in backups.glob(BACKUP_PREFIX + "*") if backups.exists() else ():
        stale.unlink()

    key = keyfile.new_database_key()
    recovery = keyfile.new_recovery_key()
    office, officers, settings = _officers(db)
    if not officers:
        _remove(db)
        return None
    _step("start")
    counts = _export(db, enc, key)
    _step("exported")
    check(enc, key, counts)
    conn = connect(enc, key, wal=False)
    try:
        with transaction(conn):
            for name, value in (("recovery_key", recovery), ("recovery_key_unseen", "1")):
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             (name, value))
    finally:
        conn.close()
    _step("checked")

    entries = []
    for row in officers:
        wrapped = None
        if row["active"]:
            try:
                wrapped = keyfile.wrap_with_password_hash(
                    key, row["password_hash"], keyfile.officer_aad(row["officer_id"]))
            except keyfile.WrongSecret:
                log.warning("officer %s had an unreadable password hash: a supervisor must "
                            "set a new password", row["officer_id"])
        entries.append(keyfile.OfficerEntry(row["officer_id"], row["name"], row["role"],
                                            row["created_at"], wrapped))
    keys = keyfile.KeysFile(office_code=office or "", officers=entries, settings=settings,
                            recovery=keyfile.wrap_with_secret(key, recovery,
                                                              keyfile.RECOVERY_AAD))
    keyfile.save(data_dir, keys)
    _step("keys-written")

    private_folder(backups)
    copy = backups / f"{BACKUP_PREFIX}{stamp}.sqlite3"
    private_database(copy)
    copy.write_bytes(enc.read_bytes())
    _fsync(copy)
    _step("backed-up")

    os.replace(enc, db)
    _fsync_dir(data_dir)
    _remove_companions(db)
    _step("replaced")
    encrypt_plain_backups(data_dir, key)
    log.info("data folder encrypted in place (%d tables)", len(counts))
    return key


def _remove_companions(db: Path) -> None:
    """A ``-wal``/``-shm`` left by the plain file must never be read as the new file's."""
    for suffix in ("-wal", "-shm", "-journal"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


def encrypt_plain_backups(data_dir: Path, key: bytes) -> int:
    """Encrypt every plain backup in ``backups/`` (copy, check, rename over); how many."""
    backups = Path(data_dir) / "backups"
    if not backups.is_dir():
        return 0
    done = 0
    for leftover in backups.glob("*" + ENCRYPTING_SUFFIX):
        _remove(leftover)
    for path in sorted(backups.iterdir()):
        if not path.is_file() or not is_plain(path):
            continue
        enc = path.with_name(path.name + ENCRYPTING_SUFFIX)
        counts = _export(path, enc, key)
        check(enc, key, counts)
        _step("backup-encrypted")
        os.replace(enc, path)
        _remove_companions(path)
        done += 1
    if done:
        _fsync_dir(backups)
    return done
