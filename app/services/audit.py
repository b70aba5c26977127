"""The audit trail: who searched, opened, printed, exported, edited or withdrew which
record (rules in app.domain.audit). Acts that write (edit, withdraw, printing's count)
record their event in their own transaction; acts that only read record it in a small
transaction of its own. The trail is sent to headquarters by sync, as ``audit_event``
wire records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from app.domain import audit as rules
from app.domain.khmerdate import PHNOM_PENH
from app.services.desk import Desk
from app.store import audit as store
from app.store.connection import transaction


def event(desk: Desk, action: str, record: Mapping[str, Any] | None = None, *,
          result_count: int | None = None, query_kind: str | None = None) -> dict[str, Any]:
    if action not in rules.ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return {
        "id": str(uuid.uuid4()), "at": desk.now_iso(),
        "officer_id": desk.officer.officer_id if desk.officer else None,
        "action": action,
        "record_id": record.get("id") if record else None,
        "registration_no": record.get("registration_no") if record else None,
        "result_count": result_count, "query_kind": query_kind,
    }


def append_in_transaction(desk: Desk, events: Iterable[Mapping[str, Any]]) -> None:
    """Add events inside the caller's write transaction (the act and its record commit
    together, or neither does)."""
    store.append(desk.conn, events)


def record(desk: Desk, action: str, record: Mapping[str, Any] | None = None, *,
           result_count: int | None = None, query_kind: str | None = None) -> None:
    """Record a reading act (search, open, export) in a transaction of its own."""
    with transaction(desk.conn):
        store.append(desk.conn, [event(desk, action, record, result_count=result_count,
                                       query_kind=query_kind)])


def searched(desk: Desk, text: str, result_count: int) -> None:
    """A search: the officer, the count and the kind of query; never the text typed."""
    kind = rules.query_kind(text)
    if kind is not None:
        record(desk, rules.SEARCH, result_count=result_count, query_kind=kind)


def trail(desk: Desk, *, officer_id: str | None = None, registration_no: str | None = None,
          day_from: date | None = None, day_to: date | None = None,
          limit: int = 500) -> list[dict[str, Any]]:
    """Events for the supervisor's view, newest first; days are Phnom Penh days,
    both included."""
    def utc(day: date) -> str:  # the day's start in Phnom Penh, as the stored UTC stamps
        moment = datetime.combine(day, time(), PHNOM_PENH).astimezone(UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    return store.events(desk.conn, officer_id=officer_id, registration_no=registration_no,
                        date_from=utc(day_from) if day_from else None,
                        date_to=utc(day_to + timedelta(days=1)) if day_to else None,
                        limit=limit)

