"""Training seats at headquarters: how many returnees each session has, counted over
every district, kept up to date as registrations arrive and pulled by every desk (type
``training_session``), so a session filled from several districts shows as full.

Counts move by difference: for each registration a batch stored, the sessions it is
enrolled in now against those of the version it replaced (a withdrawn returnee holds no
seat). The difference is applied in the push's own transaction, so a replayed or
refused record never moves a count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from sync.server.db import training_sessions


def seats_held(data: Mapping[str, Any]) -> frozenset[str]:
    """The sessions a registration's data holds a seat in."""
    if data.get("withdrawn") is True:
        return frozenset()
    codes = data.get("training_enrolments")
    return frozenset(c for c in codes if isinstance(c, str)) if isinstance(codes, list) else (
        frozenset())


def count_changes(before: Mapping[str, frozenset[str]],
                  stored: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Session code -> seats gained (or given back) by the stored rows."""
    delta: Counter[str] = Counter()
    for row in stored:
        old, new = before.get(row["id"], frozenset()), seats_held(row["data"])
        delta.update(new - old)
        delta.subtract(old - new)
    return {code: n for code, n in delta.items() if n}


def apply(conn: Connection, delta: Mapping[str, int], first_change_no: int) -> None:
    """Move the counts, each row getting a new version and change number (so desks pull
    it). Codes in order, so two batches lock the same rows in the same order."""
    on_pg = conn.dialect.name == "postgresql"
    insert = (postgresql.insert if on_pg else sqlite.insert)(training_sessions)
    at_least = sa.func.greatest if on_pg else sa.func.max  # SQLite's max of two values
    for offset, code in enumerate(sorted(delta)):
        values = {"code": code, "enrolled": max(delta[code], 0), "version": 1,
                  "change_no": first_change_no + offset}
        conn.execute(insert.values(**values).on_conflict_do_update(
            index_elements=[training_sessions.c.code],
            set_={"enrolled": at_least(training_sessions.c.enrolled + delta[code], 0),
                  "version": training_sessions.c.version + 1,
                  "change_no": insert.excluded.change_no}))


def pulled_query(cursor: int) -> sa.Select:
    """The ``changes`` query: one row per session whose count moved after ``cursor``."""
    return sa.select(training_sessions.c.code.label("id"), training_sessions.c.version,
                     training_sessions.c.enrolled, training_sessions.c.change_no
                     ).where(training_sessions.c.change_no > cursor)


def counts(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(sa.select(training_sessions.c.code,
                                       training_sessions.c.enrolled)).all())


def demand(conn: Connection) -> list[tuple[str, str, int]]:
    """(home district code, course code, returnees who want it) over every district,
    withdrawn returnees left out: what planners place courses by."""
    if conn.dialect.name == "postgresql":
        sql = (
            "SELECT substr(r.data->>'home_village_code', 1, 4), j.value, count(*)"
            " FROM registrations r CROSS JOIN jsonb_array_elements_text(CASE WHEN"
            " jsonb_typeof(r.data->'training_interests') = 'array'"
            " THEN r.data->'training_interests' ELSE '[]'::jsonb END) AS j"
            " WHERE coalesce(r.data->>'withdrawn', 'false') <> 'true'"
            " GROUP BY 1, 2 ORDER BY 1, 2")
    else:
        sql = (
            "SELECT substr(json_extract(r.data, '$.home_village_code'), 1, 4), j.value,"
            " count(*) FROM registrations r, json_each(r.data, '$.training_interests') j"
            " WHERE json_type(r.data, '$.training_interests') = 'array'"
            " AND coalesce(json_extract(r.data, '$.withdrawn'), 0) = 0"
            " GROUP BY 1, 2 ORDER BY 1, 2")
    return [(str(d), str(c), int(n)) for d, c, n in conn.exec_driver_sql(sql)]
