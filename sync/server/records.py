"""Records at headquarters: storing a pushed batch, fetching one, exporting, changes.

Storing never checks then inserts. A batch goes in as one ``INSERT ... ON CONFLICT (id)
DO UPDATE ... WHERE`` statement: a new id is inserted, a newer version from the owning
device replaces the old one, anything else is left alone; what the statement did not
write (its change number is not ours) is then classified (already had, stale, conflict, another device's) by reading the
row that stopped it. So a batch replayed by one device, or raced by many, stores nothing
twice: the database's unique keys decide, not a read made before the write.

That statement runs inside a savepoint. When it fails (a registration number another
record holds, caught by the unique key when two devices race for it), the savepoint is
rolled back and the batch is redone a record at a time, each record in its own
savepoint, so one bad record never aborts the others.

Change numbers: every write takes numbers from ``change_counter`` by updating its one
row. That row lock is held until commit, so numbers are handed out in commit order and a
reader that has seen number N can never later find a committed row below N (see
docs/api.md, "Cursor"). On PostgreSQL writers first queue on an advisory lock: its
waiters are served first come, first served, where many waiters on one updated row are
not (each new version of the row starts a new queue, so a writer that came late can go
before one that has waited for seconds).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from app.domain import dashboard_figures, regno
from app.domain.employers import (
    WorkPlaces,
    can_move,
    hire_summary,
    validate_referral,
    validate_request,
)
from app.domain.errors import FieldError
from app.domain.khmerdate import PHNOM_PENH
from app.domain.matching import RANKED_FIELDS, Match, rank, salary_bound
from app.domain.registration import EXPORT_FIELDS, REASON_MAX, Places, validate_registration
from sync import protocol as p
from sync.server import desk_audit, duplicates, figures, qr_submissions, training
from sync.server.db import (
    FIT_PROVINCE,
    FIT_SECTOR,
    change_counter,
    device_officers,
    devices,
    duplicate_marks,
    employer_requests,
    reference_data,
    referrals,
    registration_fits,
    registrations,
    writing,
)
from sync.server.devices import Device

OFFICER_ID_MAX = 100

# How far a pushed number's sequence may rise above the highest headquarters holds for
# the device (``devices.max_seq``). A push carries at most 5,000 records (Limits.
# max_records) and a desk keeps at most two batches on the wire, each read before the
# other's answer raises the floor, so an honest desk's numbers stay within 10,000 of the
# floor the check sees; twice that is the margin (numbers quarantined on the desk leave
# gaps). The floor only rises by what is stored, so no single push can lift it by more
# than this step: a forged 999,999,999 is refused instead of blocking the laptop's
# numbering.
SEQUENCE_STEP = 20_000


@dataclass
class Outcome:
    """The answer for one pushed record."""

    id: str
    status: str
    version: int | None = None
    errors: list[FieldError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.version is not None:
            out["version"] = self.version
        if self.errors:
            out["errors"] = [e.as_dict() for e in self.errors]
        return out


def _record_today(data: Mapping[str, Any], server_today: date) -> date:
    """The day the desk saved this version, in Cambodia.

    Headquarters never rejects a record for the laptop's clock: "not in the future" and
    age ranges are judged as of the day the desk validated the record, as the desk did.
    """
    stamp = p.parse_timestamp(data.get("updated_at"))
    return stamp.astimezone(PHNOM_PENH).date() if stamp else server_today


def check_record(
    wire: Mapping[str, Any], device: Device, places: Places, server_today: date
) -> list[FieldError]:
    """Every rule a pushed record breaks; empty when headquarters can store it."""
    return _check(wire, device, places, server_today)[0]


def _holds_nul(content: str, data: Mapping[str, Any]) -> bool:
    """No database text column takes NUL; no field of a real record holds one."""
    stamps = [data.get(k) for k in ("created_at", "updated_at", "officer_id")]
    return "\\u0000" in content or any(isinstance(v, str) and "\x00" in v for v in stamps)


def _stamp_errors(data: Mapping[str, Any]) -> list[FieldError]:
    """What every pushed record carries besides its content: when, and by whom."""
    errors = [FieldError(key, p.RULE_INVALID_TIMESTAMP) for key in ("created_at", "updated_at")
              if p.parse_timestamp(data.get(key)) is None]
    officer = data.get("officer_id")
    if not isinstance(officer, str) or not 0 < len(officer) <= OFFICER_ID_MAX:
        errors.append(FieldError("officer_id", "required"))
    return errors


def _check(
    wire: Mapping[str, Any], device: Device, places: Places, server_today: date
) -> tuple[list[FieldError], int]:
    """The broken rules and the number's sequence (0 when it has none)."""
    if wire["type"] != p.REGISTRATION:
        return [FieldError("type", p.RULE_TYPE_UNSUPPORTED, {"type": str(wire["type"])[:40]})], 0
    if not p.is_uuid(wire["id"]):
        return [FieldError("id", p.RULE_INVALID_ID)], 0
    if (p.REGISTRATION, wire["schema"]) not in p.CONTENT_FIELDS:
        return [FieldError("schema", p.RULE_SCHEMA_UNSUPPORTED, {"schema": wire["schema"]})], 0
    data = wire["data"]
    try:
        content = p.content_json(p.REGISTRATION, data, wire["schema"])
    except p.NotCanonical:
        return [FieldError("record", "unreadable_row")], 0
    if p.hash_of(content) != wire["hash"]:
        return [FieldError("hash", p.RULE_HASH_MISMATCH)], 0
    if _holds_nul(content, data):
        return [FieldError("record", "control_characters")], 0
    _, errors = validate_registration(data, today=_record_today(data, server_today),
                                      places=places)
    number = data.get("registration_no")
    parsed = regno.parse(number) if isinstance(number, str) else None
    if parsed is None or str(parsed) != number:
        errors.append(FieldError("registration_no", p.RULE_INVALID_REGISTRATION_NO))
    elif parsed.tag != device.device_tag:
        errors.append(FieldError("registration_no", p.RULE_WRONG_DEVICE_TAG,
                                 {"tag": parsed.tag, "device_tag": device.device_tag}))
    elif parsed.district != device.district_code:
        errors.append(FieldError("registration_no", p.RULE_WRONG_DISTRICT,
                                 {"district": parsed.district,
                                  "device_district": device.district_code}))
    elif parsed.seq > device.max_seq + SEQUENCE_STEP:
        errors.append(FieldError("registration_no", p.RULE_SEQUENCE_TOO_FAR,
                                 {"max": device.max_seq + SEQUENCE_STEP}))
    withdrawn = data.get("withdrawn")
    reason = data.get("withdrawn_reason")
    if not isinstance(withdrawn, bool):
        errors.append(FieldError("withdrawn", "invalid_boolean"))
    elif withdrawn and not (isinstance(reason, str) and reason.strip()):
        errors.append(FieldError("withdrawn_reason", "required"))
    if reason is not None and not isinstance(reason, str):
        errors.append(FieldError("withdrawn_reason", "required"))
    elif isinstance(reason, str) and len(reason) > REASON_MAX:
        errors.append(FieldError("withdrawn_reason", "too_long",
                                 {"max": REASON_MAX, "length": len(reason)}))
    errors += _stamp_errors(data)
    return errors, (parsed.seq if parsed is not None else 0)


