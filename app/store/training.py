"""Training: who wants which course, by home district, and who is enrolled in which
session. Its SQL."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.store.registrations import row_to_record


def demand_by_district(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(home district code, course code, returnees who want it), withdrawn ones left
    out, by district then course: the counts migration 0010's triggers keep."""
    return [
        (row[0], row[1], int(row[2]))
        for row in conn.execute(
            "SELECT district_code, course, n FROM training_demand WHERE n > 0"
            " ORDER BY district_code, course"
        )
    ]


def enrolled_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Session code -> returnees on this desk enrolled in it (withdrawn ones left out)."""
    return {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT session_code, count(*) FROM training_members GROUP BY session_code")
    }


def enrolled_everywhere(conn: sqlite3.Connection) -> dict[str, int]:
    """Session code -> enrolments in every district, as headquarters last sent them."""
    return {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT id, json_extract(data, '$.enrolled') FROM pulled_records"
            " WHERE type = 'training_session'"
            " AND json_type(data, '$.enrolled') = 'integer'")
    }


def enrolled_in(conn: sqlite3.Connection, session_code: str) -> list[dict[str, Any]]:
    """The registrations enrolled in one session, by name."""
    return [
        row_to_record(row)
        for row in conn.execute(
            "SELECT r.* FROM training_members m JOIN registrations r ON r.rid = m.rid"
            " WHERE m.session_code = ?"
            " ORDER BY coalesce(nullif(r.name_km, ''), r.name_latin)",
            (session_code,))
    ]
