"""The desk's sync bookkeeping: which registrations wait to be sent, what headquarters
answered, what it refused and why, and what was pulled. All of sync's SQL.

A registration is ``pending`` (to send), ``sent`` (at ``sent_version``) or
``quarantined`` (refused; the reasons are in ``sync_issues``). A pending record that
headquarters holds in another version with content this desk lacks waits in
``sync_conflicts`` until the officer chooses. Marking is always conditional on the
version read before the batch left: a record edited meanwhile stays pending.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.domain import regno
from app.domain.search import search_keys
from app.store import meta
from app.store import registrations as reg_store
from sync import protocol as p

_COLUMNS = (
    "rid, id, version, registration_no, " + ", ".join(reg_store.CONTENT)
    + ", withdrawn, withdrawn_reason, created_at, updated_at, device_id, officer_id"
)
# The row's columns its wire ``data`` is made of: changing any of them without writing
# the wire columns in the same statement clears them (trigger of migration 0012).
WIRE_SOURCE_COLUMNS = p.REGISTRATION_DATA_KEYS
_PENDING_WHERE = (
    "sync_state = 'pending' AND rid > ?"
    " AND NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.registration_id = r.id)"
)
# Rows per query when the wire columns are written for many records at once.
_WIRE_CHUNK = 2000


def _wire_rows(rows: Iterable[sqlite3.Row]) -> list[tuple[str, str, int, int]]:
    out = []
    for row in rows:
        wire = p.wire_registration(reg_store.row_to_record(row))
        out.append((p.data_json(wire["data"]), wire["hash"], wire["schema"], row["rid"]))
    return out


def store_wire(conn: sqlite3.Connection, first_rid: int, last_rid: int | None = None,
               *, only_missing: bool = False) -> int:
    """Write the wire ``data`` JSON, content hash and schema of the registrations with
    rid in [first_rid, last_rid] (one rid when ``last_rid`` is None), in the caller's
    transaction: every save, edit, withdrawal and import calls it after writing the row,
    so a push joins stored text instead of building each record again. Returns how many
    rows were written."""
    last = first_rid if last_rid is None else last_rid
    where = "rid BETWEEN ? AND ?" + (" AND wire_data IS NULL" if only_missing else "")
    written = 0
    start = first_rid
    while start <= last:
        stop = min(last, start + _WIRE_CHUNK - 1)
        rows = conn.execute(f"SELECT {_COLUMNS} FROM registrations WHERE {where}",
                            (start, stop)).fetchall()
        params = _wire_rows(rows)
        conn.executemany("UPDATE registrations SET wire_data = ?, wire_hash = ?,"
                         " wire_schema = ? WHERE rid = ?", params)
        written += len(params)
        start = stop + 1
    return written


def store_missing_wire(conn: sqlite3.Connection) -> int:
    """Fill the wire columns of every row that lacks them (the migration, and rows a
    writer changed without writing them)."""
    low, high = conn.execute("SELECT min(rid), max(rid) FROM registrations").fetchone()
    return 0 if low is None else store_wire(conn, low, high, only_missing=True)


def pending_wire(conn: sqlite3.Connection, after_rid: int, limit: int
                 ) -> list[tuple[int, p.StoredWire | dict[str, Any]]]:
    """``pending`` as (rid, wire record), in one ordered query: the stored wire text
    where the row has it, the record built from its columns where it does not."""
    rows = conn.execute(
        "SELECT rid, id, version, wire_data, wire_hash, wire_schema FROM registrations r"
        f" WHERE {_PENDING_WHERE} ORDER BY rid LIMIT ?",
        (after_rid, limit),
    ).fetchall()
    out: list[tuple[int, p.StoredWire | dict[str, Any]]] = [
        (rid, p.StoredWire(record_id, version, hash_, schema, data))
        for rid, record_id, version, data, hash_, schema in rows
    ]
    stale = [i for i, row in enumerate(rows) if row[3] is None]
    if stale:
        rids = [rows[i][0] for i in stale]
        built = {
            row["rid"]: p.wire_registration(reg_store.row_to_record(row))
            for row in conn.execute(
                f"SELECT {_COLUMNS} FROM registrations WHERE rid IN"
                f" ({', '.join('?' * len(rids))})", rids)
        }
        for i in stale:
            out[i] = (rows[i][0], built[rows[i][0]])
    return out


def pending(conn: sqlite3.Connection, after_rid: int, limit: int) -> list[dict[str, Any]]:
    """Pending records with rid > ``after_rid``, oldest first, none waiting on the
    officer's choice."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM registrations r WHERE {_PENDING_WHERE} ORDER BY rid LIMIT ?",
        (after_rid, limit),
    ).fetchall()
    return [reg_store.row_to_record(r) for r in rows]


