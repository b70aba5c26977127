"""Who is signed in to the console, and what their role lets them see.

A session is a cookie signed with itsdangerous (the secret from ``JOBCENTRE_HQ_SECRET``
or kept in the database), carrying the staff name, the account's session number and the
session's CSRF token, and lasting at most ``SESSION_HOURS``. Each page reads the account
again, so a disabled account or a changed role counts at once, and signing out (which
raises the session number) ends every copy of the cookie.

Pages take the signed-in staff member as a dependency::

    @router.get("/devices")
    def page(request: Request, staff: Viewer): ...   # or DataOfficer, Admin

(``Annotated[Staff, Depends(require(role))]`` says the same.)

Without a session that answers 303 to ``/console/login?next=<path>``; with too low a
role, a 403 page.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from sync.server import staff as accounts
from sync.server.staff import ROLES, role_at_least

__all__ = ["ROLES", "Admin", "DataOfficer", "RoleTooLow", "SignInNeeded", "Staff",
           "Sessions", "Viewer", "current_staff", "require"]

SESSION_COOKIE = "jcd_session"
PRE_COOKIE = "jcd_pre"  # the CSRF token of the sign-in form, before there is a session
SESSION_HOURS = 8  # a working day
LOGIN_PATH = "/console/login"


@dataclass(frozen=True)
class Staff:
    name: str
    role: str

    def can(self, role: str) -> bool:
        """True when this member's role is ``role`` or above it."""
        return role_at_least(self.role, role)


class SignInNeeded(Exception):
    """No valid session: the console answers with a redirect to the sign-in page."""

    def __init__(self, next_path: str):
        super().__init__(next_path)
        self.next_path = next_path


class RoleTooLow(Exception):
    def __init__(self, staff: Staff, needed: str):
        super().__init__(needed)
        self.staff, self.needed = staff, needed


class Sessions:
    """Signs and reads session cookies (and the sign-in form's CSRF cookie)."""

    def __init__(self, secret: str, max_age_s: int = SESSION_HOURS * 3600):
        self.max_age_s = max_age_s
        self._session = URLSafeTimedSerializer(secret, salt="jcd-console-session")
        self._pre = URLSafeTimedSerializer(secret, salt="jcd-console-pre")

    def dump(self, name: str, session_no: int, csrf: str) -> str:
        return self._session.dumps({"n": name, "s": session_no, "c": csrf})

    def load(self, value: str) -> dict[str, Any] | None:
        try:
            data = self._session.loads(value, max_age=self.max_age_s)
        except BadSignature:  # SignatureExpired is one
            return None
        if not (isinstance(data, dict) and isinstance(data.get("n"), str)
                and isinstance(data.get("s"), int) and isinstance(data.get("c"), str)):
            return None
        return data

    def dump_pre(self, token: str) -> str:
        return self._pre.dumps(token)

    def load_pre(self, value: str) -> str | None:
        try:
            token = self._pre.loads(value, max_age=self.max_age_s)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def current_staff(request: Request) -> Staff | None:
    """The signed-in staff member, or None. Leaves the session's CSRF token in
    ``request.state.csrf`` for the page's forms."""
    if hasattr(request.state, "staff"):
        return request.state.staff
    from sync.server.console.web import state  # the app's console state

    console = state(request)
    found: Staff | None = None
    data = console.sessions.load(request.cookies.get(SESSION_COOKIE, ""))
    if data is not None:
        with console.engine.connect() as conn:
            account = accounts.get(conn, data["n"])
        if account is not None and not account.disabled and account.session_no == data["s"]:
            found = Staff(account.name, account.role)
            request.state.csrf = data["c"]
    request.state.staff = found
    return found


def _here(request: Request) -> str:
    path = request.url.path
    return f"{path}?{request.url.query}" if request.url.query else path


def login_url(next_path: str) -> str:
    return f"{LOGIN_PATH}?next={quote(next_path, safe='/')}"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a console path on this server."""
    if value and value.startswith("/console") and not value.startswith("//") \
            and "\\" not in value and not value.startswith(LOGIN_PATH):
        return value
    return "/console/"


def require(role: str) -> Callable[[Request], Staff]:
    """A dependency giving the signed-in ``Staff`` of at least ``role``."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def signed_in(request: Request) -> Staff:
        found = current_staff(request)
        if found is None:
            # After signing in the browser GETs ``next``: a form's action is no page.
            raise SignInNeeded(_here(request) if request.method == "GET" else "/console/")
        if not found.can(role):
            raise RoleTooLow(found, role)
        return found

    return signed_in


Viewer = Annotated[Staff, Depends(require("viewer"))]
DataOfficer = Annotated[Staff, Depends(require("data_officer"))]
Admin = Annotated[Staff, Depends(require("admin"))]
