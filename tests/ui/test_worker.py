"""The window's database worker: reads run on its own thread and connection, results
come back on the window's thread, and the event loop keeps running meanwhile."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

from app.ui.worker import DatabaseWorker

# Counting to a million and a half in SQL: a deliberately slow read (a few tenths of a second), which
# SQLite runs without holding Python's lock.
SLOW = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000)"
        " SELECT count(*) FROM n")


def test_the_event_loop_keeps_ticking_during_a_slow_query(qtbot, desk):
    worker = DatabaseWorker(desk.reader)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    got: list[tuple[int, str]] = []
    try:
        worker.submit(lambda conn: conn.execute(SLOW).fetchone()[0],
                      lambda n: got.append((n, threading.current_thread().name)))
        qtbot.waitUntil(lambda: bool(got), timeout=30_000)
    finally:
        timer.stop()
        worker.stop()
    assert got == [(1_500_000, threading.main_thread().name)]  # delivered on the UI thread
    started, ended = worker.last_run
    assert ended - started > 0.1  # it was slow
    during = [t for t in ticks if started < t < ended]
    # The timer fired all through the query: at least one tick per 50 ms of it.
    assert len(during) >= (ended - started) / 0.05, (len(during), ended - started)


def test_a_newer_job_with_the_same_key_supersedes_one_not_yet_shown(qtbot, desk):
    worker = DatabaseWorker(desk.reader)
    shown: list[str] = []
    try:
        worker.submit(lambda conn: conn.execute(SLOW.replace("1500000", "200000")).fetchone(),
                      key="other")
        for text in ("s", "so", "sok"):
            worker.submit(lambda conn, t=text: t, shown.append, key="search")
        qtbot.waitUntil(lambda: not worker.busy(), timeout=30_000)
    finally:
        worker.stop()
    assert shown == ["sok"]


def test_a_failed_read_is_handed_to_its_error_callback(qtbot, desk):
    worker = DatabaseWorker(desk.reader)
    errors: list[BaseException] = []
    try:
        worker.submit(lambda conn: conn.execute("SELECT * FROM no_such_table").fetchall(),
                      lambda _rows: None, on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    finally:
        worker.stop()
    assert "no_such_table" in str(errors[0])


def test_saves_in_the_window_leave_the_checkpoint_to_the_worker(qtbot, desk):
    """The window's saves only append to the log; the database file takes them when
    the worker checkpoints after the window has been idle."""
    from app.services import demo
    from tests.ui.driving import main_window

    win = main_window(qtbot, desk)
    win._checkpoint_timer.setInterval(50)
    db_file = desk.db_path
    desk.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db_file.stat().st_size
    demo.generate(desk, 300, seed=2)  # through the window's own connection
    assert db_file.stat().st_size == size  # all of it still in the log
    win.events.registrations_changed()
    qtbot.waitUntil(lambda: db_file.stat().st_size > size, timeout=10_000)
    assert desk.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
