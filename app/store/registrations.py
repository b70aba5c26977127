"""Registrations: saving, editing, withdrawing, listing and searching. All their SQL."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.domain import regno
from app.domain.codes import SEXES
from app.domain.registration import EXPORT_FIELDS, LIST_FIELDS
from app.domain.search import (
    ANY_ORDER,
    MIN_INDEXED,
    SearchQuery,
    fts_phrase,
    search_keys,
)
from app.store import meta

CONTENT = (
    "name_km", "name_latin", "sex", "date_of_birth", "age", "phone", "national_id",
    "home_village_code", "preferred_province_codes", "sectors", "expected_salary_usd",
    "returned_from", "return_date", "previous_job", "skills", "training_interests",
    "training_enrolments", "channel", "consent", "notes", "duplicate_override_reason",
)
DERIVED = ("birth_year", "home_commune_code", "home_district_code", "home_province_code")
_INSERT_COLUMNS = (
    ("rid", "id", "registration_no", "seq", "version", "created_at", "updated_at", "created_on",
     "device_id", "officer_id", "updated_by") + CONTENT + DERIVED
)
_INSERT_SQL = (
    f"INSERT INTO registrations ({', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in _INSERT_COLUMNS)})"
)
_SELECT = (
    "SELECT rid, id, version, registration_no, " + ", ".join(CONTENT)
    + ", withdrawn, withdrawn_reason, created_at, updated_at, device_id, officer_id,"
    " updated_by, created_on, sync_state, sent_version, birth_year, home_province_code,"
    " home_district_code, home_commune_code, duplicate_of, duplicate_of_no FROM registrations"
)


class VersionConflict(Exception):
    """The record changed since the caller read it."""


# One encoder for every row (``json.dumps`` with options builds a new one per call).
_LIST_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _params(rec: dict[str, Any]) -> dict[str, Any]:
    out = {k: rec.get(k) for k in CONTENT}
    for key in LIST_FIELDS:
        out[key] = _LIST_JSON(list(rec.get(key) or []))
    out["consent"] = 1 if rec.get("consent") else 0
    village = rec["home_village_code"]
    out.update(
        home_commune_code=village[:6], home_district_code=village[:4],
        home_province_code=village[:2], birth_year=rec.get("birth_year"),
    )
    return out


def row_to_record(row: sqlite3.Row) -> dict[str, Any]:
    """A row as the export's keys (plus the desk's own bookkeeping keys)."""
    rec = dict(row)
    for key in LIST_FIELDS:
        rec[key] = json.loads(rec[key])
    rec["consent"] = bool(rec["consent"])
    rec["withdrawn"] = bool(rec["withdrawn"])
    return rec


def export_view(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: rec.get(k) for k in EXPORT_FIELDS}


SearchRow = tuple[int, Any]  # (rid, SearchKeys)


def _search_row(rid: int, rec: dict[str, Any]) -> SearchRow:
    return rid, search_keys(rec)


def next_sequence(conn: sqlite3.Connection) -> int:
    """The next free sequence: above both our own last and the highest HQ has seen."""
    last = int(meta.get(conn, "last_seq", "0"))
    hq = int(meta.get(conn, "hq_max_seq", "0"))
    return max(last, hq) + 1


def _new_rows(
    conn: sqlite3.Connection,
    records: Sequence[dict[str, Any]],
    *,
    district: str,
    tag: str,
    stamp: dict[str, Any],
) -> tuple[list[dict[str, Any]], list[tuple], list[SearchRow], int]:
    """The registrations rows, version rows and search rows of new records, numbered
    from the next free sequence and row id, and the last sequence taken."""
    seq = next_sequence(conn)
    rid = conn.execute("SELECT coalesce(max(rid), 0) FROM registrations").fetchone()[0]
    rows, versions, search = [], [], []
    for rec in records:
        rid += 1
        number = regno.format_number(district, tag, seq)
        created_at = rec.get("created_at", stamp["created_at"])
        row = _params(rec) | {
            "rid": rid, "id": rec["id"], "registration_no": number, "seq": seq,
            "version": 1, "created_at": created_at, "updated_at": created_at,
            "created_on": rec.get("created_on", stamp["created_on"]),
            "device_id": stamp["device_id"],
            "officer_id": stamp["officer_id"], "updated_by": stamp["officer_id"],
        }
        seq += 1
        rows.append(row)
        versions.append((rec["id"], 1, "created", created_at, stamp["officer_id"]))
        search.append(_search_row(rid, rec | {"registration_no": number}))
    return rows, versions, search, seq - 1


def _write_rows(conn: sqlite3.Connection, sql: str, rows: list[dict[str, Any]],
                versions: list[tuple], search: list[SearchRow], last_seq: int) -> None:
    conn.executemany(sql, rows)
    conn.executemany(
        "INSERT INTO registration_versions (registration_id, version, action, changed_at,"
        " officer_id) VALUES (?, ?, ?, ?, ?)",
        versions,
    )
    _insert_search(conn, search)
    _count_words(conn, (row[1].words for row in search), +1)
    meta.put(conn, "last_seq", str(last_seq))


def insert_many(
    conn: sqlite3.Connection,
    records: Sequence[dict[str, Any]],
    *,
    district: str,
    tag: str,
    stamp: dict[str, Any],
) -> list[str]:
    """Insert new records in the caller's (write) transaction, numbering them in order;
    returns their registration numbers.

    ``stamp`` carries what every record shares: device_id, officer_id, created_at and
    created_on; a record's own ``created_at``/``created_on`` win (demo data spreads them).
    Each record needs ``id`` and may carry ``birth_year``. Row ids are taken
    here, under the write lock, so the search rows can be written without reading back.
    """
    rows, versions, search, last_seq = _new_rows(conn, records, district=district,
                                                 tag=tag, stamp=stamp)
    _write_rows(conn, _INSERT_SQL, rows, versions, search, last_seq)
    if rows:  # what a push sends, made now
        from app.store import outbox  # it reads rows with this module's helpers

        outbox.store_wire(conn, rows[0]["rid"], rows[-1]["rid"])
    return [row["registration_no"] for row in rows]


# --- bulk insert (import) ------------------------------------------------------------

# The per-row triggers on inserting a registration (migration 0010) that a bulk insert
# stands in for: it drops them for its inserts, keeps what they keep itself, set-wise,
# and makes them again from their own SQL before the transaction ends.
BULK_TRIGGERS = ("registration_counts_insert", "registration_fits_insert")
_WIRE_COLUMNS = ("wire_data", "wire_hash", "wire_schema")
_BULK_INSERT_SQL = (
    f"INSERT INTO registrations ({', '.join(_INSERT_COLUMNS + _WIRE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in _INSERT_COLUMNS + _WIRE_COLUMNS)})"
)
# SQLite's page cache while a bulk insert runs, KiB: the indexes of 100,000 new rows
# stay decrypted in memory until the commit writes them (bench_import).
BULK_CACHE_KIB = 131_072


@dataclass
class BulkBatch:
    """What ``BulkInsert`` writes for some records."""

    rows: list[dict[str, Any]]
    versions: list[tuple]
    search: list[SearchRow]
    last_seq: int
    fits: list[tuple]
    members: list[tuple[str, int]]


class BulkInsert:
    """Many new registrations in the caller's write transaction, leaving the database
    exactly as ``insert_many`` of the same records leaves it: the same rows, versions,
    search keys, name words, stored wire copies, kept counts (list, sending state,
    training demand and members) and matching's fits. Only quicker: the kept counts and
    fits are tallied in Python and written once per key instead of by triggers per row,
    and each wire copy is written with its row rather than read back and updated.

    Use ``bulk_insert``; ``finish`` must run before the transaction commits (a failed or
    cancelled transaction rolls back, the dropped triggers with it)."""

    def __init__(self, conn: sqlite3.Connection, *, keep_triggers: bool = False):
        """``keep_triggers`` leaves the per-row triggers to fire (bench_import's floor
        as it was measured before): nothing is then tallied here."""
        if not conn.in_transaction:
            raise RuntimeError("a bulk insert runs inside a write transaction")
        self.conn = conn
        marks = ", ".join("?" * len(BULK_TRIGGERS))
        self._triggers = {} if keep_triggers else {name: sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            f" AND tbl_name = 'registrations' AND name IN ({marks})", BULK_TRIGGERS)}
        for name in self._triggers:
            conn.execute(f"DROP TRIGGER {name}")
        self._counts: Counter[tuple[str, str, str, int, str]] = Counter()
        self._sync: Counter[str] = Counter()
        self._demand: Counter[tuple[str, str]] = Counter()
        self._finished = False

    def insert(self, records: Sequence[dict[str, Any]], *, district: str, tag: str,
               stamp: dict[str, Any]) -> list[str]:
        """As ``insert_many``."""
        batch = self.prepare(records, district=district, tag=tag, stamp=stamp)
        self.write(batch)
        return [row["registration_no"] for row in batch.rows]

    def prepare(self, records: Sequence[dict[str, Any]], *, district: str, tag: str,
                stamp: dict[str, Any]) -> BulkBatch:
        """The rows to write for ``records`` (numbered after the rows saved so far, so
        write each batch before preparing the next), their counts tallied."""
        from sync import protocol as p

        rows, versions, search, last_seq = _new_rows(self.conn, records, district=district,
                                                     tag=tag, stamp=stamp)
        counting = "registration_counts_insert" in self._triggers
        fitting = "registration_fits_insert" in self._triggers
        fits, members = [], []
        for rec, row in zip(records, rows, strict=True):
            # The wire copy of the row as stored: what outbox.store_wire reads back.
            lists = {key: list(rec.get(key) or []) for key in LIST_FIELDS}
            wire = p.wire_registration(row | lists | {
                "consent": bool(row["consent"]), "withdrawn": False,
                "withdrawn_reason": None})
            row["wire_data"] = p.data_json(wire["data"])
            row["wire_hash"] = wire["hash"]
            row["wire_schema"] = wire["schema"]
            # New rows are never withdrawn and wait to be sent ('pending').
            sex, district_code = row["sex"], row["home_district_code"]
            if counting:
                for sector in [*lists["sectors"], ""]:
                    for province in [*lists["preferred_province_codes"], ""]:
                        self._counts[(sector, province, sex, 0, row["created_on"])] += 1
                for course in dict.fromkeys(lists["training_interests"]):
                    self._demand[(district_code, course)] += 1
                members.extend((session, row["rid"])
                               for session in dict.fromkeys(lists["training_enrolments"]))
            if fitting:
                salary = row["expected_salary_usd"]
                for code in dict.fromkeys([*lists["preferred_province_codes"],
                                           row["home_province_code"]]):
                    fits.append(("province", code, sex, row["rid"], salary, district_code))
                for code in dict.fromkeys(lists["sectors"]):
                    fits.append(("sector", code, sex, row["rid"], salary, district_code))
        if counting:
            self._sync["pending"] += len(rows)
        return BulkBatch(rows, versions, search, last_seq, fits, members)

    def write(self, batch: BulkBatch) -> None:
        conn = self.conn
        _write_rows(conn, _BULK_INSERT_SQL, batch.rows, batch.versions, batch.search,
                    batch.last_seq)
        conn.executemany("INSERT INTO training_members (session_code, rid) VALUES (?, ?)",
                         batch.members)
        conn.executemany(
            "INSERT INTO registration_fits (kind, code, sex, rid, salary, district)"
            " VALUES (?, ?, ?, ?, ?, ?)", batch.fits)

    def finish(self) -> None:
        """Write the kept counts and make the triggers again."""
        if self._finished:
            return
        conn = self.conn
        conn.executemany(
            "INSERT INTO registration_counts (sector, province, sex, withdrawn, created_on,"
            " n) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
            [(*key, n) for key, n in self._counts.items()])
        conn.executemany(
            "INSERT INTO registration_sync_counts (sync_state, n) VALUES (?, ?)"
            " ON CONFLICT DO UPDATE SET n = n + excluded.n", list(self._sync.items()))
        conn.executemany(
            "INSERT INTO training_demand (district_code, course, n) VALUES (?, ?, ?)"
            " ON CONFLICT DO UPDATE SET n = n + excluded.n",
            [(*key, n) for key, n in self._demand.items()])
        for sql in self._triggers.values():
            conn.execute(sql)
        self._finished = True


@contextmanager
def bulk_insert(conn: sqlite3.Connection) -> Iterator[BulkInsert]:
    """``with bulk_insert(conn) as bulk: bulk.insert(...)`` inside a write transaction;
    the counts are written and the triggers made again when the block ends without an
    error (with one, the caller's transaction must roll back)."""
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    if cache > -BULK_CACHE_KIB:
        conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        bulk = BulkInsert(conn)
        yield bulk
        bulk.finish()
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")


def _snapshot(rec: dict[str, Any]) -> str:
    return json.dumps(export_view(rec), ensure_ascii=False, sort_keys=True)


def update(
    conn: sqlite3.Connection,
    record_id: str,
    rec: dict[str, Any],
    *,
    expected_version: int,
    officer_id: str,
    now: str,
    action: str = "edited",
) -> dict[str, Any]:
    """Save an edit as version + 1, in the caller's transaction."""
    params = _params(rec) | {
        "id": record_id, "expected": expected_version, "now": now, "officer_id": officer_id,
        "withdrawn": 1 if rec.get("withdrawn") else 0,
        "withdrawn_reason": rec.get("withdrawn_reason"),
    }
    before = get(conn, record_id)
    if before is None or before["version"] != expected_version:
        raise VersionConflict(record_id)
    # History keeps a copy of each version once it is superseded; the newest version is
    # the row itself, so creating a record (and bulk import) writes no copy at all.
    conn.execute(
        "UPDATE registration_versions SET record = ? WHERE registration_id = ? AND version = ?",
        (_snapshot(before), record_id, expected_version),
    )
    sets = ", ".join(f"{c} = :{c}" for c in CONTENT + DERIVED)
    cur = conn.execute(
        f"UPDATE registrations SET {sets}, withdrawn = :withdrawn,"
        " withdrawn_reason = :withdrawn_reason, version = version + 1, updated_at = :now,"
        " updated_by = :officer_id, sync_state = CASE sync_state WHEN 'quarantined'"
        " THEN 'quarantined' ELSE 'pending' END"
        " WHERE id = :id AND version = :expected",
        params,
    )
    if cur.rowcount != 1:
        raise VersionConflict(record_id)
    saved = get(conn, record_id)
    assert saved is not None
    from app.store import outbox  # it reads rows with this module's helpers

    outbox.store_wire(conn, saved["rid"])  # what a push sends, made now
    conn.execute(
        "INSERT INTO registration_versions (registration_id, version, action, changed_at,"
        " officer_id) VALUES (?, ?, ?, ?, ?)",
        (record_id, saved["version"], action, now, officer_id),
    )
    old_words = search_keys(before).words
    new_row = _search_row(saved["rid"], saved)
    _delete_search(conn, [saved["rid"]])
    _insert_search(conn, [new_row])
    _count_words(conn, [old_words], -1)
    _count_words(conn, [new_row[1].words], +1)
    return saved


def get(conn: sqlite3.Connection, record_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (record_id,)).fetchone()
    return row_to_record(row) if row else None


def get_by_number(conn: sqlite3.Connection, number: str) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT} WHERE registration_no = ?", (number,)).fetchone()
    return row_to_record(row) if row else None


