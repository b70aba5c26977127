"""Shared set-up for benchmarks: a fresh data folder with N demo records."""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import tempfile
from pathlib import Path

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
    names = ["encrypted", *(n for n, _ in MIGRATIONS)]
    return hashlib.sha256("|".join(names).encode()).hexdigest()[:10]


def cached_desk(count: int, seed: int = 1) -> Desk:
    """A working copy of the cached desk of ``count`` demo registrations (``seed``),
    brought up to this code's schema once and kept migrated; discard it after use."""
    current = CACHE / f"{count}-{seed}-{_schema_stamp()}"
    if not current.exists():
        building = Path(tempfile.mkdtemp(prefix="jcd-bench-migrating-"))
        _copy_database(pristine_folder(count, seed), building)
        # Encryption (a cache made before it), migrations and the search keys' rebuild
        # run once, on the sign-in.
        building_desk = Desk(building)
        officers.sign_in(building_desk, "Bench", BENCH_PASSWORD)
        building_desk.close()
        shutil.rmtree(building / "backups", ignore_errors=True)
        _copy_database(building, current)
        shutil.rmtree(building, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="jcd-bench-"))
    _copy_database(current, work)
    desk = Desk(work)
    officers.sign_in(desk, "Bench", BENCH_PASSWORD)  # the officer new_desk made
    return desk


def discard(desk: Desk) -> None:
    """Close a benchmark desk and delete its folder (a million records is 1.2 GB)."""
    desk.close()
    shutil.rmtree(desk.data_dir, ignore_errors=True)


def pct(samples_ms: list[float], p: float) -> float:
    ordered = sorted(samples_ms)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def p50(samples: list[float]) -> float:
    return statistics.median(samples)
