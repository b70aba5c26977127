"""One thread, with its own database connection, for the reads the window waits for.

A screen hands the worker a function of a connection (the matches of a request, the
Training tab's numbers, the idle checkpoint) and says what to do with its result; the
function runs on the worker's thread and the result comes back to the window's thread
by a Qt signal, so the window keeps painting and answering keys however long the read
takes. Jobs run one at a time, in the order given (like Anki's task manager and Vorta's
job queue). A job given a ``key`` supersedes an earlier job with the same key that has
not been delivered yet: typing a search or clicking through requests runs only the
newest read, and an answer to an old question is never shown.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("jobcentre.worker")

Work = Callable[[sqlite3.Connection], Any]


@dataclass
class _Job:
    number: int
    work: Work
    on_result: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    key: str | None
    result: Any = None
    error: BaseException | None = None
    ran: tuple[float, float] = field(default=(0.0, 0.0))  # perf_counter start, end


class DatabaseWorker(QObject):
    """``submit(work, on_result)``: ``work(conn)`` on the worker's thread, then
    ``on_result(value)`` (or ``on_error(exc)``) on the window's thread."""

    _finished = Signal(object)
    idle = Signal()  # nothing left to run or deliver

    def __init__(self, connect: Callable[[], sqlite3.Connection],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._connect = connect
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._latest: dict[str, int] = {}
        self._numbers = 0
        self._open = 0  # submitted, not yet delivered
        self.last_run: tuple[float, float] = (0.0, 0.0)  # when the last job ran (tests)
        # Queued: this object lives on the window's thread, the signal comes from the
        # worker's, so delivery waits for the window's event loop.
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._run, name="database-worker",
                                        daemon=True)
        self._thread.start()

    def submit(self, work: Work, on_result: Callable[[Any], None] | None = None, *,
               on_error: Callable[[BaseException], None] | None = None,
               key: str | None = None) -> int:
        self._numbers += 1
        job = _Job(self._numbers, work, on_result, on_error, key)
        if key is not None:
            self._latest[key] = job.number
        self._open += 1
        self._jobs.put(job)
        return job.number

    def busy(self) -> bool:
        return self._open > 0

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the job running now, drop the rest, and close the connection."""
        self._latest = {key: -1 for key in self._latest}  # nothing more is delivered
        self._jobs.put(None)
        self._thread.join(timeout)

    # --- the worker's thread ------------------------------------------------------------

    def _superseded(self, job: _Job) -> bool:
        return job.key is not None and self._latest.get(job.key) != job.number

    def _run(self) -> None:
        conn = self._connect()
        try:
            while (job := self._jobs.get()) is not None:
                if not self._superseded(job):
                    started = time.perf_counter()
                    try:
                        job.result = job.work(conn)
                    except BaseException as exc:  # handed to the window's thread
                        job.error = exc
                    job.ran = (started, time.perf_counter())
                self._finished.emit(job)
        finally:
            conn.close()

    # --- the window's thread ------------------------------------------------------------

    def _deliver(self, job: _Job) -> None:
        self._open -= 1
        try:
            if job.ran != (0.0, 0.0):
                self.last_run = job.ran
            if self._superseded(job):
                return
            if job.error is not None:
                if job.on_error is not None:
                    job.on_error(job.error)
                else:
                    log.error("database work failed", exc_info=job.error)
            elif job.on_result is not None:
                job.on_result(job.result)
        finally:
            if self._open == 0:
                self.idle.emit()
