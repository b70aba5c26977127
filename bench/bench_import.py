"""Import speed and memory: 100,000 good rows from JSON Lines and from CSV into an empty
desk, against a raw executemany of the same rows (the floor), each in a fresh process so
that its peak RSS is the import's own."""

from __future__ import annotations

import csv
import json
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

from app.domain.registration import FIELDS  # noqa: E402
from app.services import demo, registrations, transfer  # noqa: E402
from app.store import meta  # noqa: E402
from app.store import registrations as store  # noqa: E402
from app.store.connection import transaction  # noqa: E402
from bench.common import discard, new_desk  # noqa: E402

COUNT = 100_000
CACHE = Path(tempfile.gettempdir()) / "jcd-bench-import"
# The previous run of this benchmark, when every row was held in memory until saved.
BEFORE = {"jsonl": (22.9, 4_370), "csv": (22.6, 4_429)}
BEFORE_RSS_MB = 603


def _files() -> tuple[Path, Path]:
    """The two input files, made once and kept under /tmp (never committed)."""
    CACHE.mkdir(exist_ok=True)
    jsonl, csvfile = CACHE / f"in-{COUNT}.jsonl", CACHE / f"in-{COUNT}.csv"
    if jsonl.exists() and csvfile.exists():
        return jsonl, csvfile
    desk = new_desk()
    records = demo.make_records(COUNT, random.Random(5), desk)
    discard(desk)
    keys = [k for k in FIELDS if k != "registration_no"]
    with jsonl.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps({k: rec.get(k) for k in keys}, ensure_ascii=False) + "\n")
    with csvfile.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(keys)
        for rec in records:
            writer.writerow([
                ";".join(v) if isinstance(v, list) else ("true" if v is True else v or "")
                for v in (rec.get(k) for k in keys)
            ])
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


def _one_floor(path: Path) -> dict:
    """The same rows' SQL alone: the rows read, checked and turned into parameters before
    the clock starts, then the import's four executemany in one transaction."""
    desk = new_desk()
    today = desk.today()
    stamp_at, officer = desk.now_iso(), desk.require_officer().officer_id
    rows, versions, search = [], [], []
    for rid, (_, raw) in enumerate(transfer._rows(path), start=1):
        rec, _errors = registrations.check(desk, raw, today=today)
        number = f"0502-BENCH0-{rid:05d}-X"
        rid_id = str(uuid.uuid4())
        rows.append(store._params(rec) | {
            "rid": rid, "id": rid_id, "registration_no": number, "seq": rid, "version": 1,
            "created_at": stamp_at, "updated_at": stamp_at, "created_on": today.isoformat(),
            "device_id": "bench", "officer_id": officer, "updated_by": officer,
        })
        versions.append((rid_id, 1, "created", stamp_at, officer))
        search.append(store._search_row(rid, rec | {"registration_no": number}))
    started, cpu = time.perf_counter(), time.process_time()
    with transaction(desk.conn):
        desk.conn.executemany(store._INSERT_SQL, rows)
        desk.conn.executemany(
            "INSERT INTO registration_versions (registration_id, version, action, changed_at,"
            " officer_id) VALUES (?, ?, ?, ?, ?)", versions)
        store._insert_search(desk.conn, search)
        store._count_words(desk.conn, (row[1].words for row in search), +1)
        meta.put(desk.conn, "last_seq", str(len(rows)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    discard(desk)
    return {"seconds": seconds, "cpu": cpu, "rows": len(rows)}


def _in_child(kind: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), kind, str(path)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> str:
    jsonl, csvfile = _files()
    rows, floors = [], []
    for fmt, path in (("jsonl", jsonl), ("csv", csvfile)):
        floor = _in_child("floor", path)
        run = _in_child("import", path)
        rate, floor_rate = COUNT / run["seconds"], COUNT / floor["seconds"]
        cpu_rate, floor_cpu_rate = COUNT / run["cpu"], COUNT / floor["cpu"]
        before_s, before_rate = BEFORE[fmt]
        floors.append(floor["cpu"])
        rows.append(
            f"| {fmt} | {COUNT:,} | {run['saved']:,} | {run['problems']} | {run['kept']} | "
            f"{run['seconds']:.1f} s ({rate:,.0f}/s) | {run['cpu']:.1f} s ({cpu_rate:,.0f}/s) | "
            f"{floor['seconds']:.1f} s ({floor_rate:,.0f}/s) | "
            f"{floor['cpu']:.1f} s ({floor_cpu_rate:,.0f}/s) | "
            f"{rate / floor_rate:.2f}x / {cpu_rate / floor_cpu_rate:.2f}x | "
            f"{run['rss_mb']:.0f} MB | {before_s} s ({before_rate:,}/s, {BEFORE_RSS_MB} MB) |"
        )
    return "\n".join([
        "## Import (`jobcentre import`)",
        "",
        "100,000 valid demo rows into an empty desk, in a fresh process each: every row "
        "validated, the whole file checked for likely duplicates (against the desk and its "
        "own earlier rows, `--keep-duplicates` so random demo collisions are kept rather "
        "than refused), saved in one transaction, read and saved 2,000 rows at a time. "
        "The floor is a raw executemany of the same rows (registrations, versions, search "
        "keys, name words) in one transaction, with the rows read, checked and turned into "
        "parameters before its clock starts; the ratio is import rows/s over floor rows/s, "
        "measured in the same run. Peak RSS is the importing process's own (ru_maxrss). "
        "Before: the previous run of this benchmark, when every row was kept in memory "
        "until saved. Targets: under 5 s (20,000 rows/s), at least 0.3x the floor, peak "
        "under 500 MB. Figures taken on a shared, loaded machine (2 cores, several other "
        "jobs running), where the absolute times suffer most and the ratio stays fair; "
        "the CPU time (the process's own, `time.process_time`) shows what one free core "
        "gives, and the ratio is shown for both (wall / CPU).",
        "",
        "| format | rows | saved | refused | likely duplicates kept | time (wall) | "
        "CPU time | floor (wall) | floor (CPU) | ratio | peak RSS | before |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        (f"The 5 s target is out of reach in this run: the floor alone, the SQL of the same "
         f"rows into the registrations table, its versions and its search tables (four FTS5 "
         f"trigram indexes and a number index, one per kind of key), took "
         f"{min(floors):.1f}-{max(floors):.1f} s of CPU. What import adds on top is "
         f"reading, validation, the duplicate check and building the parameters; the ratio "
         f"target (0.3x) and the memory target are the ones this machine can judge."
         if min(floors) > 5 else
         "The floor (the SQL alone) fits well within 5 s on this machine."),
    ])


if __name__ == "__main__":
    if len(sys.argv) == 3:
        kind, file = sys.argv[1], Path(sys.argv[2])
        print(json.dumps(_one_import(file) if kind == "import" else _one_floor(file)))
    else:
        print(main())
