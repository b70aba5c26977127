"""Headquarters' audit trail: every change made and every view of personal data, by a
staff member on the console or an admin on the command line. Rows are only ever added."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sync import protocol as p
from sync.server import db

CLI = "cli"  # the actor for commands run on the server itself


def record(conn: Connection, when: datetime, actor: str, action: str, target: str = "",
           detail: str = "") -> None:
    """Add one row in the caller's transaction, so the act and its record commit together."""
    conn.execute(sa.insert(db.audit_log).values(
        at=p.utc_stamp(when), actor=actor, action=action, target=target, detail=detail))


def newest(conn: Connection, limit: int = 200, before_id: int | None = None
           ) -> Iterator[dict[str, Any]]:
    """The newest rows first; ``before_id`` pages further back."""
    t = db.audit_log
    query = sa.select(t).order_by(t.c.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(t.c.id < before_id)
    for row in conn.execute(query).mappings():
        yield dict(row)
