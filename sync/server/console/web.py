"""What every console page shares: rendering in the reader's language with the
navigation and the CSRF token, the security headers, the CSRF check of a POSTed form,
and the audit of what a staff member looked at.

Every console answer carries a strict Content-Security-Policy (no script, no inline
style, nothing from elsewhere), refuses to be framed, and is never stored by a browser
or a proxy (``no-store``): the pages are behind a sign-in and many show personal data.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.engine import Engine
from starlette.datastructures import UploadFile

from app.domain.digits import to_khmer_digits
from app.domain.khmerdate import format_date, to_local
from sync.server import audit, db
from sync.server import staff as accounts
from sync.server.console import auth
from sync.server.console.auth import Staff
from sync.server.console.words import WORDS
from sync.server.i18n import COOKIE as LANG_COOKIE
from sync.server.i18n import LANGUAGES, Catalogue, request_language
from sync.server.pages import templates
from sync.server.ratelimit import RateLimiter

HOME = "/console/"
CSRF_FIELD = "csrf"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# (path, word key, lowest role), in the order the navigation shows them.
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("/console/", "nav_dashboard", "viewer"),
    ("/console/devices", "nav_devices", "viewer"),
    ("/console/duplicates", "nav_duplicates", "data_officer"),
    ("/console/requests", "nav_requests", "viewer"),
    ("/console/training", "nav_training", "viewer"),
    ("/console/reference", "nav_reference", "admin"),
    ("/console/audit", "nav_audit", "admin"),
    ("/console/desk-audit", "nav_desk_audit", "admin"),
)


class CsrfRefused(Exception):
    """A POST without the form's token (or from another site): answered with a 403 page."""


@dataclass
class ConsoleState:
    """The console's share of the app, on ``app.state.console``."""

    engine: Engine
    now: Callable[[], datetime]
    limiter: RateLimiter
    secret_from_environment: str | None = None

    @cached_property
    def sessions(self) -> auth.Sessions:
        # Read at first use, not at start: the app may be made before its database is
        # migrated (the secret lives there when the environment gives none).
        return auth.Sessions(accounts.session_secret(self.engine, self.secret_from_environment))


def state(request: Request) -> ConsoleState:
    return request.app.state.console


def secure(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def cookies_secure(request: Request) -> bool:
    """Cookies are ``Secure`` except over plain HTTP to this machine (loopback), which a
    browser on that machine is the only one to reach; HTTP elsewhere gets no session."""
    if request.url.scheme == "https":
        return True
    host = (request.url.hostname or "").strip("[]")
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def set_cookie(request: Request, response: Response, name: str, value: str,
               max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/console", httponly=True,
                        secure=cookies_secure(request), samesite="strict")


def wait_words(language: str, seconds: float) -> str:
    """A wait in words, rounded up: "30 seconds", "2 minutes", "1 hour"."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        text = WORDS(language, "wait_seconds", n=seconds)
    elif seconds < 3600:
        n = math.ceil(seconds / 60)
        text = WORDS(language, "wait_one_minute") if n == 1 else WORDS(
            language, "wait_minutes", n=n)
    else:
        n = math.ceil(seconds / 3600)
        text = WORDS(language, "wait_one_hour") if n == 1 else WORDS(language, "wait_hours", n=n)
    return to_khmer_digits(text) if language == "km" else text


def number(language: str, n: int | float | None) -> str:
    """A count for people: Khmer digits on Khmer pages."""
    if n is None:
        return "–"
    text = str(n)
    return to_khmer_digits(text) if language == "km" else text


def when(language: str, stamp: str | None, *, with_time: bool = True) -> str:
    """A stored UTC timestamp as Phnom Penh date (and time) for people."""
    if not stamp:
        return ""
    try:
        local = to_local(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
    except ValueError:
        return stamp
    text = format_date(local.date(), language)
    if with_time:
        clock = local.strftime("%H:%M")
        text += " " + (to_khmer_digits(clock) if language == "km" else clock)
    return text


def csrf_token(request: Request) -> str:
    """The token forms on this page carry: the session's, or before sign-in the one of
    the sign-in form's cookie (made now when there is none)."""
    auth.current_staff(request)
    token = getattr(request.state, "csrf", None)
    if token:
        return token
    pre = state(request).sessions.load_pre(request.cookies.get(auth.PRE_COOKIE, ""))
    if pre is None:
        pre = auth.new_token()
        request.state.new_pre = pre
    request.state.csrf = pre
    return pre


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1].rstrip("/") == host


