"""Training tab: catalogue sessions with enrolments and demand by district, at scale.

What the tab reads each time it is shown: demand counts (once), the sessions with this
desk's enrolments, demand by district, and the enrolled list of the selected session.
"""

from __future__ import annotations

import time

from app.services import training
from app.services.desk import reference
from bench.common import discard, new_desk, p50, pct

SIZES = (100_000, 1_000_000)
ROUNDS = 7


def _tab(desk) -> float:
    started = time.perf_counter()
    counts = training.demand_counts(desk)
    rows = training.sessions(desk, counts)
    training.demand(desk, counts)
    training.enrolled_in(desk, rows[0].session.code)
    return (time.perf_counter() - started) * 1000


def _enrolled(desk, code: str) -> float:
    started = time.perf_counter()
    training.enrolled_in(desk, code)
    return (time.perf_counter() - started) * 1000


def main() -> str:
    lines = []
    for size in SIZES:
        made = time.perf_counter()
        desk = new_desk(size)
        made_s = time.perf_counter() - made
        try:
            _tab(desk)  # warm the page cache, as a second visit to the tab would
            tab = [_tab(desk) for _ in range(ROUNDS)]
            codes = [s.code for s in reference().sessions]
            one = [_enrolled(desk, code) for code in codes]
            enrolled = sum(r.enrolled for r in training.sessions(desk))
            lines.append(
                f"| {size:,} | {made_s:.0f} s | {enrolled:,} | {p50(tab):.0f} / {pct(tab, 95):.0f}"
                f" | {p50(one):.1f} / {max(one):.1f} |")
        finally:
            discard(desk)
    return "\n".join([
        "## Training tab",
        "",
        "Demo registrations (every thirtieth, when it wants a course, is enrolled in one of its "
        "sessions). Showing "
        f"the tab ({ROUNDS} rounds): demand counts read once through the partial index of "
        "those who want a course, the catalogue's sessions with this desk's enrolments, "
        "demand by district, and the first session's enrolled list. One session's list "
        "alone: every session of the catalogue once.",
        "",
        "| registrations | made in | enrolled | tab p50 / p95 ms | one session's list "
        "p50 / max ms |",
        "|---:|---:|---:|---|---|",
        *lines,
        "",
        "Almost all of the tab's time is counting demand (the courses of everyone who wants "
        "one); a count table kept by triggers would make it constant, at some cost to every "
        "import and save.",
    ])
