"""Employer requests, the whole country: workers needed, hired, filled and status,
filtered by province, sector and status; and the returnees who fit one, ranked by the
headquarters matching (``records.match``, as ``jobcentre-hq match``).

Viewers see the numbers only: the employer, its contact person and phone, and every
returnee's name and phone are for data officers, and each such view is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Connection

from app.domain.codes import SECTORS
from app.domain.khmerdate import PHNOM_PENH
from app.messages import match_reason_text
from sync.server import db, records, reference
from sync.server.console import web
from sync.server.console.auth import DataOfficer, Viewer
from sync.server.console.words import WORDS
from sync.server.i18n import request_language, speaking

router = APIRouter()

STATUSES = ("open", "filled", "closed")
PAGE_SIZE = 200
MATCH_LIMIT = 50


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    sector: str | None = None
    status: str | None = None

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        provinces = {p.code for p in reference.gazetteer().provinces()}
        province = query.get("province") or None
        sector = query.get("sector") or None
        status = query.get("status") or None
        return cls(province if province in provinces else None,
                   sector if sector in SECTORS else None,
                   status if status in STATUSES else None)


def _data(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)


def listed(conn: Connection, filters: Filters, limit: int = PAGE_SIZE
           ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The requests that pass ``filters`` (open first, newest first, at most ``limit``)
    and the totals over all of them."""
    t = db.employer_requests
    query = sa.select(t.c.id, t.c.status, t.c.data, t.c.updated_at)
    if filters.province:
        query = query.where(t.c.data["province_code"].as_string() == filters.province)
    if filters.sector:
        query = query.where(t.c.data["sector"].as_string() == filters.sector)
    if filters.status:
        query = query.where(t.c.status == filters.status)
    rows, totals = [], {"requests": 0, "needed": 0, "hired": 0}
    order = {"open": 0, "filled": 1, "closed": 2}
    found = [(r.id, r.status, _data(r.data), r.updated_at) for r in conn.execute(query)]
    found.sort(key=lambda r: r[3] or "", reverse=True)  # newest first ...
    found.sort(key=lambda r: order.get(r[1], 3))  # ... within open, filled, closed
    for record_id, status, data, _ in found:
        needed, hired = int(data.get("workers_needed") or 0), int(data.get("hired") or 0)
        totals["requests"] += 1
        totals["needed"] += needed
        totals["hired"] += hired
        if len(rows) < limit:
            rows.append({"id": record_id, "status": status, "needed": needed, "hired": hired,
                         "filled": bool(data.get("filled")), "data": data})
    return rows, totals


@router.get("/requests", response_class=HTMLResponse)
def requests_page(request: Request, staff: Viewer) -> Response:
    console = web.state(request)
    language = request_language(request)
    filters = Filters.from_query(request.query_params)
    with console.engine.connect() as conn:
        rows, totals = listed(conn, filters)
    ref = reference.in_use(console.engine)
    gaz = reference.gazetteer()
    for row in rows:
        data = row["data"]
        row["province"] = gaz.label(str(data.get("province_code") or ""), language)
        row["sector"] = ref.label("sectors", str(data.get("sector") or ""), language)
        row["salary"] = data.get("salary_usd")
        row["job_title"] = data.get("job_title") or ""
    shows_names = staff.can("data_officer")
    if shows_names and rows:
        web.record(request, staff, "view_requests", "employer_requests",
                   f"{len(rows)} requests {_filter_text(filters)}".strip())
    return web.render(
        request, "console/requests.html", staff, rows=rows, totals=totals, filters=filters,
        shows_names=shows_names, more=totals["requests"] > len(rows),
        provinces=[(p.code, p.name(language)) for p in gaz.provinces()],
        sectors=[(code, ref.label("sectors", code, language)) for code in SECTORS],
        statuses=[(s, WORDS(language, f"status_{s}")) for s in STATUSES])


def _filter_text(filters: Filters) -> str:
    return " ".join(f"{k}={v}" for k, v in vars(filters).items() if v)


@router.get("/requests/{request_id}/match", response_class=HTMLResponse)
def match_page(request: Request, request_id: str, staff: DataOfficer) -> Response:
    console = web.state(request)
    language = request_language(request)
    found = records.get_request(console.engine, request_id)
    if found is None:
        return web.render(request, "console/error.html", staff, status_code=404,
                          title=WORDS(language, "not_found"), message=request_id)
    today = console.now().astimezone(PHNOM_PENH).date()
    matches = records.match(console.engine, request_id, today=today, limit=MATCH_LIMIT)
    ref = reference.in_use(console.engine)
    gaz = reference.gazetteer()
    with speaking(language):
        rows = [{"regno": m.candidate.get("registration_no") or "",
                 "name": " / ".join(n for n in (m.candidate.get("name_km"),
                                                m.candidate.get("name_latin")) if n),
                 "phone": m.candidate.get("phone") or "",
                 "home": gaz.label(str(m.candidate.get("home_village_code") or "")[:4],
                                   language),
                 "score": m.score,
                 "reasons": [match_reason_text(r) for r in m.reasons]} for m in matches]
    web.record(request, staff, "view_match", request_id, f"{len(rows)} returnees shown")
    return web.render(
        request, "console/match.html", staff, rows=rows, req=found,
        province=gaz.label(str(found.get("province_code") or ""), language),
        sector=ref.label("sectors", str(found.get("sector") or ""), language),
        status=WORDS(language, f"status_{found.get('status_shown', 'open')}"))
