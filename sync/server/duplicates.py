"""Duplicates across districts at headquarters: the same returnee registered by two
desks (a hotline operator and a village officer, or offices in two districts).

Finding is incremental. Every push calls ``refresh`` in its own transaction with the
registrations it stored (new ones and new versions): their blocking keys (phone,
national ID, commune + sex + birth year, with the names normalised by
``app.domain.textnorm``) are written to ``duplicate_keys``, the keys are looked up for
the few registrations that share one, and ``app.domain.duplicates`` (the rules the desk
applies when an officer saves) decides which of those are likely the same person and
why. Each likely pair is kept in ``duplicate_pairs`` with a score; an edit re-scores the
record's open pairs and drops those that no longer match. A decided pair ("same" or
"different") is never reopened or rescored, and a replayed batch stores nothing, so it
finds nothing twice.

"Same person" (``resolve``) keeps both rows: the duplicate gets a ``duplicate_marks``
row naming the survivor, which the desk that owns the duplicate pulls; the duplicate
leaves the blocking keys (a new registration pairs with the survivor instead), and its
open pairs are handed to the survivor. Referrals stay as their desks made them (desks own
and version them); headquarters counts a duplicate's referrals for its survivor
(``effective_registration``) and no longer proposes the duplicate to employers. See
docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from app.domain import duplicates as dup
from app.domain.khmerdate import PHNOM_PENH
from app.domain.registration import birth_year
from app.domain.textnorm import NORMALISER_VERSION
from sync import protocol as p
from sync.server import audit, figures, ingest
from sync.server.db import (
    devices,
    duplicate_keys,
    duplicate_marks,
    duplicate_pairs,
    referrals,
    registrations,
)

OPEN, SAME, DIFFERENT = "open", "same", "different"
DECISIONS = (SAME, DIFFERENT)
CHUNK = 300  # values per IN list
# The best pairs kept for each registration a push stores. A common name in a big
# commune can make dozens of look-alikes; a data officer works down the best few, and
# this keeps what one push writes bounded however alike the people of a place are.
MAX_PAIRS_PER_RECORD = 20

# What a console list or the CLI shows of each side of a pair.
SHOWN_KEYS = ("registration_no", "name_km", "name_latin", "sex", "date_of_birth", "age",
              "phone", "national_id", "home_village_code", "channel", "created_at",
              "withdrawn")


class ResolveRefused(ValueError):
    """A decision that cannot be taken: ``code`` and ``params`` say why, for
    ``app.messages.duplicate_error_text``."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code, self.params = code, params


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    import json

    return json.loads(value)


def person_of(registration_id: str, data: Mapping[str, Any]) -> dup.Person | None:
    """The facts the duplicate rules compare, from a stored registration's data; None
    for a withdrawn one (the desk never matches those either). The birth year is the
    desk's: the date of birth's, or the age counted back from the day it was made."""
    if data.get("withdrawn") is True:
        return None
    made = p.parse_timestamp(data.get("created_at"))
    year = birth_year(data, made.astimezone(PHNOM_PENH).date()) if made else None
    return dup.Person.of(registration_id, dict(data, birth_year=year))


def _key_row(person: dup.Person) -> dict[str, Any]:
    return {"registration_id": person.ref, "phone": person.phone,
            "national_id": person.national_id, "commune": person.commune,
            "sex": person.sex, "birth_year": person.birth_year,
            "name_km": person.names[0], "name_latin": person.names[1],
            "normaliser": NORMALISER_VERSION}


_KEY_ROW_COLUMNS = ("registration_id", "phone", "national_id", "commune", "sex",
                    "birth_year", "name_km", "name_latin", "normaliser")  # _key_row's order


def _person_of_key(row: Any) -> dup.Person:
    return dup.Person(row.registration_id, row.phone, row.national_id, row.commune,
                      row.sex, row.birth_year, (row.name_km, row.name_latin))


def _chunks(values: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start:start + CHUNK])


def _insert(conn: Connection, table: sa.Table):  # noqa: ANN202  (a dialect's Insert)
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


_KEY_COLUMNS = ("registration_id", "phone", "national_id", "commune", "sex", "birth_year",
                "name_km", "name_latin")


