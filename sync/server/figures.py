"""The national dashboard's numbers at headquarters: kept current inside every push,
read in milliseconds whatever the number of registrations.

``dashboard_counts`` holds, per figure, day registered, home province, channel and key,
how many registrations count there (``app.domain.dashboard_figures`` says what each one
counts for). A change is applied by difference: ``keeping(conn, ids)`` reads what those
registrations count for before the block (their stored version, their referrals'
statuses, whether they are marked duplicates), again after it, and adds the difference.
Run inside the write transaction, after it has taken change numbers: the counter row's
lock orders every writer (records.take_change_numbers), so no two writers interleave
between the two reads, and a replayed or refused record changes nothing, so counts
nothing twice.

The dashboard sums the rows its filters pick; employer requests (few) and training seats
(the catalogue) are read as they stand.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine

from app.domain import dashboard_figures as f
from app.domain.codes import CHANNELS, COURSES, SECTORS
from app.domain.errors import FieldError
from app.domain.reference import Reference, check_reference, is_newer
from app.resources import bundled_gazetteer, bundled_reference
from sync.server import db, ingest, training


def _decoded(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return json.loads(value) if isinstance(value, str | bytes) else {}


def among(conn: Connection, column: sa.ColumnElement[Any], ids: Sequence[str]
          ) -> sa.ColumnElement[bool]:
    """``column`` is one of ``ids``, as one bound value however many there are: a
    PostgreSQL array, or a JSON array SQLite unpacks with ``json_each``. A list of
    thousands of bound values costs more to compile than the query costs to run."""
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(ids), type_=postgresql.ARRAY(sa.Text)))
    listed = sa.func.json_each(sa.bindparam(None, json.dumps(list(ids)), type_=sa.Text)
                               ).table_valued("value")
    return column.in_(sa.select(listed.c.value))


def _marks(conn: Connection, column: str, ids: Sequence[str]) -> list[tuple[str, str]]:
    """(duplicate, survivor) marks whose ``column`` is one of ``ids``."""
    m = db.duplicate_marks.c
    return [tuple(r) for r in conn.execute(sa.select(m.registration_id, m.duplicate_of)
                                           .where(among(conn, m[column], ids)))]


@dataclass
class Held:
    """What some registrations count for as stored now, read once: their stored rows,
    which are marked duplicates, and the statuses of the referrals that count for them.
    A push knows what it stores, so it asks ``moved_by`` what the counts move by
    instead of reading the rows again."""

    rows: dict[str, Any] = field(default_factory=dict)  # id -> row (data, created_at, ...)
    duplicates: set[str] = field(default_factory=set)
    statuses: dict[str, list[str]] = field(default_factory=dict)

    def _counts(self, reg_id: str, data: Mapping[str, Any], created_at: Any) -> Counter[f.Count]:
        return f.counts_of(data, created_at, duplicate=reg_id in self.duplicates,
                           referral_statuses=self.statuses.get(reg_id, ()))

    def counts(self) -> Counter[f.Count]:
        out: Counter[f.Count] = Counter()
        for reg_id, row in self.rows.items():
            out.update(self._counts(reg_id, _decoded(row.data), row.created_at))
        return out

    def moved_by(self, stored: Mapping[str, Mapping[str, Any]],
                 fresh: Mapping[str, Mapping[f.Count, int]] | None = None
                 ) -> dict[f.Count, int]:
        """What the counts move by when ``stored`` (id -> a row as pushed: ``data`` and
        ``created_at``) replaces what is held; the marks and referrals stay as read.
        One pass: each record's old counts taken away, its new ones added.

        ``fresh``: id -> ``counts_of`` the stored row alone (no mark, no referral),
        worked out before the transaction; used for an id with nothing held (no row, no
        mark, no referral), whose counts those are."""
        fresh = fresh or {}
        delta: dict[f.Count, int] = defaultdict(int)
        for reg_id, row in stored.items():
            old = self.rows.get(reg_id)
            if old is not None:
                for count, n in self._counts(reg_id, _decoded(old.data),
                                             old.created_at).items():
                    delta[count] -= n
            new = fresh.get(reg_id) if old is None and reg_id not in self.duplicates \
                and reg_id not in self.statuses else None
            if new is None:
                new = self._counts(reg_id, row["data"], row["created_at"])
            for count, n in new.items():
                delta[count] += n
        return {count: n for count, n in delta.items() if n}


def held(conn: Connection, ids: Sequence[str], *,
         columns: Sequence[sa.ColumnElement[Any]] = ()) -> Held:
    """What ``counted_now`` reads of ``ids`` (and ``columns`` of their rows besides)."""
    ids = sorted(set(ids))
    out = Held()
    if not ids:
        return out
    regs = db.registrations
    out.duplicates = {dup for dup, _ in _marks(conn, "registration_id", ids)}
    counts_for = {dup: survivor for dup, survivor in _marks(conn, "duplicate_of", ids)}
    counts_for.update({reg_id: reg_id for reg_id in ids if reg_id not in out.duplicates})
    statuses: dict[str, list[str]] = defaultdict(list)
    out.rows = {row.id: row for row in conn.execute(
        sa.select(regs.c.id, regs.c.data, regs.c.created_at, *columns)
        .where(among(conn, regs.c.id, ids)))}
    for reg_id, ref_data in conn.execute(
            sa.select(db.referrals.c.registration_id, db.referrals.c.data)
            .where(among(conn, db.referrals.c.registration_id, sorted(counts_for)))):
        statuses[counts_for[reg_id]].append(str(_decoded(ref_data).get("status")))
    out.statuses = dict(statuses)
    return out


def counted_now(conn: Connection, ids: Sequence[str]) -> Counter[f.Count]:
    """What the registrations ``ids`` count for as stored now (none if not stored).

    A registration marked a duplicate counts only as received; the referrals made for it
    count for its survivor (sync.server.duplicates.effective_registration), as do the
    survivor's own."""
    return held(conn, ids).counts()


