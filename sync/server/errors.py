"""Every error answer headquarters gives, whoever asked.

Devices and scripts (``/v1/...``, and any path nobody serves) get the documented JSON
body ``{"error": "<stable code>", "detail": "<words>"}`` with the protocol header, as
every API answer has: for the API's own refusals (``ApiError``), a malformed request
(422), a value the database cannot hold (422), a busy database (503 with Retry-After),
and what Starlette answers by itself (404 for an unknown path, 405 with ``Allow`` for a
method a path does not take, 404 for a missing static file) and an unexpected exception
(500, logged; never a traceback in the answer).

HTML audiences render their own errors. A module that serves pages under a prefix
registers a renderer for it when it installs itself::

    from sync.server import errors

    def render(request: Request, failure: errors.Failure) -> Response:
        return HTMLResponse(page(failure), status_code=failure.status,
                            headers=failure.headers)

    errors.render_html_under(app, "/join", render)

From then on every error answer for ``/join`` or ``/join/...`` (an unknown page, a 405,
a busy database, a 500) is what ``render`` returns; it must keep ``failure.status`` and
``failure.headers`` (``Retry-After``, ``Allow``). The longest matching prefix wins; a
renderer that itself fails falls back to the JSON body. Pages that answer their own
errors in their handlers (a form shown again with its mistakes) need none of this.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from sync import protocol as p

log = logging.getLogger("jobcentre.hq")


class ApiError(Exception):
    """A refusal with a stable code: becomes ``{"error": code, "detail": detail, **extra}``."""

    def __init__(self, status: int, code: str, detail: str,
                 headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.headers, self.extra = headers or {}, extra


@dataclass(frozen=True)
class Failure:
    """One error answer before it is rendered, for JSON or for a page."""

    status: int
    code: str
    detail: str
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


Renderer = Callable[[Request, Failure], Response]


def json_answer(status: int, body: dict[str, Any], headers: dict[str, str] | None = None
                ) -> JSONResponse:
    """An API answer: JSON with the protocol header."""
    return JSONResponse(body, status_code=status,
                        headers={p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION), **(headers or {})})


def readable(error: ValidationError | RequestValidationError) -> str:
    """The first few of pydantic's complaints as ``where: what``."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(x) for x in item.get("loc", ()) if x != "body")
        parts.append(f"{where or 'body'}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def render_html_under(app: FastAPI, prefix: str, render: Renderer) -> None:
    """Error answers for paths under ``prefix`` come from ``render`` (see the module)."""
    prefix = "/" + prefix.strip("/")
    pages: dict[str, Renderer] = app.state.error_pages
    pages[prefix] = render


def _renderer_for(request: Request) -> Renderer | None:
    pages: dict[str, Renderer] = getattr(request.app.state, "error_pages", {})
    path = request.url.path
    for prefix in sorted(pages, key=len, reverse=True):
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return pages[prefix]
    return None


def answer(request: Request, failure: Failure) -> Response:
    """The error answer for ``request``: the page of its audience, or the JSON body."""
    render = _renderer_for(request)
    if render is not None:
        try:
            return render(request, failure)
        except Exception:  # noqa: BLE001  a broken error page must not hide the error
            log.exception("error page for %s failed", request.url.path)
    return json_answer(failure.status,
                       {"error": failure.code, "detail": failure.detail, **failure.extra},
                       failure.headers)


def status_code_name(status: int) -> str:
    """``not_found``, ``method_not_allowed`` ...: the stable code of a bare HTTP status."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "http_error"
    return phrase.lower().replace(" ", "_").replace("-", "_").replace("'", "")


def _http_failure(request: Request, exc: StarletteHTTPException) -> Failure:
    status = exc.status_code
    headers = dict(exc.headers or {})
    phrase = status_code_name(status).replace("_", " ").capitalize()
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    if status == 404 and detail == "Not Found":
        detail = f"nothing is served at {request.url.path}"
    elif status == 405 and detail == "Method Not Allowed":
        allowed = headers.get("Allow") or headers.get("allow") or ""
        detail = (f"{request.method} is not accepted at {request.url.path}"
                  + (f"; use {allowed}" if allowed else ""))
    return Failure(status, status_code_name(status), detail, headers)


def install(app: FastAPI, *, retry_after_s: int) -> None:
    """Register the handlers that make every error answer one of the above."""
    app.state.error_pages = {}

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return answer(request, Failure(exc.status, exc.code, exc.detail, exc.headers,
                                       exc.extra))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's own: no route (404), wrong method (405), a missing static file.
        return answer(request, _http_failure(request, exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, Failure(422, "malformed_request", readable(exc)))

    @app.exception_handler(sa.exc.DataError)
    async def _bad_value(request: Request, exc: Exception) -> Response:
        # A value the database cannot hold got past the checks: still the client's input.
        log.warning("value refused by the database: %s", exc)
        return answer(request, Failure(422, "malformed_request",
                                       "a value in the request cannot be stored"))

    @app.exception_handler(sa.exc.OperationalError)
    @app.exception_handler(sa.exc.TimeoutError)
    @app.exception_handler(sa.exc.InterfaceError)
    async def _busy(request: Request, exc: Exception) -> Response:
        # A locked SQLite file, a PostgreSQL that is restarting or out of connections:
        # the desk should come back later, not think its data was wrong.
        log.warning("database busy: %s", exc)
        return answer(request, Failure(503, "busy", "the database is busy; try again",
                                       {"Retry-After": str(retry_after_s)}))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Starlette logs the exception and sends this instead of its plain-text page.
        return answer(request, Failure(500, "internal_error",
                                       "headquarters failed to answer this request; "
                                       "it has been logged"))
