"""Employer requests and referrals on the desk, their sync bookkeeping, and the
matching prefilter. All their SQL.

Positions in the outbox: registrations use their rid; requests and referrals follow
them in their own ranges (``REQUEST_BASE + erid``, ``REFERRAL_BASE + frid``), so one
push reads registrations, then requests, then the referrals that name both.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.domain.employers import REFERRAL_FIELDS, REQUEST_FIELDS
from app.store import registrations as reg_store

REQUEST_BASE = 1 << 40
REFERRAL_BASE = 1 << 41

_REQ_COLUMNS = ("id", "version", "created_at", "updated_at", "device_id", "officer_id"
                ) + REQUEST_FIELDS
_REF_COLUMNS = ("id", "version", "created_at", "updated_at", "device_id", "officer_id"
                ) + REFERRAL_FIELDS
_BOOLS = ("accommodation", "transport")


def _request_row(row: sqlite3.Row) -> dict[str, Any]:
    rec = dict(row)
    for key in _BOOLS + ("filled",):
        rec[key] = bool(rec[key])
    return rec


def _referral_row(row: sqlite3.Row) -> dict[str, Any]:
    rec = dict(row)
    rec["history"] = json.loads(rec["history"])
    return rec


# --- employer requests ----------------------------------------------------------------


def insert_request(conn: sqlite3.Connection, rec: Mapping[str, Any], *,
                   sync_state: str = "pending") -> None:
    values = {k: rec.get(k) for k in _REQ_COLUMNS}
    for key in _BOOLS:
        values[key] = 1 if values[key] else 0
    values["sync_state"] = sync_state
    values["hired"] = int(rec.get("hired") or 0)
    values["filled"] = 1 if rec.get("filled") else 0
    cols = tuple(values)
    conn.execute(f"INSERT INTO employer_requests ({', '.join(cols)})"
                 f" VALUES ({', '.join(':' + c for c in cols)})", values)


def update_request(conn: sqlite3.Connection, record_id: str, rec: Mapping[str, Any], *,
                   expected_version: int, updated_at: str, officer_id: str) -> bool:
    """Save new content as the next version; False when the version read is stale."""
    values = {k: rec.get(k) for k in REQUEST_FIELDS}
    for key in _BOOLS:
        values[key] = 1 if values[key] else 0
    sets = ", ".join(f"{k} = :{k}" for k in values)
    cur = conn.execute(
        f"UPDATE employer_requests SET {sets}, version = version + 1,"
        " updated_at = :updated_at, officer_id = :officer_id, sync_state = 'pending'"
        " WHERE id = :id AND version = :expected",
        values | {"id": record_id, "expected": expected_version, "updated_at": updated_at,
                  "officer_id": officer_id})
    return cur.rowcount == 1


def get_request(conn: sqlite3.Connection, record_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM employer_requests WHERE id = ?",
                       (record_id,)).fetchone()
    return _request_row(row) if row else None


def list_requests(conn: sqlite3.Connection, *, status: str | None = None
                  ) -> list[dict[str, Any]]:
    """Requests, newest first, each with how many of this desk's referrals it has."""
    where, params = "", []
    if status:
        where, params = "WHERE r.status = ?", [status]
    rows = conn.execute(
        "SELECT r.*, (SELECT count(*) FROM referrals f WHERE f.request_id = r.id)"
        f" AS shortlisted FROM employer_requests r {where} ORDER BY r.created_at DESC,"
        " r.erid DESC", params).fetchall()
    return [_request_row(row) for row in rows]


def apply_pulled_request(conn: sqlite3.Connection, rec: Mapping[str, Any]) -> None:
    """A request as headquarters serves it: content by version (newer replaces, and
    never over unsent edits of ours), hire counts always (pulls arrive in order)."""
    current = get_request(conn, rec["id"])
    counts = {"hired": int(rec.get("hired") or 0), "filled": 1 if rec.get("filled") else 0}
    if current is None:
        insert_request(conn, rec, sync_state="pulled")
        return
    conn.execute("UPDATE employer_requests SET hired = :hired, filled = :filled"
                 " WHERE id = :id", counts | {"id": rec["id"]})
    if int(rec["version"]) > current["version"] and current["sync_state"] != "pending":
        values = {k: rec.get(k) for k in REQUEST_FIELDS}
        for key in _BOOLS:
            values[key] = 1 if values[key] else 0
        sets = ", ".join(f"{k} = :{k}" for k in values)
        conn.execute(
            f"UPDATE employer_requests SET {sets}, version = :version,"
            " updated_at = :updated_at WHERE id = :id",
            values | {"id": rec["id"], "version": int(rec["version"]),
                      "updated_at": rec.get("updated_at") or current["updated_at"]})


# --- referrals ------------------------------------------------------------------------


