"""What one save writes: the search index's merging is left to the window's idle
moments (migration 0014), so no save pays for the segments the saves before it left."""

from __future__ import annotations

import random
import statistics

from app.services import demo, registrations
from app.store.registrations import FTS_SEARCH_TABLES

WAL_HEADER, FRAME_HEADER = 32, 24


def _segments(conn, table: str) -> int:  # noqa: ANN001
    return conn.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0]


def _saves(desk, count: int, seed: int) -> list[tuple[dict, int]]:  # noqa: ANN001
    """Register ``count`` demo records one by one; (record, log pages its commit wrote)."""
    wal = desk.db_path.with_name(desk.db_path.name + "-wal")
    page = int(desk.conn.execute("PRAGMA page_size").fetchone()[0])
    done = []
    for rec in demo.make_records(count, random.Random(seed), desk):
        raw = {k: v for k, v in rec.items() if k not in ("created_at", "created_on", "id")}
        before = wal.stat().st_size
        saved = registrations.register(desk, raw | {"duplicate_override_reason": "test"})
        done.append((saved, (wal.stat().st_size - before) // (page + FRAME_HEADER)))
    return done


def _piled_up(desk, saves: int = 120) -> tuple[dict, dict, list]:  # noqa: ANN001
    demo.generate(desk, 300, seed=4)
    desk.defer_checkpoints()
    desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    first = {t: _segments(desk.conn, t) for t in FTS_SEARCH_TABLES}
    saved = _saves(desk, saves, seed=5)
    return first, {t: _segments(desk.conn, t) for t in FTS_SEARCH_TABLES}, saved


def test_saves_leave_the_search_merging_to_idle_moments_and_search_still_finds(desk):
    first, piled, saved = _piled_up(desk)
    pages = [n for _, n in saved]
    # No save wrote much more than a usual one: with FTS5 merging inside the commit,
    # every 64 pages of segments one save also merged 64 pages per level of each table.
    assert max(pages) < 2 * statistics.median(pages), pages
    assert all(piled[t] > first[t] + 4 for t in FTS_SEARCH_TABLES), (first, piled)

    steps = 0
    while desk.merge_search():  # one step per idle moment of the window
        steps += 1
        assert steps < 200
    assert steps >= len(FTS_SEARCH_TABLES)  # every table had segments to merge
    merged = {t: _segments(desk.conn, t) for t in FTS_SEARCH_TABLES}
    assert all(merged[t] < piled[t] for t in FTS_SEARCH_TABLES), (piled, merged)
    for table in FTS_SEARCH_TABLES:
        desk.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    for rec, _ in saved[::10]:
        found = registrations.search(desk, rec["registration_no"], limit=5)
        assert rec["id"] in [r["id"] for r in found]
        found = registrations.search(desk, rec["name_latin"], limit=500)
        assert rec["id"] in [r["id"] for r in found], rec["name_latin"]


def test_the_window_merges_the_search_index_when_idle(qtbot, desk):
    from tests.ui.driving import main_window

    win = main_window(qtbot, desk)
    win._checkpoint_timer.setInterval(50)
    _first, piled, _saved = _piled_up(desk, saves=40)
    win.events.registrations_changed()
    # One table per idle moment: the first in turn has fewer segments afterwards.
    table = FTS_SEARCH_TABLES[0]
    qtbot.waitUntil(lambda: _segments(desk.conn, table) < piled[table], timeout=10_000)
