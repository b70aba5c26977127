"""Admins' pages: the audit log (who did what, newest first) and publishing reference
data from an uploaded file, with the same checks as ``jobcentre-hq reference publish``."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sync.server import audit, reference
from sync.server.console import web
from sync.server.console.auth import Admin, Staff
from sync.server.console.words import WORDS
from sync.server.i18n import request_language

router = APIRouter()

AUDIT_PAGE = 100
MAX_REFERENCE_BYTES = 2 * 1024 * 1024


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, staff: Admin) -> Response:
    console = web.state(request)
    raw = request.query_params.get("before", "")
    before = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 18 else None
    with console.engine.connect() as conn:
        rows = list(audit.newest(conn, limit=AUDIT_PAGE + 1, before_id=before))
    more = len(rows) > AUDIT_PAGE
    rows = rows[:AUDIT_PAGE]
    language = request_language(request)

    def action_words(action: str) -> str:
        # Actions of other pages (duplicates ...) without words here show their code.
        key = f"action_{action}"
        return WORDS(language, key) if key in WORDS.words else ""

    return web.render(request, "console/audit.html", staff, rows=rows,
                      older=rows[-1]["id"] if more else None, action_words=action_words)


def _reference_page(request: Request, staff: Staff, status_code: int = 200,
                    **context: object) -> Response:
    console = web.state(request)
    return web.render(request, "console/reference.html", staff, status_code=status_code,
                      version=reference.in_use(console.engine).version, **context)


@router.get("/reference", response_class=HTMLResponse)
def reference_form(request: Request, staff: Admin) -> Response:
    return _reference_page(request, staff,
                           published=request.query_params.get("published") or None)


@router.post("/reference", response_class=HTMLResponse)
async def reference_upload(request: Request, staff: Admin) -> Response:
    form = await web.form_checked(request)
    language = request_language(request)
    console = web.state(request)
    upload = web.uploaded(form.get("file"))
    problems: list[str] = []
    data = None
    if upload is None:
        problems.append(WORDS(language, "reference_not_json"))
    else:
        raw = await upload.read(MAX_REFERENCE_BYTES + 1)
        if len(raw) > MAX_REFERENCE_BYTES:
            problems.append(WORDS(language, "reference_too_big",
                                  n=MAX_REFERENCE_BYTES // (1024 * 1024)))
        else:
            try:
                data = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                problems.append(WORDS(language, "reference_not_json"))
    if data is not None:
        # The desks' own check words (English sentences naming the key, as the command
        # prints them): the data team reads the file's keys in English anyway.
        problems = reference.check_publishable(console.engine, data)
    if problems:
        return _reference_page(request, staff, problems=problems, status_code=422)
    reference.publish(console.engine, data, console.now(), actor=staff.name)
    return web.redirect(f"/console/reference?published={data['version']}")