ALL_DAYS = ""  # the ``day`` of the rows that sum every day: what an undated view reads

_COUNT_COLUMNS = ("figure", "day", "province", "channel", "key", "n")
_PG_MERGE = (
    "INSERT INTO dashboard_counts (figure, day, province, channel, key, n)"
    " SELECT figure, day, province, channel, key, n FROM dashboard_delta"
    " ORDER BY figure, day, province, channel, key"
    " ON CONFLICT (figure, day, province, channel, key)"
    " DO UPDATE SET n = dashboard_counts.n + excluded.n")
_SQLITE_APPLY = (
    "INSERT INTO dashboard_counts (figure, day, province, channel, key, n)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (figure, day, province, channel, key)"
    " DO UPDATE SET n = n + excluded.n")


def apply(conn: Connection, delta: Mapping[f.Count, int]) -> None:
    """Add ``delta`` to the stored counts, and to their every-day sums, in key order (two
    writers lock rows alike). PostgreSQL: the rows by COPY into a temporary table, then
    one upsert from it; SQLite: one executemany."""
    moved: dict[tuple[str, ...], int] = defaultdict(int)
    for (figure, day, province, channel, key), n in delta.items():
        moved[(figure, day, province, channel, key)] += n
        moved[(figure, ALL_DAYS, province, channel, key)] += n
    rows = sorted((*c, n) for c, n in moved.items() if n)
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        ingest.copy_rows(conn, ingest.staging(
            conn, "dashboard_delta", "figure text, day text, province text, channel text,"
            " key text, n bigint"), _COUNT_COLUMNS, rows)
        conn.exec_driver_sql(_PG_MERGE)
    else:
        conn.exec_driver_sql(_SQLITE_APPLY, rows)


def recount(conn: Connection, registration_ids: Sequence[str],
            before: Counter[f.Count]) -> None:
    """Move the counts by what ``registration_ids`` count for now against ``before``
    (``counted_now`` of the same ids, earlier in this transaction)."""
    apply(conn, f.difference(before, counted_now(conn, registration_ids)))


@contextmanager
def keeping(conn: Connection, registration_ids: Sequence[str]) -> Iterator[None]:
    """Move the counts by what the block changes for ``registration_ids`` (their data,
    their referrals, their duplicate marks). Call it after the transaction has taken a
    change number (see the module docstring)."""
    ids = sorted(set(registration_ids))
    before = counted_now(conn, ids)
    yield
    recount(conn, ids, before)


