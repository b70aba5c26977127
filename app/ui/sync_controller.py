"""Sync in the window: runs on its own thread with its own database connection, starts
by itself when headquarters becomes reachable and every few minutes after, and on
"Sync now"; tells the window what to show through signals.

The window never waits on the network: every call that may touch it (sync, probe,
enrolment) is queued to a worker object living on a QThread, and results come back as
queued signals. A link that hangs only keeps the worker busy until its timeouts.

Wiring (main window):

    controller = SyncController(desk, parent=window)
    sync_label = bind_status_label(controller, status_bar.sync_label)
    controller.recordsChanged.connect(events.registrations_changed)
    events.changed.connect(controller.refresh)       # counts after a save
    sync_now_action.triggered.connect(controller.sync_now)
    controller.start()                               # first probe; timers
    ...
    controller.stop()                                # on close, before the desk closes
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel

from app.domain.khmerdate import PHNOM_PENH
from app.services import sync as sync_service
from app.services.desk import Desk
from app.services.desk import connection as desk_connection
from app.ui import preferences
from sync import client as wire


@dataclass(frozen=True)
class SyncView:
    """What the status bar shows: the stored status plus what the controller knows now."""

    status: sync_service.SyncStatus
    running: bool
    reachable: bool | None  # None: not probed yet
    # How to write its counts and times: the window's language and digits.
    display: preferences.Display = preferences.Display()


class _Worker(QObject):
    """Lives on the sync thread; owns that thread's SQLite connection."""

    synced = Signal(bool, str)  # ok, words
    probed = Signal(bool)
    enrolled = Signal(bool, str)

    def __init__(self, data_dir: Path, cancel: threading.Event):
        super().__init__()
        self.data_dir = data_dir
        self.cancel = cancel
        self._conn = None

    def _connection(self):  # noqa: ANN202
        if self._conn is None:
            self._conn = desk_connection(self.data_dir)
        return self._conn

    @Slot()
    def run_sync(self) -> None:
        try:
            sync_service.run(self.data_dir, conn=self._connection(), cancel=self.cancel)
        except wire.SyncError as exc:
            self.synced.emit(False, sync_service.failure_text(exc))
        except Exception as exc:  # noqa: BLE001  a bug must not kill the sync thread
            self.synced.emit(False, sync_service.error_text("", str(exc)))
        else:
            self.synced.emit(True, "")

    @Slot()
    def probe(self) -> None:
        try:
            self.probed.emit(sync_service.probe(self._connection()))
        except Exception:  # noqa: BLE001
            self.probed.emit(False)

    @Slot(str, str)
    def enrol(self, server_url: str, code: str) -> None:
        try:
            with Desk(self.data_dir) as desk:
                result = sync_service.enrol(desk, server_url, code)
        except wire.SyncError as exc:
            self.enrolled.emit(False, sync_service.failure_text(exc))
        except Exception as exc:  # noqa: BLE001
            self.enrolled.emit(False, str(exc))
        else:
            self.enrolled.emit(True, result.device_tag)

    @Slot()
    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class SyncController(QObject):
    statusChanged = Signal(object)  # SyncView
    syncStarted = Signal()
    syncFinished = Signal(bool, str)  # ok, the failure in words ("" on success)
    enrolFinished = Signal(bool, str)  # ok, the device tag or the failure in words
    recordsChanged = Signal()  # a sync changed sync states (and maybe records)

    _run = Signal()
    _probe = Signal()
    _enrol = Signal(str, str)
    _close = Signal()

    def __init__(self, desk: Desk, parent: QObject | None = None, *,
                 probe_every_ms: int = sync_service.PROBE_EVERY_MS,
                 sync_every_ms: int = sync_service.SYNC_EVERY_MS):
        super().__init__(parent)
        self._desk = desk
        self._cancel = threading.Event()
        self._running = False
        self._probing = False
        self._again = False
        self._reachable: bool | None = None
        self._thread = QThread(self)
        self._thread.setObjectName("sync")
        self._worker = _Worker(desk.data_dir, self._cancel)
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run_sync)
        self._probe.connect(self._worker.probe)
        self._enrol.connect(self._worker.enrol)
        self._close.connect(self._worker.close)
        self._worker.synced.connect(self._on_synced)
        self._worker.probed.connect(self._on_probed)
        self._worker.enrolled.connect(self._on_enrolled)
        self._probe_timer = QTimer(self, interval=probe_every_ms)
        self._probe_timer.timeout.connect(self._maybe_probe)
        self._sync_timer = QTimer(self, interval=sync_every_ms)
        self._sync_timer.timeout.connect(self.sync_now)

    # --- what the window calls ------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        self._probe_timer.start()
        self._sync_timer.start()
        self.refresh()
        self._maybe_probe()

    def stop(self, wait_ms: int = 5000) -> None:
        """Stop timers, ask a running sync to stop, and end the thread."""
        self._probe_timer.stop()
        self._sync_timer.stop()
        self._cancel.set()
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait(wait_ms)

    @property
    def running(self) -> bool:
        return self._running

    def status(self) -> SyncView:
        return SyncView(sync_service.status(self._desk.conn), self._running, self._reachable,
                        preferences.display(self._desk))

    @Slot()
    def refresh(self) -> None:
        self.statusChanged.emit(self.status())

    @Slot()
    def sync_now(self) -> None:
        if self._running:
            self._again = True  # one more run right after this one
            return
        if not sync_service.status(self._desk.conn).enrolled:
            self.refresh()
            return
        self._running = True
        self._cancel.clear()
        self.syncStarted.emit()
        self.refresh()
        self._run.emit()

    def enrol(self, server_url: str, code: str) -> None:
        """Enrol in the background; ``enrolFinished`` tells how it went."""
        self._enrol.emit(server_url, code)

    # --- results from the worker ------------------------------------------------------

    def _maybe_probe(self) -> None:
        # Probes only matter while headquarters seemed away; never queue them behind a
        # sync (which answers the same question).
        if self._running or self._probing or self._reachable:
            return
        if not sync_service.status(self._desk.conn).enrolled:
            return
        self._probing = True
        self._probe.emit()

    @Slot(bool)
    def _on_probed(self, reachable: bool) -> None:
        self._probing = False
        came_back = reachable and not self._reachable
        self._reachable = reachable
        self.refresh()
        if came_back:
            self.sync_now()

    @Slot(bool, str)
    def _on_synced(self, ok: bool, words: str) -> None:
        self._running = False
        last = sync_service.status(self._desk.conn).last_error or {}
        self._reachable = ok or last.get("code") not in ("unreachable", "timed_out")
        self.refresh()
        self.recordsChanged.emit()
        self.syncFinished.emit(ok, words)
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.sync_now)

    @Slot(bool, str)
    def _on_enrolled(self, ok: bool, words: str) -> None:
        self.enrolFinished.emit(ok, words)
        if ok:
            self._reachable = True
            self.refresh()
            self.sync_now()