def pending_count(conn: sqlite3.Connection) -> int:
    """How many records a push would send now: pending registrations not waiting on the
    officer's choice, employer requests and referrals."""
    return conn.execute(
        "SELECT (SELECT count(*) FROM registrations r WHERE sync_state = 'pending'"
        "   AND NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.registration_id = r.id))"
        " + (SELECT count(*) FROM employer_requests WHERE sync_state = 'pending')"
        " + (SELECT count(*) FROM referrals WHERE sync_state = 'pending')").fetchone()[0]


def mark_sent(conn: sqlite3.Connection, sent: Iterable[tuple[str, int]]) -> None:
    """(id, version) pairs headquarters now holds: sent, if not edited meanwhile."""
    pairs = list(sent)
    conn.executemany(
        "UPDATE registrations SET sync_state = 'sent', sent_version = :v"
        " WHERE id = :id AND version = :v AND sync_state = 'pending'",
        [{"id": record_id, "v": version} for record_id, version in pairs],
    )
    conn.executemany("DELETE FROM sync_issues WHERE registration_id = ?",
                     [(record_id,) for record_id, _ in pairs])


def quarantine(conn: sqlite3.Connection, record_id: str, version: int,
               errors: Sequence[Mapping[str, Any]], now: str) -> bool:
    """Set a refused record aside with the reasons; False when it was edited meanwhile
    (the new version goes in the next batch instead)."""
    cur = conn.execute(
        "UPDATE registrations SET sync_state = 'quarantined'"
        " WHERE id = ? AND version = ? AND sync_state = 'pending'",
        (record_id, version),
    )
    if cur.rowcount != 1:
        return False
    conn.execute(
        "INSERT INTO sync_issues (registration_id, version, errors, refused_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (registration_id) DO UPDATE SET"
        " version = excluded.version, errors = excluded.errors,"
        " refused_at = excluded.refused_at",
        (record_id, version, json.dumps(list(errors), ensure_ascii=False), now),
    )
    return True


def requeue(conn: sqlite3.Connection, record_id: str) -> bool:
    """Send a quarantined record again (after the officer fixed it)."""
    cur = conn.execute(
        "UPDATE registrations SET sync_state = 'pending'"
        " WHERE id = ? AND sync_state = 'quarantined'",
        (record_id,),
    )
    conn.execute("DELETE FROM sync_issues WHERE registration_id = ?", (record_id,))
    return cur.rowcount == 1


