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

import platformdirs

from app.domain import regno
from app.domain.khmerdate import PHNOM_PENH
from app.domain.reference import Reference, check_reference_in, is_newer
from app.domain.registration import Places
from app.domain.search import INDEX_VERSION
from app.resources import bundled_gazetteer, bundled_reference
from app.store import meta
from app.store import outbox as outbox_store
from app.store import registrations as reg_store
from app.store.connection import DB_FILENAME, connect, defer_checkpoints, transaction
from app.store.connection import checkpoint as checkpoint_log
from app.store.migrations import migrate
from app.store.private_files import private_folder

APP_NAME = "JobCentreDesk"
# The id headquarters publishes the reference data set (labels, training catalogue) under.
REFERENCE_ID = "reference"

log = logging.getLogger("jobcentre.desk")


def default_data_dir() -> Path:
    env = os.environ.get("JOBCENTRE_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def peek_setting(data_dir: Path, key: str) -> str | None:
    """A desk setting read without opening the desk (no migrations, no writes): for the
    window's refusal when another window holds the folder. None if unreadable."""
    return meta.peek(Path(data_dir) / DB_FILENAME, f"setting.{key}")


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


class Desk:
    def __init__(self, data_dir: Path, *, clock: Callable[[], datetime] | None = None):
        self.data_dir = Path(data_dir)
        private_folder(self.data_dir)  # 0700 on POSIX (app.store.private_files)
        self.db_path = self.data_dir / DB_FILENAME
        self.migration_backup = migrate(self.db_path)
        self.conn = connect(self.db_path)
        self._clock = clock or (lambda: datetime.now(UTC))
        self.officer: Officer | None = None
        self._refresh_search_index()
        use_newest_reference(self.conn)

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
        return meta.get(self.conn, "device_id") is not None

    def _meta(self, key: str) -> str:
        value = meta.get(self.conn, key)
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
        return meta.get(self.conn, f"setting.{key}", default)

    def set_setting(self, key: str, value: str) -> None:
        with transaction(self.conn):
            meta.put(self.conn, f"setting.{key}", value)

    # --- connections ------------------------------------------------------------------

    def reader(self) -> sqlite3.Connection:
        """A separate connection for a thread that only reads."""
        return connect(self.db_path)

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
        self.conn.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
