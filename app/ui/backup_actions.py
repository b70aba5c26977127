"""The window's "Back up to…" and "Restore from…": the same services as `jobcentre
backup` and `jobcentre restore`, with a progress dialog (pages copied of pages in all)
and a Cancel button.

The copy runs on a worker thread of its own (``app.ui.worker.DatabaseWorker``, with its
own connection to the database), so the window keeps painting and its timers keep
firing however big the database is; the progress dialog is window-modal, so nothing
else can be clicked meanwhile. Cancel stops the copy between two steps: a backup then
leaves no file, a restore leaves the database as it was. Restore holds the data
folder's sync lock while it runs, so no sync writes while the database is replaced.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.messages import restore_refused_text
from app.services import backup
from app.services.desk import Desk
from app.store.connection import sqlite3
from app.ui.worker import DatabaseWorker

FILE_FILTER = "(*.backup *.sqlite3)"

# What runs on the worker: f(its connection, progress(done, total), stop()).
Copy = Callable[[sqlite3.Connection, Callable[[int, int], None], Callable[[], bool]], Any]


class _Relay(QObject):
    """Carries the worker thread's progress to the window's thread (a queued signal)."""

    progressed = Signal(int, int)


class BackupActions(QObject):
    """Signals ``restored()``: the database was replaced; every view should redraw.
    ``backed_up(path)``: a backup was written (``None``: it was not: refused, failed or
    cancelled). ``finished()``: a backup or restore has ended, however."""

    restored = Signal()
    backed_up = Signal(object)
    finished = Signal()

    def __init__(self, desk: Desk, parent: QWidget):
        super().__init__(parent)
        self._desk = desk
        self._parent = parent
        self.question: QMessageBox | None = None
        self.last_message: QMessageBox | None = None
        self.dialog: QProgressDialog | None = None
        self._worker: DatabaseWorker | None = None
        self._stop = threading.Event()

    @property
    def busy(self) -> bool:
        """A backup or restore is running."""
        return self._worker is not None

    def cancel(self) -> None:
        """Stop the running copy at its next step (the dialog's Cancel)."""
        self._stop.set()

    def stop(self, timeout: float = 30.0) -> None:
        """The window closes: stop a running copy and wait for it to clean up."""
        if self._worker is not None:
            self._stop.set()
            self._worker.stop(timeout)

    def _run(self, title: str, copy: Copy, on_result: Callable[[Any], None],
             on_error: Callable[[BaseException], None],
             cleanup: Callable[[], None] | None = None) -> None:
        """``copy`` on a worker thread behind a progress dialog with Cancel; then
        ``on_result(value)`` or ``on_error(exc)`` on the window's thread."""
        self._stop.clear()
        dialog = QProgressDialog(title, self.tr("Cancel"), 0, 0, self._parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(600)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setLabelText(self.tr("{title}: starting").format(title=title))
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        relay = _Relay(self)

        def step(done: int, total: int) -> None:
            if self.dialog is not dialog:
                return
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(self.tr("{title}: {done} of {total} pages").format(
                title=title, done=done, total=total))

        relay.progressed.connect(step)
        worker = DatabaseWorker(self._desk.reader, self)
        self._worker = worker

        def ended(deliver: Callable[[Any], None]) -> Callable[[Any], None]:
            def done(value: Any) -> None:
                worker.stop()
                self._worker = None
                relay.deleteLater()
                dialog.canceled.disconnect(self.cancel)
                self.dialog = None
                dialog.close()
                dialog.deleteLater()
                try:
                    if cleanup is not None:
                        cleanup()
                    deliver(value)
                finally:
                    self.finished.emit()
            return done

        worker.submit(lambda conn: copy(conn, relay.progressed.emit, self._stop.is_set),
                      ended(on_result), on_error=ended(on_error))

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.open()
        return box

    def back_up(self, path: Path | None = None) -> None:
        """Write a backup, asking where when ``path`` is not given; ``backed_up`` says
        when it is done."""
        if self.busy:
            return
        if path is None:
            stamp = self._desk.today().isoformat()
            suggested = str(Path.home() / f"jobcentre-{self._desk.device_tag}-{stamp}.backup")
            chosen, _ = QFileDialog.getSaveFileName(
                self._parent, self.tr("Back up to"), suggested,
                self.tr("Job Centre Desk backup") + " " + FILE_FILTER)
            if not chosen:
                return
            path = Path(chosen)
        target = Path(path)

        def copy(conn: sqlite3.Connection, progress: Callable[[int, int], None],
                 stop: Callable[[], bool]) -> Path:
            return backup.back_up(conn, target, progress=progress, stop=stop)

        def written(done: Path) -> None:
            self._tell(QMessageBox.Icon.Information, self.tr("Backed up"),
                       self.tr("The desk's records were copied to {file}. Keep it somewhere "
                               "safe: it holds every returnee's details.").format(file=done))
            self.backed_up.emit(done)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, backup.Cancelled):
                self._tell(QMessageBox.Icon.Information, self.tr("Not backed up"),
                           self.tr("The backup was stopped; no file was written."))
            elif isinstance(exc, backup.RestoreRefused):
                self._tell(QMessageBox.Icon.Warning, self.tr("Not backed up"),
                           restore_refused_text(exc.code, exc.params))
            elif isinstance(exc, OSError | sqlite3.Error):
                reason = getattr(exc, "strerror", None) or exc
                self._tell(QMessageBox.Icon.Warning, self.tr("Not backed up"),
                           self.tr("The backup could not be written to {file}: {reason}")
                           .format(file=target, reason=reason))
            else:
                self.backed_up.emit(None)
                raise exc
            self.backed_up.emit(None)

        self._run(self.tr("Backing up"), copy, written, failed)

    def restore(self, path: Path | None = None, *, confirmed: bool = False) -> None:
        """Ask which file (unless ``path``), check it, ask to confirm (unless
        ``confirmed``), then replace the database."""
        if self.busy:
            return
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self._parent, self.tr("Restore from"), str(Path.home()),
                self.tr("Job Centre Desk backup") + " " + FILE_FILTER)
            if not chosen:
                return
            path = Path(chosen)
        try:
            backup.check_backup(path, self._desk.database_key())
        except backup.RestoreRefused as refused:
            self._tell(QMessageBox.Icon.Warning, self.tr("Not restored"),
                       restore_refused_text(refused.code, refused.params))
            return
        if confirmed:
            self._restore(path)
            return
        made = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Restore from a backup?"),
            self.tr("Replace this desk's records with the backup {file} (written {when})? "
                    "Records saved after it will no longer be on this laptop; those already "
                    "sent are still at headquarters. A copy of the current records is kept "
                    "in the data folder's backups folder.").format(file=path.name, when=made),
            QMessageBox.StandardButton.Cancel, self._parent)
        box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_result: int) -> None:
            self.question = None
            box.deleteLater()
            if box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.DestructiveRole:
                self._restore(path)

        box.finished.connect(answered)
        self.question = box
        box.open()

    def _restore(self, path: Path) -> None:
        from app.services.sync import FolderLock, SyncBusy

        lock = FolderLock(self._desk.data_dir)
        try:
            lock.acquire()  # released when the copy has ended
        except SyncBusy:
            self._tell(QMessageBox.Icon.Warning, self.tr("Not restored"), self.tr(
                "A sync is sending records right now. Wait for it to finish, then restore."))
            return
        data_dir, key = self._desk.data_dir, self._desk.database_key()

        def copy(_conn: sqlite3.Connection, progress: Callable[[int, int], None],
                 stop: Callable[[], bool]) -> Path | None:
            return backup.restore(data_dir, path, key, progress=progress, stop=stop)

        def replaced(kept: Path | None) -> None:
            self._desk.reload()
            self.restored.emit()
            text = self.tr("The records of {file} are back on this desk.").format(
                file=path.name)
            if kept is not None:
                text += " " + self.tr("The records it replaced are kept in {copy}.").format(
                    copy=kept)
            self._tell(QMessageBox.Icon.Information, self.tr("Restored"), text)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, backup.Cancelled):
                self._tell(QMessageBox.Icon.Information, self.tr("Not restored"), self.tr(
                    "The restore was stopped; this desk's records are as they were."))
            elif isinstance(exc, backup.RestoreRefused):
                self._tell(QMessageBox.Icon.Warning, self.tr("Not restored"),
                           restore_refused_text(exc.code, exc.params))
            elif isinstance(exc, OSError | sqlite3.Error):
                reason = getattr(exc, "strerror", None) or exc
                self._tell(QMessageBox.Icon.Warning, self.tr("Not restored"), self.tr(
                    "{file} could not be restored: {reason}. This desk's records are as "
                    "they were.").format(file=path.name, reason=reason))
            else:
                raise exc

        self._run(self.tr("Restoring"), copy, replaced, failed, cleanup=lock.release)
