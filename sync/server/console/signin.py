"""Signing in and out of the console.

``POST /console/login`` takes the form fields ``name`` and ``password`` (and the form's
CSRF token). A wrong password counts against the account (growing waits, see
sync.server.staff) and against the client's address (``login_failed`` in the rate
limiter); either refusal says how long to wait, in words.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sync.server import staff as accounts
from sync.server.console import auth, web
from sync.server.console.auth import Viewer
from sync.server.i18n import request_language

router = APIRouter()


def _login_page(request: Request, *, error: str = "", name: str = "",
                status_code: int = 200, headers: dict[str, str] | None = None
                ) -> HTMLResponse:
    return web.render(request, "console/login.html", None, error=error, name=name,
                      next_path=auth.safe_next(request.query_params.get("next")),
                      status_code=status_code, headers=headers,
                      signed_out=request.query_params.get("bye") == "1")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    if auth.current_staff(request) is not None:
        return web.redirect(auth.safe_next(request.query_params.get("next")))
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await web.form_checked(request)
    language = request_language(request)
    console = web.state(request)
    address = request.client.host if request.client else "unknown"
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    t = web.WORDS
    waiting = console.limiter.exhausted("login_failed", address)
    if waiting is not None:
        return _login_page(
            request, name=name, status_code=429, headers={"Retry-After": str(waiting)},
            error=t(language, "login_limited", wait=web.wait_words(language, waiting)))
    if not name or not password:
        return _login_page(request, name=name, status_code=400,
                           error=t(language, "login_missing"))
    outcome = accounts.sign_in(console.engine, name, password, console.now())
    if outcome.account is None:
        console.limiter.hit("login_failed", address)
        if outcome.wait is not None:
            seconds = outcome.wait.total_seconds()
            return _login_page(
                request, name=name, status_code=429,
                headers={"Retry-After": str(max(1, int(seconds + 0.999)))},
                error=((t(language, "login_wrong") + " " if outcome.wrong else "")
                       + t(language, "login_locked", wait=web.wait_words(language, seconds))))
        return _login_page(request, name=name, status_code=401,
                           error=t(language, "login_wrong"))
    account = outcome.account
    response = web.redirect(auth.safe_next(
        str(form.get("next") or request.query_params.get("next") or "")))
    web.set_cookie(request, response, auth.SESSION_COOKIE,
                   console.sessions.dump(account.name, account.session_no, auth.new_token()),
                   max_age=console.sessions.max_age_s)
    response.delete_cookie(auth.PRE_COOKIE, path="/console")
    return response


@router.post("/logout")
async def logout(request: Request, staff: Viewer) -> Response:
    await web.form_checked(request)
    console = web.state(request)
    accounts.sign_out(console.engine, staff.name, console.now())
    response = web.redirect(f"{auth.LOGIN_PATH}?bye=1")
    response.delete_cookie(auth.SESSION_COOKIE, path="/console")
    return response