def _sharing_keys(conn: Connection, ids: Sequence[str]) -> list[dup.Person]:
    """Everyone in the blocking keys who shares a phone, an ID, or a commune and sex with
    a birth year within one of someone among ``ids`` (whose keys are stored; they are
    among those returned): one query for the whole batch, a join of the keys with
    themselves by each blocking key."""
    if not ids:
        return []
    mine, other = duplicate_keys.alias("mine"), duplicate_keys.alias("other")
    m, o = mine.c, other.c
    shared = (o.phone == m.phone, o.national_id == m.national_id,
              sa.and_(o.commune == m.commune, o.sex == m.sex,
                      o.birth_year.between(m.birth_year - 1, m.birth_year + 1)))
    query = sa.union(*(
        sa.select(*(o[c] for c in _KEY_COLUMNS)).select_from(mine.join(other, on))
        .where(figures.among(conn, m.registration_id, ids)) for on in shared))
    return [dup.Person(ref, phone, national_id, commune, sex, year, (km, latin))
            for ref, phone, national_id, commune, sex, year, km, latin in conn.execute(query)]


def _likely_pairs(people: Iterable[dup.Person], known: Iterable[dup.Person]
                  ) -> dict[tuple[str, str], tuple[int, str]]:
    """(id_a, id_b) -> (score, reasons) for each of ``people`` against ``known``."""
    index = dup.DuplicateIndex()
    for other in known:
        index.add(other)
    out: dict[tuple[str, str], tuple[int, str]] = {}
    for person in people:
        mine = []
        for other, why in index.matches(person):
            a, b = sorted((str(person.ref), str(other.ref)))
            mine.append(((a, b), (dup.pair_score(person, other, why), ",".join(why))))
        mine.sort(key=lambda item: (-item[1][0], item[0]))
        out.update(mine[:MAX_PAIRS_PER_RECORD])
    return out


def _save_pairs(conn: Connection, found: Mapping[tuple[str, str], tuple[int, str]],
                now: datetime) -> None:
    """New pairs open; open ones rescored; decided ones left exactly as they are."""
    if not found:
        return
    insert = _insert(conn, duplicate_pairs)
    stmt = insert.on_conflict_do_update(
        index_elements=[duplicate_pairs.c.id_a, duplicate_pairs.c.id_b],
        set_={"score": insert.excluded.score, "reasons": insert.excluded.reasons},
        where=duplicate_pairs.c.status == OPEN)
    stamp = p.utc_stamp(now)
    conn.execute(stmt, [{"id_a": a, "id_b": b, "score": score, "reasons": why,
                         "status": OPEN, "found_at": stamp}
                        for (a, b), (score, why) in sorted(found.items())])


def _open_pairs_of(conn: Connection, ids: Sequence[str]) -> set[tuple[str, str]]:
    pairs = duplicate_pairs.c
    out: set[tuple[str, str]] = set()
    for chunk in _chunks(ids):
        for row in conn.execute(sa.select(pairs.id_a, pairs.id_b).where(
                pairs.status == OPEN, sa.or_(pairs.id_a.in_(chunk), pairs.id_b.in_(chunk)))):
            out.add((row.id_a, row.id_b))
    return out


def _drop_open(conn: Connection, pairs: Iterable[tuple[str, str]]) -> None:
    t = duplicate_pairs.c
    for a, b in sorted(pairs):
        conn.execute(sa.delete(duplicate_pairs).where(t.id_a == a, t.id_b == b,
                                                      t.status == OPEN))


