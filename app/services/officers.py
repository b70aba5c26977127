"""Setting up a desk, signing in, and managing officer accounts.

Signing in *is* opening the database: the officer's password unwraps the database key
(``app.store.keys``). Wrong passwords are counted in the keys file (outside the
database, so the count survives a restart and is kept before the database is open);
from the fifth one in a row the account waits, longer after each further wrong one,
until the wait is over or a supervisor unlocks it.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from app.services.desk import Desk, NotSetUp, Officer
from app.store import keys as keyfile
from app.store import meta
from app.store import officers as officer_store
from app.store.connection import DB_FILENAME, WrongKey, connect, transaction

ROLES = ("officer", "supervisor")
# Where commands without the window (and the window's --quit-after-show) find the
# signing-in officer's password when it is not on standard input.
PASSWORD_ENV = "JOBCENTRE_PASSWORD"
PASSWORD_MIN = 6
# Wrong passwords in a row before the account waits, and the waits (minutes) after the
# fifth, sixth, ... wrong one; the last repeats.
FREE_ATTEMPTS = 5
WAIT_MINUTES = (1, 2, 5, 15, 30, 60)
# What the officers table keeps instead of a password hash: the password's only use is
# unwrapping the database key, which the keys file holds.
PASSWORD_IN_KEYS_FILE = "(keys file)"


class AccountError(Exception):
    """A rule about accounts was broken; ``code`` says which (translated by the caller)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def _clean(name: str) -> str:
    return " ".join(name.split())


def _check_new(desk: Desk, name: str, password: str, role: str) -> str:
    name = _clean(name)
    if not name:
        raise AccountError("name_required")
    if len(name) > 100:
        raise AccountError("name_too_long", max=100)
    if role not in ROLES:
        raise AccountError("unknown_role", allowed=list(ROLES))
    if len(password) < PASSWORD_MIN:
        raise AccountError("password_too_short", min=PASSWORD_MIN)
    if officer_store.by_name(desk.conn, name) is not None:
        raise AccountError("name_taken", name=name)
    return name


def _officer(row) -> Officer:
    return Officer(row["officer_id"], row["name"], row["office"], row["role"])


def setup(desk: Desk, office_code: str, officer_name: str, password: str) -> Officer:
    """First start: this device's identity, its first (supervisor) account and its
    recovery key, together. ``recovery_key(desk)`` then gives the key to show once."""
    if desk.is_set_up:
        raise AccountError("already_set_up")
    name = _check_new(desk, officer_name, password, "supervisor")
    key = desk.database_key()
    recovery = keyfile.new_recovery_key()
    with transaction(desk.conn):
        desk.create_device(office_code)
        officer, entry = _insert(desk, name, password, "supervisor")
        meta.put(desk.conn, "recovery_key", recovery)
        meta.put(desk.conn, "recovery_key_unseen", "1")
    keys = keyfile.KeysFile(office_code=office_code, officers=[entry],
                            recovery=keyfile.wrap_with_secret(key, recovery,
                                                              keyfile.RECOVERY_AAD))
    for setting in keyfile.PUBLIC_SETTINGS:
        value = desk.setting(setting)
        if value is not None:
            keys.settings[setting] = value
    desk.keys = keys
    # After the commit: a crash before this line leaves a folder that starts setup again.
    desk.save_keys()
    desk.officer = officer
    return officer


def _insert(desk: Desk, name: str, password: str,
            role: str) -> tuple[Officer, keyfile.OfficerEntry]:
    row = {
        "officer_id": str(uuid.uuid4()), "name": name, "office": desk.office_code,
        "role": role, "password_hash": PASSWORD_IN_KEYS_FILE,
        "created_at": desk.now_iso(), "device_id": desk.device_id,
    }
    officer_store.insert(desk.conn, row)
    entry = keyfile.OfficerEntry(
        row["officer_id"], name, role, row["created_at"],
        keyfile.wrap_with_password(desk.database_key(), password,
                                   keyfile.officer_aad(row["officer_id"])))
    return Officer(row["officer_id"], name, row["office"], role), entry


def add_officer(desk: Desk, name: str, password: str, role: str = "officer") -> Officer:
    actor = desk.officer
    if actor is not None and not actor.is_supervisor:
        raise AccountError("supervisor_only")
    name = _check_new(desk, name, password, role)
    _keys(desk)
    with transaction(desk.conn):
        officer, entry = _insert(desk, name, password, role)
    desk.update_keys(lambda keys: keys.put_officer(entry))
    return officer


def _keys(desk: Desk) -> keyfile.KeysFile:
    keys = desk.reload_keys()
    if keys is None:
        raise AccountError("no_officer")
    return keys


# --- signing in -------------------------------------------------------------------------

