"""The home screen's counts: registrations per day and by sector over recent days, what
waits to be sent or fixed, open employer requests. Its SQL.

Every count reads an index range (``registrations_created_on``,
``registrations_sync_state``, ``employer_requests_sync_state``) or a small table, never
the whole registrations table: the home screen redraws after every save and sync.
"""

from __future__ import annotations

import sqlite3


def active_by_day(conn: sqlite3.Connection, first: str, last: str) -> dict[str, int]:
    """Day (YYYY-MM-DD, Phnom Penh) -> registrations made that day and not withdrawn,
    for the days from ``first`` to ``last``; days with none are missing."""
    return {
        day: int(n)
        for day, n in conn.execute(
            "SELECT created_on, count(*) FROM registrations INDEXED BY registrations_created_on"
            " WHERE created_on BETWEEN ? AND ? AND withdrawn = 0 GROUP BY created_on",
            (first, last))
    }


def active_sectors_since(conn: sqlite3.Connection, first: str) -> dict[str, int]:
    """Sector code -> registrations made since ``first`` (not withdrawn) that want it."""
    return {
        code: int(n)
        for code, n in conn.execute(
            "SELECT j.value, count(*) FROM registrations r"
            " INDEXED BY registrations_created_on, json_each(r.sectors) j"
            " WHERE r.created_on >= ? AND r.withdrawn = 0 GROUP BY j.value", (first,))
    }


def waiting_counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(registrations waiting to be sent, as the status bar counts them; records
    headquarters refused or disputes, as the To fix tab lists them), each from its
    sync-state index."""
    pending, refused = conn.execute(
        "SELECT"
        " (SELECT count(*) FROM registrations WHERE sync_state = 'pending'),"
        " (SELECT count(*) FROM registrations WHERE sync_state = 'quarantined')"
        " + (SELECT count(*) FROM employer_requests WHERE sync_state = 'quarantined')"
        " + (SELECT count(*) FROM referrals WHERE sync_state = 'quarantined')"
        " + (SELECT count(*) FROM sync_conflicts)").fetchone()
    return int(pending), int(refused)


def open_requests(conn: sqlite3.Connection) -> tuple[int, int]:
    """(open employer requests not yet filled, workers they still need)."""
    requests, workers = conn.execute(
        "SELECT count(*), coalesce(sum(max(workers_needed - hired, 0)), 0)"
        " FROM employer_requests WHERE status = 'open' AND filled = 0").fetchone()
    return int(requests), int(workers)
