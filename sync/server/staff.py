"""Staff accounts of the headquarters console: roles, passwords (argon2, as the desk
hashes officers' passwords), and lockout after wrong passwords.

Lockout is per account and grows: the first few wrong passwords cost nothing, then each
further one makes the account wait twice as long as the last (30 seconds, 1 minute, 2,
4 ... up to an hour). While it waits, even the right password is refused, so guessing
goes no faster than the waits allow. A successful sign-in, or ``staff unlock``, starts
the count again. Per-address limits (``login_failed``) are the console's, on top.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from sync.protocol import utc_stamp
from sync.server import audit, db

ROLES = ("viewer", "data_officer", "admin")  # each includes the ones before
FREE_FAILURES = 3  # wrong passwords before the first wait
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
MIN_PASSWORD = 10
MAX_NAME = 100

_hasher = PasswordHasher()
# Verified when the name is unknown, so a wrong name costs the same time as a wrong
# password and does not tell which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class StaffError(ValueError):
    """A refused account change; ``code`` is stable, the message is English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created_at: str
    disabled: bool
    failures: int
    locked_until: str | None
    last_login_at: str | None
    session_no: int


@dataclass(frozen=True)
class SignIn:
    """The outcome of one sign-in: ``account`` when it succeeded; otherwise ``wrong``
    when the name or password was wrong, and ``wait`` (how long until the account may
    try again) when it is locked, by this try or before it."""

    account: Account | None = None
    wrong: bool = False
    wait: timedelta | None = None