def _officer_of(wire: Mapping[str, Any]) -> str | None:
    officer = wire["data"].get("officer_id") if isinstance(wire.get("data"), dict) else None
    return officer if isinstance(officer, str) and 0 < len(officer) <= OFFICER_ID_MAX else None


def bind_officers(conn: Connection, device: Device, officer_ids: set[str], stamp: str
                  ) -> set[str]:
    """Bind each new officer id to ``device`` (the first device to send one owns it);
    returns those among ``officer_ids`` that another device owns. One insert that skips
    the known, then one read: two devices racing for an id cannot both get it."""
    if not officer_ids:
        return set()
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
        device_officers).on_conflict_do_nothing(index_elements=[device_officers.c.officer_id])
    ids = sorted(officer_ids)  # the same order in every transaction: no lock cycles
    conn.execute(insert, [{"officer_id": o, "device_id": device.device_id,
                           "first_seen_at": stamp} for o in ids])
    foreign: set[str] = set()
    for start in range(0, len(ids), 500):
        foreign.update(conn.execute(
            sa.select(device_officers.c.officer_id)
            .where(device_officers.c.officer_id.in_(ids[start:start + 500]),
                   device_officers.c.device_id != device.device_id)).scalars())
    return foreign


def _officer_refused(record_id: str) -> Outcome:
    return Outcome(record_id, p.REJECTED,
                   errors=[FieldError("officer_id", p.RULE_OFFICER_OF_OTHER_DEVICE)])


WRITERS_LOCK = 72657302  # pg_advisory_xact_lock key: the writers' queue


def _queue(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({WRITERS_LOCK})"))


def take_change_numbers(conn: Connection, count: int) -> int:
    """Reserve ``count`` change numbers; returns the first.

    The UPDATE locks the counter's row until this transaction ends, so writers take
    numbers one transaction after another, in the order they commit.
    """
    _queue(conn)
    last = conn.execute(
        sa.update(change_counter).where(change_counter.c.id == 1)
        .values(last_no=change_counter.c.last_no + count)
        .returning(change_counter.c.last_no)
    ).scalar_one()
    return int(last) - count + 1


def hold_writers(conn: Connection) -> None:
    """Wait for the writers before this one to commit, and keep those after waiting until
    this transaction ends: the counter row's lock, without taking a number."""
    _queue(conn)
    conn.execute(sa.update(change_counter).where(change_counter.c.id == 1)
                 .values(last_no=change_counter.c.last_no))


def _upsert(conn: Connection):  # noqa: ANN202  (a dialect-specific Insert)
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
        registrations)
    updated = {c: insert.excluded[c] for c in (
        "version", "hash", "schema", "registration_no", "data", "created_at", "updated_at",
        "received_at", "change_no")}
    return insert.on_conflict_do_update(
        index_elements=[registrations.c.id],
        set_=updated,
        where=sa.and_(
            registrations.c.device_id == insert.excluded.device_id,
            registrations.c.version < insert.excluded.version,
        ),
    )


_COLUMNS = ("id", "version", "hash", "schema", "registration_no", "device_id", "data",
            "created_at", "updated_at", "received_at", "change_no")
_PG_TYPES = ("text", "int", "text", "int", "text", "text", "jsonb", "text", "text", "text",
             "bigint")
_PG_UPSERT = sa.text(
    f"INSERT INTO registrations ({', '.join(_COLUMNS)}) SELECT {', '.join(_COLUMNS)}"
    " FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r("
    + ", ".join(f"{c} {t}" for c, t in zip(_COLUMNS, _PG_TYPES, strict=True))
    + ") ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c not in ("id", "device_id"))
    + " WHERE registrations.device_id = excluded.device_id"
    " AND registrations.version < excluded.version"
)


_SQLITE_UPSERT = (
    f"INSERT INTO registrations ({', '.join(_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in _COLUMNS)}) ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c not in ("id", "device_id"))
    + " WHERE registrations.device_id = excluded.device_id"
    " AND registrations.version < excluded.version"
)


