"""Import speed and memory: 100,000 good rows from JSON Lines and from CSV into an empty
desk, against a raw executemany of the same rows (the floor), each in a fresh process so
that its peak RSS is the import's own."""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.services import demo, registrations, transfer  # noqa: E402
from app.store import registrations as store  # noqa: E402
from bench.common import discard, new_desk, write_import_files  # noqa: E402

COUNT = 100_000
CACHE = Path(tempfile.gettempdir()) / "jcd-bench-import"


def _files() -> tuple[Path, Path]:
    """The two input files, made once and kept under /tmp (never committed)."""
    CACHE.mkdir(exist_ok=True)
    jsonl, csvfile = CACHE / f"in-{COUNT}.jsonl", CACHE / f"in-{COUNT}.csv"
    if jsonl.exists() and csvfile.exists():
        return jsonl, csvfile
    desk = new_desk()
    records = demo.make_records(COUNT, random.Random(5), desk)
    discard(desk)
    write_import_files(records, jsonl, csvfile)
    return jsonl, csvfile


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one_import(path: Path) -> dict:
    desk = new_desk()
    started, cpu = time.perf_counter(), time.process_time()
    report = transfer.import_file(desk, path, keep_duplicates=True)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    out = {"seconds": seconds, "cpu": cpu, "saved": len(report.saved),
           "problems": len(report.problems), "kept": report.kept_duplicates,
           "rss_mb": _peak_mb()}
    discard(desk)
    return out


def _floor(path: Path, *, triggers: bool) -> dict:
    """The same rows' SQL alone: the rows read, checked and turned into parameters (their
    wire copies, and for the bulk fill their counts and fits, included) before the clock
    starts, then written in one transaction: with ``triggers`` by one executemany per
    table with migration 0010's per-row count and fit triggers firing, without them as
    the import writes them (triggers dropped, counts and fits written set-wise)."""
    desk = new_desk()
    today = desk.today()
    officer = desk.require_officer()
    stamp = {"device_id": desk.device_id, "officer_id": officer.officer_id,
             "created_at": desk.now_iso(), "created_on": today.isoformat()}
    records = []
    for _, raw in transfer._rows(path):
        rec, _errors = registrations.check(desk, raw, today=today)
        rec["id"] = str(uuid.uuid4())
        records.append(rec)
    conn = desk.conn
    conn.execute(f"PRAGMA cache_size = -{store.BULK_CACHE_KIB}")
    conn.execute("BEGIN IMMEDIATE")
    bulk = store.BulkInsert(conn, keep_triggers=triggers)
    batch = bulk.prepare(records, district=desk.office_code, tag=desk.device_tag,
                         stamp=stamp)
    started, cpu = time.perf_counter(), time.process_time()
    bulk.write(batch)
    bulk.finish()
    conn.execute("COMMIT")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert conn.execute("SELECT sum(n) FROM registration_sync_counts").fetchone()[0] == len(
        records)
    discard(desk)
    return {"seconds": seconds, "cpu": cpu, "rows": len(records)}


def _in_child(kind: str, path: Path, root: Path = ROOT) -> dict:
    done = subprocess.run(
        [sys.executable, str(root / "bench" / "bench_import.py"), kind, str(path)],
        cwd=root, check=True, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rate(run: dict) -> str:
    return (f"{run['seconds']:.1f} s ({COUNT / run['seconds']:,.0f}/s) / "
            f"{run['cpu']:.1f} s ({COUNT / run['cpu']:,.0f}/s)")


def _ratio(run: dict, floor: dict) -> str:
    return f"{floor['seconds'] / run['seconds']:.2f}x / {floor['cpu'] / run['cpu']:.2f}x"


def main() -> str:
    jsonl, csvfile = _files()
    # An older checkout (JCD_BENCH_BEFORE, e.g. a git worktree of the commit before the
    # bulk import) is timed in the same run, with its own code.
    before_root = os.environ.get("JCD_BENCH_BEFORE")
    rows, cpu_runs, sql_share = [], [], []
    for fmt, path in (("jsonl", jsonl), ("csv", csvfile)):
        floor_triggers = _in_child("floor-triggers", path)
        floor = _in_child("floor-bulk", path)
        run = _in_child("import", path)
        before = _in_child("import", path, Path(before_root)) if before_root else None
        cpu_runs.append(run["cpu"])
        sql_share.append(floor["cpu"] / run["cpu"])
        rows.append(
            f"| {fmt} | {run['saved']:,} | {run['kept']} | {_rate(run)} | "
            f"{_rate(floor)} | {_ratio(run, floor)} | {_rate(floor_triggers)} | "
            f"{_ratio(run, floor_triggers)} | {run['rss_mb']:.0f} MB | "
            + (f"{_rate(before)}, {before['rss_mb']:.0f} MB |" if before else "not run |")
        )
    return "\n".join([
        "## Import (`jobcentre import`)",
        "",
        "100,000 valid demo rows into an empty desk, in a fresh process each: every row "
        "validated, the whole file checked for likely duplicates (against the desk and its "
        "own earlier rows, `--keep-duplicates` so random demo collisions are kept rather "
        "than refused), saved in one transaction, read and saved 2,000 rows at a time by "
        "`store.bulk_insert` (the per-row count and fit triggers of migration 0010 dropped "
        "for the import's inserts and made again before the commit, their counts tallied "
        "in Python and written once per key, each row's wire copy written with the row). "
        "Each time is wall / CPU (`time.process_time`, the process's own). "
        "*Floor (bulk)*: the raw executemany of the same rows into the same schema as the "
        "import writes them (registrations with their wire copies, versions, search "
        "tables, name words, fits, session members, then the kept counts), with every "
        "parameter built before its clock starts: the fair floor, since it ends in the "
        "same database the import makes, by the same SQL. *Floor (per-row triggers)*: the "
        "same rows by executemany with the triggers left to fire per row, the way the "
        "floor was measured before. Ratio: import rows/s over floor rows/s (wall / CPU), "
        "same run. *Before*: the commit before the bulk import (`insert_many` per chunk, "
        "triggers per row, wire copies read back and updated), timed in the same run from "
        "a checkout of it. Targets: under 5 s (20,000 rows/s), at least 0.3x the floor, "
        "peak RSS under 500 MB. On a 2-core machine: wall times suffer most when it is "
        "busy; compare the CPU times and the ratios, all measured in the same run.",
        "",
        "| format | saved | likely duplicates kept | import | floor (bulk) | ratio | "
        "floor (per-row triggers) | ratio | peak RSS | before |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"The import took {min(cpu_runs):.1f}-{max(cpu_runs):.1f} s of CPU for 100,000 rows, "
        f"of which the SQL (the bulk floor) is {min(sql_share):.0%}-{max(sql_share):.0%}. "
        "The rest is Python, per row; a cProfile of 30,000 rows put validation at 23 % of "
        "the import, each row's wire copy (canonical JSON and hash) at 16 %, numbering, "
        "parameters and search keys at 14 %, the duplicate check at 10 %, reading the file "
        "at 5 % and the SQL at 17 %. The 5 s target needs that per-row Python gone "
        "(several processes, or native validation), not faster SQL.",
    ])


if __name__ == "__main__":
    if len(sys.argv) == 3:
        kind, file = sys.argv[1], Path(sys.argv[2])
        print(json.dumps(_one_import(file) if kind == "import"
                         else _floor(file, triggers=kind == "floor-triggers")))
    else:
        print(main())