def insert_referral(conn: sqlite3.Connection, rec: Mapping[str, Any], *,
                    sync_state: str = "pending") -> None:
    values = {k: rec.get(k) for k in _REF_COLUMNS}
    values["notes"] = values["notes"] or ""
    values["history"] = json.dumps(rec.get("history") or [[rec["status"], rec["status_date"]]])
    values["sync_state"] = sync_state
    cols = tuple(values)
    conn.execute(f"INSERT INTO referrals ({', '.join(cols)})"
                 f" VALUES ({', '.join(':' + c for c in cols)})", values)


def set_referral_status(conn: sqlite3.Connection, record_id: str, status: str,
                        status_date: str, *, expected_version: int, updated_at: str,
                        officer_id: str) -> bool:
    row = conn.execute("SELECT history FROM referrals WHERE id = ? AND version = ?",
                       (record_id, expected_version)).fetchone()
    if row is None:
        return False
    history = json.loads(row[0]) + [[status, status_date]]
    cur = conn.execute(
        "UPDATE referrals SET status = ?, status_date = ?, history = ?,"
        " version = version + 1, updated_at = ?, officer_id = ?, sync_state = 'pending'"
        " WHERE id = ? AND version = ?",
        (status, status_date, json.dumps(history), updated_at, officer_id, record_id,
         expected_version))
    return cur.rowcount == 1