def get_many(conn: sqlite3.Connection, rids: Iterable[int]) -> list[dict[str, Any]]:
    ids = list(rids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"{_SELECT} WHERE rid IN ({marks})", ids).fetchall()
    return [row_to_record(r) for r in rows]


def history(conn: sqlite3.Connection, record_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT v.version, v.action, v.changed_at, v.officer_id, o.name AS officer_name,"
        " v.record FROM registration_versions v LEFT JOIN officers o USING (officer_id)"
        " WHERE v.registration_id = ? ORDER BY v.version",
        (record_id,),
    ).fetchall()
    current = get(conn, record_id)
    return [
        dict(r) | {"record": json.loads(r["record"]) if r["record"] else export_view(current)}
        for r in rows
    ]


def iter_all(conn: sqlite3.Connection, batch: int = 2000) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        rows = conn.execute(f"{_SELECT} WHERE rid > ? ORDER BY rid LIMIT ?", (last, batch))
        rows = rows.fetchall()
        if not rows:
            return
        for row in rows:
            yield row_to_record(row)
        last = rows[-1]["rid"]


# --- the list view: filters, counts and pages --------------------------------------


@dataclass(frozen=True)
class ListFilter:
    query: SearchQuery | None = None
    created_from: str | None = None  # Phnom Penh dates, inclusive
    created_to: str | None = None
    sector: str | None = None
    province_code: str | None = None  # a preferred province
    sex: str | None = None
    sync_state: str | None = None
    include_withdrawn: bool = True
    # When the query matched nothing as typed: the records its forgiving readings found.
    rids: tuple[int, ...] | None = None