def quarantined(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Quarantined records, newest refusal first, with the reasons and whether the
    record was edited since."""
    rows = conn.execute(
        "SELECT r.id, r.registration_no, r.name_km, r.name_latin, r.version,"
        " i.version AS refused_version, i.errors, i.refused_at"
        " FROM registrations r LEFT JOIN sync_issues i ON i.registration_id = r.id"
        " WHERE r.sync_state = 'quarantined' ORDER BY i.refused_at DESC, r.rid DESC"
    ).fetchall()
    out = []
    for row in rows:
        item = dict(row)
        item["errors"] = json.loads(item["errors"]) if item["errors"] else []
        item["edited_since"] = (item["refused_version"] or item["version"]) < item["version"]
        out.append(item)
    return out


def set_conflict(conn: sqlite3.Connection, record_id: str, local_version: int, kind: str,
                 server_record: Mapping[str, Any], now: str) -> None:
    conn.execute(
        "INSERT INTO sync_conflicts (registration_id, local_version, kind, server_version,"
        " server_record, found_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (registration_id) DO UPDATE SET local_version = excluded.local_version,"
        " kind = excluded.kind, server_version = excluded.server_version,"
        " server_record = excluded.server_record, found_at = excluded.found_at",
        (record_id, local_version, kind, int(server_record["version"]),
         json.dumps(dict(server_record), ensure_ascii=False), now),
    )


def conflicts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT c.*, r.registration_no, r.name_km, r.name_latin, r.version"
        " FROM sync_conflicts c JOIN registrations r ON r.id = c.registration_id"
        " ORDER BY c.found_at DESC"
    ).fetchall()
    out = []
    for row in rows:
        item = dict(row)
        item["server_record"] = json.loads(item["server_record"])
        out.append(item)
    return out


def get_conflict(conn: sqlite3.Connection, record_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT * FROM sync_conflicts WHERE registration_id = ?",
                       (record_id,)).fetchone()
    if row is None:
        return None
    item = dict(row)
    item["server_record"] = json.loads(item["server_record"])
    return item


def clear_conflict(conn: sqlite3.Connection, record_id: str) -> None:
    conn.execute("DELETE FROM sync_conflicts WHERE registration_id = ?", (record_id,))


def set_version(conn: sqlite3.Connection, record_id: str, old: int, new: int, *,
                sent: bool) -> bool:
    """Renumber the current version ``old`` as ``new`` (headquarters' numbering), e.g.
    after adopting its copy; the history row follows."""
    cur = conn.execute(
        "UPDATE registrations SET version = :new,"
        " sync_state = CASE WHEN :sent THEN 'sent' ELSE 'pending' END,"
        " sent_version = CASE WHEN :sent THEN :new ELSE sent_version END"
        " WHERE id = :id AND version = :old",
        {"id": record_id, "old": old, "new": new, "sent": 1 if sent else 0},
    )
    if cur.rowcount != 1:
        return False
    if new != old:
        conn.execute(
            "UPDATE registration_versions SET version = ? WHERE registration_id = ?"
            " AND version = ?", (new, record_id, old))
    return True


def renumber(conn: sqlite3.Connection, record_id: str, *, district: str, tag: str) -> str:
    """Give a record the next free registration number (the old one is another
    record's at headquarters), in the caller's transaction; returns the new number."""
    seq = reg_store.next_sequence(conn)
    number = regno.format_number(district, tag, seq)
    conn.execute("UPDATE registrations SET registration_no = ?, seq = ? WHERE id = ?",
                 (number, seq, record_id))
    meta.put(conn, "last_seq", str(seq))
    rec = reg_store.get(conn, record_id)
    assert rec is not None
    store_wire(conn, rec["rid"])
    keys = search_keys(rec)
    reg_store.set_search_number(conn, rec["rid"], keys.numbers)
    return number


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    out = reg_store.sync_counts(conn)
    # Refused employer requests and referrals wait in the same To fix tab.
    out["quarantined"] = out.get("quarantined", 0) + sum(conn.execute(
        "SELECT (SELECT count(*) FROM employer_requests WHERE sync_state = 'quarantined')"
        " + (SELECT count(*) FROM referrals WHERE sync_state = 'quarantined')").fetchone())
    out["conflicts"] = conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]
    return out


# --- pulled rows ------------------------------------------------------------------------


def store_pulled(conn: sqlite3.Connection, rows: Iterable[Mapping[str, Any]], now: str
                 ) -> int:
    """Apply pulled rows by (type, id, version): a newer version replaces, a repeat or an
    older one changes nothing. Returns how many rows were given."""
    params = [
        (str(r["type"]), str(r["id"]), int(r["version"]),
         json.dumps(r.get("data"), ensure_ascii=False), now)
        for r in rows
    ]
    conn.executemany(
        "INSERT INTO pulled_records (type, id, version, data, pulled_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (type, id) DO UPDATE SET"
        " version = excluded.version, data = excluded.data, pulled_at = excluded.pulled_at"
        " WHERE excluded.version > pulled_records.version",
        params,
    )
    return len(params)


def pulled(conn: sqlite3.Connection, record_type: str) -> list[dict[str, Any]]:
    return [
        {"id": r[0], "version": r[1], "data": json.loads(r[2])}
        for r in conn.execute(
            "SELECT id, version, data FROM pulled_records WHERE type = ? ORDER BY id",
            (record_type,))
    ]
