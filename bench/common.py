"""Shared set-up for benchmarks: a fresh data folder with N demo records."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from app.services import demo, officers
from app.services.desk import Desk


def new_desk(count: int = 0, seed: int = 1, office: str = "0502") -> Desk:
    folder = Path(tempfile.mkdtemp(prefix="jcd-bench-"))
    desk = Desk(folder)
    officers.setup(desk, office, "Bench", "bench-password")
    if count:
        demo.generate(desk, count, seed)
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
