"""The window's "Back up to…" and "Restore from…": the same services as `jobcentre
backup` and `jobcentre restore`, with a progress dialog (pages copied of pages in all).

Both run on the window's thread, pumping events between steps of SQLite's backup API;
the progress dialog is window-modal, so nothing else can be clicked meanwhile. Restore
holds the data folder's sync lock, so no sync writes while the database is replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.messages import restore_refused_text
from app.services import backup
from app.services.desk import Desk

FILE_FILTER = "(*.backup *.sqlite3)"


class BackupActions(QObject):
    """Signals ``restored()``: the database was replaced; every view should redraw."""

    restored = Signal()

    def __init__(self, desk: Desk, parent: QWidget):
        super().__init__(parent)
        self._desk = desk
        self._parent = parent
        self.question: QMessageBox | None = None
        self.last_message: QMessageBox | None = None

    def _progress(self, title: str) -> tuple[QProgressDialog, Callable[[int, int], None]]:
        dialog = QProgressDialog(title, "", 0, 0, self._parent)
        dialog.setWindowTitle(title)
        dialog.setCancelButton(None)  # a copy half done is thrown away, never kept
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(600)
        dialog.setLabelText(self.tr("{title}: starting").format(title=title))

        def step(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(self.tr("{title}: {done} of {total} pages").format(
                title=title, done=done, total=total))
            QApplication.processEvents()

        return dialog, step

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.open()
        return box

    def back_up(self, path: Path | None = None) -> Path | None:
        """Write a backup, asking where when ``path`` is not given."""
        if path is None:
            stamp = self._desk.today().isoformat()
            suggested = str(Path.home() / f"jobcentre-{self._desk.device_tag}-{stamp}.backup")
            chosen, _ = QFileDialog.getSaveFileName(
                self._parent, self.tr("Back up to"), suggested,
                self.tr("Job Centre Desk backup") + " " + FILE_FILTER)
            if not chosen:
                return None
            path = Path(chosen)
        dialog, step = self._progress(self.tr("Backing up"))
        try:
            backup.back_up(self._desk.conn, path, progress=step)
        except backup.RestoreRefused as refused:
            self._tell(QMessageBox.Icon.Warning, self.tr("Not backed up"),
                       restore_refused_text(refused.code, refused.params))
            return None
        except OSError as exc:
            self._tell(QMessageBox.Icon.Warning, self.tr("Not backed up"),
                       self.tr("The backup could not be written to {file}: {reason}").format(
                           file=path, reason=exc.strerror or exc))
            return None
        finally:
            dialog.close()
        self._tell(QMessageBox.Icon.Information, self.tr("Backed up"),
                   self.tr("The desk's records were copied to {file}. Keep it somewhere "
                           "safe: it holds every returnee's details.").format(file=path))
        return path

    def restore(self, path: Path | None = None, *, confirmed: bool = False) -> None:
        """Ask which file (unless ``path``), check it, ask to confirm (unless
        ``confirmed``), then replace the database."""
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

        dialog, step = self._progress(self.tr("Restoring"))
        try:
            with FolderLock(self._desk.data_dir):
                kept = backup.restore(self._desk.data_dir, path, self._desk.database_key(),
                                      progress=step)
        except SyncBusy:
            dialog.close()
            self._tell(QMessageBox.Icon.Warning, self.tr("Not restored"), self.tr(
                "A sync is sending records right now. Wait for it to finish, then restore."))
            return
        except backup.RestoreRefused as refused:
            dialog.close()
            self._tell(QMessageBox.Icon.Warning, self.tr("Not restored"),
                       restore_refused_text(refused.code, refused.params))
            return
        dialog.close()
        self._desk.reload()
        self.restored.emit()
        text = self.tr("The records of {file} are back on this desk.").format(file=path.name)
        if kept is not None:
            text += " " + self.tr("The records it replaced are kept in {copy}.").format(copy=kept)
        self._tell(QMessageBox.Icon.Information, self.tr("Restored"), text)

