"""The desk's home screen: the day's and the week's registrations, what waits to be sent
or fixed, the last sync, open employer requests and training sessions filling up, and
the numbers of its two charts. Read in one go, cheaply (``app.store.home``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.services import training
from app.services.desk import Desk, reference
from app.store import home as store
from app.store import meta

CHART_DAYS = 14
# A session is filling up when this share of its seats is taken (and it has not started).
FILLING_SHARE = 0.75


@dataclass(frozen=True)
class LastSync:
    """The last sync as the officer needs it: when it last worked, and whether the last
    try failed (its stored note: ``sync.describe_last_error`` puts it in words)."""

    enrolled: bool
    last_success: str | None  # UTC ISO
    failed_at: str | None = None  # UTC ISO, when the last try failed after that
    failure: dict[str, Any] | None = None

    @property
    def worked(self) -> bool:
        return self.last_success is not None and self.failed_at is None


@dataclass(frozen=True)
class HomeFigures:
    today: date
    registered_today: int
    registered_this_week: int  # since Monday
    waiting_to_send: int
    to_fix: int
    open_requests: int
    workers_wanted: int
    sessions_filling: list[training.SessionRow]
    last_sync: LastSync
    # The last CHART_DAYS days, oldest first: (day, registrations not withdrawn).
    by_day: list[tuple[date, int]] = field(default_factory=list)
    # Sectors wanted by those days' registrations, most wanted first.
    sectors: list[tuple[str, int]] = field(default_factory=list)


def last_sync(desk: Desk) -> LastSync:
    conn = desk.conn
    success = meta.get(conn, "sync.last_success")
    stored = meta.get(conn, "sync.last_error")
    note = json.loads(stored) if stored else None
    failed_at = None
    if note is not None and (success is None or str(note.get("at", "")) > success):
        failed_at = str(note.get("at", ""))
    return LastSync(meta.get(conn, "sync.token") is not None, success, failed_at,
                    note if failed_at else None)


def filling_sessions(desk: Desk) -> list[training.SessionRow]:
    """Sessions not started yet with at least ``FILLING_SHARE`` of their seats taken,
    fullest first."""
    today = desk.today()
    rows = [row for row in training.sessions(desk)
            if row.session.start_date >= today and row.session.seats > 0
            and row.taken >= FILLING_SHARE * row.session.seats]
    return sorted(rows, key=lambda r: (r.seats_left, r.session.start_date))


def figures(desk: Desk) -> HomeFigures:
    today = desk.today()
    first = today - timedelta(days=CHART_DAYS - 1)
    counts = store.active_by_day(desk.conn, first.isoformat(), today.isoformat())
    by_day = [(first + timedelta(days=i),
               counts.get((first + timedelta(days=i)).isoformat(), 0))
              for i in range(CHART_DAYS)]
    monday = today - timedelta(days=today.weekday())
    pending, to_fix = store.waiting_counts(desk.conn)
    requests, workers = store.open_requests(desk.conn)
    codes = [label.code for label in reference().sectors]
    sectors = sorted(store.active_sectors_since(desk.conn, codes, first.isoformat()).items(),
                     key=lambda kv: (-kv[1], kv[0]))
    return HomeFigures(
        today=today,
        registered_today=counts.get(today.isoformat(), 0),
        registered_this_week=sum(n for day, n in by_day if day >= monday),
        waiting_to_send=pending,
        to_fix=to_fix,
        open_requests=requests,
        workers_wanted=workers,
        sessions_filling=filling_sessions(desk),
        last_sync=last_sync(desk),
        by_day=by_day,
        sectors=sectors,
    )
