"""Duplicates across districts at headquarters, on PostgreSQL.

The registrations of bench_matching (demo returnees pushed by 40 desks, loaded by COPY)
get their blocking keys and pairs once, as migration 0010 gives a database that held
registrations before (``duplicates.rebuild``). Then, at that size:

- pushes of 100 new registrations (a fifth of them people already registered, typed again
  by another district: phone in another form, names spelt otherwise, an age for the date
  of birth), through ``records.push`` as the API runs it, with the incremental finding and
  with it switched off, so its cost per push shows;
- the console's duplicates page and a pair's page over HTTP (a signed-in data officer,
  the real app), and one "same person" decision.

``JCD_BENCH_DUP_COUNT`` sets the size (default 100,000); ``JOBCENTRE_BENCH_PG_URL`` (or
``JOBCENTRE_TEST_PG_URL``) the database, in a schema of its own dropped afterwards.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bench.bench_matching import load_hq, pg_schema, pg_url
from bench.common import p50, pct

COUNT = int(os.environ.get("JCD_BENCH_DUP_COUNT", "100000"))
BATCHES = 10
BATCH = 100
AGAIN = 0.2  # of each pushed batch: people already registered elsewhere
PAGE_REPEAT = 10


def _again(rec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same person as another district's officer typed them."""
    out = dict(rec)
    phone = str(rec.get("phone") or "")
    if phone.startswith("+855"):
        out["phone"] = "+855" + phone[4:]  # stored E.164 either way
    if rec.get("name_latin"):
        out["name_latin"] = str(rec["name_latin"]).upper()
    if rec.get("date_of_birth"):
        out["age"], out["date_of_birth"] = None, rec["date_of_birth"]
    out["channel"] = rng.choice(["hotline_1297", "walk_in", "field"])
    return out


def _batches(engine: sa.Engine, rng: random.Random, device: Any, seq: int
             ) -> list[list[dict]]:
    """Wire batches of new registrations from ``device``, some of them re-registrations."""
    from app.domain import regno
    from app.services import demo
    from bench.bench_matching import _Clock
    from sync import protocol as p

    with engine.connect() as conn:
        known = [row.data for row in conn.execute(
            sa.select(sa.text("data")).select_from(sa.text("registrations"))
            .order_by(sa.text("random()")).limit(BATCHES * BATCH))]
    clock = _Clock(datetime.now(UTC))
    fresh = demo.make_records(BATCHES * BATCH, rng, clock, 0, BATCHES * BATCH)
    out = []
    for b in range(BATCHES):
        batch = []
        for i in range(BATCH):
            base = fresh[b * BATCH + i]
            if rng.random() < AGAIN:
                base = _again(dict(known[b * BATCH + i]), rng)
            base = dict(base, created_at=p.utc_stamp(datetime.now(UTC)))  # pushed today
            seq += 1
            data = {k: base.get(k) for k in p.REGISTRATION_DATA_KEYS} | {
                "registration_no": regno.format_number(device.district_code,
                                                       device.device_tag, seq),
                "withdrawn": False, "withdrawn_reason": None,
                "updated_at": base["created_at"], "officer_id": "bench",
                "training_enrolments": []}
            batch.append(p.wire_registration(data | {"id": str(uuid.uuid4()), "version": 1}))
        out.append(batch)
    return out


def _push_times(engine: sa.Engine, device: Any, batches: list[list[dict]],
                finding: bool) -> list[float]:
    from sync.server import duplicates, records
    from sync.server.app import default_places

    real = duplicates.refresh
    if not finding:
        duplicates.refresh = lambda *a, **k: 0  # type: ignore[assignment]
    try:
        times = []
        for batch in batches:
            t0 = time.perf_counter()
            result = records.push(engine, device, batch, places=default_places(),
                                  now=datetime.now(UTC))
            times.append((time.perf_counter() - t0) * 1000)
            bad = [o for o in result.outcomes if o.status != "stored"]
            assert not bad, bad[:3]
    finally:
        duplicates.refresh = real
    return times