async def form_checked(request: Request) -> dict[str, Any]:
    """The POSTed form, once its CSRF token matches this session's (or the sign-in
    form's); otherwise ``CsrfRefused`` (a 403 page)."""
    import secrets

    form = await request.form(max_files=2, max_fields=100)
    sent = form.get(CSRF_FIELD)
    auth.current_staff(request)
    expected = getattr(request.state, "csrf", None)
    if expected is None:
        expected = state(request).sessions.load_pre(request.cookies.get(auth.PRE_COOKIE, ""))
    if (not isinstance(sent, str) or not expected or not _same_origin(request)
            or not secrets.compare_digest(sent.encode(), expected.encode())):
        raise CsrfRefused()
    return {k: v for k, v in form.items() if k != CSRF_FIELD}


def _with_lang(request: Request, language: str) -> str:
    query = dict(request.query_params)
    query["lang"] = language
    return f"{request.url.path}?{urlencode(query)}"


def render(request: Request, template_name: str, staff: Staff | None, *,
           words: Catalogue | None = None, status_code: int = 200,
           headers: Mapping[str, str] | None = None, **context: Any) -> HTMLResponse:
    """The page ``template_name`` (under templates/) in the reader's language.

    Templates get ``t(key, **params)`` (the page's ``words`` first, then the console's),
    ``lang``, ``staff``, ``csrf_field()``, ``number(n)``, ``when(stamp)``, the
    navigation, and what ``context`` adds.
    """
    language = request_language(request)

    def t(key: str, **params: Any) -> str:
        for catalogue in (words, WORDS):
            if catalogue is not None and key in catalogue.words:
                return catalogue(language, key, **params)
        raise KeyError(f"no console word {key!r}")

    token = csrf_token(request)

    def csrf_field() -> Markup:
        return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)

    nav = [{"href": href, "label": t(key), "current": _is_current(request.url.path, href)}
           for href, key, role in NAVIGATION if staff is not None and staff.can(role)]
    page = templates().get_template(template_name).render(
        request=request, lang=language, t=t, staff=staff, csrf_field=csrf_field,
        number=lambda n: number(language, n),
        when=lambda stamp, with_time=True: when(language, stamp, with_time=with_time),
        nav=nav, other_languages=[
            {"code": code, "label": WORDS(language, f"lang_{code}"),
             "href": _with_lang(request, code)} for code in LANGUAGES if code != language],
        role_label=t(f"role_{staff.role}") if staff else "", **context)
    response = HTMLResponse(page, status_code=status_code, headers=dict(headers or {}))
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, samesite="lax",
                            secure=cookies_secure(request))
    new_pre = getattr(request.state, "new_pre", None)
    if new_pre:
        set_cookie(request, response, auth.PRE_COOKIE, state(request).sessions.dump_pre(new_pre),
                   max_age=auth.SESSION_HOURS * 3600)
    return secure(response)


def _is_current(path: str, href: str) -> bool:
    if href == HOME:
        return path in (HOME, "/console", "/console/dashboard")
    return path == href or path.startswith(href + "/")


def redirect(url: str) -> RedirectResponse:
    return secure(RedirectResponse(url, status_code=303))  # type: ignore[return-value]


def record(request: Request, staff: Staff, action: str, target: str = "",
           detail: str = "") -> None:
    """Write one audit row for what ``staff`` looked at or did, in its own transaction.
    For a change, call ``audit.record`` inside the change's own transaction instead."""
    console = state(request)
    with db.writing(console.engine) as conn:
        audit.record(conn, console.now(), staff.name, action, target, detail)


def uploaded(value: Any) -> UploadFile | None:
    return value if isinstance(value, UploadFile) and value.filename else None