def rebuild(conn: Connection, chunk: int = 20_000) -> int:
    """Count every stored registration afresh (a migration, or after a bulk load that
    bypassed pushes); returns the registrations counted."""
    t, regs = db.dashboard_counts, db.registrations
    conn.execute(sa.delete(t))
    survivors: dict[str, str] = {}
    if sa.inspect(conn).has_table(db.duplicate_marks.name):  # migration 0010 made it
        m = db.duplicate_marks.c
        survivors = dict(conn.execute(sa.select(m.registration_id, m.duplicate_of)).all())
    duplicates = set(survivors)
    statuses: dict[str, list[str]] = defaultdict(list)
    for reg_id, ref_data in conn.execute(
            sa.select(db.referrals.c.registration_id, sa.cast(db.referrals.c.data, sa.Text))):
        statuses[survivors.get(reg_id, reg_id)].append(str(_decoded(ref_data).get("status")))
    total, last = 0, ""
    pending: Counter[f.Count] = Counter()
    while True:
        rows = conn.execute(sa.select(regs.c.id, sa.cast(regs.c.data, sa.Text),
                                      regs.c.created_at)
                            .where(regs.c.id > last).order_by(regs.c.id).limit(chunk)).all()
        if not rows:
            break
        texts = [row[1] for row in rows]
        for row, data in zip(rows, json.loads("[" + ",".join(texts) + "]"), strict=True):
            pending.update(f.counts_of(data, row.created_at, duplicate=row.id in duplicates,
                                       referral_statuses=statuses.get(row.id, ())))
        total += len(rows)
        last = rows[-1].id
        if len(pending) > 200_000:
            apply(conn, pending)
            pending = Counter()
    apply(conn, pending)
    return total


# --- reading: the dashboard ---------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What the dashboard counts: registrations made from ``day_from`` to ``day_to``
    (days in Cambodia, both included), living in ``province``, come by ``channel``."""

    day_from: date | None = None
    day_to: date | None = None
    province: str | None = None
    channel: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"from": self.day_from.isoformat() if self.day_from else None,
                "to": self.day_to.isoformat() if self.day_to else None,
                "province": self.province, "channel": self.channel}


def parse_filters(raw: Mapping[str, Any], provinces: Sequence[str]
                  ) -> tuple[Filters, list[FieldError]]:
    """Filters from text (a query string, command-line options); an empty value means
    no filter. Errors name the field (``from``, ``to``, ``province``, ``channel``)."""
    errors: list[FieldError] = []
    days: dict[str, date | None] = {}
    for key in ("from", "to"):
        text = str(raw.get(key) or "").strip()
        days[key] = None
        if text:
            try:
                days[key] = date.fromisoformat(text)
            except ValueError:
                errors.append(FieldError(key, "invalid_date"))
    if days["from"] and days["to"] and days["from"] > days["to"]:
        errors.append(FieldError("to", "before_start"))
    province = str(raw.get("province") or "").strip() or None
    if province is not None and province not in provinces:
        errors.append(FieldError("province", "unknown_code"))
    channel = str(raw.get("channel") or "").strip() or None
    if channel is not None and channel not in CHANNELS:
        errors.append(FieldError("channel", "unknown_code"))
    if errors:
        return Filters(), errors
    return Filters(days["from"], days["to"], province, channel), []


@dataclass
class Table:
    """One chart's numbers: column names (codes) and rows of values."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class Dashboard:
    filters: Filters
    totals: dict[str, Any]
    tables: dict[str, Table]

    def as_json(self) -> dict[str, Any]:
        return {"filters": self.filters.as_dict(), "totals": self.totals,
                "charts": {name: t.as_dicts() for name, t in self.tables.items()}}


# The charts, in the order the page shows them.
CHARTS = ("per_day", "provinces", "sector_gap", "sector_gap_by_province", "sex_age",
          "salary", "funnel", "training")


def _where(filters: Filters, *, by_place: bool = True) -> list[Any]:
    """The conditions on ``dashboard_counts`` for ``filters``: the every-day sums unless
    a day is given; ``by_place=False`` for figures counted by day only."""
    t = db.dashboard_counts
    out = []
    if filters.day_from or filters.day_to:
        out.append(t.c.day != ALL_DAYS)
        if filters.day_from:
            out.append(t.c.day >= filters.day_from.isoformat())
        if filters.day_to:
            out.append(t.c.day <= filters.day_to.isoformat())
    else:
        out.append(t.c.day == ALL_DAYS)
    if by_place and filters.province:
        out.append(t.c.province == filters.province)
    if by_place and filters.channel:
        out.append(t.c.channel == filters.channel)
    return out


