"""The desk's inbox of QR submissions: what headquarters last said about each one this
desk may take, and what this desk made of those it accepted. All of the inbox's SQL.

Rows come from pulls (``apply_pulled``) and from take and decline answers
(``apply_answer``): both go by version, so a repeated page or an answer older than
what a pull already brought changes nothing. ``record_id`` is the desk's own: set in
the transaction that saves the registration or employer request made of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

KINDS = ("registration", "employer_request")
STATUSES = ("waiting", "taken", "declined")

_UPSERT = (
    "INSERT INTO inbox (id, ref, kind, version, status, decided_district, decided_tag,"
    " decline_reason, submitted_at, fields, pulled_at)"
    " VALUES (:id, :ref, :kind, :version, :status, :decided_district, :decided_tag,"
    " :decline_reason, :submitted_at, :fields, :pulled_at)"
    " ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status,"
    " decided_district = excluded.decided_district, decided_tag = excluded.decided_tag,"
    " decline_reason = excluded.decline_reason,"
    " fields = excluded.fields, pulled_at = excluded.pulled_at"
    " WHERE excluded.version > inbox.version"
)


def _params(row: Mapping[str, Any], now: str) -> dict[str, Any] | None:
    """A pulled ``qr_submission`` row as the table's columns; None if it is not one."""
    data = row.get("data")
    if not isinstance(data, Mapping):
        return None
    kind, status = data.get("kind"), data.get("status")
    fields = data.get("fields")
    if kind not in KINDS or status not in STATUSES or not isinstance(fields, Mapping):
        return None
    decided = data.get("taken_by") if status == "taken" else data.get("declined_by")
    decided = decided if isinstance(decided, Mapping) else {}
    return {
        "id": str(row["id"]), "ref": str(data["ref"]), "kind": kind,
        "version": int(row["version"]), "status": status,
        "decided_district": decided.get("district_code"),
        "decided_tag": decided.get("device_tag"),
        "decline_reason": data.get("decline_reason"),
        "submitted_at": str(data.get("submitted_at") or now),
        "fields": json.dumps(dict(fields), ensure_ascii=False), "pulled_at": now,
    }


def apply_pulled(conn: sqlite3.Connection, rows: Iterable[Mapping[str, Any]], now: str) -> int:
    """Store pulled submissions by (id, version) in the caller's transaction; rows that
    are not well-formed submissions are skipped. Returns how many were applied."""
    params = [p for p in (_params(r, now) for r in rows) if p is not None]
    conn.executemany(_UPSERT, params)
    return len(params)


def _item(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    item["fields"] = json.loads(item["fields"])
    district, tag = item.pop("decided_district"), item.pop("decided_tag")
    item["decided_by"] = {"district_code": district, "device_tag": tag} if district else None
    return item


_COLUMNS = ("id, ref, kind, version, status, decided_district, decided_tag, decline_reason,"
            " submitted_at, fields, record_id, accepted_at")
_OPEN = ("record_id IS NULL AND (status = 'waiting' OR (status = 'taken'"
         " AND decided_district = :district AND decided_tag = :tag))")


def get_by_ref(conn: sqlite3.Connection, ref: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM inbox WHERE ref = ?", (ref,)).fetchone()
    return _item(row) if row else None


def open_items(conn: sqlite3.Connection, district_code: str, device_tag: str
               ) -> list[dict[str, Any]]:
    """What waits for this desk, oldest first: submissions still waiting, and those this
    desk took but has not yet made a record of."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM inbox WHERE {_OPEN} ORDER BY submitted_at, ref",
                        {"district": district_code, "tag": device_tag}).fetchall()
    return [_item(r) for r in rows]


def count_open(conn: sqlite3.Connection, district_code: str, device_tag: str) -> int:
    return conn.execute(f"SELECT count(*) FROM inbox WHERE {_OPEN}",
                        {"district": district_code, "tag": device_tag}).fetchone()[0]


def mark_made(conn: sqlite3.Connection, submission_id: str, record_id: str, now: str) -> bool:
    """Link a submission to the record made of it, once (in the saving transaction)."""
    cur = conn.execute(
        "UPDATE inbox SET record_id = ?, accepted_at = ? WHERE id = ? AND record_id IS NULL",
        (record_id, now, submission_id))
    return cur.rowcount == 1


def made_from(conn: sqlite3.Connection, record_id: str) -> dict[str, Any] | None:
    """The submission a record was made of, if any."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM inbox WHERE record_id = ?",
                       (record_id,)).fetchone()
    return _item(row) if row else None


def note_decided(conn: sqlite3.Connection, ref: str, status: str,
                 who: Mapping[str, str] | None) -> None:
    """Headquarters refused a take or decline because a desk decided first: note it, so
    the submission leaves this desk's inbox before the next pull brings its new version
    (which then replaces this row as usual)."""
    conn.execute(
        "UPDATE inbox SET status = ?, decided_district = ?, decided_tag = ?"
        " WHERE ref = ? AND status = 'waiting'",
        (status, (who or {}).get("district_code"), (who or {}).get("device_tag"), ref))