# --- the status bar's words -----------------------------------------------------------------


def _local_time(stamp: str | None, shown: preferences.Display) -> str:
    """A stored UTC stamp in Phnom Penh time: the time alone when it was today."""
    from sync.protocol import parse_timestamp

    when = parse_timestamp(stamp) if stamp else None
    if when is None:
        return ""
    return shown.moment(when, today=datetime.now(PHNOM_PENH).date())


def status_text(view: SyncView) -> tuple[str, str, str]:
    """(text, tooltip, level) for the status bar; level is ok, busy, warn or error."""
    status = view.status
    counts = status.counts
    number = view.display.number
    if not status.enrolled:
        return (QCoreApplication.translate("Sync", "Not connected to headquarters"),
                sync_service.error_text("not_enrolled"), "warn")
    parts = [
        QCoreApplication.translate("Sync", "{n} waiting").format(
            n=number(counts.get("pending", 0))),
        QCoreApplication.translate("Sync", "{n} sent").format(n=number(counts.get("sent", 0))),
    ]
    if counts.get("quarantined"):
        parts.append(QCoreApplication.translate("Sync", "{n} refused").format(
            n=number(counts["quarantined"])))
    if counts.get("conflicts"):
        parts.append(QCoreApplication.translate("Sync", "{n} to choose").format(
            n=number(counts["conflicts"])))
    text = " · ".join(parts)
    tips = []
    if status.last_success:
        tips.append(QCoreApplication.translate("Sync", "Last sent {when}").format(
            when=_local_time(status.last_success, view.display)))
    level = "ok"
    if view.running:
        text = QCoreApplication.translate("Sync", "Sending…") + "  " + text
        level = "busy"
    elif status.last_error:
        words = sync_service.describe_last_error(status.last_error)
        text += "  —  " + words
        tips.append(words)
        level = "error" if status.last_error.get("code") in (
            "revoked", "update_needed", "unauthorized", "insecure_server") else "warn"
    elif status.last_success:
        text += "  —  " + QCoreApplication.translate("Sync", "last sent {when}").format(
            when=_local_time(status.last_success, view.display))
    if status.clock_warning:
        minutes = round((status.clock_offset_s or 0) / 60)
        clock = QCoreApplication.translate(
            "Sync", "This computer's clock is {m} minutes off; please correct it"
        ).format(m=number(abs(minutes)))
        tips.append(clock)
        text += "  ⚠ " + QCoreApplication.translate("Sync", "check the clock")
        level = "warn" if level == "ok" else level
    if counts.get("quarantined"):
        level = "warn" if level == "ok" else level
    return text, "\n".join(tips), level


COLORS = {"ok": "#2e7d32", "busy": "#1565c0", "warn": "#8a4b00", "error": "#b71c1c"}


class _LabelBinding(QObject):
    """Owned by the label, so the connection ends when the label is deleted."""

    def __init__(self, label: QLabel):
        super().__init__(label)
        self.label = label
        self._view: SyncView | None = None
        # The words are made when the status changes; a language switch makes them again
        # at once instead of leaving the last line in the other language.
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange and self._view is not None:
            self.show(self._view)
        return False

    @Slot(object)
    def show(self, view: SyncView) -> None:
        self._view = view
        text, tip, level = status_text(view)
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.label.setStyleSheet(f"color: {COLORS[level]};")
        self.label.show()


def bind_status_label(controller: SyncController, label: QLabel) -> QLabel:
    """Keep ``label`` (e.g. the status bar's ``sync_label``) showing the sync status."""
    binding = _LabelBinding(label)
    controller.statusChanged.connect(binding.show)
    binding.show(controller.status())
    return label