def _upsert_arrays(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """PostgreSQL: the whole batch as one ``INSERT ... SELECT FROM
    jsonb_to_recordset(:rows) ... ON CONFLICT``: the same upsert as ``_upsert``, in one
    statement with one parameter, parsed once by the server."""
    conn.execute(_PG_UPSERT, {"rows": json.dumps(
        [{c: r[c] for c in _COLUMNS} for r in rows], ensure_ascii=False)})


def _classify(conn: Connection, device: Device, rows: Sequence[dict[str, Any]]
              ) -> dict[str, Outcome]:
    """Outcomes for ``rows`` after the upsert ran: a row that now carries the change
    number this batch assigned to it was written by this batch (stored); any other was
    left alone, and the row as it stands says why.

    Reading the change numbers back, rather than asking the INSERT to RETURN rows, lets
    the upsert run as a plain executemany (psycopg pipelines it), which is several
    times faster on PostgreSQL for large batches.
    """
    out: dict[str, Outcome] = {}
    held: dict[str, Any] = {}
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), 500):
        for row in conn.execute(
            sa.select(registrations.c.id, registrations.c.version, registrations.c.hash,
                      registrations.c.device_id, registrations.c.change_no)
            .where(registrations.c.id.in_(ids[start:start + 500]))
        ):
            held[row.id] = row
    for r in rows:
        have = held.get(r["id"])
        if have is not None and have.change_no == r["change_no"]:
            out[r["id"]] = Outcome(r["id"], p.STORED)
        elif have is None:  # cannot happen after the upsert; refuse rather than guess
            out[r["id"]] = Outcome(r["id"], p.REJECTED, errors=[FieldError("record", "retry")])
        elif have.device_id != device.device_id:
            out[r["id"]] = Outcome(r["id"], p.REJECTED, errors=[FieldError("id", p.RULE_NOT_OWNER)])
        elif have.version == r["version"] and have.hash == r["hash"]:
            out[r["id"]] = Outcome(r["id"], p.ALREADY_HAD, version=have.version)
        elif have.version == r["version"]:
            out[r["id"]] = Outcome(r["id"], p.CONFLICT, version=have.version)
        else:
            out[r["id"]] = Outcome(r["id"], p.STALE, version=have.version)
    return out


def _data_of(row: Any) -> Mapping[str, Any]:
    """A stored registration's data, or the data of a version this push just stored."""
    data = row.data
    return data if isinstance(data, dict) else json.loads(data)


def _taken(r: Mapping[str, Any]) -> Outcome:
    return Outcome(r["id"], p.REJECTED,
                   errors=[FieldError("registration_no", p.RULE_REGISTRATION_NO_TAKEN,
                                      {"registration_no": r["registration_no"]})])


def _judged(device: Device, r: Mapping[str, Any], have: Any) -> Outcome:
    """The outcome of upserting ``r`` over ``have`` (the row as it stood, or None): what
    the upsert's ``WHERE`` let through is stored, anything else is left alone for the
    reason the row gives."""
    if have is None or (have.device_id == device.device_id and have.version < r["version"]):
        return Outcome(r["id"], p.STORED)
    if have.device_id != device.device_id:
        return Outcome(r["id"], p.REJECTED, errors=[FieldError("id", p.RULE_NOT_OWNER)])
    if have.version == r["version"] and have.hash == r["hash"]:
        return Outcome(r["id"], p.ALREADY_HAD, version=have.version)
    if have.version == r["version"]:
        return Outcome(r["id"], p.CONFLICT, version=have.version)
    return Outcome(r["id"], p.STALE, version=have.version)


@dataclass(frozen=True)
class _Have:
    """What ``_judged`` reads of a stored registration."""

    version: int
    hash: str
    device_id: str
    data: Mapping[str, Any]


def _write(conn: Connection, device: Device, rows: list[dict[str, Any]],
           have: Mapping[str, Any]) -> dict[str, Outcome]:
    """Upsert ``rows`` (distinct ids) and classify each; one statement when it can.

    ``have``: the rows of these ids as they stand (id, version, hash, device_id), read
    after this transaction took its change numbers, so no other writer can have moved
    them since: the outcomes follow from them without reading the rows back. When the
    one statement fails and the batch is redone a record at a time, each is read back.
    """
    outcomes: dict[str, Outcome] = {}
    stmt = _upsert(conn)
    try:
        with conn.begin_nested():
            if conn.dialect.name == "postgresql":
                _upsert_arrays(conn, rows)
            else:  # the data's JSON text was made before the transaction (push)
                conn.exec_driver_sql(_SQLITE_UPSERT, [
                    tuple(r["data_json"] if c == "data" else r[c] for c in _COLUMNS)
                    for r in rows])
        return {r["id"]: _judged(device, r, have.get(r["id"])) for r in rows}
    except sa.exc.IntegrityError:
        pass  # someone else's number, raced in: redo one record at a time
    for r in rows:
        try:
            with conn.begin_nested():
                conn.execute(stmt, [{c: r[c] for c in _COLUMNS}])
            outcomes.update(_classify(conn, device, [r]))
        except sa.exc.IntegrityError:
            # Only the registration number's unique key can refuse a row here.
            outcomes[r["id"]] = _taken(r)
    return outcomes


@dataclass
class PushResult:
    outcomes: list[Outcome]
    max_seq: int


