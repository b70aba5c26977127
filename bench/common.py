"""Shared set-up for benchmarks: a fresh data folder with N demo records."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from app.domain.registration import FIELDS
from app.services import demo, officers
from app.services.desk import Desk
from app.store.connection import DB_FILENAME
from app.store.keys import KEYS_FILENAME

BENCH_PASSWORD = "bench-password"

# Big demo desks are made once and kept here between runs (never in the repository).
CACHE = Path(os.environ.get("JCD_BENCH_CACHE", "/tmp/jcd-bench-cache"))


def new_desk(count: int = 0, seed: int = 1, office: str = "0502") -> Desk:
    folder = Path(tempfile.mkdtemp(prefix="jcd-bench-"))
    desk = Desk(folder)
    officers.setup(desk, office, "Bench", BENCH_PASSWORD)
    if count:
        demo.generate(desk, count, seed)
    return desk


def _copy_database(source: Path, target: Path) -> None:
    """Copy a closed desk's database (closed cleanly, so its log is empty)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (DB_FILENAME, DB_FILENAME + "-wal", KEYS_FILENAME):
        if (source / name).exists():
            shutil.copyfile(source / name, target / name)


def pristine_folder(count: int, seed: int = 1) -> Path:
    """The cached folder of ``count`` demo registrations, as first made (by whatever
    version of the code made it): copy it before opening it."""
    folder = CACHE / f"{count}-{seed}"
    if not folder.exists():
        desk = new_desk(count, seed)
        desk.close()
        _copy_database(desk.data_dir, folder)
        shutil.rmtree(desk.data_dir, ignore_errors=True)
    return folder


def _schema_stamp() -> str:
    from app.store.migrations import MIGRATIONS, migration_set

    migration_set()  # registers them
    # "encrypted": caches made before the database was encrypted are not reused as current.
    names = ["encrypted", "search-keys-copied", *(n for n, _ in MIGRATIONS)]
    return hashlib.sha256("|".join(names).encode()).hexdigest()[:10]


# Big desks are made from this many demo rows, copied in SQL until there are enough:
# the copies keep every column but the ids and numbers (new ones, numbered in order),
# every trigger-kept table, and the search keys (names, phones and word starts copied,
# numbers made from the new ones), so saves and searches meet indexes of full size.
SEED_ROWS = 50_000


def _grow(desk: Desk, count: int) -> None:
    """Copy the desk's rows in SQL (with new ids and numbers) until it holds ``count``."""
    from app.domain import regno
    from app.store import meta
    from app.store.connection import transaction

    conn = desk.conn
    district, tag = desk.office_code, desk.device_tag
    conn.create_function("bench_number", 1, lambda seq: regno.format_number(district, tag, seq))
    conn.create_function("bench_uuid", 0, lambda: str(__import__("uuid").uuid4()))
    conn.create_function("bench_compact", 1, regno.compact)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(registrations)")]
    # The wire columns name the number: written again for the copies below.
    copied = [c for c in columns if c not in ("rid", "id", "registration_no", "seq")
              and not c.startswith("wire_")]
    have = conn.execute("SELECT count(*) FROM registrations").fetchone()[0]
    base = have
    with transaction(conn):
        while have < count:
            n = min(base, count - have)
            conn.execute(
                f"INSERT INTO registrations (rid, id, registration_no, seq, {', '.join(copied)})"
                f" SELECT rid + :shift, bench_uuid(), bench_number(seq + :shift), seq + :shift,"
                f" {', '.join(copied)} FROM registrations WHERE rid <= :n ORDER BY rid",
                {"shift": have, "n": n})
            for table, cols in (("search_names", "names"), ("search_fuzzy", "sounds, cross"),
                                ("search_starts", "starts"), ("search_phones", "phones")):
                conn.execute(f"INSERT INTO {table} (rowid, {cols}) SELECT rowid + :shift,"
                             f" {cols} FROM {table} WHERE rowid <= :n", {"shift": have, "n": n})
            conn.execute(
                "INSERT INTO search_numbers (rid, number) SELECT rid, bench_compact("
                "registration_no) FROM registrations WHERE rid > :shift AND rid <= :shift + :n",
                {"shift": have, "n": n})
            have += n
        last = conn.execute("SELECT max(seq) FROM registrations").fetchone()[0]
        meta.put(conn, "last_seq", str(last))
        if "wire_data" in columns:
            from app.store import outbox

            outbox.store_missing_wire(conn)


def cached_desk(count: int, seed: int = 1) -> Desk:
    """A working copy of the cached desk of ``count`` demo registrations (``seed``),
    made once for this code's schema; discard it after use."""
    current = CACHE / f"{count}-{seed}-{_schema_stamp()}"
    if not current.exists():
        desk = new_desk(min(count, SEED_ROWS), seed)
        if count > SEED_ROWS:
            _grow(desk, count)
        desk.close()
        _copy_database(desk.data_dir, current)
        shutil.rmtree(desk.data_dir, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="jcd-bench-"))
    _copy_database(current, work)
    desk = Desk(work)
    officers.sign_in(desk, "Bench", BENCH_PASSWORD)  # the officer new_desk made
    return desk


def discard(desk: Desk) -> None:
    """Close a benchmark desk and delete its folder (a million records is 1.2 GB)."""
    desk.close()
    shutil.rmtree(desk.data_dir, ignore_errors=True)


def write_import_files(records: list[dict], jsonl: Path, csvfile: Path) -> None:
    """``records`` as the two files an officer imports: JSON Lines, and CSV (UTF-8 with a
    BOM, lists joined by ``;``), every field but the registration number."""
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
                for v in (rec.get(k) for k in keys)])


def machine_load() -> str:
    """How busy the machine was, in words for a section: its load average over the last
    minute against its cores, read when called (at the start of a benchmark)."""
    load = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    state = "quiet" if load < 0.5 else "busy with other work" if load >= cores else "in use"
    return f"{cores} cores, load average {load:.1f} when it started: {state}"


def pct(samples_ms: list[float], p: float) -> float:
    ordered = sorted(samples_ms)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def p50(samples: list[float]) -> float:
    return statistics.median(samples)
