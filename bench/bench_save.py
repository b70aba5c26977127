"""Saving one registration from the form at 1,000,000 records, against a bare insert.

Each save is ``app.services.registrations.register`` as the form calls it (validation,
the likely-duplicate check, numbering, the row, its history row, its search keys, and
the counts migration 0010's triggers keep), one transaction each with
``synchronous=FULL``. Three runs on the same cached desk in the same process:

- *floor*: a bare fsync'd insert of one small row per transaction into a scratch table;
- *checkpoint in the save*: SQLite's default, where the commit that takes the log past
  1,000 pages also copies it back into the database;
- *window*: the window's connection, which leaves that copy to its worker when idle
  (``Desk.defer_checkpoints``); the worker's PASSIVE checkpoint is timed after it.
"""

from __future__ import annotations

import os
import random
import time

from app.services import demo, registrations
from app.services.desk import checkpoint
from bench.common import cached_desk, discard, p50, pct

COUNT = int(os.environ.get("JCD_BENCH_SAVE_COUNT", "1000000"))
SAVES = int(os.environ.get("JCD_BENCH_SAVES", "150"))


def _ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _saves(desk, records) -> list[float]:
    times = []
    for rec in records:
        raw = {k: v for k, v in rec.items() if k not in ("created_at", "created_on", "id")}
        raw["duplicate_override_reason"] = None

        def save(raw=raw) -> None:
            try:
                registrations.register(desk, raw)
            except registrations.DuplicatesFound:
                registrations.register(desk, raw | {"duplicate_override_reason": "bench"})

        times.append(_ms(save))
    return times


def main() -> str:
    desk = cached_desk(COUNT)
    try:
        rng = random.Random(77)
        records = demo.make_records(SAVES * 2, rng, desk)
        conn = desk.conn
        conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (n INTEGER PRIMARY KEY, body TEXT)")

        def bare(i: int) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bench_floor (body) VALUES (?)", ("x" * 600 + str(i),))
            conn.execute("COMMIT")

        floor = [_ms(lambda i=i: bare(i)) for i in range(SAVES)]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        inline = _saves(desk, records[:SAVES])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        desk.defer_checkpoints()
        window = _saves(desk, records[SAVES:])
        reader = desk.reader()
        idle = _ms(lambda: checkpoint(reader))
        reader.close()
    finally:
        discard(desk)

    def row(name: str, t: list[float]) -> str:
        return (f"| {name} | {len(t)} | {p50(t):.2f} | {pct(t, 95):.2f} | {max(t):.2f} |"
                f" {p50(t) / p50(floor):.1f}x |")

    return "\n".join([
        "## Saving a registration",
        "",
        f"{COUNT:,} demo registrations (a cached demo desk); {SAVES} saves in each run, "
        "one transaction each, `synchronous=FULL`, on a shared machine busy with other "
        "work (2 cores), so read the ratio to the floor measured in the same run. "
        "Target: p50 under 5 ms and p95 under 15 ms.",
        "",
        "| what | saves | p50 ms | p95 ms | max ms | p50 / floor |",
        "|---|---:|---:|---:|---:|---:|",
        row("floor: bare fsync'd insert of one row", floor),
        row("save, checkpoint inside the commit (SQLite's default)", inline),
        row("save, the window's connection (checkpoint on the worker)", window),
        "",
        f"The worker's PASSIVE checkpoint after the window's saves: {idle:.1f} ms, off the "
        "window's thread, run 2 s after the last change.",
    ])
