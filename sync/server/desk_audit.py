"""The desks' audit trail at headquarters: ``audit_event`` wire records, stored once each.

An event never changes, so a replay is "already had" when its hash matches and refused
when another device sent that id or the content differs. Each is checked on its own and
stored under a savepoint, so one bad event never aborts the batch. These are the desks'
acts; headquarters' staff's own acts are in ``audit_log`` (sync/server/audit.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain import audit as rules
from app.domain.errors import FieldError
from sync import protocol as p
from sync.server.db import desk_audit_events, devices
from sync.server.devices import Device

_TEXT_MAX = {"officer_id": 64, "record_id": 36, "registration_no": 40}


def check_event(wire: Mapping[str, Any]) -> list[FieldError]:
    if not p.is_uuid(wire.get("id")):
        return [FieldError("id", p.RULE_INVALID_ID)]
    if wire.get("schema") != 1 or wire.get("version") != 1:
        return [FieldError("schema", p.RULE_SCHEMA_UNSUPPORTED, {"schema": wire.get("schema")})]
    data = wire.get("data")
    if not isinstance(data, dict):
        return [FieldError("record", "unreadable_row")]
    try:
        if p.content_hash(p.AUDIT_EVENT, data, 1) != wire.get("hash"):
            return [FieldError("hash", p.RULE_HASH_MISMATCH)]
    except p.NotCanonical:
        return [FieldError("record", "unreadable_row")]
    errors = []
    if data.get("action") not in rules.ACTIONS:
        errors.append(FieldError("action", "unknown_code"))
    if p.parse_timestamp(data.get("at")) is None:
        errors.append(FieldError("at", p.RULE_INVALID_TIMESTAMP))
    for key, most in _TEXT_MAX.items():
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and len(value) <= most):
            errors.append(FieldError(key, "too_long", {"max": most}))
    count = data.get("result_count")
    if count is not None and not (type(count) is int and count >= 0):
        errors.append(FieldError("result_count", "not_a_number"))
    kind = data.get("query_kind")
    if kind is not None and kind not in rules.QUERY_KINDS:
        errors.append(FieldError("query_kind", "unknown_code"))
    return errors


def store_events(conn: Connection, device: Device,
                 items: Sequence[tuple[int, Mapping[str, Any]]], received_at: str,
                 ) -> dict[int, Any]:
    """Store pushed audit events in the caller's transaction; an outcome per position."""
    from sync.server.records import Outcome

    out: dict[int, Any] = {}
    for i, wire in items:
        errors = check_event(wire)
        if errors:
            out[i] = Outcome(str(wire.get("id"))[:64], p.REJECTED, errors=errors)
            continue
        data = wire["data"]
        row = {k: data.get(k) for k in p.AUDIT_EVENT_FIELDS} | {
            "id": wire["id"], "device_id": device.device_id, "hash": wire["hash"],
            "at": p.utc_stamp(p.parse_timestamp(data["at"])), "received_at": received_at}
        try:
            with conn.begin_nested():
                conn.execute(sa.insert(desk_audit_events).values(row))
            out[i] = Outcome(wire["id"], p.STORED)
        except sa.exc.IntegrityError:
            held = conn.execute(sa.select(desk_audit_events.c.device_id,
                                          desk_audit_events.c.hash)
                                .where(desk_audit_events.c.id == wire["id"])).first()
            if held is not None and held.device_id == device.device_id \
                    and held.hash == wire["hash"]:
                out[i] = Outcome(wire["id"], p.ALREADY_HAD)
            else:
                out[i] = Outcome(wire["id"], p.REJECTED,
                                 errors=[FieldError("id", p.RULE_VERSION_TAKEN)])
    return out


def events(conn: Connection, *, device_id: str | None = None, limit: int = 500
           ) -> list[dict[str, Any]]:
    """Newest first (for the console and tests)."""
    query = sa.select(desk_audit_events).order_by(desk_audit_events.c.at.desc()).limit(limit)
    if device_id:
        query = query.where(desk_audit_events.c.device_id == device_id)
    return [dict(r._mapping) for r in conn.execute(query)]


# --- reading them back: the console's page and its CSV ----------------------------------

@dataclass(frozen=True)
class Filters:
    """What the console's desk-audit page narrows the events to; None is "any".

    ``since`` and ``until`` are UTC stamps (``until`` excluded), made from Phnom Penh days
    by the page."""

    device_id: str | None = None
    district_code: str | None = None
    officer_id: str | None = None
    action: str | None = None
    registration_no: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the last event's time and id (newest first, id breaking ties)."""

    at: str
    id: str

    def text(self) -> str:
        return f"{self.at}~{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        at, sep, event_id = (text or "").partition("~")
        if not sep or p.parse_timestamp(at) is None or not p.is_uuid(event_id):
            return None
        return cls(at, event_id)


def _filtered(query: sa.Select, filters: Filters) -> sa.Select:
    t = desk_audit_events
    if filters.device_id:
        query = query.where(t.c.device_id == filters.device_id)
    if filters.district_code:
        query = query.where(t.c.device_id.in_(
            sa.select(devices.c.device_id)
            .where(devices.c.district_code == filters.district_code)))
    if filters.officer_id:
        query = query.where(t.c.officer_id == filters.officer_id)
    if filters.action:
        query = query.where(t.c.action == filters.action)
    if filters.registration_no:
        query = query.where(t.c.registration_no == filters.registration_no)
    if filters.since:
        query = query.where(t.c.at >= filters.since)
    if filters.until:
        query = query.where(t.c.at < filters.until)
    return query


def page(conn: Connection, filters: Filters, *, after: Cursor | None = None,
         limit: int = 100) -> tuple[list[dict[str, Any]], Cursor | None]:
    """One page of the events passing ``filters``, newest first, from just after
    ``after``; and the cursor of the next page (None on the last).

    Keyset paging on (at, id): each page costs the same however far back it is, and an
    event arriving meanwhile never shifts a page. ``at <= cursor`` comes first so the
    indexes on (…, at, id) can range over it."""
    t = desk_audit_events
    query = _filtered(sa.select(t, devices.c.device_tag, devices.c.district_code)
                      .outerjoin(devices, devices.c.device_id == t.c.device_id), filters)
    if after is not None:
        query = query.where(t.c.at <= after.at,
                            sa.or_(t.c.at < after.at, t.c.id < after.id))
    query = query.order_by(t.c.at.desc(), t.c.id.desc()).limit(limit + 1)
    rows = [dict(r._mapping) for r in conn.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (Cursor(rows[-1]["at"], rows[-1]["id"]) if more else None)