def _where(f: ListFilter, rid_span: tuple[int, int] | None = None
           ) -> tuple[str, list[Any]]:
    """The SQL condition of ``f``. ``rid_span``: the lowest and highest row id of the
    rows in its date range; they are then found by row id, not by the date's index."""
    clauses, args = [], []
    if f.rids is not None:
        clauses.append(f"rid IN ({','.join('?' * len(f.rids))})" if f.rids else "0")
        args.extend(f.rids)
    elif f.query is not None:
        sql, query_args = _rids_sql(f.query)
        clauses.append(f"rid IN ({sql})")
        args.extend(query_args)
    if rid_span is not None:
        clauses.append("rid BETWEEN ? AND ?")
        args.extend(rid_span)
    # "+" keeps SQLite off the index on created_on when the span stands in for it.
    dated = "+created_on" if rid_span is not None else "created_on"
    if f.created_from:
        clauses.append(f"{dated} >= ?")
        args.append(f.created_from)
    if f.created_to:
        clauses.append(f"{dated} <= ?")
        args.append(f.created_to)
    if f.sector:
        clauses.append("instr(sectors, ?) > 0")
        args.append(json.dumps(f.sector))
    if f.province_code:
        clauses.append("instr(preferred_province_codes, ?) > 0")
        args.append(json.dumps(f.province_code))
    if f.sex:
        clauses.append("sex = ?")
        args.append(f.sex)
    if f.sync_state:
        clauses.append("sync_state = ?")
        args.append(f.sync_state)
    if not f.include_withdrawn:
        clauses.append("withdrawn = 0")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def count(conn: sqlite3.Connection, f: ListFilter) -> int:
    """Rows ``f`` matches. Without a search, from the counts migration 0010's triggers
    keep (a sum over a few hundred rows however many registrations there are); a
    search, or the sending state with another filter than hiding the withdrawn, counts
    the rows themselves."""
    kept = _kept_count(conn, f)
    if kept is not None:
        return kept
    where, args = _where(f)
    return conn.execute(f"SELECT count(*) FROM registrations{where}", args).fetchone()[0]


