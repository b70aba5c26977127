"""The open data folder: its database, this device, and who is working.

Every use case (window, CLI, sync) starts from a ``Desk``. It owns the one write
connection; a thread that reads opens its own with ``Desk.reader()``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TypeVar

import platformdirs

from app.domain import regno
from app.domain.khmerdate import PHNOM_PENH
from app.domain.reference import Reference, check_reference_in, is_newer
from app.domain.registration import Places
from app.domain.search import INDEX_VERSION
from app.resources import bundled_gazetteer, bundled_reference
from app.store import keys as keyfile
from app.store import meta
from app.store import outbox as outbox_store
from app.store import registrations as reg_store
from app.store.connection import (
    DB_FILENAME,
    DatabaseError,
    connect,
    defer_checkpoints,
    is_plain,
    transaction,
)
from app.store.connection import checkpoint as checkpoint_log
from app.store.encryption import encrypt_plain_backups, encrypt_plain_folder
from app.store.migrations import migrate
from app.store.private_files import private_file, private_folder

APP_NAME = "JobCentreDesk"
# The id headquarters publishes the reference data set (labels, training catalogue) under.
REFERENCE_ID = "reference"

log = logging.getLogger("jobcentre.desk")
T = TypeVar("T")


def default_data_dir() -> Path:
    env = os.environ.get("JOBCENTRE_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def peek_setting(data_dir: Path, key: str) -> str | None:
    """A setting the window needs before anyone signs in (``keys.PUBLIC_SETTINGS``), read
    from the keys file without opening the desk: for the window's refusal when another
    window holds the folder. None if unreadable."""
    try:
        keys = keyfile.load(Path(data_dir))
    except (OSError, ValueError, KeyError):
        return None
    return keys.settings.get(key) if keys else None


gazetteer = bundled_gazetteer


_reference_in_use: Reference | None = None


def reference() -> Reference:
    """The reference data in use: the bundled file, or the newer set headquarters
    published once this desk has pulled it (see ``use_newest_reference``)."""
    return _reference_in_use or bundled_reference()


def check_reference_data(data: object) -> list[str]:
    """``check_reference`` against the bundled gazetteer."""
    return check_reference_in(data, gazetteer())


def newest_reference(published: object) -> Reference:
    """The set headquarters published when it is valid and newer than the bundled file,
    else the bundled file. A broken set is logged and left unused."""
    bundled = bundled_reference()
    if published is None:
        return bundled
    problems = check_reference_data(published)
    if problems:
        log.warning("reference data from headquarters left unused: %s",
                    "; ".join(problems[:5]))
        return bundled
    assert isinstance(published, dict)
    return (Reference.from_data(published)
            if is_newer(published["version"], bundled.version) else bundled)


def use_newest_reference(conn: sqlite3.Connection) -> Reference:
    """Use the pulled reference data (``newest_reference``) from now on."""
    global _reference_in_use
    pulled = [row["data"] for row in outbox_store.pulled(conn, "reference_data")
              if row["id"] == REFERENCE_ID]
    _reference_in_use = newest_reference(pulled[0] if pulled else None)
    return _reference_in_use


@cache
def places() -> Places:
    gaz = gazetteer()
    provinces = {p.code for p in gaz.provinces()}
    return Places(is_village=gaz.is_village, is_province=provinces.__contains__)


@dataclass(frozen=True)
class Officer:
    officer_id: str
    name: str
    office: str
    role: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


def checkpoint(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """Copy the log back into the database on ``conn`` (the window's worker, when idle,
    for a desk that ``defer_checkpoints``)."""
    return checkpoint_log(conn)


class NotSetUp(Exception):
    """The data folder has not been through ``init`` (or the setup dialog) yet."""


# Present from a fresh folder's first open until its setup has written the keys file: a
# database without a keys file and without this marker is one whose keys were lost.
SETUP_PENDING = "setup.pending"


class MissingKeys(DatabaseError):
    """The database is there but the keys file that opens it is missing or cannot be
    read (``damaged``): ``jobcentre recover`` rebuilds it with the recovery key."""

    def __init__(self, message: str, *, damaged: bool = False):
        super().__init__(message)
        self.damaged = damaged


class DeskLocked(Exception):
    """The database is closed until an officer signs in (its key is not known yet)."""


# Database keys this process has unwrapped, by data folder: a second ``Desk`` on a folder
# (the sync thread's, a reader) opens without asking for a password again. Forgotten
# when the desk is locked (``Desk.lock``: sign-out, idle lock).
_known_keys: dict[Path, bytes] = {}


def _folder_id(data_dir: Path) -> Path:
    return Path(data_dir).resolve()


def connection(data_dir: Path) -> sqlite3.Connection:
    """Another connection to a folder this process has opened (a worker thread's)."""
    key = _known_keys.get(_folder_id(data_dir))
    if key is None:
        raise DeskLocked(str(data_dir))
    return connect(Path(data_dir) / DB_FILENAME, key)


class Desk:
    """A data folder. On a fresh folder the database is made at once (with a new random
    key, wrapped at setup); on a set-up one it stays closed (``locked``) until an officer
    signs in (``officers.sign_in``) unless ``key`` is given or this process already
    unwrapped it. A plain folder from an older version is encrypted first."""

    def __init__(self, data_dir: Path, *, clock: Callable[[], datetime] | None = None,
                 key: bytes | None = None):
        self.data_dir = Path(data_dir)
        private_folder(self.data_dir)  # 0700 on POSIX (app.store.private_files)
        self.db_path = self.data_dir / DB_FILENAME
        self._clock = clock or (lambda: datetime.now(UTC))
        self.officer: Officer | None = None
        self.conn: sqlite3.Connection = None  # type: ignore[assignment]
        self._key: bytes | None = None
        self.migration_backup: Path | None = None
        self.encrypted_now = False
        self._merge_turn = 0  # the search table ``merge_search`` tries first
        if is_plain(self.db_path):
            upgraded = encrypt_plain_folder(self.data_dir, now=self.now())
            if upgraded is not None:
                self.encrypted_now = True
                key = upgraded
        try:
            self.keys = keyfile.load(self.data_dir)
        except keyfile.KeysDamaged as exc:
            raise MissingKeys(str(exc), damaged=True) from None
        if self.keys is not None and self.keys.recovery is not None:
            # Made when a folder set up before the recovery copy was kept beside the
            # keys file is opened (and made the user's only, like every file here).
            with keyfile.locked(self.data_dir):
                keyfile.save_recovery(self.data_dir, self.keys.recovery)
        known = key or _known_keys.get(_folder_id(self.data_dir))
        if self.keys is None or not self.keys.officers:
            if known is not None and self.db_path.exists():
                # Made by this process a moment ago and not set up yet (the setup dialog).
                self.keys = None
                self.unlock(known)
                return
            pending = self.data_dir / SETUP_PENDING
            if self.db_path.exists() and not pending.exists():
                raise MissingKeys(
                    f"{keyfile.KEYS_FILENAME} is missing from {self.data_dir}")
            if self.db_path.exists():
                # A database whose setup never finished (its key was never wrapped): it
                # holds no one's data, and no key opens it.
                stamp = self.now().strftime("%Y%m%dT%H%M%SZ")
                for suffix in ("", "-wal", "-shm"):
                    old = self.db_path.with_name(self.db_path.name + suffix)
                    if old.exists():
                        old.replace(old.with_name(f"unfinished-setup-{stamp}-{old.name}"))
            private_file(pending)
            self.keys = None
            self.unlock(keyfile.new_database_key())
            return
        if known is not None:
            self.unlock(known)

    # --- the key ----------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.conn is None

    def unlock(self, key: bytes) -> None:
        """Open the database with ``key`` (migrating it first when needed)."""
        if not self.locked:
            return
        self.migration_backup = migrate(self.db_path, key)
        self.conn = connect(self.db_path, key)
        self._key = key
        _known_keys[_folder_id(self.data_dir)] = key
        encrypt_plain_backups(self.data_dir, key)
        self._refresh_search_index()
        use_newest_reference(self.conn)

    def lock(self) -> None:
        """Close the database and forget its key (sign-out, idle lock): the next use
        needs an officer's password again."""
        if self.conn is not None:
            self.conn.close()
        self.conn = None  # type: ignore[assignment]
        self._key = None
        self.officer = None
        _known_keys.pop(_folder_id(self.data_dir), None)

    def database_key(self) -> bytes:
        """The unwrapped key (for wrapping it anew: adding an officer, a new password)."""
        if self._key is None:
            raise DeskLocked(str(self.data_dir))
        return self._key

    def save_keys(self) -> None:
        """Write ``keys`` whole: only for a keys file made anew (setup); a change to
        one that exists goes through ``update_keys``."""
        assert self.keys is not None
        keyfile.save(self.data_dir, self.keys)
        (self.data_dir / SETUP_PENDING).unlink(missing_ok=True)

    def update_keys(self, change: Callable[[keyfile.KeysFile], T]) -> T:
        """Apply ``change`` to the keys file as it is on disk, under its lock (another
        process may have changed it since it was read), and write it back."""
        self.keys, result = keyfile.update(self.data_dir, change, default=self.keys)
        (self.data_dir / SETUP_PENDING).unlink(missing_ok=True)
        return result

    def reload_keys(self) -> keyfile.KeysFile | None:
        """The keys file as another process may have left it (wrong-password counts)."""
        try:
            self.keys = keyfile.load(self.data_dir) or self.keys
        except keyfile.KeysDamaged as exc:
            raise MissingKeys(str(exc), damaged=True) from None
        return self.keys

    def _connection(self) -> sqlite3.Connection:
        if self.conn is None:
            raise DeskLocked(str(self.data_dir))
        return self.conn

    # --- time -------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def now_iso(self) -> str:
        return self.now().astimezone(UTC).isoformat(timespec="milliseconds").replace(
            "+00:00", "Z"
        )

    def today(self) -> date:
        """Today in Cambodia: what date rules and the date filter use."""
        return self.now().astimezone(PHNOM_PENH).date()

    # --- this device ------------------------------------------------------------------

    @property
    def is_set_up(self) -> bool:
        return self.keys is not None and bool(self.keys.officers)

    def _meta(self, key: str) -> str:
        value = meta.get(self._connection(), key)
        if value is None:
            raise NotSetUp(str(self.data_dir))
        return value

    @property
    def device_id(self) -> str:
        return self._meta("device_id")

    @property
    def device_tag(self) -> str:
        return self._meta("device_tag")

    @property
    def office_code(self) -> str:
        if self.locked and self.keys is not None and self.keys.office_code:
            return self.keys.office_code
        return self._meta("office_code")

    def create_device(self, office_code: str) -> None:
        """First-time setup of this data folder's identity (inside the caller's tx)."""
        if not (len(office_code) == 4 and gazetteer().get(office_code)):
            raise ValueError(f"unknown district code {office_code!r}")
        meta.put(self.conn, "device_id", str(uuid.uuid4()))
        meta.put(self.conn, "device_tag", regno.new_device_tag())
        meta.put(self.conn, "office_code", office_code)
        meta.put(self.conn, "last_seq", "0")
        meta.put(self.conn, "created_at", self.now_iso())

    def setting(self, key: str, default: str | None = None) -> str | None:
        if self.locked:
            # Before sign-in only what the keys file keeps (the language, the last officer).
            if self.keys is not None and key in keyfile.PUBLIC_SETTINGS:
                return self.keys.settings.get(key, default)
            return default
        return meta.get(self.conn, f"setting.{key}", default)

    def set_setting(self, key: str, value: str) -> None:
        with transaction(self._connection()):
            meta.put(self.conn, f"setting.{key}", value)
        if key in keyfile.PUBLIC_SETTINGS and self.keys is not None \
                and self.keys.settings.get(key) != value:
            self.update_keys(lambda keys: keys.settings.__setitem__(key, value))

    # --- connections ------------------------------------------------------------------

    def reader(self) -> sqlite3.Connection:
        """A separate connection for a thread that only reads."""
        return connect(self.db_path, self.database_key())

    def merge_search(self) -> bool:
        """One step of the search index's merging, which saves leave to the window's idle
        moments (migration 0014): the next full-text table, in turn, that has segments
        to merge. On the desk's own connection: a write on another one would empty this
        connection's page cache, and the next save would read and decrypt its pages
        again. Returns whether any table had merging to do."""
        if self.locked:
            return False
        tables = reg_store.FTS_SEARCH_TABLES
        for step in range(len(tables)):
            table = tables[(self._merge_turn + step) % len(tables)]
            if reg_store.merge_search_segments(self.conn, table):
                self._merge_turn = (self._merge_turn + step + 1) % len(tables)
                return True
        return False

    def defer_checkpoints(self) -> None:
        """Saves on the desk's connection leave the log's copy-back to ``checkpoint``
        (the window runs it on its worker when idle): no save waits for it."""
        defer_checkpoints(self.conn)

    def require_officer(self) -> Officer:
        if self.officer is None:
            raise PermissionError("no officer is signed in")
        return self.officer

    def _refresh_search_index(self) -> None:
        """Rebuild search keys when they were built by another normaliser or key layout."""
        built = meta.get(self.conn, "search_index_version")
        if built == INDEX_VERSION:
            return
        with transaction(self.conn):
            reg_store.rebuild_search(self.conn)
            meta.put(self.conn, "search_index_version", INDEX_VERSION)

    def reload(self) -> None:
        """After the database was replaced under this desk (a restore): rebuild what is
        derived from it, and sign the officer in again only if the account is there."""
        self._refresh_search_index()
        use_newest_reference(self.conn)
        if self.officer is not None:
            from app.store import officers as officer_store

            row = officer_store.by_id(self.conn, self.officer.officer_id)
            if row is None or not row["active"]:
                self.officer = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