def _marked(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    """registration id -> its survivor, for those of ``ids`` marked a duplicate."""
    m = duplicate_marks.c
    out: dict[str, str] = {}
    for chunk in _chunks(ids):
        out.update(conn.execute(sa.select(m.registration_id, m.duplicate_of)
                                .where(m.registration_id.in_(chunk))).all())
    return out


def _open_pairs_among(conn: Connection, ids: Sequence[str]) -> set[tuple[str, str]]:
    """The open pairs either side of which is one of ``ids``: two indexed reads, one
    bound list each, however many ids."""
    t = duplicate_pairs.c
    out: set[tuple[str, str]] = set()
    for side in (t.id_a, t.id_b):
        out.update((a, b) for a, b in conn.execute(
            sa.select(t.id_a, t.id_b).where(t.status == OPEN, figures.among(conn, side, ids))))
    return out


def refresh(conn: Connection, stored: Sequence[Mapping[str, Any]], now: datetime,
            people_of: Mapping[str, dup.Person | None] | None = None) -> int:
    """Re-evaluate the pairs of registrations just stored (``{"id", "data"}`` each), in
    the caller's transaction; returns how many likely pairs they are in. ``people_of``:
    id -> ``person_of`` the stored data, worked out before the transaction.

    Set-wise: one read of the marks, one delete and one insert of the keys, one join
    that finds everyone sharing a key with the batch (itself included, so two records
    of one batch pair), then the rules in Python and one upsert of the pairs."""
    ids = sorted({str(r["id"]) for r in stored})
    if not ids:
        return 0
    m = duplicate_marks.c
    marked = set(conn.execute(sa.select(m.registration_id)
                              .where(figures.among(conn, m.registration_id, ids))).scalars())
    people = {}
    people_of = people_of or {}
    for r in stored:
        rid = str(r["id"])
        person = None if rid in marked else (
            people_of[rid] if rid in people_of else person_of(rid, r["data"]))
        if person is not None:
            people[person.ref] = person
    conn.execute(sa.delete(duplicate_keys)
                 .where(figures.among(conn, duplicate_keys.c.registration_id, ids)))
    if people and conn.dialect.name == "postgresql":
        ingest.copy_rows(conn, "duplicate_keys", _KEY_ROW_COLUMNS,
                         [tuple(_key_row(x).values()) for x in people.values()])
    elif people:
        conn.execute(sa.insert(duplicate_keys), [_key_row(x) for x in people.values()])
    found = _likely_pairs(people.values(), _sharing_keys(conn, sorted(people)))
    _drop_open(conn, _open_pairs_among(conn, ids) - found.keys())
    _save_pairs(conn, found, now)
    return len(found)


def rebuild(conn: Connection, now: datetime, batch: int = 2000) -> int:
    """Keys and pairs of every stored registration, a batch at a time in change order:
    for a database that held registrations before duplicates were looked for, or after
    the normaliser changed (``NORMALISER_VERSION``). Decided pairs stay decided."""
    last, pairs = -1, 0
    while True:
        rows = conn.execute(
            sa.select(registrations.c.id, registrations.c.data, registrations.c.change_no)
            .where(registrations.c.change_no > last)
            .order_by(registrations.c.change_no).limit(batch)).all()
        if not rows:
            return pairs
        pairs += refresh(conn, [{"id": r.id, "data": _json(r.data)} for r in rows], now)
        last = rows[-1].change_no


# --- reading pairs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    id_a: str
    id_b: str
    score: int
    reasons: tuple[str, ...]
    status: str
    found_at: str
    resolved_at: str | None
    resolved_by: str | None
    survivor_id: str | None
    a: dict[str, Any]  # SHOWN_KEYS of each side, plus "id" and "district_code"
    b: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"id_a": self.id_a, "id_b": self.id_b, "score": self.score,
                "reasons": list(self.reasons), "status": self.status,
                "found_at": self.found_at, "resolved_at": self.resolved_at,
                "resolved_by": self.resolved_by, "survivor_id": self.survivor_id,
                "a": self.a, "b": self.b}


def _sides(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """What a list shows of each registration, and the district of the desk that sent it."""
    wanted = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(wanted):
        for row in conn.execute(
                sa.select(registrations.c.id, registrations.c.data, registrations.c.version,
                          devices.c.district_code, duplicate_marks.c.duplicate_of)
                .join(devices, devices.c.device_id == registrations.c.device_id)
                .outerjoin(duplicate_marks,
                           duplicate_marks.c.registration_id == registrations.c.id)
                .where(registrations.c.id.in_(chunk))):
            data = _json(row.data)
            out[row.id] = {k: data.get(k) for k in SHOWN_KEYS} | {
                "id": row.id, "version": row.version, "district_code": row.district_code,
                "duplicate_of": row.duplicate_of}
    return out


def _pairs_of_rows(conn: Connection, rows: Sequence[Any]) -> list[Pair]:
    sides = _sides(conn, [x for r in rows for x in (r.id_a, r.id_b)])
    missing: dict[str, Any] = {}
    return [Pair(r.id_a, r.id_b, r.score, tuple(x for x in r.reasons.split(",") if x),
                 r.status, r.found_at, r.resolved_at, r.resolved_by, r.survivor_id,
                 sides.get(r.id_a, missing), sides.get(r.id_b, missing)) for r in rows]


def pairs(conn: Connection, *, status: str = OPEN, limit: int = 50, offset: int = 0
          ) -> list[Pair]:
    """Pairs of one status, best first (highest score, then found earliest)."""
    t = duplicate_pairs.c
    rows = conn.execute(
        sa.select(duplicate_pairs).where(t.status == status)
        .order_by(t.score.desc(), t.found_at, t.id_a, t.id_b)
        .limit(limit).offset(offset)).all()
    return _pairs_of_rows(conn, rows)


def count(conn: Connection, status: str = OPEN) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(duplicate_pairs)
                            .where(duplicate_pairs.c.status == status)).scalar_one())