def _days(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [date.fromordinal(n).isoformat() for n in range(start.toordinal(),
                                                           end.toordinal() + 1)]


def open_requests(conn: Connection) -> Counter[tuple[str, str]]:
    """(province, sector) -> workers that open employer requests still need."""
    out: Counter[tuple[str, str]] = Counter()
    rows = conn.execute(sa.select(db.employer_requests.c.data)
                        .where(db.employer_requests.c.status == "open"))
    for (raw,) in rows:
        data = _decoded(raw)
        needed = data.get("workers_needed")
        hired = data.get("hired") if isinstance(data.get("hired"), int) else 0
        if isinstance(needed, int) and not isinstance(needed, bool):
            out[(str(data.get("province_code")), str(data.get("sector")))] += max(
                needed - hired, 0)
    return out


@cache
def province_codes() -> tuple[str, ...]:
    return tuple(p.code for p in bundled_gazetteer().provinces())


def catalogue(conn: Connection) -> Reference:
    """The training catalogue in use: the published one when it passes the desks' check
    and is newer than the bundled one, else the bundled one (as desks choose)."""
    bundled = bundled_reference()
    published = conn.execute(sa.select(db.reference_data.c.data)
                             .where(db.reference_data.c.id == "reference")).scalar()
    data = _decoded(published) if published is not None else None
    if not data:
        return bundled
    known = set(province_codes())
    problems = check_reference(data, is_province=known.__contains__,
                               is_district=lambda c: len(c) == 4 and c[:2] in known)
    if problems or not is_newer(str(data.get("version")), bundled.version):
        return bundled
    return Reference.from_data(data)


def read(conn: Connection, filters: Filters) -> Dashboard:
    """Every figure of the dashboard under ``filters``."""
    t = db.dashboard_counts
    where = _where(filters)
    # Registrations, every state, by day (the per-day chart needs the days): per day by
    # channel, by home province, and the totals.
    dated = _where(filters if filters.day_from or filters.day_to else Filters(
        date.min, date.max, filters.province, filters.channel))
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    for day, channel, n in conn.execute(
            sa.select(t.c.day, t.c.channel, sa.func.sum(t.c.n))
            .where(t.c.figure == f.REGISTERED, *dated).group_by(t.c.day, t.c.channel)):
        per_day[day][channel] += int(n)
    states: Counter[str] = Counter()
    home: Counter[str] = Counter()
    for province, state, n in conn.execute(
            sa.select(t.c.province, t.c.key, sa.func.sum(t.c.n))
            .where(t.c.figure == f.REGISTERED, *where).group_by(t.c.province, t.c.key)):
        states[state] += int(n)
        if state == f.ACTIVE:
            home[province] += int(n)
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    others = (f.PREFERRED_PROVINCE, f.SECTOR, f.SEX_AGE, f.SALARY, f.FUNNEL)
    for figure, key, n in conn.execute(
            sa.select(t.c.figure, t.c.key, sa.func.sum(t.c.n))
            .where(t.c.figure.in_(others), *where).group_by(t.c.figure, t.c.key)):
        sums[figure][key] += int(n)
    for key, n in conn.execute(
            sa.select(t.c.key, sa.func.sum(t.c.n))
            .where(t.c.figure == f.SECTOR_PROVINCE, *_where(filters, by_place=False))
            .group_by(t.c.key)):
        sums[f.SECTOR_PROVINCE][key] += int(n)
    demand: dict[str, Counter[str]] = defaultdict(Counter)
    for province, course, n in conn.execute(
            sa.select(t.c.province, t.c.key, sa.func.sum(t.c.n))
            .where(t.c.figure == f.TRAINING, *where).group_by(t.c.province, t.c.key)):
        demand[province][course] += int(n)

    tables: dict[str, Table] = {}
    days = sorted(d for d, c in per_day.items() if sum(c.values()))
    if days:  # every day of the range, so the line shows days without registrations
        first = filters.day_from.isoformat() if filters.day_from else days[0]
        last = filters.day_to.isoformat() if filters.day_to else days[-1]
        days = _days(min(first, days[0]), max(last, days[-1]))
    tables["per_day"] = Table("per_day", ("day", *CHANNELS, "total"), [
        (d, *(per_day[d][c] for c in CHANNELS), sum(per_day[d].values())) for d in days])

    preferred = sums[f.PREFERRED_PROVINCE]
    tables["provinces"] = Table("provinces", ("province", "home", "preferred"), [
        (code, home[code], preferred[code]) for code in province_codes()
        if home[code] or preferred[code]])

    # Requests are counted as they stand: the filters pick returnees, not employers.
    requested = open_requests(conn)
    by_sector: Counter[str] = Counter()
    for (_, sector), n in requested.items():
        by_sector[sector] += n
    tables["sector_gap"] = Table("sector_gap", ("sector", "wanted", "requested", "gap"), [
        (s, sums[f.SECTOR][s], by_sector[s], by_sector[s] - sums[f.SECTOR][s])
        for s in SECTORS if sums[f.SECTOR][s] or by_sector[s]])
    wanted_at: Counter[tuple[str, str]] = Counter()
    for key, n in sums[f.SECTOR_PROVINCE].items():
        province, _, sector = key.partition("|")
        wanted_at[(province, sector)] += n
    pairs = sorted(set(wanted_at) | {k for k, n in requested.items() if n},
                   key=lambda ps: (province_order(ps[0]), sector_order(ps[1])))
    tables["sector_gap_by_province"] = Table(
        "sector_gap_by_province", ("province", "sector", "wanted", "requested", "gap"),
        [(pr, s, wanted_at[(pr, s)], requested[(pr, s)], requested[(pr, s)] - wanted_at[(pr, s)])
         for pr, s in pairs if wanted_at[(pr, s)] or requested[(pr, s)]])

    sex_age = sums[f.SEX_AGE]
    bands = [code for code, _, _ in f.AGE_BANDS] + [f.UNKNOWN]
    tables["sex_age"] = Table("sex_age", ("age_band", "male", "female", "total"), [
        (b, sex_age[f"male|{b}"], sex_age[f"female|{b}"],
         sum(sex_age[f"{s}|{b}"] for s in ("male", "female", f.UNKNOWN)))
        for b in bands if b != f.UNKNOWN or any(sex_age[f"{s}|{b}"]
                                                for s in ("male", "female", f.UNKNOWN))])

    salary = sums[f.SALARY]
    tables["salary"] = Table("salary", ("band", "registrations"), [
        (code, salary[code]) for code in [b for b, _, _ in f.SALARY_BANDS] + [f.NOT_GIVEN]
        if code != f.NOT_GIVEN or salary[code]])

    funnel = sums[f.FUNNEL]
    tables["funnel"] = Table("funnel", ("stage", "count"), [
        (stage, funnel[stage]) for stage in (f.REFERRED, f.INTERVIEWED, f.HIRED)])

    cat = catalogue(conn)
    enrolled = training.counts(conn)
    seats: Counter[str] = Counter()
    taken: Counter[str] = Counter()
    for s in cat.sessions:
        if filters.province and s.province_code != filters.province:
            continue
        seats[s.province_code] += s.seats
        taken[s.province_code] += enrolled.get(s.code, 0)
    tables["training"] = Table(
        "training", ("province", "demand", *COURSES, "seats", "enrolled", "seats_left"), [
            (code, sum(demand[code].values()), *(demand[code][c] for c in COURSES),
             seats[code], taken[code], max(seats[code] - taken[code], 0))
            for code in province_codes() if demand[code] or seats[code]])

    active = states[f.ACTIVE]
    placed = funnel[f.PLACED]
    totals = {"registrations": sum(states.values()), "active": active,
              "withdrawn": states[f.WITHDRAWN], "duplicates": states[f.DUPLICATE],
              "referred": funnel[f.REFERRED], "hired": funnel[f.HIRED], "placed": placed,
              "placement_rate": round(placed / active, 4) if active else 0.0}
    return Dashboard(filters, totals, tables)


_CACHE_SIZE = 32
_cached: OrderedDict[tuple[str, Filters, int], Dashboard] = OrderedDict()
_cache_lock = threading.Lock()


def read_cached(engine: Engine, filters: Filters) -> Dashboard:
    """``read``, remembered until headquarters' data changes: every write takes a change
    number, so the last one handed out says whether what was read is still true. A page
    and its charts (one request each) then read the counts once."""
    with engine.connect() as conn:
        last = int(conn.execute(sa.select(db.change_counter.c.last_no)).scalar_one())
        key = (str(engine.url), filters, last)
        with _cache_lock:
            if key in _cached:
                _cached.move_to_end(key)
                return _cached[key]
        found = read(conn, filters)
    with _cache_lock:
        _cached[key] = found
        while len(_cached) > _CACHE_SIZE:
            _cached.popitem(last=False)
    return found


def province_order(code: str) -> int:
    codes = province_codes()
    return codes.index(code) if code in codes else len(codes)


def sector_order(code: str) -> int:
    return SECTORS.index(code) if code in SECTORS else len(SECTORS)
