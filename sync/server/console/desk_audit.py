"""The desks' audit trail at headquarters: who searched, opened, printed, exported,
edited or withdrew which record on which laptop, newest first, filtered by device,
district, officer, action, registration number and Phnom Penh days, a page at a time
(keyset on the event's time and id), and the same as CSV.

Which officer looked at which returnee is itself personal data: the page and its CSV are
for admins only (docs/decisions.md), and each view and each download is written to the
staff audit log with the filters used.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from app.domain import audit as rules
from app.domain.khmerdate import PHNOM_PENH
from sync import protocol as p
from sync.server import db
from sync.server import desk_audit as trail
from sync.server.console import web
from sync.server.console.auth import Admin
from sync.server.console.devices import place
from sync.server.console.words import WORDS
from sync.server.i18n import request_language

router = APIRouter()

PAGE_SIZE = 100
CSV_BATCH = 5000
PATH = "/console/desk-audit"


@dataclass(frozen=True)
class Asked:
    """The filters as typed in the page's form (kept to fill the form again)."""

    device: str = ""
    district: str = ""
    officer: str = ""
    action: str = ""
    regno: str = ""
    day_from: str = ""
    day_to: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Asked:
        def get(key: str, most: int) -> str:
            return str(query.get(key) or "").strip()[:most]

        return cls(get("device", 36), get("district", 4), get("officer", 64),
                   get("action", 10), get("regno", 40), get("from", 10), get("to", 10))

    def query(self, lang: str, **more: str) -> str:
        pairs = {"device": self.device, "district": self.district, "officer": self.officer,
                 "action": self.action, "regno": self.regno, "from": self.day_from,
                 "to": self.day_to, "lang": lang, **more}
        return urlencode({k: v for k, v in pairs.items() if v})

    def text(self) -> str:
        """The filters for the staff audit log: what was asked, never more."""
        return " ".join(f"{k}={v}" for k, v in asdict(self).items() if v)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _start_of(day: date) -> str:
    return p.utc_stamp(datetime.combine(day, time(0), tzinfo=PHNOM_PENH))


def understood(asked: Asked, lang: str, device_ids: set[str], districts: set[str]
               ) -> tuple[trail.Filters, list[str]]:
    """The filters to use and, for each one that cannot be, a message naming the field
    and the rule; a filter that cannot be used is left out, not guessed at."""
    problems: list[str] = []

    def field(key: str) -> str:
        return WORDS(lang, key)

    device = asked.device if asked.device in device_ids else None
    if asked.device and device is None:
        problems.append(WORDS(lang, "da_unknown_choice", field=field("col_device")))
    district = asked.district if asked.district in districts else None
    if asked.district and district is None:
        problems.append(WORDS(lang, "da_unknown_choice", field=field("col_district")))
    action = asked.action if asked.action in rules.ACTIONS else None
    if asked.action and action is None:
        problems.append(WORDS(lang, "da_unknown_choice", field=field("col_action")))
    days = {}
    for key, text in (("da_from", asked.day_from), ("da_to", asked.day_to)):
        days[key] = _day(text)
        if text and days[key] is None:
            problems.append(WORDS(lang, "da_bad_day", field=field(key)))
    since = _start_of(days["da_from"]) if days["da_from"] else None
    until = _start_of(days["da_to"] + timedelta(days=1)) if days["da_to"] else None
    if since and until and since >= until:
        problems.append(WORDS(lang, "da_days_reversed", start=field("da_from"),
                              end=field("da_to")))
        since = until = None
    return trail.Filters(device_id=device, district_code=district,
                         officer_id=asked.officer or None, action=action,
                         registration_no=asked.regno or None,
                         since=since, until=until), problems


def _choices(conn: sa.Connection) -> list[Any]:
    t = db.devices
    return list(conn.execute(sa.select(t.c.device_id, t.c.device_tag, t.c.district_code)
                             .order_by(t.c.district_code, t.c.device_tag)))


def detail(lang: str, row: dict[str, Any]) -> str:
    count = web.number(lang, row.get("result_count") or 0)
    if row["action"] == rules.SEARCH:
        kind = row.get("query_kind")
        what = WORDS(lang, f"da_kind_{kind}") if kind in rules.QUERY_KINDS else "–"
        return WORDS(lang, "da_search_detail", kind=what, n=count)
    if row["action"] == rules.EXPORT:
        return WORDS(lang, "da_export_detail", n=count)
    return ""