def push(
    engine: Engine, device: Device, records: Sequence[Mapping[str, Any]], *,
    places: Places, now: datetime, reported: Mapping[str, Any] | None = None,
) -> PushResult:
    """Store a batch of wire records from ``device``; one outcome per record, in order.
    ``reported`` (devices.report_values) is what the desk said of itself, stored on its
    device row in the same statement that moves its sequence floor."""
    received_at = p.utc_stamp(now)
    today = now.astimezone(PHNOM_PENH).date()
    outcomes: dict[int, Outcome] = {}
    checked: list[tuple[int, dict[str, Any], int]] = []
    employer_items: list[tuple[int, Mapping[str, Any]]] = []
    audit_items: list[tuple[int, Mapping[str, Any]]] = []
    for i, wire in enumerate(records):
        if wire["type"] in (p.EMPLOYER_REQUEST, p.REFERRAL):
            employer_items.append((i, wire))
            continue
        if wire["type"] == p.AUDIT_EVENT:
            audit_items.append((i, wire))
            continue
        errors, seq = _check(wire, device, places, today)
        if errors:
            outcomes[i] = Outcome(str(wire["id"])[:64], p.REJECTED, errors=errors)
            continue
        data = wire["data"]
        checked.append((i, {
            "id": wire["id"], "version": wire["version"], "hash": wire["hash"],
            "schema": wire["schema"], "registration_no": data["registration_no"],
            "device_id": device.device_id,
            "data": {k: data.get(k) for k in p.REGISTRATION_DATA_KEYS}
            # What a schema's hash does not cover is not stored.
            | ({} if wire["schema"] >= 2 else {"training_enrolments": []}),
            "created_at": data["created_at"], "updated_at": data["updated_at"],
            "received_at": received_at,
        }, seq))
    if engine.dialect.name != "postgresql":  # as SQLAlchemy's JSON type writes it
        for _, row, _ in checked:
            row["data_json"] = json.dumps(row["data"])
    officer_ids = {o for o in (_officer_of(w) for w in records) if o is not None}
    # What each record counts for on the dashboard and the facts the duplicate rules
    # compare, as a new registration: worked out before the transaction, so the
    # writers' lock is held only for what depends on what headquarters holds.
    fresh = {i: dashboard_figures.counts_of(row["data"], row["created_at"])
             for i, row, _ in checked}
    people = {i: duplicates.person_of(row["id"], row["data"]) for i, row, _ in checked}
    with writing(engine) as conn:
        # The counter first, as in every writer, then the officers: one lock order.
        number = take_change_numbers(conn, len(checked))
        foreign = bind_officers(conn, device, officer_ids, received_at)
        rows: list[tuple[int, dict[str, Any]]] = []
        for i, row, _ in checked:
            if row["data"]["officer_id"] in foreign:
                outcomes[i] = _officer_refused(row["id"])
            else:
                rows.append((i, row))
        # One id twice in a batch (two versions of one record): the upsert may touch a
        # row once per statement, so later copies go in a second round.
        rounds: list[list[tuple[int, dict[str, Any]]]] = []
        round_ids: list[set[str]] = []
        for i, row in rows:
            for batch, ids in zip(rounds, round_ids, strict=True):
                if row["id"] not in ids:
                    batch.append((i, row))
                    ids.add(row["id"])
                    break
            else:
                rounds.append([(i, row)])
                round_ids.append({row["id"]})
        if rows:
            seats: Counter[str] = Counter()
            # One read of what these ids hold, under the counter's lock: what the
            # dashboard's counts move from, the seats an old version gives back, and
            # the outcome of each upsert.
            held = figures.held(conn, [row["id"] for _, row in rows], columns=(
                registrations.c.version, registrations.c.hash, registrations.c.device_id))
            have: dict[str, Any] = dict(held.rows)
            stored: dict[str, dict[str, Any]] = {}  # the last version stored of each id
            stored_at: dict[str, int] = {}  # and its place in the batch
            for batch in rounds:
                # Same order in every transaction, so two batches never wait on each other
                # in a circle.
                batch.sort(key=lambda item: item[1]["id"])
                for _, row in batch:
                    row["change_no"] = number
                    number += 1
                # Only a new version can give back a seat its old one held.
                before = {row["id"]: training.seats_held(_data_of(have[row["id"]]))
                          for _, row in batch if row["id"] in have}
                done = _write(conn, device, [row for _, row in batch], have)
                for i, row in batch:
                    outcomes[i] = done[row["id"]]
                    if done[row["id"]].status == p.STORED:
                        stored[row["id"]] = row
                        stored_at[row["id"]] = i
                        have[row["id"]] = _Have(row["version"], row["hash"], device.device_id,
                                                row["data"])
                seats.update(training.count_changes(
                    {k: v for k, v in before.items() if v},
                    [row for _, row in batch if done[row["id"]].status == p.STORED]))
            if any(seats.values()):
                moved = {code: n for code, n in seats.items() if n}
                training.apply(conn, moved, take_change_numbers(conn, len(moved)))
            figures.apply(conn, held.moved_by(
                stored, {reg_id: fresh[i] for reg_id, i in stored_at.items()}))
            duplicates.refresh(conn, list(stored.values()), now,
                               {reg_id: people[i] for reg_id, i in stored_at.items()})
        if employer_items:
            outcomes.update(push_employer_records(conn, device, employer_items, today,
                                                  foreign))
        if audit_items:
            outcomes.update(desk_audit.store_events(conn, device, audit_items, received_at))
        # The floor rises only by numbers headquarters holds for this device.
        seqs = [0] + [seq for i, _, seq in checked if outcomes[i].status != p.REJECTED]
        max_seq = conn.execute(
            sa.update(devices).where(devices.c.device_id == device.device_id)
            .values(max_seq=sa.case((devices.c.max_seq < max(seqs), max(seqs)),
                                    else_=devices.c.max_seq),
                    last_seen_at=received_at, **(reported or {}))
            .returning(devices.c.max_seq)
        ).scalar_one()
    return PushResult([outcomes[i] for i in range(len(records))], int(max_seq))


