"""Training: who wants which course, by home district, and who is enrolled in which
session. Its SQL."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.store.registrations import row_to_record

# Rows with any enrolment, through the partial index migration 0005 made.
_ENROLLED = "r.training_enrolments != '[]' AND r.withdrawn = 0"


def demand_by_district(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(home district code, course code, returnees who want it), withdrawn ones left
    out, by district then course."""
    return [
        (row[0], row[1], int(row[2]))
        for row in conn.execute(
            "SELECT r.home_district_code, j.value, count(*) FROM registrations r"
            " INDEXED BY registrations_interested, json_each(r.training_interests) j"
            " WHERE r.training_interests != '[]' AND r.withdrawn = 0"
            " GROUP BY r.home_district_code, j.value ORDER BY r.home_district_code, j.value"
        )
    ]


def enrolled_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Session code -> returnees on this desk enrolled in it (withdrawn ones left out)."""
    return {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT j.value, count(*) FROM registrations r INDEXED BY registrations_enrolled,"
            f" json_each(r.training_enrolments) j WHERE {_ENROLLED} GROUP BY j.value")
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
            "SELECT r.* FROM registrations r INDEXED BY registrations_enrolled"
            f" WHERE {_ENROLLED} AND EXISTS (SELECT 1 FROM json_each(r.training_enrolments)"
            " WHERE value = ?) ORDER BY coalesce(nullif(r.name_km, ''), r.name_latin)",
            (session_code,))
    ]
