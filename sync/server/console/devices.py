"""The devices page: every enrolled laptop with its district, last successful sync,
records waiting, app version and clock offset, as the desks last reported them;
laptops silent for more than three days stand out. Admins revoke a device here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sync.server import devices as dev
from sync.server import reference
from sync.server.console import web
from sync.server.console.auth import Admin, Viewer
from sync.server.console.words import WORDS
from sync.server.i18n import request_language

router = APIRouter()


def place(language: str, code: str) -> str:
    """A district (or province) by its name, as the desks name it, and its code."""
    gaz = reference.gazetteer()
    name = gaz.label(code, language)
    if len(code) == 4 and gaz.get(code[:2]) is not None:
        name = f"{name}, {gaz.label(code[:2], language)}"
    return name


def _clock(language: str, offset: int | None) -> str:
    if offset is None:
        return ""
    amount = abs(offset)
    text = (f"{amount // 3600} h {amount % 3600 // 60} min" if amount >= 3600 else
            f"{amount // 60} min" if amount >= 120 else
            WORDS(language, "clock_seconds", n=amount))
    text = web.number(language, text) if language == "km" else text
    if amount < 60:
        return text
    return WORDS(language, "clock_ahead" if offset > 0 else "clock_behind", n=text)


@router.get("/devices", response_class=HTMLResponse)
def devices_page(request: Request, staff: Viewer) -> Response:
    console = web.state(request)
    language = request_language(request)
    with console.engine.connect() as conn:
        found = dev.listed(conn, console.now())
    rows = [{"d": d, "place": place(language, d.district_code),
             "clock": _clock(language, d.clock_offset_s),
             "far_off": d.clock_offset_s is not None and abs(d.clock_offset_s) > 600}
            for d in found]
    done = request.query_params.get("revoked")
    return web.render(
        request, "console/devices.html", staff, rows=rows,
        silent_count=sum(d.silent for d in found),
        revoked_count=sum(d.revoked_at is not None for d in found),
        silent_after_days=dev.SILENT_AFTER.days,
        revoked_tag=next((d.device_tag for d in found if d.device_id == done), None))


@router.post("/devices/{device_id}/revoke")
async def revoke_device(request: Request, device_id: str, staff: Admin) -> Response:
    await web.form_checked(request)
    console = web.state(request)
    if not dev.revoke(console.engine, device_id, console.now(), actor=staff.name):
        language = request_language(request)
        return web.render(request, "console/error.html", staff, status_code=404,
                          title=WORDS(language, "not_found"), message=device_id)
    return web.redirect(f"/console/devices?revoked={device_id}")