def fetch(conn: Connection, device: Device, record_type: str, record_id: str
          ) -> dict[str, Any] | None:
    """The stored copy of one of this device's records, as a wire record."""
    if record_type != p.REGISTRATION or not p.is_uuid(record_id):
        return None
    row = conn.execute(
        sa.select(registrations).where(registrations.c.id == record_id)
    ).mappings().first()
    if row is None or row["device_id"] != device.device_id:
        return None
    return {"type": p.REGISTRATION, "id": row["id"], "version": row["version"],
            "hash": row["hash"], "schema": row["schema"], "data": dict(row["data"])}


# --- pull: what desks get by cursor -----------------------------------------------------

PULLED = ("reference_data", "employer_request", "referral", p.TRAINING_SESSION,
          p.QR_SUBMISSION, p.DUPLICATE_MARK)


def changes(conn: Connection, device: Device, cursor: int, limit: int
            ) -> tuple[dict[str, list[dict[str, Any]]], int, bool]:
    """Rows changed after ``cursor``, oldest first, at most ``limit`` in all.

    Returns the rows by type, the cursor to ask with next time, and whether more wait.
    Every employer request (its data carries the hire counts), the referrals of this
    device's registrations, reference data, each training session's count, the QR
    submissions of this device's district (registrations) and province (employer
    requests), at every status change, and the duplicate marks headquarters put on this
    device's registrations.
    """
    queries = {
        "reference_data": sa.select(
            reference_data.c.id, reference_data.c.version, reference_data.c.data,
            reference_data.c.change_no).where(reference_data.c.change_no > cursor),
        "employer_request": sa.select(
            employer_requests.c.id, employer_requests.c.version, employer_requests.c.data,
            employer_requests.c.change_no).where(employer_requests.c.change_no > cursor),
        "referral": sa.select(
            referrals.c.id, referrals.c.version, referrals.c.data, referrals.c.change_no)
        .where(referrals.c.change_no > cursor)
        .where(referrals.c.registration_id.in_(
            sa.select(registrations.c.id).where(
                registrations.c.device_id == device.device_id))),
    }
    found: list[tuple[int, str, dict[str, Any]]] = []
    for kind, query in queries.items():
        for row in conn.execute(query.order_by(sa.text("change_no")).limit(limit + 1)):
            found.append((int(row.change_no), kind, {
                "type": kind, "id": row.id, "version": row.version, "data": row.data,
            }))
    sessions = training.pulled_query(cursor).order_by(sa.text("change_no")).limit(limit + 1)
    for row in conn.execute(sessions):
        found.append((int(row.change_no), p.TRAINING_SESSION, {
            "type": p.TRAINING_SESSION, "id": row.id, "version": row.version,
            "data": {"enrolled": row.enrolled}}))
    submissions = qr_submissions.pulled_query(device, cursor).order_by(
        sa.text("change_no")).limit(limit + 1)
    for row in conn.execute(submissions):
        found.append((int(row.change_no), p.QR_SUBMISSION, qr_submissions.pulled_row(row)))
    marks = duplicates.pulled_query(device.device_id, cursor).order_by(
        duplicate_marks.c.change_no).limit(limit + 1)
    for row in conn.execute(marks):
        found.append((int(row.change_no), p.DUPLICATE_MARK, {
            "type": p.DUPLICATE_MARK, "id": row.id, "version": row.version,
            "data": {"duplicate_of": row.duplicate_of, "duplicate_of_no": row.duplicate_of_no,
                     "marked_at": row.marked_at}}))
    found.sort(key=lambda item: item[0])
    more = len(found) > limit
    found = found[:limit]
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in PULLED}
    for _, kind, rec in found:
        out[kind].append(rec)
    return out, (found[-1][0] if found else cursor), more


def published_reference(engine: Engine, ref_id: str) -> dict[str, Any] | None:
    """The data set last published under ``ref_id``, or None."""
    with engine.connect() as conn:
        data = conn.execute(sa.select(reference_data.c.data)
                            .where(reference_data.c.id == ref_id)).scalar()
    return None if data is None else (data if isinstance(data, dict) else json.loads(data))


def publish_reference(engine: Engine, ref_id: str, data: Mapping[str, Any], now: datetime,
                      actor: str | None = None) -> int:
    """Store a newer reference data set (desks pull it); returns its version. With
    ``actor``, the audit log records who published it, in the same transaction."""
    with writing(engine) as conn:
        number = take_change_numbers(conn, 1)
        current = conn.execute(
            sa.select(reference_data.c.version).where(reference_data.c.id == ref_id)
        ).scalar()
        version = (current or 0) + 1
        values = {"version": version, "data": dict(data), "published_at": p.utc_stamp(now),
                  "change_no": number}
        if current is None:
            conn.execute(sa.insert(reference_data).values(id=ref_id, **values))
        else:
            conn.execute(sa.update(reference_data).where(reference_data.c.id == ref_id)
                         .values(**values))
        if actor is not None:
            from sync.server import audit

            audit.record(conn, now, actor, "reference_publish", ref_id,
                         f"{data.get('version')} (change {version})")
    return version


# --- export -------------------------------------------------------------------------------

EXPORT_KEYS = EXPORT_FIELDS + ("received_at", "duplicate_of")