def _signed_in(engine: sa.Engine) -> Any:
    import re

    from fastapi.testclient import TestClient

    from sync.server import staff
    from sync.server.app import create_app

    staff.add(engine, "Bench Officer", "data_officer", "bench-pass-1", datetime.now(UTC))
    client = TestClient(create_app(engine), base_url="http://127.0.0.1")
    form = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    answer = client.post("/console/login", data={"name": "Bench Officer",
                                                 "password": "bench-pass-1", "csrf": token},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


def _timed_get(client: Any, path: str) -> list[float]:
    client.get(path)  # warm
    times = []
    for _ in range(PAGE_REPEAT):
        t0 = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert answer.status_code == 200, answer.status_code
    return times


def bench(url: str, count: int) -> dict[str, Any]:
    from sync.server import db, devices, duplicates

    engine = db.make_engine(url)
    t0 = time.perf_counter()
    load_hq(engine, count)
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    with db.writing(engine) as conn:
        duplicates.rebuild(conn, datetime.now(UTC))
    rebuilt = time.perf_counter() - t0
    with engine.connect() as conn:
        open_pairs = duplicates.count(conn)
        row = conn.execute(sa.select(db.devices).limit(1)).mappings().one()
    device = devices.Device(row["device_id"], row["device_tag"], row["district_code"], False,
                            int(row["max_seq"]))
    rng = random.Random(12)
    first = device.max_seq + 1
    with_finding = _push_times(engine, device, _batches(engine, rng, device, first), True)
    without = _push_times(engine, device,
                          _batches(engine, rng, device, first + BATCHES * BATCH), False)
    with engine.connect() as conn:
        after = duplicates.count(conn)
        best = duplicates.pairs(conn, limit=1)[0]
    client = _signed_in(engine)
    page = _timed_get(client, "/console/duplicates")
    pair_path = f"/console/duplicates/{best.id_a}/{best.id_b}"
    pair = _timed_get(client, pair_path)
    token_page = client.get(pair_path)
    import re

    token = re.search(r'name="csrf" value="([^"]+)"', token_page.text).group(1)
    t0 = time.perf_counter()
    answer = client.post(pair_path, data={"decision": f"keep:{best.id_a}", "csrf": token},
                         follow_redirects=False)
    decided = (time.perf_counter() - t0) * 1000
    assert answer.status_code == 303, answer.text
    client.close()
    engine.dispose()
    return {"loaded": loaded, "rebuilt": rebuilt, "open_pairs": open_pairs, "after": after,
            "with": with_finding, "without": without, "page": page, "pair": pair,
            "decided": decided}


def main() -> str:
    url = pg_url()
    if url is None:
        return "## Duplicates across districts\n\nSkipped: no PostgreSQL URL.\n"
    with pg_schema(url) as schema_url:
        r = bench(schema_url, COUNT)

    def stats(samples: list[float]) -> str:
        return f"{p50(samples):.1f} / {pct(samples, 95):.1f} / {max(samples):.1f}"

    return "\n".join([
        "## Duplicates across districts (headquarters, PostgreSQL)",
        "",
        f"{COUNT:,} demo registrations from 40 desks (COPY: {r['loaded']:.0f} s), given their "
        f"blocking keys and pairs once by `duplicates.rebuild` (what migration 0010 does "
        f"to a database that held registrations): {r['rebuilt']:.0f} s, "
        f"{COUNT / r['rebuilt']:,.0f} registrations a second, {r['open_pairs']:,} open pairs "
        "(demo names repeat a lot: namesakes in one commune born within a year pair up).",
        "",
        f"Pushes of {BATCH} new registrations, {AGAIN:.0%} of them people already registered "
        f"elsewhere, {BATCHES} batches each (`records.push`, as the API runs it), "
        "p50 / p95 / max ms:",
        "",
        "| push | ms per batch |",
        "|---|---|",
        f"| with duplicate finding | {stats(r['with'])} |",
        f"| finding switched off | {stats(r['without'])} |",
        "",
        f"Open pairs after the pushes: {r['after']:,}.",
        "",
        f"Console over HTTP (the real app, a signed-in data officer; {PAGE_REPEAT} runs after "
        "one warm-up), p50 / p95 / max ms:",
        "",
        "| page | ms |",
        "|---|---|",
        f"| `/console/duplicates` (best 50 pairs, counts) | {stats(r['page'])} |",
        f"| a pair side by side | {stats(r['pair'])} |",
        f"| \"same person\" decision (POST) | {r['decided']:.1f} |",
        "",
        "Target: the duplicates page under 2 s at 1,000,000 registrations.",
    ])


if __name__ == "__main__":
    print(main())