def wait_left(entry: keyfile.OfficerEntry, now: datetime) -> int:
    """Seconds this account must still wait before another password is tried (0: none)."""
    if entry.failed < FREE_ATTEMPTS or not entry.last_failed_at:
        return 0
    minutes = WAIT_MINUTES[min(entry.failed - FREE_ATTEMPTS, len(WAIT_MINUTES) - 1)]
    until = datetime.fromisoformat(entry.last_failed_at) + timedelta(minutes=minutes)
    return max(0, int((until - now).total_seconds() + 0.999))


def _locked_out(entry: keyfile.OfficerEntry, seconds: int) -> AccountError:
    return AccountError("locked_out", name=entry.name, seconds=seconds)


def unwrap_key(desk: Desk, name: str, password: str) -> bytes:
    """The database key ``name``'s password unwraps, with the wrong-password count and
    waits of ``sign_in``, without opening the database (a restore into an empty folder
    has no officers table yet)."""
    keys = _keys(desk)
    entry = keys.by_name(_clean(name))
    if entry is None:
        raise AccountError("wrong_name_or_password")
    now = desk.now()
    seconds = wait_left(entry, now)
    if seconds:
        raise _locked_out(entry, seconds)
    if entry.wrapped is not None and not entry.wrapped.sealed \
            and keyfile.password_matches(entry.wrapped, password):
        # Told only after the right password, so the list of names teaches nothing more.
        raise AccountError("officer_disabled", name=entry.name)
    try:
        if entry.wrapped is None:
            raise keyfile.WrongSecret
        key = keyfile.unwrap_with_password(entry.wrapped, password,
                                           keyfile.officer_aad(entry.officer_id))
    except keyfile.WrongSecret:
        # Counted on the file as it is now: another process may have counted meanwhile.
        counted = desk.update_keys(lambda keys: _count_wrong(keys, entry.officer_id, now))
        entry = counted or entry
        seconds = wait_left(entry, now)
        if seconds:
            raise _locked_out(entry, seconds) from None
        raise AccountError("wrong_name_or_password") from None
    if entry.failed:
        desk.update_keys(lambda keys: _clear_wrong(keys, entry.officer_id))
    return key


def _count_wrong(keys: keyfile.KeysFile, officer_id: str,
                 now: datetime) -> keyfile.OfficerEntry | None:
    entry = keys.officer(officer_id)
    if entry is not None:
        entry.failed += 1
        entry.last_failed_at = now.isoformat()
    return entry


def _clear_wrong(keys: keyfile.KeysFile, officer_id: str) -> None:
    entry = keys.officer(officer_id)
    if entry is not None:
        entry.failed, entry.last_failed_at = 0, None


def sign_in(desk: Desk, name: str, password: str) -> Officer:
    """Open the desk as ``name``. Wrong password: ``wrong_name_or_password``; waiting
    after too many: ``locked_out`` (``seconds`` left)."""
    key = unwrap_key(desk, name, password)
    entry = desk.keys.by_name(_clean(name))  # type: ignore[union-attr]
    assert entry is not None
    if desk.locked:
        desk.unlock(key)
    elif key != desk.database_key():
        raise AccountError("wrong_name_or_password")
    row = officer_store.by_id(desk.conn, entry.officer_id)
    if row is None or not row["active"]:
        raise AccountError("wrong_name_or_password")
    desk.officer = _officer(row)
    return desk.officer


def sign_in_with_recovery_key(desk: Desk, recovery_key: str) -> Officer:
    """Open the desk with the supervisor's printed recovery key (every password
    forgotten): acts as the first supervisor, who then sets new passwords."""
    keys = _keys(desk)
    try:
        if keys.recovery is None:
            raise keyfile.WrongSecret
        key = keyfile.unwrap_with_secret(keys.recovery,
                                         keyfile.normalise_recovery_key(recovery_key),
                                         keyfile.RECOVERY_AAD)
    except keyfile.WrongSecret:
        raise AccountError("wrong_recovery_key") from None
    desk.unlock(key)
    return act_as(desk)


# --- rebuilding a lost keys file ---------------------------------------------------------

def unwrap_recovery(data_dir: Path, recovery_key: str) -> bytes:
    """The database key the printed recovery key unwraps from the folder's recovery copy
    (``recovery.json``, else the keys file), without the keys file being readable."""
    data_dir = Path(data_dir)
    if not (data_dir / DB_FILENAME).exists():
        raise NotSetUp(str(data_dir))
    wrapped = keyfile.load_recovery(data_dir)
    if wrapped is None:
        raise AccountError("no_recovery_key")
    try:
        key = keyfile.unwrap_with_secret(wrapped, keyfile.normalise_recovery_key(recovery_key),
                                         keyfile.RECOVERY_AAD)
    except keyfile.WrongSecret:
        raise AccountError("wrong_recovery_key") from None
    try:
        connect(data_dir / DB_FILENAME, key, readonly=True).close()
    except WrongKey:  # the copy is of another database (a folder put together by hand)
        raise AccountError("wrong_recovery_key") from None
    return key