def iter_export(engine: Engine, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every registration received, at its latest version, with the export's keys plus
    ``received_at``; ``device_id`` is the device that pushed it (from its token);
    ``duplicate_of`` the surviving record's id when a data officer found it a duplicate."""
    last = -1
    with engine.connect() as conn:
        while True:
            rows = conn.execute(
                sa.select(registrations, duplicate_marks.c.duplicate_of)
                .outerjoin(duplicate_marks,
                           duplicate_marks.c.registration_id == registrations.c.id)
                .where(registrations.c.change_no > last)
                .order_by(registrations.c.change_no).limit(batch)
            ).mappings().all()
            if not rows:
                return
            for row in rows:
                data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
                rec = dict(data) | {
                    "id": row["id"], "version": row["version"],
                    "device_id": row["device_id"], "received_at": row["received_at"],
                    "duplicate_of": row["duplicate_of"],
                }
                yield {k: rec.get(k) for k in EXPORT_KEYS}
            last = rows[-1]["change_no"]


# --- employer requests and referrals ------------------------------------------------------

HQ_OWNER = "hq"  # the owner of requests the data team adds with ``jobcentre-hq requests``


@cache
def default_work_places() -> WorkPlaces:
    from app.resources import bundled_gazetteer

    gaz = bundled_gazetteer()
    return WorkPlaces(is_province={p.code for p in gaz.provinces()}.__contains__,
                      is_district={d.code for d in gaz.all_districts()}.__contains__)


def _check_employer(wire: Mapping[str, Any], server_today: date) -> list[FieldError]:
    """Every rule a pushed employer request or referral breaks."""
    kind = wire["type"]
    if not p.is_uuid(wire["id"]):
        return [FieldError("id", p.RULE_INVALID_ID)]
    if (kind, wire["schema"]) not in p.CONTENT_FIELDS:
        return [FieldError("schema", p.RULE_SCHEMA_UNSUPPORTED, {"schema": wire["schema"]})]
    data = wire["data"]
    try:
        content = p.content_json(kind, data, wire["schema"])
    except p.NotCanonical:
        return [FieldError("record", "unreadable_row")]
    if p.hash_of(content) != wire["hash"]:
        return [FieldError("hash", p.RULE_HASH_MISMATCH)]
    if _holds_nul(content, data):
        return [FieldError("record", "control_characters")]
    today = _record_today(data, server_today)
    if kind == p.EMPLOYER_REQUEST:
        _, errors = validate_request(data, today=today, places=default_work_places())
    else:
        _, errors = validate_referral(data, today=today)
    return errors + _stamp_errors(data)


def _employer_table(kind: str) -> sa.Table:
    return employer_requests if kind == p.EMPLOYER_REQUEST else referrals


def _store_employer(conn: Connection, owner: str, wire: Mapping[str, Any],
                    touched: set[str]) -> Outcome:
    """Insert or replace one request or referral (the owner's newer version only)."""
    kind, table = wire["type"], _employer_table(wire["type"])
    data = {k: wire["data"].get(k) for k in p.DATA_KEYS[kind]} | {"device_id": owner}
    have = conn.execute(sa.select(table.c.version, table.c.hash, table.c.data)
                        .where(table.c.id == wire["id"])).mappings().first()
    if have is not None:
        held = have["data"] if isinstance(have["data"], dict) else json.loads(have["data"])
        if held.get("device_id") != owner:
            return Outcome(wire["id"], p.REJECTED, errors=[FieldError("id", p.RULE_NOT_OWNER)])
        if wire["version"] <= have["version"]:
            if wire["version"] == have["version"] and wire["hash"] == have["hash"]:
                return Outcome(wire["id"], p.ALREADY_HAD, version=have["version"])
            return Outcome(wire["id"], p.REJECTED, errors=[FieldError(
                "version", p.RULE_VERSION_TAKEN, {"version": have["version"]})])
        if kind == p.EMPLOYER_REQUEST:
            data |= {k: held.get(k) for k in ("hired", "referred", "filled")}
        else:
            # Whatever steps the desk took between syncs, the stored status must be able
            # to reach the new one (the transitions are closed under chaining).
            before, after = str(held.get("status")), str(data.get("status"))
            if after != before and not can_move(before, after):
                return Outcome(wire["id"], p.REJECTED, errors=[FieldError(
                    "status", "invalid_transition", {"from": before, "to": after})])
    values: dict[str, Any] = {
        "version": wire["version"], "hash": wire["hash"], "data": data,
        "updated_at": data["updated_at"], "change_no": take_change_numbers(conn, 1)}
    if kind == p.EMPLOYER_REQUEST:
        values["status"] = data["status"]
        touched.add(wire["id"])
    else:
        values |= {"registration_id": data["registration_id"],
                   "request_id": data["request_id"]}
        touched.add(data["request_id"])
    if have is None:
        conn.execute(sa.insert(table).values(id=wire["id"], **values))
    else:
        conn.execute(sa.update(table).where(table.c.id == wire["id"]).values(**values))
    return Outcome(wire["id"], p.STORED)


def refresh_hire_counts(conn: Connection, request_ids: set[str]) -> None:
    """Recompute hire counts and ``filled`` of requests from every referral to them
    (every district's), as a new change desks pull."""
    for request_id in sorted(request_ids):
        row = conn.execute(sa.select(employer_requests.c.data)
                           .where(employer_requests.c.id == request_id)).first()
        if row is None:
            continue  # its referrals came first; counted when the request arrives
        data = dict(row.data if isinstance(row.data, dict) else json.loads(row.data))
        statuses = []
        # Only referrals of registrations headquarters holds, made by the registration's
        # own device, count (referral_errors stores no other; older rows may remain).
        for ref in conn.execute(sa.select(referrals.c.data, registrations.c.device_id)
                                .join(registrations,
                                      registrations.c.id == referrals.c.registration_id)
                                .where(referrals.c.request_id == request_id)):
            ref_data = ref.data if isinstance(ref.data, dict) else json.loads(ref.data)
            if ref_data.get("device_id") == ref.device_id:
                statuses.append(str(ref_data.get("status")))
        summary = hire_summary(int(data.get("workers_needed") or 0), statuses,
                               str(data.get("status") or "open"))
        counts = {"hired": summary["hired"], "referred": summary["referred"],
                  "filled": summary["filled"]}
        if all(data.get(k) == v for k, v in counts.items()):
            continue
        conn.execute(sa.update(employer_requests)
                     .where(employer_requests.c.id == request_id)
                     .values(data=data | counts, status=summary["status"],
                             change_no=take_change_numbers(conn, 1)))


def referral_errors(conn: Connection, device: Device, data: Mapping[str, Any]
                    ) -> list[FieldError]:
    """What headquarters must hold before it stores a referral: the registration, owned
    by this device (a desk refers only its own returnees: registrations are never pulled,
    so no desk is shown another's), and the employer request."""
    errors = []
    owner = conn.execute(sa.select(registrations.c.device_id)
                         .where(registrations.c.id == data["registration_id"])).scalar()
    if owner is None:
        errors.append(FieldError("registration_id", p.RULE_UNKNOWN_REGISTRATION))
    elif owner != device.device_id:
        errors.append(FieldError("registration_id", p.RULE_NOT_OWN_REGISTRATION))
    if conn.execute(sa.select(employer_requests.c.id)
                    .where(employer_requests.c.id == data["request_id"])).first() is None:
        errors.append(FieldError("request_id", p.RULE_UNKNOWN_REQUEST))
    return errors


def push_employer_records(conn: Connection, device: Device,
                          items: Sequence[tuple[int, Mapping[str, Any]]], today: date,
                          foreign_officers: set[str] | frozenset[str] = frozenset(),
                          ) -> dict[int, Outcome]:
    """Store pushed employer requests and referrals (requests first) in the caller's
    transaction, then recompute the hire counts they change. ``foreign_officers``:
    officer ids another device owns (``bind_officers``)."""
    out: dict[int, Outcome] = {}
    touched: set[str] = set()
    # The dashboard's funnel: the registrations these referrals are (or were) about.
    about = _referred_registrations(conn, [w for _, w in items if w["type"] == p.REFERRAL])
    hold_writers(conn)
    counted = figures.counted_now(conn, about)
    ordered = sorted(items, key=lambda item: (item[1]["type"] != p.EMPLOYER_REQUEST,
                                              str(item[1]["id"])))
    for i, wire in ordered:
        errors = _check_employer(wire, today)
        if not errors and wire["data"].get("officer_id") in foreign_officers:
            errors = [FieldError("officer_id", p.RULE_OFFICER_OF_OTHER_DEVICE)]
        if not errors and wire["type"] == p.REFERRAL:
            errors = referral_errors(conn, device, wire["data"])
        if errors:
            out[i] = Outcome(str(wire["id"])[:64], p.REJECTED, errors=errors)
            continue
        try:
            with conn.begin_nested():
                out[i] = _store_employer(conn, device.device_id, wire, touched)
        except sa.exc.IntegrityError:
            out[i] = Outcome(wire["id"], p.REJECTED, errors=[FieldError("record", "retry")])
    refresh_hire_counts(conn, touched)
    figures.recount(conn, about, counted)
    return out


def _referred_registrations(conn: Connection, wires: Sequence[Mapping[str, Any]]) -> list[str]:
    """The registrations pushed referrals name, and those their stored versions name."""
    named = {str(w["data"].get("registration_id")) for w in wires
             if isinstance(w.get("data"), Mapping)}
    ids = [str(w["id"]) for w in wires]
    for start in range(0, len(ids), 500):
        named.update(conn.execute(sa.select(referrals.c.registration_id).where(
            referrals.c.id.in_(ids[start:start + 500]))).scalars())
    # A duplicate's referrals count for its survivor.
    listed = sorted(named)
    for start in range(0, len(listed), 500):
        named.update(conn.execute(sa.select(duplicate_marks.c.duplicate_of).where(
            duplicate_marks.c.registration_id.in_(listed[start:start + 500]))).scalars())
    return sorted(named)


def add_request(engine: Engine, raw: Mapping[str, Any], now: datetime
                ) -> tuple[str | None, list[FieldError]]:
    """A request the data team adds at headquarters (``jobcentre-hq requests add``):
    validated like a desk's, owned by headquarters, pulled by every desk."""
    rec, errors = validate_request(raw, today=now.astimezone(PHNOM_PENH).date(),
                                   places=default_work_places())
    if errors:
        return None, errors
    stamp = p.utc_stamp(now)
    record_id = str(uuid.uuid4())
    data = rec | {"created_at": stamp, "updated_at": stamp, "officer_id": HQ_OWNER,
                  "device_id": HQ_OWNER, "hired": 0, "referred": 0, "filled": False}
    with writing(engine) as conn:
        conn.execute(sa.insert(employer_requests).values(
            id=record_id, version=1, hash=p.content_hash(p.EMPLOYER_REQUEST, data, 1),
            status=rec["status"], data=data, updated_at=stamp,
            change_no=take_change_numbers(conn, 1)))
    return record_id, []


def get_request(engine: Engine, request_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(employer_requests)
                           .where(employer_requests.c.id == request_id)).mappings().first()
    if row is None:
        return None
    data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
    return dict(data) | {"id": row["id"], "version": row["version"],
                         "status_shown": row["status"]}


# Registrations read per kind of fit (the province, the sector) before ranking, as on
# the desk (app.services.employers.CANDIDATES_PER_FIT), newest received first.
HQ_CANDIDATES_PER_FIT = 2000

# On PostgreSQL candidates are ranked without the fields rank does not read: sending and
# decoding thousands of whole records took most of the time. Those listed get their whole
# record after.
_UNRANKED_KEYS = [k for k in p.REGISTRATION_DATA_KEYS if k not in RANKED_FIELDS]


def _candidate(rec: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A registration as ``rank`` takes it: its data, where it lives, and ``extra``
    (its id, when it was registered, what its referrals say)."""
    village = str(rec.get("home_village_code") or "")
    return dict(rec) | {
        "id": extra["id"], "created_on": extra["created_on"],
        "home_province_code": village[:2], "home_district_code": village[:4],
        "hired": extra["hired"], "referral_count": extra["referral_count"],
        "on_request": extra["on_request"]}


def _decoded(texts: Sequence[str]) -> list[Any]:
    """JSON texts decoded in one call (a third of the time of one call each)."""
    return json.loads("[" + ",".join(texts) + "]") if texts else []


def match(engine: Engine, request_id: str, *, today: date, limit: int | None = 50,
          per_fit: int = HQ_CANDIDATES_PER_FIT) -> list[Match]:
    """Rank synced registrations from every district for a request, with the same
    rules as the desk. SQL keeps those of an allowed sex within the salary bound that
    prefer or live in the workplace province, and those in the sector: the newest
    ``per_fit`` of each (on PostgreSQL read in index order from ``registration_fits``),
    with what every district's referrals say of them; the domain ranks them."""
    req = get_request(engine, request_id)
    if req is None:
        raise KeyError(request_id)
    gender = req["gender"]
    sexes = ["male", "female"] if gender == "any" else [gender]
    bound = salary_bound(int(req["salary_usd"]))
    province, sector = str(req["province_code"]), str(req["sector"])
    data = registrations.c.data
    indexed = engine.dialect.name == "postgresql"
    if indexed:
        fits = registration_fits
        newest = [sa.select(fits.c.registration_id)
                  .where(fits.c.kind == kind, fits.c.code == code, fits.c.sex.in_(sexes),
                         sa.or_(fits.c.salary.is_(None), fits.c.salary <= bound))
                  .order_by(fits.c.change_no.desc()).limit(per_fit)
                  for kind, code in ((FIT_PROVINCE, province), (FIT_SECTOR, sector))]
    else:  # SQLite: each registration's JSON tested, newest first, until enough fit
        salary = data["expected_salary_usd"].as_integer()
        base = (sa.select(registrations.c.id.label("registration_id"))
                .where(data["sex"].as_string().in_(sexes))
                .where(sa.or_(salary.is_(None), salary <= bound)))
        newest = [base.where(fit).order_by(registrations.c.change_no.desc()).limit(per_fit)
                  for fit in (
                      sa.or_(sa.cast(data["preferred_province_codes"], sa.Text)
                             .like(f'%"{province}"%'),
                             data["home_village_code"].as_string().like(f"{province}%")),
                      sa.cast(data["sectors"], sa.Text).like(f'%"{sector}"%'))]
    ids = sa.union(*(sa.select(q.subquery().c.registration_id) for q in newest)).cte("ids")
    # A duplicate's referrals count for its survivor (sync.server.duplicates).
    counted_for = duplicates.effective_registration()
    marks = duplicate_marks.c
    refs = (sa.select(counted_for.label("registration_id"),
                      sa.func.count().label("referral_count"),
                      sa.func.sum(sa.case((referrals.c.data["status"].as_string() == "hired", 1),
                                          else_=0)).label("hired"),
                      sa.func.sum(sa.case((referrals.c.request_id == request_id, 1),
                                          else_=0)).label("on_request"))
            .select_from(referrals.outerjoin(
                duplicate_marks, marks.registration_id == referrals.c.registration_id))
            .where(referrals.c.registration_id.in_(sa.union(
                sa.select(ids.c.registration_id),
                sa.select(marks.registration_id).where(
                    marks.duplicate_of.in_(sa.select(ids.c.registration_id))))))
            .group_by(counted_for).subquery())
    with engine.connect() as conn:
        if indexed:  # the whole records read last come from the same snapshot
            conn.execution_options(isolation_level="REPEATABLE READ")
        # Removing keys (jsonb - text[]) costs the server less than building an object.
        picked = data.op("-")(sa.bindparam("unranked", _UNRANKED_KEYS,
                                           type_=postgresql.ARRAY(sa.Text))) if indexed else data
        rows = conn.execute(
            sa.select(registrations.c.id, sa.cast(picked, sa.Text).label("data"),
                      registrations.c.created_at,
                      refs.c.referral_count, refs.c.hired, refs.c.on_request)
            .join(ids, ids.c.registration_id == registrations.c.id)
            .outerjoin(refs, refs.c.registration_id == registrations.c.id)
            # A registration found to be a duplicate is offered through its survivor.
            .where(~sa.exists().where(marks.registration_id == registrations.c.id))).all()
        cands = [_candidate(rec, {
            "id": reg_id, "created_on": str(created_at)[:10], "hired": bool(hired),
            "referral_count": int(count or 0), "on_request": bool(here)})
            for (reg_id, _, created_at, count, hired, here), rec
            in zip(rows, _decoded([row[1] for row in rows]), strict=True)]
        found = rank(req, cands, today=today, limit=limit)
        if not indexed:
            return found
        listed = [m.registration_id for m in found]
        whole: dict[str, Any] = {}
        for start in range(0, len(listed), 1000):
            got = conn.execute(sa.select(registrations.c.id, sa.cast(data, sa.Text))
                               .where(registrations.c.id.in_(listed[start:start + 1000]))).all()
            whole.update(zip((row[0] for row in got), _decoded([row[1] for row in got]),
                             strict=True))
    return [Match(m.registration_id, m.score, m.reasons,
                  _candidate(whole[m.registration_id], m.candidate)) for m in found]
