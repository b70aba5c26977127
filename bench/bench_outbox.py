"""The desk's side of a push: turning 100,000 pending registrations into request bodies.

Both ways run in one process on the same desk, batch by batch as ``Syncer.push`` reads
them (``ClientSettings.batch_size`` records per body, gzip at ``GZIP_LEVEL``):

- *rebuild* (as before migration 0012): read every column, build the wire record, hash
  its canonical content JSON, ``json.dumps`` the body, gzip it;
- *stored*: read the wire JSON and hash saved with the row (``outbox.pending_wire``),
  join the fragments (``protocol.push_body``), gzip it.

The two bodies are checked to be the same bytes before gzip. Per record, by stage; then
gzip levels (bytes per record against µs per record) on the stored bodies; and a floor:
reading only the rows' ids in the same batches.
"""

from __future__ import annotations

import gzip
import json
import os
import time

from app.store import outbox
from app.store.connection import transaction
from bench.common import _grow, discard, new_desk
from sync import protocol as p
from sync.client import GZIP_LEVEL, ClientSettings

COUNT = int(os.environ.get("JCD_BENCH_OUTBOX_COUNT", "100000"))
DEMO_ROWS = int(os.environ.get("JCD_BENCH_OUTBOX_DEMO", "5000"))
BATCH = ClientSettings().batch_size
LEVELS = (1, 3, 6, 9)


def _batches(conn, read):
    after, out = 0, []
    while True:
        batch = read(conn, after, BATCH)
        if not batch:
            return out
        out.append(batch)
        after = batch[-1][0]


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _old_read(conn, after, limit):
    return [(rec["rid"], rec) for rec in outbox.pending(conn, after, limit)]


def _floor_read(conn, after, limit):
    return conn.execute(
        "SELECT rid, id FROM registrations WHERE sync_state = 'pending' AND rid > ?"
        " ORDER BY rid LIMIT ?", (after, limit)).fetchall()


def _rebuild(conn):
    stages = dict.fromkeys(("read", "wire record + hash", "json.dumps", "gzip"), 0.0)
    bodies = []
    after = 0
    while True:
        rows, t = _timed(lambda a=after: _old_read(conn, a, BATCH))
        stages["read"] += t
        if not rows:
            break
        after = rows[-1][0]
        wires, t = _timed(lambda r=rows: [p.wire_registration(rec) for _, rec in r])
        stages["wire record + hash"] += t
        raw, t = _timed(lambda w=wires: json.dumps(
            {"records": w}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        stages["json.dumps"] += t
        _, t = _timed(lambda r=raw: gzip.compress(r, GZIP_LEVEL))
        stages["gzip"] += t
        bodies.append(raw)
    return stages, bodies


def _stored(conn):
    stages = dict.fromkeys(("read", "join", "gzip"), 0.0)
    bodies, packed = [], []
    after = 0
    while True:
        rows, t = _timed(lambda a=after: outbox.pending_wire(conn, a, BATCH))
        stages["read"] += t
        if not rows:
            break
        after = rows[-1][0]
        raw, t = _timed(lambda r=rows: p.push_body([w for _, w in r]))
        stages["join"] += t
        data, t = _timed(lambda r=raw: gzip.compress(r, GZIP_LEVEL))
        stages["gzip"] += t
        bodies.append(raw)
        packed.append(data)
    return stages, bodies


def _us(seconds: float) -> float:
    return seconds / COUNT * 1e6


def main() -> str:
    desk = new_desk(DEMO_ROWS)
    try:
        conn = desk.conn
        _grow(desk, COUNT)
        pending = conn.execute(
            "SELECT count(*) FROM registrations WHERE sync_state = 'pending'").fetchone()[0]
        assert pending == COUNT, pending
        # What migration 0012 does to an existing desk of this size.
        conn.execute("UPDATE registrations SET wire_data = NULL")
        with transaction(conn):
            _, fill = _timed(lambda: outbox.store_missing_wire(conn))
        _, floor = _timed(lambda: _batches(conn, _floor_read))
        old, old_bodies = _rebuild(conn)
        new, new_bodies = _stored(conn)
        same = old_bodies == new_bodies
        assert same, "the stored bodies differ from the rebuilt ones"
        raw_bytes = sum(map(len, new_bodies))
        levels = []
        for level in LEVELS:
            sizes, t = _timed(lambda lv=level: [len(gzip.compress(b, lv)) for b in new_bodies])
            levels.append((level, sum(sizes) / COUNT, _us(t)))
    finally:
        discard(desk)
    old_total, new_total = sum(old.values()), sum(new.values())
    lines = [
        "## Push bodies at the desk (bench_outbox)",
        "",
        f"{COUNT:,} pending registrations ({DEMO_ROWS:,} demo rows copied in SQL) turned "
        f"into push bodies of {BATCH} records (gzip level {GZIP_LEVEL}), read batch by "
        "batch as `Syncer.push` reads them; µs per record. *rebuild* is how the desk made "
        "them before migration 0012 (every column read, wire record and content hash "
        "built, `json.dumps`); *stored* reads the wire JSON and hash saved with the row "
        "and joins them. Both give the same bytes before gzip "
        f"({'checked' if same else 'NOT the same'}). Floor: reading only each row's id "
        "in the same batches. The machine was shared with other work while this ran: "
        "read the ratios, measured in the same run, more than the absolute figures.",
        "",
        "| stage | rebuild µs/record | stored µs/record |",
        "|---|---:|---:|",
        f"| read the outbox | {_us(old['read']):.1f} | {_us(new['read']):.1f} |",
        f"| wire record + content hash | {_us(old['wire record + hash']):.1f} | (saved) |",
        f"| body JSON | {_us(old['json.dumps']):.1f} | {_us(new['join']):.1f} |",
        f"| gzip (level {GZIP_LEVEL}) | {_us(old['gzip']):.1f} | {_us(new['gzip']):.1f} |",
        f"| **total** | **{_us(old_total):.1f}** | **{_us(new_total):.1f}** |",
        "",
        f"Floor {_us(floor):.1f} µs/record; stored is {new_total / floor:.1f}× the floor, "
        f"rebuild {old_total / floor:.1f}×; stored takes {new_total / old_total:.0%} of "
        f"rebuild's time ({old_total / new_total:.1f}× faster). Uncompressed "
        f"{raw_bytes / COUNT:.0f} bytes per record. Filling the wire columns of "
        f"{COUNT:,} existing rows (what migration 0012 does): {fill:.1f} s "
        f"({_us(fill):.0f} µs/record, paid once; every save now pays it for its row).",
        "",
        "gzip level on the same stored bodies:",
        "",
        "| level | bytes/record | µs/record |",
        "|---:|---:|---:|",
        *(f"| {lv} | {size:.0f} | {us:.1f} |" for lv, size, us in levels),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