def _kept_count(conn: sqlite3.Connection, f: ListFilter) -> int | None:
    if f.query is not None:
        return None
    if f.sync_state is not None:
        if f.created_from or f.created_to or f.sector or f.province_code or f.sex:
            return None
        row = conn.execute(
            "SELECT n FROM registration_sync_counts WHERE sync_state = ?", (f.sync_state,)
        ).fetchone()
        kept = int(row[0]) if row else 0
        if not f.include_withdrawn:  # less the withdrawn few (migration 0016's index)
            kept -= conn.execute(
                "SELECT count(*) FROM registrations WHERE withdrawn = 1 AND sync_state = ?",
                (f.sync_state,)).fetchone()[0]
        return kept
    clauses = ["sector = ?", "province = ?"]
    args: list[Any] = [f.sector or "", f.province_code or ""]
    if f.sex:
        clauses.append("sex = ?")
        args.append(f.sex)
    if not f.include_withdrawn:
        clauses.append("withdrawn = 0")
    if f.created_from:
        clauses.append("created_on >= ?")
        args.append(f.created_from)
    if f.created_to:
        clauses.append("created_on <= ?")
        args.append(f.created_to)
    return int(conn.execute(
        f"SELECT coalesce(sum(n), 0) FROM registration_counts WHERE {' AND '.join(clauses)}",
        args,
    ).fetchone()[0])


