"""Saving one registration from the form at 1,000,000 records, against a bare insert.

Each save is ``app.services.registrations.register`` as the form calls it (validation,
the likely-duplicate check, numbering, the row, its history row, its search keys, its
wire JSON and hash, and the counts migration 0010's triggers keep), one transaction
each with ``synchronous=FULL``, on the window's connection (``Desk.defer_checkpoints``:
the log is copied back by the window's worker when idle). Runs on the same cached desk
in the same process:

- *floor*: a bare fsync'd insert of one small row per transaction into a scratch table;
- *before migration 0014*: FTS5 merging the search index inside the commits
  (``automerge=4``); between two saves, as the officer fills the next form, the
  worker's idle job of then (a PASSIVE checkpoint);
- *now*: the merging left to the window's idle moments; between two saves, what the
  window does when idle (``MainWindow._idle_upkeep``): one step of merging on its own
  connection (``Desk.merge_search``), then the worker's checkpoint, both timed apart;
- *now, saves back to back*: no idle moment between saves (FTS5 still merges a level in
  the commit that gives it 16 segments).

The runs take turns, ten saves each, so they share the machine's changing load.

Each run also reports the log pages each save wrote (the wal-index's frame count).
"""

from __future__ import annotations

import os
import random
import sys
import time

from app.services import demo, registrations
from app.services.desk import checkpoint
from app.store.registrations import FTS_SEARCH_TABLES
from bench.common import cached_desk, discard, machine_load, p50, pct

COUNT = int(os.environ.get("JCD_BENCH_SAVE_COUNT", "1000000"))
SAVES = int(os.environ.get("JCD_BENCH_SAVES", "150"))
BLOCK = 10


def _ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _automerge(conn, value: int) -> None:  # noqa: ANN001
    for table in FTS_SEARCH_TABLES:
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', {value})")


def _log_frames(desk) -> int:  # noqa: ANN001
    """Pages in the log now: the wal-index header's ``mxFrame`` (bytes 16..20 of -shm)."""
    with open(desk.db_path.with_name(desk.db_path.name + "-shm"), "rb") as fh:
        fh.seek(16)
        return int.from_bytes(fh.read(4), sys.byteorder)


def _saves(desk, records, pages: list[int], between=None) -> list[float]:  # noqa: ANN001
    """Time each save; append the log pages each wrote to ``pages``; ``between()`` runs
    after each save, untimed (the worker's idle job)."""
    times = []
    for rec in records:
        raw = {k: v for k, v in rec.items() if k not in ("created_at", "created_on", "id")}
        raw["duplicate_override_reason"] = None

        def save(raw=raw) -> None:
            try:
                registrations.register(desk, raw)
            except registrations.DuplicatesFound:
                registrations.register(desk, raw | {"duplicate_override_reason": "bench"})

        before = _log_frames(desk)
        times.append(_ms(save))
        after = _log_frames(desk)
        pages.append(after - before if after >= before else after)  # else: the log restarted
        if between is not None:
            between()
    return times


def main() -> str:
    load = machine_load()
    desk = cached_desk(COUNT)
    try:
        rng = random.Random(77)
        records = demo.make_records(SAVES * 3, rng, desk)
        conn = desk.conn
        conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (n INTEGER PRIMARY KEY, body TEXT)")

        def bare(i: int) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bench_floor (body) VALUES (?)", ("x" * 600 + str(i),))
            conn.execute("COMMIT")

        desk.defer_checkpoints()
        reader = desk.reader()
        floor: list[float] = []
        before: list[float] = []
        now: list[float] = []
        burst: list[float] = []
        pages: dict[str, list[int]] = {"before": [], "now": [], "burst": []}
        merge_steps: list[float] = []
        checkpoints: list[float] = []

        def idle() -> None:  # what the window does when idle
            merge_steps.append(_ms(desk.merge_search))
            checkpoints.append(_ms(lambda: checkpoint(reader)))

        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # The runs take turns, BLOCK saves at a time, so a change in the machine's load
        # falls on all of them alike.
        for start in range(0, SAVES, BLOCK):
            block = range(start, min(SAVES, start + BLOCK))
            floor += [_ms(lambda i=i: bare(i)) for i in block]
            _automerge(conn, 4)  # as before migration 0014
            before += _saves(desk, [records[3 * i] for i in block], pages["before"],
                             between=lambda: checkpoint(reader))
            _automerge(conn, 0)
            now += _saves(desk, [records[3 * i + 1] for i in block], pages["now"],
                          between=idle)
            burst += _saves(desk, [records[3 * i + 2] for i in block], pages["burst"])
        reader.close()
    finally:
        discard(desk)

    def row(name: str, t: list[float], run: str | None = None) -> str:
        logged = (f"{p50(pages[run]):.0f} / {pct(pages[run], 95):.0f} / {max(pages[run])}"
                  if run else "1")
        return (f"| {name} | {len(t)} | {p50(t):.2f} | {pct(t, 95):.2f} | {max(t):.2f} |"
                f" {p50(t) / p50(floor):.1f}x | {logged} |")

    return "\n".join([
        "## Saving a registration",
        "",
        f"{COUNT:,} demo registrations (a cached demo desk: 50,000 from the demo "
        "generator and copies, search keys and wire JSON included, SQLCipher); "
        f"{SAVES} saves in each run, one transaction each, `synchronous=FULL`, on the "
        "window's connection; the runs take turns ten saves at a time. Machine: "
        f"{load}; read the ratio to the floor measured in the same run. Target: p50 under "
        "5 ms and p95 under 15 ms.",
        "",
        "| what | saves | p50 ms | p95 ms | max ms | p50 / floor |"
        " log pages per save p50 / p95 / max |",
        "|---|---:|---:|---:|---:|---:|---:|",
        row("floor: bare fsync'd insert of one row", floor),
        row("save before migration 0014 (search merging in the commit)", before, "before"),
        row("save now (search merging and checkpoint when the window is idle)", now, "now"),
        row("save now, back to back (no idle moment between saves)", burst, "burst"),
        "",
        "What the window did when idle between the saves of *now*, 2 s after the last "
        f"change: one step of search merging on its own thread, p50 {p50(merge_steps):.1f}"
        f" ms, p95 {pct(merge_steps, 95):.1f} ms, max {max(merge_steps):.1f} ms (the first "
        "steps also merge what the bulk-built index left); then the worker's PASSIVE "
        f"checkpoint, off the window's thread, p50 {p50(checkpoints):.1f} ms, p95 "
        f"{pct(checkpoints, 95):.1f} ms.",
    ])