def ordered(id_a: str, id_b: str) -> tuple[str, str]:
    a, b = sorted((id_a, id_b))
    return a, b


def pair(conn: Connection, id_a: str, id_b: str) -> Pair | None:
    a, b = ordered(id_a, id_b)
    t = duplicate_pairs.c
    row = conn.execute(sa.select(duplicate_pairs).where(t.id_a == a, t.id_b == b)).first()
    return _pairs_of_rows(conn, [row])[0] if row is not None else None


def record(conn: Connection, registration_id: str) -> dict[str, Any] | None:
    """The whole stored registration (its data, id, version, district), for the side by
    side view; None when headquarters has no such record."""
    row = conn.execute(
        sa.select(registrations.c.id, registrations.c.version, registrations.c.data,
                  registrations.c.received_at, devices.c.district_code,
                  duplicate_marks.c.duplicate_of)
        .join(devices, devices.c.device_id == registrations.c.device_id)
        .outerjoin(duplicate_marks, duplicate_marks.c.registration_id == registrations.c.id)
        .where(registrations.c.id == registration_id)).first()
    if row is None:
        return None
    return dict(_json(row.data)) | {
        "id": row.id, "version": row.version, "received_at": row.received_at,
        "district_code": row.district_code, "duplicate_of": row.duplicate_of,
        "referrals": conn.execute(sa.select(sa.func.count()).select_from(referrals)
                                  .where(referrals.c.registration_id == row.id)).scalar_one()}


# --- deciding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    id_a: str
    id_b: str
    status: str
    survivor_id: str | None
    duplicate_id: str | None
    referrals_counted: int  # the duplicate's referrals now counted for the survivor


def _registration(conn: Connection, registration_id: str) -> Any:
    row = conn.execute(sa.select(registrations.c.id, registrations.c.registration_no,
                                 registrations.c.device_id, registrations.c.data)
                       .where(registrations.c.id == registration_id)).first()
    if row is None:
        raise ResolveRefused("unknown_registration", id=registration_id)
    return row


def resolve(conn: Connection, id_a: str, id_b: str, *, same: bool, actor: str,
            now: datetime, survivor_id: str | None = None) -> Resolution:
    """Decide a pair, in the caller's (write) transaction, audited as ``actor``.

    ``same``: the one registered first survives unless ``survivor_id`` picks the other;
    the other is marked a duplicate of it (the owning desk pulls the mark), and whatever
    was marked a duplicate of the other now points at the survivor. ``not same``: the
    pair is closed as "different" and never comes back. Two registrations no push paired
    can still be decided: the data officer may know better than the rules.
    """
    from sync.server.records import take_change_numbers

    def take() -> int:
        return take_change_numbers(conn, 1)

    if id_a == id_b:
        raise ResolveRefused("same_record", id=id_a)
    a, b = ordered(id_a, id_b)
    # Change numbers first: their row lock queues this behind any push in flight, so the
    # pair read below is the one the push left.
    change_no = take()
    rows = {r: _registration(conn, r) for r in (a, b)}
    t = duplicate_pairs.c
    held = conn.execute(sa.select(duplicate_pairs).where(t.id_a == a, t.id_b == b)
                        .with_for_update()).first()
    if held is not None and held.status != OPEN:
        raise ResolveRefused("already_decided", status=held.status,
                             by=held.resolved_by or "", at=held.resolved_at or "")
    marked = _marked(conn, [a, b])
    for rid in (a, b):
        if rid in marked:
            raise ResolveRefused("already_duplicate", id=rid,
                                 registration_no=rows[rid].registration_no,
                                 of=_registration(conn, marked[rid]).registration_no)
    if survivor_id is not None and survivor_id not in (a, b):
        raise ResolveRefused("survivor_not_in_pair", id=survivor_id)
    people = {rid: person_of(rid, _json(rows[rid].data)) for rid in (a, b)}
    if held is None:
        found = (_likely_pairs([people[a]], [people[b]])
                 if people[a] is not None and people[b] is not None else {})
        score, why = found.get((a, b), (0, ""))
    else:
        score, why = held.score, held.reasons
    stamp = p.utc_stamp(now)
    keep, gone = None, None
    if same:
        if survivor_id is None:
            made = {rid: p.parse_timestamp(_json(rows[rid].data).get("created_at"))
                    for rid in (a, b)}
            survivor_id = dup.survivor((made[a], a), (made[b], b)) if all(made.values()) \
                else a
        keep = survivor_id
        gone = b if keep == a else a
    values = {"score": score, "reasons": why, "status": SAME if same else DIFFERENT,
              "resolved_at": stamp, "resolved_by": actor, "survivor_id": keep}
    if held is None:
        conn.execute(sa.insert(duplicate_pairs).values(id_a=a, id_b=b, found_at=stamp,
                                                       **values))
    else:
        conn.execute(sa.update(duplicate_pairs).where(t.id_a == a, t.id_b == b)
                     .values(**values))
    counted = 0
    if same:
        assert keep is not None and gone is not None
        # The dashboard counts a duplicate apart (sync.server.figures): moved here too.
        # The survivor gains the duplicate's referrals (effective_registration).
        with figures.keeping(conn, [gone, keep]):
            counted = _mark(conn, gone, keep, rows[gone].device_id, actor, now, change_no,
                            take)
    detail = (f"survivor {rows[keep].registration_no}, duplicate {rows[gone].registration_no}"
              if same else
              f"{rows[a].registration_no} and {rows[b].registration_no} are different people")
    audit.record(conn, now, actor, "duplicate_same" if same else "duplicate_different",
                 f"{a} {b}", f"{detail}; reasons: {why or 'none'}")
    return Resolution(a, b, SAME if same else DIFFERENT, keep, gone, counted)


