"""Training tab: catalogue sessions with enrolments and demand by district, at scale.

What the tab reads each time it is shown: demand counts (once), the sessions with this
desk's enrolments, demand by district, and the enrolled list of the selected session.
Beside it, in the same run, the demand counted the way the tab counted it before
migration 0010 kept the counts (every interested returnee's courses, grouped).
"""

from __future__ import annotations

import os
import time

from app.services import training
from app.services.desk import reference
from bench.common import cached_desk, discard, p50, pct

SIZES = tuple(int(n) for n in os.environ.get("JCD_BENCH_TRAINING_SIZES", "1000000").split(","))
ROUNDS = 7

# The demand count the tab ran every time it was shown, before the counts were kept.
COUNTED_DEMAND = (
    "SELECT r.home_district_code, j.value, count(*) FROM registrations r"
    " INDEXED BY registrations_interested, json_each(r.training_interests) j"
    " WHERE r.training_interests != '[]' AND r.withdrawn = 0"
    " GROUP BY r.home_district_code, j.value ORDER BY r.home_district_code, j.value"
)


def _tab(desk) -> float:
    started = time.perf_counter()
    counts = training.demand_counts(desk)
    rows = training.sessions(desk, counts)
    training.demand(desk, counts)
    training.enrolled_in(desk, rows[0].session.code)
    return (time.perf_counter() - started) * 1000


def _ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> str:
    lines = []
    for size in SIZES:
        desk = cached_desk(size)
        try:
            _tab(desk)  # warm the page cache, as a second visit to the tab would
            tab = [_tab(desk) for _ in range(ROUNDS)]
            counted = [_ms(lambda d=desk: d.conn.execute(COUNTED_DEMAND).fetchall())
                       for _ in range(3)]
            same = desk.conn.execute(COUNTED_DEMAND).fetchall()
            assert [tuple(r) for r in same] == training.demand_counts(desk)
            codes = [s.code for s in reference().sessions]
            one = [_ms(lambda c=code, d=desk: training.enrolled_in(d, c)) for code in codes]
            enrolled = sum(r.enrolled for r in training.sessions(desk))
            lines.append(
                f"| {size:,} | {enrolled:,} | {p50(tab):.1f} / {pct(tab, 95):.1f}"
                f" | {p50(counted):.0f} / {max(counted):.0f}"
                f" | {p50(one):.1f} / {max(one):.1f} |")
        finally:
            discard(desk)
    return "\n".join([
        "## Training tab",
        "",
        "Demo registrations (every thirtieth, when it wants a course, is enrolled in one of its "
        f"sessions), a cached demo desk. Showing the tab ({ROUNDS} rounds): demand counts "
        "read from `training_demand` (kept by migration 0010's triggers in every saving "
        "transaction), the catalogue's sessions with this desk's enrolments "
        "(`training_members`), demand by district, and the first session's enrolled list. "
        "*Counted*: the same demand counted from the registrations, as the tab did each "
        "time it was shown before (3 runs, the same run, and the same numbers). One "
        "session's list alone: every session of the catalogue once. The tab is built "
        "when first shown, not at start-up. Taken on a shared machine busy with other "
        "work (2 cores): compare columns of one row.",
        "",
        "| registrations | enrolled | tab p50 / p95 ms | counted p50 / max ms | one session's "
        "list p50 / max ms |",
        "|---:|---:|---|---|---|",
        *lines,
    ])
