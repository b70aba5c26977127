"""The audit trail's SQL: appending events, reading them for the supervisor, and which
of them still wait to go to headquarters."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

AUDIT_BASE = 1 << 42  # outbox positions of audit events (after employer records')

_COLUMNS = ("id", "at", "officer_id", "action", "record_id", "registration_no",
            "result_count", "query_kind")


def append(conn: sqlite3.Connection, events: Iterable[Mapping[str, Any]]) -> None:
    """Add events in the caller's transaction."""
    conn.executemany(
        f"INSERT INTO audit_events ({', '.join(_COLUMNS)})"
        f" VALUES ({', '.join(':' + c for c in _COLUMNS)})",
        [{c: e.get(c) for c in _COLUMNS} for e in events])


def events(conn: sqlite3.Connection, *, officer_id: str | None = None,
           registration_no: str | None = None, date_from: str | None = None,
           date_to: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Newest first, with the officer's name. ``date_from``/``date_to`` are UTC stamps
    (inclusive start, exclusive end)."""
    where, params = [], []
    if officer_id:
        where.append("e.officer_id = ?")
        params.append(officer_id)
    if registration_no:
        where.append("e.registration_no = ?")
        params.append(registration_no)
    if date_from:
        where.append("e.at >= ?")
        params.append(date_from)
    if date_to:
        where.append("e.at < ?")
        params.append(date_to)
    sql = ("SELECT e.*, o.name AS officer_name FROM audit_events e"
           " LEFT JOIN officers o ON o.officer_id = e.officer_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY e.seq DESC LIMIT ?")
    return [dict(r) for r in conn.execute(sql, (*params, limit))]


def pending(conn: sqlite3.Connection, after: int, limit: int) -> list[tuple[int, dict[str, Any]]]:
    """Events waiting for headquarters past outbox position ``after``, oldest first."""
    rows = conn.execute(
        f"SELECT e.seq, {', '.join('e.' + c for c in _COLUMNS)} FROM audit_outbox q"
        " JOIN audit_events e ON e.seq = q.seq WHERE q.refused IS NULL AND q.seq > ?"
        " ORDER BY q.seq LIMIT ?", (max(0, after - AUDIT_BASE), limit)).fetchall()
    return [(AUDIT_BASE + r["seq"], {c: r[c] for c in _COLUMNS}) for r in rows]


def mark_sent(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    conn.executemany(
        "DELETE FROM audit_outbox WHERE seq = (SELECT seq FROM audit_events WHERE id = ?)",
        [(i,) for i in ids])


def refuse(conn: sqlite3.Connection, event_id: str, why: str) -> None:
    conn.execute(
        "UPDATE audit_outbox SET refused = ?"
        " WHERE seq = (SELECT seq FROM audit_events WHERE id = ?)", (why, event_id))


def waiting(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM audit_outbox WHERE refused IS NULL").fetchone()[0]