def role_at_least(role: str, needed: str) -> bool:
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def wait_after(failures: int) -> timedelta:
    """How long an account waits after its ``failures``-th wrong password in a row."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES, 20)
    return min(FIRST_WAIT * (2 ** doublings), LONGEST_WAIT)


def _account(row: Any) -> Account:
    return Account(row["name"], row["role"], row["created_at"], row["disabled_at"] is not None,
                   int(row["failures"]), row["locked_until"], row["last_login_at"],
                   int(row["session_no"]))


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() and c != " " for c in name):
        raise StaffError("bad_name", f"a staff name is 1 to {MAX_NAME} characters on one line")
    return name


def add(engine: Engine, name: str, role: str, password: str, now: datetime,
        actor: str = audit.CLI) -> Account:
    name = check_name(name)
    if role not in ROLES:
        raise StaffError("bad_role", f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise StaffError("short_password",
                         f"the password must be at least {MIN_PASSWORD} characters")
    with db.writing(engine) as conn:
        if conn.execute(sa.select(db.staff.c.name).where(db.staff.c.name == name)).first():
            raise StaffError("name_taken", f"there is already a staff member {name!r}")
        conn.execute(sa.insert(db.staff).values(
            name=name, role=role, password_hash=_hasher.hash(password),
            created_at=utc_stamp(now), failures=0, session_no=0))
        audit.record(conn, now, actor, "staff_add", name, role)
        return get(conn, name)  # type: ignore[return-value]


def get(conn: Connection, name: str) -> Account | None:
    row = conn.execute(sa.select(db.staff).where(db.staff.c.name == name)).mappings().first()
    return None if row is None else _account(row)


def listed(conn: Connection) -> list[Account]:
    rows = conn.execute(sa.select(db.staff).order_by(db.staff.c.name)).mappings()
    return [_account(r) for r in rows]


def sign_in(engine: Engine, name: str, password: str, now: datetime) -> SignIn:
    """Check a name and password, counting a wrong one against the account."""
    stamp = utc_stamp(now)
    with db.writing(engine) as conn:
        row = conn.execute(
            sa.select(db.staff).where(db.staff.c.name == name.strip()).with_for_update()
        ).mappings().first()
        if row is None or row["disabled_at"] is not None:
            _verify(_DUMMY_HASH, password)
            return SignIn(wrong=True)
        if row["locked_until"] and row["locked_until"] > stamp:
            return SignIn(wait=datetime.fromisoformat(row["locked_until"]) - now)
        if not _verify(row["password_hash"], password):
            failures = int(row["failures"]) + 1
            wait = wait_after(failures)
            conn.execute(sa.update(db.staff).where(db.staff.c.name == row["name"]).values(
                failures=failures, locked_until=utc_stamp(now + wait) if wait else None))
            if failures == FREE_FAILURES:
                audit.record(conn, now, row["name"], "staff_locked", row["name"],
                             f"{failures} wrong passwords")
            return SignIn(wrong=True, wait=wait or None)
        values: dict[str, Any] = {"failures": 0, "locked_until": None, "last_login_at": stamp}
        if _hasher.check_needs_rehash(row["password_hash"]):
            values["password_hash"] = _hasher.hash(password)
        conn.execute(sa.update(db.staff).where(db.staff.c.name == row["name"]).values(**values))
        audit.record(conn, now, row["name"], "sign_in", row["name"])
        return SignIn(account=get(conn, row["name"]))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_out(engine: Engine, name: str, now: datetime) -> None:
    """End every session of ``name`` (each carries the session number it began with)."""
    with db.writing(engine) as conn:
        conn.execute(sa.update(db.staff).where(db.staff.c.name == name)
                     .values(session_no=db.staff.c.session_no + 1))
        audit.record(conn, now, name, "sign_out", name)


def _change(engine: Engine, name: str, now: datetime, actor: str, action: str,
            detail: str = "", **values: Any) -> Account:
    with db.writing(engine) as conn:
        result = conn.execute(sa.update(db.staff).where(db.staff.c.name == name).values(**values))
        if result.rowcount != 1:
            raise StaffError("no_such_staff", f"no staff member {name!r}")
        audit.record(conn, now, actor, action, name, detail)
        return get(conn, name)  # type: ignore[return-value]


def unlock(engine: Engine, name: str, now: datetime, actor: str = audit.CLI) -> Account:
    return _change(engine, name, now, actor, "staff_unlock", failures=0, locked_until=None)


def disable(engine: Engine, name: str, now: datetime, actor: str = audit.CLI) -> Account:
    # Ends its sessions at once: the next page finds the account disabled.
    return _change(engine, name, now, actor, "staff_disable",
                   disabled_at=utc_stamp(now), session_no=db.staff.c.session_no + 1)


def enable(engine: Engine, name: str, now: datetime, actor: str = audit.CLI) -> Account:
    return _change(engine, name, now, actor, "staff_enable", disabled_at=None,
                   failures=0, locked_until=None)


def set_password(engine: Engine, name: str, password: str, now: datetime,
                 actor: str = audit.CLI) -> Account:
    if len(password) < MIN_PASSWORD:
        raise StaffError("short_password",
                         f"the password must be at least {MIN_PASSWORD} characters")
    return _change(engine, name, now, actor, "staff_password",
                   password_hash=_hasher.hash(password), failures=0, locked_until=None,
                   session_no=db.staff.c.session_no + 1)


SECRET_KEY = "console_secret"


def session_secret(engine: Engine, from_environment: str | None) -> str:
    """``JOBCENTRE_HQ_SECRET`` when set; otherwise one made at first use and kept in the
    database, so every server process (and every restart) signs sessions alike."""
    if from_environment:
        return from_environment
    table = db.hq_settings
    with engine.connect() as conn:
        found = conn.execute(sa.select(table.c.value).where(table.c.key == SECRET_KEY)).scalar()
    if found:
        return found
    made = secrets.token_urlsafe(48)
    try:
        with db.writing(engine) as conn:
            conn.execute(sa.insert(table).values(key=SECRET_KEY, value=made))
    except sa.exc.IntegrityError:
        pass  # another process stored one first: use that
    with engine.connect() as conn:
        return conn.execute(sa.select(table.c.value).where(table.c.key == SECRET_KEY)).scalar_one()