def _action_words(lang: str, action: str) -> str:
    return WORDS(lang, f"da_action_{action}") if action in rules.ACTIONS else action


def _asked(request: Request, conn: sa.Connection, lang: str
           ) -> tuple[Asked, list[Any], trail.Filters, list[str]]:
    """What the page's query asks, the laptops it may name, and the filters it makes
    (with a message for each part that could not be understood)."""
    asked = Asked.from_query(request.query_params)
    laptops = _choices(conn)
    filters, problems = understood(asked, lang, {d.device_id for d in laptops},
                                   {d.district_code for d in laptops})
    return asked, laptops, filters, problems


@router.get("/desk-audit", response_class=HTMLResponse)
def desk_audit_page(request: Request, staff: Admin) -> Response:
    console = web.state(request)
    lang = request_language(request)
    with console.engine.connect() as conn:
        asked, laptops, filters, problems = _asked(request, conn, lang)
        after = trail.Cursor.parse(request.query_params.get("after"))
        rows, following = trail.page(conn, filters, after=after, limit=PAGE_SIZE)
    web.record(request, staff, "view_desk_audit", "desk_audit_events",
               f"{len(rows)} events {asked.text()}".strip())
    districts = sorted({d.district_code for d in laptops})
    shown = [{"at": r["at"], "tag": r["device_tag"] or r["device_id"][:8],
              "district": r["district_code"] or "", "officer": r["officer_id"] or "",
              "action": r["action"], "action_words": _action_words(lang, r["action"]),
              "regno": r["registration_no"] or "", "record_id": r["record_id"] or "",
              "detail": detail(lang, r)} for r in rows]
    return web.render(
        request, "console/desk_audit.html", staff, rows=shown, asked=asked,
        problems=problems, paged=after is not None,
        newer_href=f"{PATH}?{asked.query(lang)}",
        older_href=f"{PATH}?{asked.query(lang, after=following.text())}" if following
        else None,
        csv_href=f"{PATH}.csv?{asked.query(lang)}",
        devices=[(d.device_id, f"{d.device_tag} · {place(lang, d.district_code)}")
                 for d in laptops],
        districts=[(code, f"{place(lang, code)} ({code})") for code in districts],
        actions=[(a, _action_words(lang, a)) for a in rules.ACTIONS])


CSV_COLUMNS = ("at_utc", "at_phnom_penh", "device_tag", "device_id", "district_code",
               "officer_id", "action", "registration_no", "record_id", "query_kind",
               "result_count")


def _csv_lines(engine: sa.Engine, filters: trail.Filters) -> Iterator[bytes]:
    """Every event passing ``filters`` as CSV lines, a batch (and a short read) at a time,
    so neither a million events nor one long read hold the server."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" + out.getvalue()).encode("utf-8")
    after = None
    while True:
        with engine.connect() as conn:
            rows, after = trail.page(conn, filters, after=after, limit=CSV_BATCH)
        out.seek(0)
        out.truncate()
        for r in rows:
            local = datetime.fromisoformat(r["at"].replace("Z", "+00:00")).astimezone(
                PHNOM_PENH)
            writer.writerow([r["at"], local.strftime("%Y-%m-%d %H:%M:%S"),
                             r["device_tag"] or "", r["device_id"], r["district_code"] or "",
                             r["officer_id"] or "", r["action"], r["registration_no"] or "",
                             r["record_id"] or "", r["query_kind"] or "",
                             "" if r["result_count"] is None else r["result_count"]])
        yield out.getvalue().encode("utf-8")
        if after is None:
            return


@router.get("/desk-audit.csv")
def desk_audit_csv(request: Request, staff: Admin) -> Response:
    console = web.state(request)
    with console.engine.connect() as conn:
        asked, _, filters, _ = _asked(request, conn, request_language(request))
    web.record(request, staff, "export_desk_audit", "desk_audit_events", asked.text())
    name = f"desk-audit-{console.now().astimezone(PHNOM_PENH).date().isoformat()}.csv"
    return web.secure(StreamingResponse(
        _csv_lines(console.engine, filters), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'}))
