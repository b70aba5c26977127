"""Setting up a desk, signing in, and managing officer accounts."""

from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.services.desk import Desk, Officer
from app.store import officers as officer_store
from app.store.connection import transaction

ROLES = ("officer", "supervisor")
PASSWORD_MIN = 6
_hasher = PasswordHasher()


class AccountError(Exception):
    """A rule about accounts was broken; ``code`` says which (translated by the caller)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def _check_new(desk: Desk, name: str, password: str, role: str) -> str:
    name = " ".join(name.split())
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
    """First start: this device's identity and its first (supervisor) account, together."""
    if desk.is_set_up:
        raise AccountError("already_set_up")
    name = _check_new(desk, officer_name, password, "supervisor")
    with transaction(desk.conn):
        desk.create_device(office_code)
        officer = _insert(desk, name, password, "supervisor")
    desk.officer = officer
    return officer


def _insert(desk: Desk, name: str, password: str, role: str) -> Officer:
    row = {
        "officer_id": str(uuid.uuid4()), "name": name, "office": desk.office_code,
        "role": role, "password_hash": _hasher.hash(password),
        "created_at": desk.now_iso(), "device_id": desk.device_id,
    }
    officer_store.insert(desk.conn, row)
    return Officer(row["officer_id"], name, row["office"], role)


def add_officer(desk: Desk, name: str, password: str, role: str = "officer") -> Officer:
    actor = desk.officer
    if actor is not None and not actor.is_supervisor:
        raise AccountError("supervisor_only")
    name = _check_new(desk, name, password, role)
    with transaction(desk.conn):
        return _insert(desk, name, password, role)


def sign_in(desk: Desk, name: str, password: str) -> Officer:
    row = officer_store.by_name(desk.conn, " ".join(name.split()))
    try:
        if row is None:
            raise VerificationError
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        raise AccountError("wrong_name_or_password") from None
    if not row["active"]:
        # Told only after the right password, so the list of names teaches nothing more.
        raise AccountError("officer_disabled", name=row["name"])
    if _hasher.check_needs_rehash(row["password_hash"]):
        with transaction(desk.conn):
            officer_store.set_password(
                desk.conn, row["officer_id"], _hasher.hash(password), desk.now_iso()
            )
    desk.officer = _officer(row)
    return desk.officer


def act_as(desk: Desk, name: str | None = None) -> Officer:
    """Commands without the window act as the first supervisor unless a name is given."""
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


def reset_password(desk: Desk, officer_id: str, new_password: str) -> None:
    actor = desk.require_officer()
    if not actor.is_supervisor and actor.officer_id != officer_id:
        raise AccountError("supervisor_only")
    if len(new_password) < PASSWORD_MIN:
        raise AccountError("password_too_short", min=PASSWORD_MIN)
    with transaction(desk.conn):
        officer_store.set_password(desk.conn, officer_id, _hasher.hash(new_password),
                                   desk.now_iso())


def list_officers(desk: Desk) -> list[Officer]:
    return [_officer(r) for r in officer_store.all_officers(desk.conn)]


def names(desk: Desk) -> list[str]:
    return [o.name for o in list_officers(desk)]


def disable(desk: Desk, name: str) -> Officer:
    """A supervisor turns off the account of an officer who has left: it can no longer
    sign in. Nothing the officer saved changes; ``enable`` turns it back on."""
    return _set_active(desk, name, False)


def enable(desk: Desk, name: str) -> Officer:
    return _set_active(desk, name, True)


def _set_active(desk: Desk, name: str, active: bool) -> Officer:
    actor = desk.require_officer()
    if not actor.is_supervisor:
        raise AccountError("supervisor_only")
    row = officer_store.by_name(desk.conn, " ".join(name.split()))
    if row is None:
        raise AccountError("unknown_officer", name=name)
    if not active and row["officer_id"] == actor.officer_id:
        raise AccountError("cannot_disable_self")
    with transaction(desk.conn):
        officer_store.set_active(desk.conn, row["officer_id"], active, desk.now_iso())
    return _officer(row)


def is_active(desk: Desk, name: str) -> bool:
    row = officer_store.by_name(desk.conn, name)
    return row is not None and bool(row["active"])