def recover(data_dir: Path, key: bytes, name: str, new_password: str) -> tuple[Officer, list[str]]:
    """Rebuild the folder's keys file from its database (opened with ``key``, from
    ``unwrap_recovery``) and give the supervisor ``name`` the password ``new_password``.

    What a readable keys file still holds is kept (the other officers' ways in, the
    device key); a missing or damaged one is made again from the database: the office,
    the officers and their roles, the language. Officers whose way in was only in the
    lost file are listed (returned by name): a supervisor sets them new passwords."""
    data_dir = Path(data_dir)
    name = _clean(name)
    if len(new_password) < PASSWORD_MIN:
        raise AccountError("password_too_short", min=PASSWORD_MIN)
    with keyfile.locked(data_dir):
        try:
            kept = keyfile.load(data_dir)
        except keyfile.KeysDamaged:
            kept = None
        conn = connect(data_dir / DB_FILENAME, key)
        try:
            rows = officer_store.all_officers(conn)
            office = meta.get(conn, "office_code") or ""
            settings = {k: v for k in keyfile.PUBLIC_SETTINGS
                        if (v := meta.get(conn, f"setting.{k}")) is not None}
            parked = {r["key"].removeprefix("disabled_key."): r["value"] for r in conn.execute(
                "SELECT key, value FROM meta WHERE key LIKE 'disabled_key.%'")}
        finally:
            conn.close()
        row = next((r for r in rows if r["name"] == name), None)
        if row is None:
            raise AccountError("unknown_officer", name=name)
        if not row["active"]:
            raise AccountError("officer_disabled", name=row["name"])
        if row["role"] != "supervisor":
            raise AccountError("supervisor_only")
        keys = kept or keyfile.KeysFile(office_code=office, settings=settings)
        keys.office_code = keys.office_code or office
        keys.recovery = keyfile.load_recovery(data_dir)
        for r in rows:
            entry = keys.officer(r["officer_id"])
            if entry is None:
                wrapped = None
                if not r["active"] and r["officer_id"] in parked:
                    # Disabled: its sealed key waits in the database for ``enable``.
                    wrapped = keyfile.Wrapped.from_json(
                        json.loads(parked[r["officer_id"]])).without_key()
                entry = keyfile.OfficerEntry(r["officer_id"], r["name"], r["role"],
                                             r["created_at"], wrapped)
            entry.name, entry.role = r["name"], r["role"]
            if r["officer_id"] == row["officer_id"]:
                entry.wrapped = keyfile.wrap_with_password(
                    key, new_password, keyfile.officer_aad(entry.officer_id))
                entry.failed, entry.last_failed_at = 0, None
            keys.put_officer(entry)
        known = {r["officer_id"] for r in rows}
        keys.officers = [e for e in keys.officers if e.officer_id in known]
        keyfile.save(data_dir, keys)
    with Desk(data_dir, key=key) as desk:
        with transaction(desk.conn):
            officer_store.set_password(desk.conn, row["officer_id"], PASSWORD_IN_KEYS_FILE,
                                       desk.now_iso())
            if keys.device is None:
                meta.put(desk.conn, "setting.unattended_sync", "0")
        officer = act_as(desk, name)
    without = [r["name"] for r in rows if r["active"]
               and (e := keys.officer(r["officer_id"])) is not None and e.wrapped is None]
    return officer, without


def unlock_account(desk: Desk, officer_id: str) -> None:
    """A supervisor lets an officer who waits after wrong passwords try again now."""
    if not desk.require_officer().is_supervisor:
        raise AccountError("supervisor_only")
    if _keys(desk).officer(officer_id) is None:
        raise AccountError("unknown_officer", name=officer_id)
    desk.update_keys(lambda keys: _clear_wrong(keys, officer_id))


def waiting(desk: Desk) -> dict[str, int]:
    """Officers (by id) who must wait before their next try, and for how many seconds."""
    keys = desk.reload_keys()
    now = desk.now()
    return {e.officer_id: s for e in (keys.officers if keys else [])
            if (s := wait_left(e, now))}


def act_as(desk: Desk, name: str | None = None) -> Officer:
    """Act as ``name`` (or the first supervisor) on a desk that is already open."""
    if name:
        row = officer_store.by_name(desk.conn, name)
        if row is None:
            raise AccountError("unknown_officer", name=name)
        if not row["active"]:
            raise AccountError("officer_disabled", name=row["name"])
    else:
        rows = [r for r in officer_store.all_officers(desk.conn)
                if r["role"] == "supervisor" and r["active"]]
        if not rows:
            raise AccountError("no_officer")
        row = min(rows, key=lambda r: r["created_at"])
    desk.officer = _officer(row)
    return desk.officer