def get_referral(conn: sqlite3.Connection, record_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM referrals WHERE id = ?", (record_id,)).fetchone()
    return _referral_row(row) if row else None


_SHORTLIST = (
    "SELECT f.*, g.registration_no, g.name_km, g.name_latin, g.sex, g.phone,"
    " g.date_of_birth, g.age, g.birth_year, g.home_district_code"
    " FROM referrals f LEFT JOIN registrations g ON g.id = f.registration_id"
)


def shortlist(conn: sqlite3.Connection, request_id: str) -> list[dict[str, Any]]:
    """A request's referrals with the returnees' names, in the order they were made."""
    rows = conn.execute(_SHORTLIST + " WHERE f.request_id = ? ORDER BY f.frid",
                        (request_id,)).fetchall()
    return [_referral_row(row) for row in rows]


def referrals_of(conn: sqlite3.Connection, registration_id: str) -> list[dict[str, Any]]:
    """A returnee's referrals, newest first, with the request they are for."""
    rows = conn.execute(
        "SELECT f.*, r.employer_name, r.job_title, r.province_code FROM referrals f"
        " LEFT JOIN employer_requests r ON r.id = f.request_id"
        " WHERE f.registration_id = ? ORDER BY f.frid DESC", (registration_id,)).fetchall()
    return [_referral_row(row) for row in rows]


def apply_pulled_referral(conn: sqlite3.Connection, rec: Mapping[str, Any]) -> None:
    """A referral from headquarters (another desk's, of one of our returnees): stored
    or replaced by version; our own unsent edits are never overwritten."""
    current = get_referral(conn, rec["id"])
    if current is None:
        insert_referral(conn, rec, sync_state="pulled")
        return
    if int(rec["version"]) > current["version"] and current["sync_state"] != "pending":
        conn.execute(
            "UPDATE referrals SET status = ?, status_date = ?, notes = ?, version = ?,"
            " updated_at = ? WHERE id = ?",
            (rec["status"], rec["status_date"], rec.get("notes") or "", int(rec["version"]),
             rec.get("updated_at") or current["updated_at"], rec["id"]))


# --- matching prefilter ---------------------------------------------------------------


def match_candidates(
    conn: sqlite3.Connection, *, sexes: Sequence[str], salary_max: int, province: str,
    sector: str, limit: int, home_district: str | None = None,
) -> list[dict[str, Any]]:
    """Registrations a request may match, newest first, at most ``limit`` per kind of
    fit (the province, the sector): never withdrawn, of an allowed sex, expecting at
    most ``salary_max``. Read in index order from ``registration_fits`` (migration
    0010), which holds sex, salary and home district in each entry, so only the rows
    returned are looked up. ``with_referrals`` adds what matching needs of referrals."""
    rids: set[int] = set()
    for kind, code in (("province", province), ("sector", sector)):
        found: list[int] = []
        for sex in sexes:
            sql = ("SELECT rid FROM registration_fits WHERE kind = ? AND code = ? AND sex = ?"
                   " AND (salary IS NULL OR salary <= ?)")
            params: list[Any] = [kind, code, sex, salary_max]
            if home_district:
                sql += " AND district = ?"
                params.append(home_district)
            found += [r[0] for r in conn.execute(f"{sql} ORDER BY rid DESC LIMIT ?",
                                                 [*params, limit])]
        rids.update(sorted(found, reverse=True)[:limit])
    return reg_store.get_many(conn, sorted(rids))


def with_referrals(conn: sqlite3.Connection, records: list[dict[str, Any]],
                   request_id: str | None = None) -> list[dict[str, Any]]:
    """Add ``hired``, ``referral_count`` and ``on_request`` (on ``request_id``'s list)."""
    by_id = {r["id"]: r for r in records}
    for rec in records:
        rec.update(hired=False, referral_count=0, on_request=False)
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for reg_id, status, req in conn.execute(
            "SELECT registration_id, status, request_id FROM referrals"
            f" WHERE registration_id IN ({', '.join('?' * len(part))})", part):
            rec = by_id[reg_id]
            rec["referral_count"] += 1
            rec["hired"] = rec["hired"] or status == "hired"
            rec["on_request"] = rec["on_request"] or req == request_id
    return records


# --- sync bookkeeping -----------------------------------------------------------------


def pending(conn: sqlite3.Connection, after: int, limit: int
            ) -> list[tuple[int, str, dict[str, Any]]]:
    """Pending requests then referrals past outbox position ``after``:
    (position, type, record)."""
    out: list[tuple[int, str, dict[str, Any]]] = []
    if after < REFERRAL_BASE:
        for row in conn.execute(
            "SELECT * FROM employer_requests WHERE sync_state = 'pending' AND erid > ?"
            " ORDER BY erid LIMIT ?", (max(0, after - REQUEST_BASE), limit)):
            out.append((REQUEST_BASE + row["erid"], "employer_request", _request_row(row)))
    for row in conn.execute(
        "SELECT * FROM referrals WHERE sync_state = 'pending' AND frid > ?"
        " ORDER BY frid LIMIT ?", (max(0, after - REFERRAL_BASE), limit - len(out))):
        out.append((REFERRAL_BASE + row["frid"], "referral", _referral_row(row)))
    return out[:limit]


_TABLES = {"employer_request": "employer_requests", "referral": "referrals"}


def mark_sent(conn: sqlite3.Connection, record_type: str,
              sent: Iterable[tuple[str, int]]) -> None:
    conn.executemany(
        f"UPDATE {_TABLES[record_type]} SET sync_state = 'sent', sent_version = :v,"
        " sync_errors = NULL WHERE id = :id AND version = :v AND sync_state = 'pending'",
        [{"id": i, "v": v} for i, v in sent])


def quarantine(conn: sqlite3.Connection, record_type: str, record_id: str, version: int,
               errors: Sequence[Mapping[str, Any]], now: str | None = None) -> None:
    """Set a refused request or referral aside with the reasons and when (UTC) it was
    refused; nothing when it was edited meanwhile (the new version goes next)."""
    conn.execute(
        f"UPDATE {_TABLES[record_type]} SET sync_state = 'quarantined', sync_errors = ?,"
        " refused_at = ? WHERE id = ? AND version = ? AND sync_state = 'pending'",
        (json.dumps(list(errors), ensure_ascii=False), now, record_id, version))


def sync_counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for kind, table in _TABLES.items():
        out[kind] = dict(conn.execute(
            f"SELECT sync_state, count(*) FROM {table} GROUP BY sync_state").fetchall())
    return out


def quarantined(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Requests and referrals headquarters refused: type, id, version, errors (as sent
    back), when (``refused_at``, UTC; None if refused before the desk kept it), and what
    names them (the employer and job; the returnee's number and name)."""
    out: list[dict[str, Any]] = []
    for row in conn.execute(
            "SELECT id, version, employer_name, job_title, sync_errors, refused_at"
            " FROM employer_requests WHERE sync_state = 'quarantined' ORDER BY erid"):
        out.append({"type": "employer_request", "id": row["id"], "version": row["version"],
                    "errors": json.loads(row["sync_errors"] or "[]"),
                    "refused_at": row["refused_at"],
                    "employer_name": row["employer_name"], "job_title": row["job_title"]})
    for row in conn.execute(
            "SELECT f.id, f.version, f.sync_errors, f.refused_at, q.employer_name,"
            " q.job_title, r.registration_no, r.name_km, r.name_latin"
            " FROM referrals f LEFT JOIN employer_requests q ON q.id = f.request_id"
            " LEFT JOIN registrations r ON r.id = f.registration_id"
            " WHERE f.sync_state = 'quarantined' ORDER BY f.frid"):
        out.append({"type": "referral", "id": row["id"], "version": row["version"],
                    "errors": json.loads(row["sync_errors"] or "[]"),
                    "refused_at": row["refused_at"],
                    "employer_name": row["employer_name"], "job_title": row["job_title"],
                    "registration_no": row["registration_no"], "name_km": row["name_km"],
                    "name_latin": row["name_latin"]})
    return out


def requeue(conn: sqlite3.Connection, record_type: str, record_id: str) -> bool:
    """Send a refused request or referral again."""
    cur = conn.execute(
        f"UPDATE {_TABLES[record_type]} SET sync_state = 'pending', refused_at = NULL"
        " WHERE id = ? AND sync_state = 'quarantined'", (record_id,))
    return cur.rowcount == 1