# What a list row shows besides its row id.
_LIST_DETAILS = (
    "id, registration_no, name_km, name_latin, sex, date_of_birth, age, phone,"
    " home_village_code, sectors, created_on, sync_state, withdrawn, version, duplicate_of_no"
)
LIST_COLUMNS = f"rid, {_LIST_DETAILS}"


def page(
    conn: sqlite3.Connection,
    f: ListFilter,
    offset: int,
    limit: int,
    *,
    below: int | None = None,
    above: int | None = None,
) -> list[sqlite3.Row]:
    """Newest first. Keeps to the columns the list shows, so a page is cheap.

    Keyset paging: ``below`` starts under a row id already shown (the next page down),
    ``above`` over one (the page before it, read upwards), and ``above=0`` from the
    oldest row (the end of the list). ``offset`` skips rows from that start, so a
    jump costs a walk over the rows between the nearest known page and the one wanted,
    never over everything above it.

    A date range alone (no search) is read by row id between the lowest and highest
    row id of its dates (one walk of the date's index entries), newest first, as the
    list without it is, rather than every row of those dates read and then sorted."""
    span = None
    if (f.created_from or f.created_to) and f.query is None and f.rids is None:
        span = conn.execute(
            "SELECT min(rid), max(rid) FROM registrations WHERE created_on >= ?"
            " AND created_on <= ?", (f.created_from or "", f.created_to or "9999")
        ).fetchone()
        if span[0] is None:
            return []
    where, args = _where(f, span)
    if below is not None or above is not None:  # the page's keyset bound
        keyset = "rid < ?" if below is not None else "rid > ?"
        where = f"{where} AND {keyset}" if where else f" WHERE {keyset}"
        args = [*args, below if below is not None else above]
    order = "ASC" if below is None and above is not None else "DESC"
    if not _read_by_province(f):
        sql = f"SELECT {LIST_COLUMNS} FROM registrations{where} ORDER BY rid {order}"
    else:
        # Only the province's rows are read, newest first in the order of their entries
        # in ``registration_fits`` (one walk per sex, merged), not every row in turn
        # until a page is full; the row's own preferred provinces are still checked.
        # SQLite carries the row-id bounds of ``where`` (keyset, date span) over
        # ``rid = fit_rid`` to the fits' key, so each walk starts at the page's edge.
        sexes = (f.sex,) if f.sex else SEXES
        sql = " UNION ALL ".join(
            f"SELECT fit_rid AS rid, {_LIST_DETAILS} FROM (SELECT rid AS fit_rid"
            " FROM registration_fits WHERE kind = 'province' AND code = ? AND sex = ?)"
            f" CROSS JOIN registrations ON rid = fit_rid{where}" for _ in sexes
        ) + f" ORDER BY rid {order}"
        args = [a for sex in sexes for a in (f.province_code, sex, *args)]
    rows = conn.execute(f"{sql} LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
    return rows[::-1] if order == "ASC" else rows


def _read_by_province(f: ListFilter) -> bool:
    """True when a page of ``f`` is best read through the province's entries in
    ``registration_fits``, which hold every registration not withdrawn under each
    province it prefers or lives in. Without a province the list's own index covers
    the filter (``registrations_list``), and the withdrawn are not in the fits."""
    return bool(f.province_code and not f.include_withdrawn and f.query is None
                and f.rids is None)


# One index per kind of key (migration 0009): (table, column) of each trigram key.
_FTS = {
    "names": ("search_names", "names"),
    "sounds": ("search_fuzzy", "sounds"),
    "cross": ("search_fuzzy", "cross"),
    "starts": ("search_starts", "starts"),
    "phones": ("search_phones", "phones"),
}


def _match(query: SearchQuery) -> str:
    column = _FTS[query.column][1]
    if query.band == ANY_ORDER:
        words = [w for w in query.words if len(w) >= MIN_INDEXED]
        return " AND ".join(f"{{{column}}} : {fts_phrase(w)}" for w in words)
    return f"{{{column}}} : {fts_phrase(query.match_text)}"


def _number_range(query: SearchQuery) -> tuple[str, str]:
    """Registration numbers starting with the query: a range of the plain index."""
    return query.text, query.text + "\uffff"


def _rids_sql(query: SearchQuery) -> tuple[str, list[Any]]:
    """A SELECT of the rids matching ``query``, for ``rid IN (...)``."""
    if query.column == "numbers":
        return "SELECT rid FROM search_numbers WHERE number >= ? AND number < ?", list(
            _number_range(query))
    table = _FTS[query.column][0]
    return f"SELECT rowid FROM {table} WHERE {table} MATCH ?", [_match(query)]


def search_candidates(
    conn: sqlite3.Connection, query: SearchQuery, limit: int
) -> list[tuple[int, str]]:
    """Up to ``limit`` (rid, key) whose key of the query's kind contains the query (a
    number: starts with it), newest first. Unranked, so it stays fast however common the
    fragment."""
    if query.column == "numbers":
        return [tuple(r) for r in conn.execute(
            "SELECT rid, number FROM search_numbers WHERE number >= ? AND number < ?"
            " ORDER BY number DESC LIMIT ?", (*_number_range(query), limit))]
    table, column = _FTS[query.column]
    if query.column == "starts":  # ranked by the names themselves
        return [tuple(r) for r in conn.execute(
            "SELECT s.rowid, n.names FROM search_starts s JOIN search_names n"
            " ON n.rowid = s.rowid WHERE search_starts MATCH ? ORDER BY s.rowid DESC LIMIT ?",
            (_match(query), limit))]
    return [tuple(r) for r in conn.execute(
        f"SELECT rowid, {column} FROM {table} WHERE {table} MATCH ?"
        " ORDER BY rowid DESC LIMIT ?",
        (_match(query), limit),
    )]


def any_match(conn: sqlite3.Connection, query: SearchQuery) -> bool:
    sql, args = _rids_sql(query)
    return conn.execute(f"{sql} LIMIT 1", args).fetchone() is not None


def sync_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Registrations in each sending state, as the triggers of migration 0010 keep them."""
    counts = {"pending": 0, "sent": 0, "quarantined": 0}
    for state, n in conn.execute("SELECT sync_state, n FROM registration_sync_counts"):
        counts[state] = n
    return counts


def _count_words(
    conn: sqlite3.Connection, word_lists: Iterable[Iterable[str]], step: int
) -> None:
    counts: dict[str, int] = {}
    for words in word_lists:
        for word in set(words):
            counts[word] = counts.get(word, 0) + step
    conn.executemany(
        "INSERT INTO name_words (word, n, length) VALUES (?, ?, length(?))"
        " ON CONFLICT (word) DO UPDATE SET n = n + excluded.n",
        [(w, n, w) for w, n in counts.items()],
    )
    if step < 0:
        conn.execute("DELETE FROM name_words WHERE n <= 0")


def words_of_length(conn: sqlite3.Connection, shortest: int, longest: int) -> list[str]:
    """Known Latin name words of these lengths: what one-typo correction picks from."""
    return [r[0] for r in conn.execute(
        "SELECT word FROM name_words WHERE length BETWEEN ? AND ?", (shortest, longest))
        if r[0].isascii()]


def name_words(conn: sqlite3.Connection, shortest: int, longest: int) -> list[tuple[str, int]]:
    """Known name words (Khmer and Latin) of these lengths, with how many records use them."""
    return [tuple(r) for r in conn.execute(
        "SELECT word, n FROM name_words WHERE length BETWEEN ? AND ?", (shortest, longest))]


_SEARCH_TABLES = ("search_names", "search_fuzzy", "search_starts", "search_phones",
                  "search_numbers")
# The full-text ones (FTS5), whose segments saves leave for ``merge_search_segments``.
FTS_SEARCH_TABLES = _SEARCH_TABLES[:4]
# Leaf pages of merging in one table each time the window is idle: a few
# milliseconds, many saves' worth of segments.
SEARCH_MERGE_PAGES = 32


def rebuild_search(conn: sqlite3.Connection) -> int:
    """Recompute every search key (after the normaliser changed), in the caller's tx."""
    for table in _SEARCH_TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM name_words")
    n = 0
    batch: list[SearchRow] = []
    for rec in iter_all(conn):
        batch.append(_search_row(rec["rid"], rec))
        if len(batch) >= 5000:
            _insert_search(conn, batch)
            _count_words(conn, (b[1].words for b in batch), +1)
            n += len(batch)
            batch = []
    _insert_search(conn, batch)
    _count_words(conn, (b[1].words for b in batch), +1)
    return n + len(batch)


def _insert_search(conn: sqlite3.Connection, batch: list[SearchRow]) -> None:
    conn.executemany("INSERT INTO search_names (rowid, names) VALUES (?, ?)",
                     [(rid, k.names) for rid, k in batch])
    conn.executemany("INSERT INTO search_fuzzy (rowid, sounds, cross) VALUES (?, ?, ?)",
                     [(rid, k.sounds, k.cross) for rid, k in batch if k.sounds or k.cross])
    conn.executemany("INSERT INTO search_starts (rowid, starts) VALUES (?, ?)",
                     [(rid, k.starts) for rid, k in batch if k.starts])
    conn.executemany("INSERT INTO search_phones (rowid, phones) VALUES (?, ?)",
                     [(rid, k.phones) for rid, k in batch if k.phones])
    conn.executemany("INSERT INTO search_numbers (rid, number) VALUES (?, ?)",
                     [(rid, k.numbers) for rid, k in batch if k.numbers])


def _delete_search(conn: sqlite3.Connection, rids: Sequence[int]) -> None:
    for table in _SEARCH_TABLES:
        key = "rid" if table == "search_numbers" else "rowid"
        conn.executemany(f"DELETE FROM {table} WHERE {key} = ?", [(r,) for r in rids])


def merge_search_segments(conn: sqlite3.Connection, table: str,
                          pages: int = SEARCH_MERGE_PAGES) -> bool:
    """Merge the small segments that saves leave in one full-text search table (they no
    longer merge them, migration 0014): up to ``pages`` leaf pages of work, only on
    levels holding four segments or more (as FTS5 itself would), in one transaction.
    Returns whether there was merging to do."""
    from app.store.connection import transaction

    before = conn.total_changes
    with transaction(conn):
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", (pages,))
    return conn.total_changes - before >= 2  # FTS5: fewer means nothing was merged


def set_search_number(conn: sqlite3.Connection, rid: int, number: str) -> None:
    """A record's registration number changed (renumbered when headquarters refused it)."""
    conn.execute("INSERT OR REPLACE INTO search_numbers (rid, number) VALUES (?, ?)",
                 (rid, number))


_DUP_COLUMNS = (
    "SELECT rid, id, registration_no, name_km, name_latin, sex, phone, national_id,"
    " home_village_code, birth_year, date_of_birth, age, created_on FROM registrations"
)


def duplicate_candidates(
    conn: sqlite3.Connection,
    *,
    phones: Iterable[str] = (),
    national_ids: Iterable[str] = (),
    places: Iterable[tuple[str, str, int | None]] = (),
) -> list[sqlite3.Row]:
    """Records (not withdrawn) that could be a duplicate: sharing a phone or ID, or
    living in the same commune with the same sex and a birth year within one."""
    found: dict[int, sqlite3.Row] = {}
    for column, values in (("phone", phones), ("national_id", national_ids)):
        values = sorted({v for v in values if v})
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                f"{_DUP_COLUMNS} WHERE {column} IN ({marks}) AND withdrawn = 0", chunk
            ):
                found[row["rid"]] = row
    years: dict[tuple[str, str], set[int]] = {}
    for commune, sex, year in places:
        if year is not None:
            years.setdefault((commune, sex), set()).update((year - 1, year, year + 1))
    for (commune, sex), wanted in years.items():
        for row in conn.execute(
            f"{_DUP_COLUMNS} WHERE home_commune_code = ? AND sex = ? AND withdrawn = 0"
            " AND birth_year BETWEEN ? AND ?",
            (commune, sex, min(wanted), max(wanted)),
        ):
            if row["birth_year"] in wanted:
                found[row["rid"]] = row
    return list(found.values())


def apply_duplicate_mark(conn: sqlite3.Connection, record_id: str, version: int,
                         duplicate_of: str, duplicate_of_no: str) -> bool:
    """Headquarters' word that this record is a duplicate of another (by the mark's
    version: a repeat or an older mark changes nothing). The record's content, version
    and sync state stay as they are. Returns whether the record changed."""
    cur = conn.execute(
        "UPDATE registrations SET duplicate_of = ?, duplicate_of_no = ?,"
        " duplicate_mark_version = ? WHERE id = ?"
        " AND (duplicate_mark_version IS NULL OR duplicate_mark_version < ?)",
        (duplicate_of, duplicate_of_no, version, record_id, version),
    )
    return cur.rowcount > 0


def last_rid(conn: sqlite3.Connection) -> int:
    """The highest row id saved so far (0 for none): what an import saved before it began."""
    return conn.execute("SELECT coalesce(max(rid), 0) FROM registrations").fetchone()[0]