def first_supervisor_name(desk: Desk) -> str | None:
    """Whom commands sign in as when no ``--officer`` is given (from the keys file)."""
    keys = desk.reload_keys()
    supervisors = [e for e in (keys.officers if keys else []) if e.role == "supervisor"]
    return min(supervisors, key=lambda e: e.created_at).name if supervisors else None


# --- managing accounts ------------------------------------------------------------------

def reset_password(desk: Desk, officer_id: str, new_password: str) -> None:
    """A new password: the database key is wrapped anew for it (the old one stops)."""
    actor = desk.require_officer()
    if not actor.is_supervisor and actor.officer_id != officer_id:
        raise AccountError("supervisor_only")
    if len(new_password) < PASSWORD_MIN:
        raise AccountError("password_too_short", min=PASSWORD_MIN)
    _keys(desk)
    row = officer_store.by_id(desk.conn, officer_id)
    if row is None:
        raise AccountError("unknown_officer", name=officer_id)
    with transaction(desk.conn):
        officer_store.set_password(desk.conn, officer_id, PASSWORD_IN_KEYS_FILE,
                                   desk.now_iso())
    wrapped = keyfile.wrap_with_password(desk.database_key(), new_password,
                                         keyfile.officer_aad(officer_id))

    def change(keys: keyfile.KeysFile) -> None:
        entry = keys.officer(officer_id) or keyfile.OfficerEntry(
            officer_id, row["name"], row["role"], row["created_at"], None)
        entry.wrapped = wrapped
        entry.failed, entry.last_failed_at = 0, None
        keys.put_officer(entry)

    desk.update_keys(change)


def disable(desk: Desk, name: str) -> Officer:
    """A supervisor turns off the account of an officer who has left: it can no longer
    sign in. Its sealed copy of the database key is taken out of the keys file (into
    the encrypted database, for ``enable``), so the password opens nothing any more.
    Nothing the officer saved changes."""
    return _set_active(desk, name, False)


def enable(desk: Desk, name: str) -> Officer:
    """Turn the account back on: its sealed key goes back into the keys file."""
    return _set_active(desk, name, True)


def _set_active(desk: Desk, name: str, active: bool) -> Officer:
    actor = desk.require_officer()
    if not actor.is_supervisor:
        raise AccountError("supervisor_only")
    row = officer_store.by_name(desk.conn, _clean(name))
    if row is None:
        raise AccountError("unknown_officer", name=name)
    if not active and row["officer_id"] == actor.officer_id:
        raise AccountError("cannot_disable_self")
    _keys(desk)
    parked = f"disabled_key.{row['officer_id']}"

    def change(keys: keyfile.KeysFile) -> None:
        # Under the keys file's lock, on the file as it is now: the sealed key moves
        # between it and the database with nothing changing it in between.
        entry = keys.officer(row["officer_id"])
        with transaction(desk.conn):
            officer_store.set_active(desk.conn, row["officer_id"], active, desk.now_iso())
            if entry is not None and entry.wrapped is not None:
                if not active and entry.wrapped.sealed:
                    meta.put(desk.conn, parked, json.dumps(entry.wrapped.to_json()))
                    entry.wrapped = entry.wrapped.without_key()
                elif active and not entry.wrapped.sealed:
                    kept = meta.get(desk.conn, parked)
                    if kept is not None:
                        entry.wrapped = keyfile.Wrapped.from_json(json.loads(kept))
                        desk.conn.execute("DELETE FROM meta WHERE key = ?", (parked,))

    desk.update_keys(change)
    return _officer(row)


def is_active(desk: Desk, name: str) -> bool:
    row = officer_store.by_name(desk.conn, name)
    return row is not None and bool(row["active"])


def recovery_key(desk: Desk) -> str:
    """The recovery key (kept inside the encrypted database), for a supervisor to print."""
    if not desk.require_officer().is_supervisor:
        raise AccountError("supervisor_only")
    value = meta.get(desk.conn, "recovery_key")
    if value is None:
        raise AccountError("no_recovery_key")
    return value


def recovery_key_unseen(desk: Desk) -> bool:
    """True until a supervisor has been shown the recovery key (after setup or upgrade)."""
    return meta.get(desk.conn, "recovery_key_unseen") == "1"


def recovery_key_shown(desk: Desk) -> None:
    with transaction(desk.conn):
        meta.put(desk.conn, "recovery_key_unseen", "0")


def list_officers(desk: Desk) -> list[Officer]:
    return [_officer(r) for r in officer_store.all_officers(desk.conn)]


def names(desk: Desk) -> list[str]:
    """Names on the sign-in list: known before the database is open (the keys file)."""
    keys = desk.keys
    if keys is None:
        return [] if desk.locked else [o.name for o in list_officers(desk)]
    return [e.name for e in keys.officers]
