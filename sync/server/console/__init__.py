"""The staff console under `/console`: sign-in, the national dashboard, devices,
duplicates, employer requests, training, and the desks' audit events. Server-rendered (Jinja2), working without
JavaScript, every view of personal data audited.

Each page module has an ``APIRouter`` named ``router``, included here under
``/console``; its pages take ``auth.require(role)`` and answer with ``web.render``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from sync.server import errors
from sync.server.console import (
    admin,
    auth,
    dashboard,
    desk_audit,
    devices,
    duplicates,
    employers,
    signin,
    training,
    web,
)
from sync.server.console.words import WORDS
from sync.server.i18n import request_language
from sync.server.ratelimit import RateLimiter

PAGE_MODULES = (signin, dashboard, duplicates, devices, employers, training, admin,
                desk_audit)
SECRET_ENV = "JOBCENTRE_HQ_SECRET"


def routes() -> list[tuple[str, str]]:
    """Every (method, path) the console serves, from the page modules' routers."""
    found = []
    for module in PAGE_MODULES:
        for route in module.router.routes:
            for method in sorted(getattr(route, "methods", None) or ()):
                if method != "HEAD":
                    found.append((method, "/console" + route.path))
    return found


def install(app: FastAPI, engine: Engine, *, now: Callable[[], datetime],
            limiter: RateLimiter) -> None:
    """Add the console's pages to ``app``."""
    app.state.console = web.ConsoleState(engine, now, limiter,
                                         os.environ.get(SECRET_ENV) or None)
    for module in PAGE_MODULES:
        app.include_router(module.router, prefix="/console", include_in_schema=False)

    def error_page(request: Request, failure: errors.Failure) -> Response:
        # Unknown console paths, wrong methods, a busy database: a console page, not JSON.
        language = request_language(request)
        missing = failure.status in (404, 405)
        return web.render(
            request, "console/error.html", auth.current_staff(request),
            status_code=failure.status, headers=failure.headers,
            title=WORDS(language, "not_found" if missing else "broken_title"),
            message=WORDS(language, "page_missing" if missing else "broken_text"))

    errors.render_html_under(app, "/console", error_page)

    @app.exception_handler(auth.SignInNeeded)
    async def _sign_in(request: Request, exc: auth.SignInNeeded) -> Response:
        return web.redirect(auth.login_url(exc.next_path))

    @app.exception_handler(auth.RoleTooLow)
    async def _too_low(request: Request, exc: auth.RoleTooLow) -> Response:
        language = request_language(request)
        return web.render(request, "console/error.html", exc.staff, status_code=403,
                          title=WORDS(language, "forbidden_title"),
                          message=WORDS(language, "forbidden_role",
                                        role=WORDS(language, f"role_{exc.needed}"),
                                        mine=WORDS(language, f"role_{exc.staff.role}")))

    @app.exception_handler(web.CsrfRefused)
    async def _csrf(request: Request, exc: web.CsrfRefused) -> Response:
        language = request_language(request)
        return web.render(request, "console/error.html", auth.current_staff(request),
                          status_code=403, title=WORDS(language, "forbidden_title"),
                          message=WORDS(language, "csrf_refused"))
