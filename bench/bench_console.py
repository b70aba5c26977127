"""The console's national dashboard at 100,000 and 1,000,000 registrations.

Headquarters is loaded directly (PostgreSQL: COPY in one transaction, as
bench_matching does, with referrals from every district; SQLite: executemany), then
``dashboard_counts`` is filled by ``figures.rebuild`` (what migration 0009 runs). Timed:

- the dashboard's numbers (``figures.read``, uncached) without filters and with each
  filter, and every chart rendered as SVG (pygal);
- the page as a browser gets it, when the console is there: ``GET /console/`` signed in
  as a viewer, with its eight chart SVGs, over the ASGI app;
- what keeping the counts costs a push: batches of 200 new registrations through
  ``records.push`` with the counts kept, and with them switched off;
- the alternative: one GROUP BY over the registrations' JSON (what a materialised view
  refresh or a live query would pay for a single chart).

PostgreSQL comes from ``JOBCENTRE_BENCH_PG_URL`` (or ``JOBCENTRE_TEST_PG_URL``); the
benchmark uses its own schema there and drops it. ``JCD_BENCH_CONSOLE_SIZES`` (comma
separated) overrides the sizes, ``JCD_BENCH_CONSOLE_SQLITE`` the SQLite ones.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.common import p50, pct

SIZES = tuple(int(n) for n in os.environ.get(
    "JCD_BENCH_CONSOLE_SIZES", "100000,1000000").split(",") if n)
SQLITE_SIZES = tuple(int(n) for n in os.environ.get(
    "JCD_BENCH_CONSOLE_SQLITE", "100000").split(",") if n)
ROUNDS = 10
PUSH_BATCHES = 8
PUSH_SIZE = 200


def _filters() -> list[tuple[str, Any]]:
    from sync.server.figures import Filters

    today = datetime.now(UTC).date()
    return [
        ("no filter", Filters()),
        ("last 30 days", Filters(day_from=today - timedelta(days=30), day_to=today)),
        ("one province (Prey Veng)", Filters(province="14")),
        ("one channel (hotline)", Filters(channel="hotline_1297")),
        ("all three", Filters(day_from=today - timedelta(days=30), day_to=today,
                              province="14", channel="hotline_1297")),
    ]


def _timed(fn, rounds: int = ROUNDS) -> list[float]:  # noqa: ANN001
    fn()  # warm the cache, as a second visit would find it
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _load_sqlite(engine: sa.Engine, count: int, seed: int = 5) -> None:
    """``count`` demo registrations from 40 desks, straight into the table."""
    from app.domain import regno
    from app.domain.registration import FIELDS
    from app.services import demo
    from bench.bench_matching import HQ_DEVICES, _Clock
    from sync import protocol as p
    from sync.server import db

    db.migrate(engine)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    stamp = p.utc_stamp(now)
    districts = sorted({v[:4] for v in demo._villages()})
    devices = [(str(uuid.uuid4()), regno.new_device_tag(), rng.choice(districts))
               for _ in range(HQ_DEVICES)]
    keys = FIELDS + ("withdrawn", "withdrawn_reason", "created_at", "updated_at",
                     "officer_id", "registration_no")
    seqs = [0] * len(devices)
    with db.writing(engine) as conn:
        conn.execute(sa.insert(db.devices), [
            {"device_id": d, "device_tag": t, "district_code": dc, "enrolled_at": stamp,
             "max_seq": 0} for d, t, dc in devices])
        change_no = 0
        for start in range(0, count, 20_000):
            rows = []
            for rec in demo.make_records(min(20_000, count - start), rng, _Clock(now), start,
                                         count):
                i = rng.randrange(len(devices))
                seqs[i] += 1
                rec |= {"withdrawn": rng.random() < 0.01, "updated_at": rec["created_at"],
                        "officer_id": "bench", "registration_no": regno.format_number(
                            devices[i][2], devices[i][1], seqs[i])}
                if rec["withdrawn"]:
                    rec["withdrawn_reason"] = "moved abroad again"
                change_no += 1
                rows.append({"id": str(uuid.uuid4()), "version": 1, "hash": "0" * 64,
                             "schema": 1, "registration_no": rec["registration_no"],
                             "device_id": devices[i][0], "data": {k: rec.get(k) for k in keys},
                             "created_at": rec["created_at"], "updated_at": rec["created_at"],
                             "received_at": stamp, "change_no": change_no})
            conn.execute(sa.insert(db.registrations), rows)
        conn.execute(sa.update(db.change_counter).values(last_no=change_no))


def _push_cost(engine: sa.Engine) -> tuple[list[float], list[float]]:
    """Push times (ms) of new 200-record batches, counts kept / switched off."""
    from app.domain import regno
    from app.domain.registration import FIELDS
    from app.services import demo
    from bench.bench_matching import _Clock
    from sync import protocol as p
    from sync.server import db, figures, records
    from sync.server import devices as dev
    from sync.server.app import default_places

    rng = random.Random(11)
    now = datetime.now(UTC)
    code = dev.new_code(engine, "0502", now)
    device, _ = dev.enrol(engine, code=code, device_id=str(uuid.uuid4()),
                          device_tag=regno.new_device_tag(), office_code="0502", now=now)
    seq = 0

    def batch() -> list[dict[str, Any]]:
        nonlocal seq
        out = []
        for rec in demo.make_records(PUSH_SIZE, rng, _Clock(now)):
            seq += 1
            data = {k: rec.get(k) for k in FIELDS} | {
                "withdrawn": False, "withdrawn_reason": None, "created_at": rec["created_at"],
                "updated_at": rec["created_at"], "officer_id": "bench",
                "registration_no": regno.format_number("0502", device.device_tag, seq)}
            data["training_enrolments"] = []
            schema = p.registration_schema(data)
            out.append({"type": "registration", "id": str(uuid.uuid4()), "version": 1,
                        "hash": p.content_hash("registration", data, schema),
                        "schema": schema, "data": data})
        return out

    uncounted: list[str] = []

    def timed(n: int, counted: bool = True) -> list[float]:
        out = []
        for _ in range(n):
            wire = batch()
            if not counted:
                uncounted.extend(w["id"] for w in wire)
            t0 = time.perf_counter()
            result = records.push(engine, device, wire, places=default_places(), now=now)
            out.append((time.perf_counter() - t0) * 1000)
            assert all(o.status == p.STORED for o in result.outcomes), result.outcomes[:3]
        return out

    timed(1)
    kept = timed(PUSH_BATCHES)
    moved_by = figures.Held.moved_by
    figures.Held.moved_by = lambda self, stored: {}  # type: ignore[method-assign]
    try:
        off = timed(PUSH_BATCHES, counted=False)
    finally:
        figures.Held.moved_by = moved_by  # type: ignore[method-assign]
    with db.writing(engine) as conn:  # the batches pushed uncounted, counted after all
        records.hold_writers(conn)
        figures.apply(conn, figures.counted_now(conn, uncounted))
    return kept, off


def _page_times(engine: sa.Engine) -> list[float] | None:
    """``GET /console/`` and its chart SVGs as a signed-in viewer, over the ASGI app."""
    try:
        from sync.server import staff as accounts
        from sync.server.console import web  # noqa: F401  (the console is there)
    except ImportError:
        return None
    import re

    from fastapi.testclient import TestClient

    from sync.server.app import create_app

    accounts.add(engine, "bench-viewer", "viewer", "bench-password-1",
                 datetime.now(UTC))
    client = TestClient(create_app(engine), base_url="http://127.0.0.1")
    page = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    signed = client.post("/console/login", data={"name": "bench-viewer",
                                                 "password": "bench-password-1",
                                                 "csrf": token}, follow_redirects=False)
    assert signed.status_code == 303, signed.text[:300]
    from sync.server import figures

    def visit() -> None:
        figures._cached.clear()  # every visit reads the counts afresh
        html = client.get("/console/")
        assert html.status_code == 200
        for src in re.findall(r'<iframe src="([^"]+)"', html.text):
            assert client.get(src.replace("&amp;", "&")).status_code == 200

    return _timed(visit, 5)


def _alternative(engine: sa.Engine) -> float:
    """One chart's numbers (per day by channel) straight from the registrations' JSON."""
    on_pg = engine.dialect.name == "postgresql"
    channel = "data->>'channel'" if on_pg else "json_extract(data, '$.channel')"
    sql = (f"SELECT substr(created_at, 1, 10), {channel}, count(*) FROM registrations "
           "GROUP BY 1, 2")
    with engine.connect() as conn:
        conn.exec_driver_sql(sql).all()
        t0 = time.perf_counter()
        conn.exec_driver_sql(sql).all()
        return (time.perf_counter() - t0) * 1000


def _measure(engine: sa.Engine, loaded_s: float, count: int) -> dict[str, Any]:
    from sync.server import db, figures
    from sync.server.console import dashboard as page

    t0 = time.perf_counter()
    with db.writing(engine) as conn:
        figures.rebuild(conn)
    rebuilt = time.perf_counter() - t0
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE dashboard_counts")
    with engine.connect() as conn:
        rows = conn.execute(sa.select(sa.func.count()).select_from(db.dashboard_counts)
                            ).scalar_one()
    reads = []
    for label, filters in _filters():
        def once(filters=filters) -> None:  # noqa: ANN001
            with engine.connect() as conn:
                figures.read(conn, filters)
        reads.append((label, _timed(once)))
    with engine.connect() as conn:
        found = figures.read(conn, figures.Filters())
    svgs = (_timed(lambda: [page.chart_svg(found.tables[n], "km") for n in figures.CHARTS], 5)
            if hasattr(page, "chart_svg") else [0.0])
    out = {"count": count, "loaded_s": loaded_s, "rebuilt_s": rebuilt, "rows": rows,
           "reads": reads, "svgs": svgs, "page": _page_times(engine),
           "alternative_ms": _alternative(engine), "total": found.totals["registrations"]}
    out["push_kept"], out["push_off"] = _push_cost(engine)
    return out


def _pg(count: int, base: str) -> dict[str, Any]:
    from bench.bench_matching import load_hq, pg_schema
    from sync.server import db

    with pg_schema(base) as url:
        engine = db.make_engine(url)
        t0 = time.perf_counter()
        load_hq(engine, count)
        loaded = time.perf_counter() - t0
        try:
            return _measure(engine, loaded, count)
        finally:
            engine.dispose()


def _sqlite(count: int) -> dict[str, Any]:
    from sync.server import db

    folder = Path(tempfile.mkdtemp(prefix="jcd-bench-hq-"))
    try:
        engine = db.make_engine(f"sqlite:///{(folder / 'hq.sqlite3').as_posix()}")
        t0 = time.perf_counter()
        _load_sqlite(engine, count)
        loaded = time.perf_counter() - t0
        try:
            return _measure(engine, loaded, count)
        finally:
            engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _lines(db_name: str, r: dict[str, Any]) -> list[str]:
    every = [ms for _, times in r["reads"] for ms in times]
    page = r["page"]
    return [
        f"| {db_name} | {r['count']:,} | {r['loaded_s']:.0f} s / {r['rebuilt_s']:.0f} s | "
        f"{r['rows']:,} | {p50(every):.0f} / {pct(every, 95):.0f} | "
        + " | ".join(f"{p50(t):.0f}" for _, t in r["reads"])
        + f" | {p50(r['svgs']):.0f} | "
        + (f"{p50(page):.0f} / {pct(page, 95):.0f}" if page else "–")
        + f" | {p50(r['push_kept']):.0f} / {p50(r['push_off']):.0f} | "
        f"{r['alternative_ms']:.0f} |"]


def main() -> str:
    from bench.bench_matching import pg_url

    results: list[tuple[str, dict[str, Any]]] = []
    base = pg_url()
    for count in SQLITE_SIZES:
        print(f"  SQLite, {count:,} registrations", flush=True)
        results.append(("SQLite", _sqlite(count)))
    if base:
        for count in SIZES:
            print(f"  PostgreSQL, {count:,} registrations", flush=True)
            results.append(("PostgreSQL", _pg(count, base)))
    labels = [label for label, _ in _filters()]
    raw = {f"{db_name} {r['count']}": {k: v for k, v in r.items() if k != "reads"}
           | {"reads": dict(r["reads"])} for db_name, r in results}
    Path(tempfile.gettempdir(), "bench_console.json").write_text(json.dumps(raw, default=str))
    return "\n".join([
        "## Console dashboard",
        "",
        "Demo registrations from 40 desks over 150 days (1% withdrawn; on PostgreSQL with "
        "50 referrals per 1,000 from every district), loaded directly, then counted into "
        "`dashboard_counts` by `figures.rebuild` (migration 0009's fill). The numbers "
        f"(`figures.read`, uncached, {ROUNDS} rounds after one warm-up) with each filter; the "
        "eight charts rendered by pygal; the page as a signed-in viewer gets it "
        "(`GET /console/` and its eight SVGs over the ASGI app, counts read afresh each "
        f"time, 5 rounds); {PUSH_BATCHES} pushes of {PUSH_SIZE} new registrations with the "
        "counts kept in the push against the same with them switched off; and, for "
        "comparison, one chart's numbers by a GROUP BY over the registrations' JSON (what a "
        "materialised view's refresh or a live query pays, per chart).",
        "",
        "| database | registrations | loaded / counted | count rows | numbers p50 / p95 ms | "
        + " | ".join(f"{label} p50 ms" for label in labels)
        + " | 8 SVGs p50 ms | page + SVGs p50 / p95 ms | push 200 kept / off p50 ms "
        "| one chart from JSON ms |",
        "|---|---:|---:|---:|---|" + "---:|" * len(labels) + "---:|---|---|---:|",
        *(line for db_name, r in results for line in _lines(db_name, r)),
        "",
        f"Target: the dashboard in under 1 s at {max(SIZES or (0,)):,} on PostgreSQL."
        + ("" if base else " PostgreSQL skipped: set `JOBCENTRE_BENCH_PG_URL`."),
    ])


if __name__ == "__main__":
    print(main())