def _mark(conn: Connection, gone: str, keep: str, owner: str, actor: str, now: datetime,
          change_no: int, take: Callable[[], int]) -> int:
    """Mark ``gone`` a duplicate of ``keep``; returns the referrals counted for ``keep``."""
    m = duplicate_marks.c
    stamp = p.utc_stamp(now)
    conn.execute(sa.insert(duplicate_marks).values(
        registration_id=gone, duplicate_of=keep, device_id=owner, version=1,
        marked_at=stamp, marked_by=actor, change_no=change_no))
    # Records already marked duplicates of ``gone`` follow it to the survivor.
    for follower in conn.execute(sa.select(m.registration_id).where(m.duplicate_of == gone)
                                 .order_by(m.registration_id)).scalars().all():
        conn.execute(sa.update(duplicate_marks).where(m.registration_id == follower).values(
            duplicate_of=keep, version=m.version + 1, marked_at=stamp, marked_by=actor,
            change_no=take()))
    # ``gone`` pairs with nobody new; its open pairs are the survivor's to weigh.
    others = {x for pr in _open_pairs_of(conn, [gone]) for x in pr} - {gone, keep}
    _drop_open(conn, _open_pairs_of(conn, [gone]))
    conn.execute(sa.delete(duplicate_keys).where(duplicate_keys.c.registration_id == gone))
    k = duplicate_keys.c
    known = [_person_of_key(r) for r in conn.execute(
        sa.select(duplicate_keys).where(k.registration_id.in_(sorted(others | {keep}))))]
    survivor = [x for x in known if x.ref == keep]
    _save_pairs(conn, _likely_pairs(survivor, [x for x in known if x.ref != keep]), now)
    return int(conn.execute(sa.select(sa.func.count()).select_from(referrals).where(
        referrals.c.registration_id.in_(
            sa.select(m.registration_id).where(m.duplicate_of == keep)))).scalar_one())


def effective_registration() -> sa.ColumnElement[Any]:
    """The registration a referral counts for at headquarters: its survivor when the one
    the desk referred was marked a duplicate (use with an outer join of duplicate_marks
    on referrals.registration_id)."""
    return sa.func.coalesce(duplicate_marks.c.duplicate_of, referrals.c.registration_id)


def pulled_query(device_id: str, cursor: int) -> sa.Select:
    """Marks on this device's registrations changed after ``cursor``, for records.changes:
    ``duplicate_mark`` rows naming the survivor and its registration number."""
    m = duplicate_marks.c
    return (sa.select(m.registration_id.label("id"), m.version, m.duplicate_of,
                      registrations.c.registration_no.label("duplicate_of_no"),
                      m.marked_at, m.change_no)
            .join(registrations, registrations.c.id == m.duplicate_of)
            .where(m.device_id == device_id, m.change_no > cursor))
