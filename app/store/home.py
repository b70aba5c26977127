"""The home screen's counts: registrations per day and by sector over recent days, what
waits to be sent or fixed, open employer requests. Its SQL.

Every count reads the counts migration 0010's triggers keep (per day, sector and sending
state), an index range or a small table, never the registrations themselves: the home
screen redraws after every save and sync, and a desk may hold a million registrations.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

# The kept counts' key starts (sector, province, sex, withdrawn, created_on): naming
# every sex lets each read seek to its days instead of walking the table.
_SEXES = "sex IN ('male', 'female')"


def active_by_day(conn: sqlite3.Connection, first: str, last: str) -> dict[str, int]:
    """Day (YYYY-MM-DD, Phnom Penh) -> registrations made that day and not withdrawn,
    for the days from ``first`` to ``last``; days with none are missing. From the counts
    migration 0010's triggers keep (its "any sector, any province" rows)."""
    return {
        day: int(n)
        for day, n in conn.execute(
            "SELECT created_on, sum(n) FROM registration_counts"
            f" WHERE sector = '' AND province = '' AND {_SEXES} AND withdrawn = 0"
            " AND created_on BETWEEN ? AND ? GROUP BY created_on HAVING sum(n) > 0",
            (first, last))
    }


def active_sectors_since(conn: sqlite3.Connection, sectors: Sequence[str], first: str
                         ) -> dict[str, int]:
    """Sector code -> registrations made since ``first`` (not withdrawn) that want it,
    for the ``sectors`` asked about, from the kept counts."""
    if not sectors:
        return {}
    marks = ", ".join("?" * len(sectors))
    return {
        code: int(n)
        for code, n in conn.execute(
            "SELECT sector, sum(n) FROM registration_counts"
            f" WHERE sector IN ({marks}) AND province = '' AND {_SEXES} AND withdrawn = 0"
            " AND created_on >= ? GROUP BY sector HAVING sum(n) > 0", (*sectors, first))
    }


def waiting_counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(registrations waiting to be sent, as the status bar counts them; records
    headquarters refused or disputes, as the To fix tab lists them): the registrations'
    from the kept sending counts, the others from their sync-state indexes."""
    pending, refused = conn.execute(
        "SELECT"
        " (SELECT coalesce(sum(n), 0) FROM registration_sync_counts"
        "  WHERE sync_state = 'pending'),"
        " (SELECT coalesce(sum(n), 0) FROM registration_sync_counts"
        "  WHERE sync_state = 'quarantined')"
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
