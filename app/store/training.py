"""How many returnees want each training course, by home district. Its SQL."""

from __future__ import annotations

import sqlite3


def demand_by_district(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    """(home district code, course code, returnees who want it), withdrawn ones left
    out, by district then course."""
    return [
        (row[0], row[1], int(row[2]))
        for row in conn.execute(
            "SELECT r.home_district_code, j.value, count(*) FROM registrations r,"
            " json_each(r.training_interests) j WHERE r.withdrawn = 0"
            " GROUP BY r.home_district_code, j.value ORDER BY r.home_district_code, j.value"
        )
    ]
