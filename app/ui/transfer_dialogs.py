"""Import and export of registrations from the window (the Desk menu), with the rules,
words and file formats of `jobcentre import` and `jobcentre export`.

Import: choose a CSV or JSON Lines file; the whole file is checked without saving and the
dialog shows its first rows and every problem by line (line, field, rule, in the window's
language); Save then saves the good rows in one transaction with a progress bar, and
Cancel rolls that transaction back, so nothing of the file is saved. Export writes every
record beside the chosen file and renames it when complete, so Cancel leaves no file.

The work runs on a ``TransferJob`` thread with its own connection to the data folder and
reports progress by signal; the window keeps answering meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.datafile import FileRefused
from app.messages import field_error_text, field_label, file_problem_line
from app.services import transfer
from app.services.desk import Desk
from app.ui.widgets import record_table

# The preview's columns: the file's keys an officer recognises a person by.
PREVIEW_KEYS = ("name_km", "name_latin", "sex", "date_of_birth", "age", "phone",
                "home_village_code", "sectors")


class TransferJob(QThread):
    """Runs ``work(desk, progress, cancelled)`` on its own thread with its own ``Desk``
    on the same data folder (and the same officer and clock). Emits ``progressed(done,
    total)`` as it goes and then one of ``succeeded()`` (the work's return value is in
    ``result``), ``refused()`` (a file refused as a whole, or any other failure: the
    exception is in ``error``) or ``cancelled()``. Results stay Python attributes rather
    than signal arguments, so no Python object crosses threads inside Qt."""

    progressed = Signal(int, int)
    succeeded = Signal()
    refused = Signal()
    cancelled = Signal()

    def __init__(self, desk: Desk, work: Callable[..., Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._data_dir, self._officer, self._clock = desk.data_dir, desk.officer, desk.now
        self._work = work
        self._stop = threading.Event()
        self.result: Any = None
        self.error: Exception | None = None

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            with Desk(self._data_dir, clock=self._clock) as desk:
                desk.officer = self._officer
                result = self._work(desk, lambda done, total: self.progressed.emit(
                    *_scaled(done, total)), self._stop.is_set)
        except (transfer.ImportCancelled, transfer.ExportCancelled):
            self.cancelled.emit()
        except Exception as exc:  # noqa: BLE001  shown to the officer, never a crash
            self.error = exc.with_traceback(None)
            self.refused.emit()
        else:
            self.result = result
            self.succeeded.emit()


def _scaled(done: int, total: int) -> tuple[int, int]:
    """Byte counts can pass a QProgressBar's int range; per mille always fits."""
    return (1000 * done // total, 1000) if total > 0 else (0, 0)


class _TransferDialog(QDialog):
    """What both dialogs share: a progress bar, a status line, and a job at a time."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.job: TransferJob | None = None
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)

    def _start(self, work: Callable[..., Any], done: Callable[[Any], None],
               failed: Callable[[Exception], None], stopped: Callable[[], None]) -> None:
        job = TransferJob(self.desk, work, self)
        job.progressed.connect(self._progressed)
        job.succeeded.connect(lambda: done(self.job.result if self.job else None))
        job.refused.connect(lambda: failed(self.job.error if self.job else None))
        job.cancelled.connect(stopped)
        job.finished.connect(self._finished)
        self.job = job
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self._busy(True)
        job.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(done if total else 0)

    def _finished(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            # ``finished`` comes from the job's thread just before it ends. The ended job
            # stays with the dialog (its parent) and goes with it.
            job.wait()
        self.cancel_button.setEnabled(False)
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        """Enable or disable what must wait while a job runs."""

    def cancel(self) -> None:
        if self.job is not None:
            self.job.stop()
            self.cancel_button.setEnabled(False)
            self.status.setText(QCoreApplication.translate("TransferDialog", "Stopping…"))

    def wait_for_job(self, ms: int = 60_000) -> None:
        """Block until the running job (if any) has ended: for closing, and for tests."""
        if self.job is not None:
            self.job.wait(ms)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.job is not None:
            # Closing is cancelling: roll back, then go.
            self.job.stop()
            self.job.wait()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.cancel_button.setText(QCoreApplication.translate("TransferDialog", "Cancel"))
        self.close_button.setText(QCoreApplication.translate("TransferDialog", "Close"))


class ImportDialog(_TransferDialog):
    """Signals ``imported(int)``: how many registrations an import saved."""

    imported = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.path: Path | None = None
        self.checked: transfer.ImportReport | None = None
        self.report: transfer.ImportReport | None = None
        self.setMinimumSize(1000, 600)

        self.title = QLabel(self)
        self.choose_button = QPushButton(self)
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        self.keep_duplicates = QCheckBox(self)
        self.keep_duplicates.toggled.connect(lambda _on: self.path and self.load(self.path))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.preview_title = QLabel(self)
        self.preview = record_table(1 + len(PREVIEW_KEYS), self)
        self.problems_title = QLabel(self)
        self.problems = record_table(3, self, stretch=2)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.keep_duplicates)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self._retranslate()

    # --- choosing and checking ----------------------------------------------------------

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import registrations"), str(Path.home()),
            self.tr("Registrations (*.csv *.jsonl)"))
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Check ``path`` without saving and show what it holds and its problems."""
        if self.job is not None:
            return
        self.path = Path(path)
        self.checked = self.report = None
        self.file_label.setText(str(self.path))
        self.preview.setRowCount(0)
        self.problems.setRowCount(0)
        self.summary.clear()
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Checking the file…"))
        keep = self.keep_duplicates.isChecked()
        self._start(
            lambda desk, progress, cancelled: transfer.check_file(
                desk, self.path, keep_duplicates=keep, progress=progress, cancelled=cancelled),
            self._checked, self._refused, self._check_stopped)

    def _checked(self, report: transfer.ImportReport) -> None:
        self.checked = report
        self.progress.hide()
        self._show_preview(report)
        self._show_problems(report)
        self.status.clear()
        self._retranslate_summary()

    def _check_stopped(self) -> None:
        self.progress.hide()
        self.status.setText(self.tr("Checking stopped. Nothing was saved."))

    def _refused(self, exc: Exception) -> None:
        self.progress.hide()
        if isinstance(exc, FileRefused):
            text = file_problem_line(self.path.name if self.path else "", exc)
        else:
            text = str(exc)
        self.status.setText(text + " " + self.tr("Nothing was saved."))
        self.save_button.setEnabled(False)

    def _show_preview(self, report: transfer.ImportReport) -> None:
        self.preview.setRowCount(len(report.first_rows))
        for row, (line, cells) in enumerate(report.first_rows):
            values = [str(line)] + [_cell(cells.get(k)) for k in PREVIEW_KEYS]
            for column, text in enumerate(values):
                self.preview.setItem(row, column, QTableWidgetItem(text))

    def _show_problems(self, report: transfer.ImportReport) -> None:
        lines = [(p.line, e) for p in report.problems for e in p.errors]
        self.problems.setRowCount(len(lines))
        for row, (line, error) in enumerate(lines):
            for column, text in enumerate(
                    (str(line), field_label(error.field), field_error_text(error))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problems.setItem(row, column, item)

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self.job is not None or self.path is None or not self.checked:
            return
        keep = self.keep_duplicates.isChecked()
        path = self.path
        self.status.setText(self.tr("Saving…"))
        self._start(
            lambda desk, progress, cancelled: transfer.import_file(
                desk, path, keep_duplicates=keep, progress=progress, cancelled=cancelled),
            self._saved, self._refused, self._save_stopped)

    def _saved(self, report: transfer.ImportReport) -> None:
        self.report = report
        self.progress.setValue(1000)
        self.checked = None
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saved {saved} registrations; {failed} lines not saved.")
                            .format(saved=len(report.saved), failed=len(report.problems)))
        self.imported.emit(len(report.saved))

    def _save_stopped(self) -> None:
        self.progress.hide()
        self.status.setText(self.tr("Import cancelled. Nothing was saved."))

    def _busy(self, busy: bool) -> None:
        self.choose_button.setEnabled(not busy)
        self.keep_duplicates.setEnabled(not busy)
        self.save_button.setEnabled(not busy and bool(self.checked and self.checked.good))

    # --- words ----------------------------------------------------------------------------

    def _retranslate(self) -> None:
        super()._retranslate()
        self.setWindowTitle(self.tr("Import registrations"))
        self.title.setText("<b>" + self.tr(
            "Import registrations from a CSV or JSON Lines file") + "</b>")
        self.choose_button.setText(self.tr("Choose a file…"))
        if self.path is None:
            self.file_label.setText(self.tr("No file chosen"))
        self.keep_duplicates.setText(self.tr(
            "Save likely duplicates too (each keeps a note of the record it resembles)"))
        self.preview_title.setText(self.tr("The first rows of the file"))
        self.problems_title.setText(self.tr("Problems (these lines will not be saved)"))
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Line")] + [field_label(k) for k in PREVIEW_KEYS])
        self.problems.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Field"), self.tr("Problem")])
        if self.checked is not None:
            self._show_problems(self.checked)
        self._retranslate_summary()

    def _retranslate_summary(self) -> None:
        report = self.checked
        if report is None:
            self.save_button.setText(self.tr("Save"))
            return
        self.summary.setText(self.tr(
            "{good} rows can be saved. {bad} lines have problems and will not be saved.")
            .format(good=report.good, bad=len(report.problems)))
        self.save_button.setText(self.tr("Save {good} registrations").format(good=report.good))
        self.save_button.setEnabled(self.job is None and report.good > 0)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


class ExportDialog(_TransferDialog):
    """Export every registration as JSON Lines or CSV (the command's formats)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.path: Path | None = None
        self.count = 0
        self.setMinimumWidth(720)
        self.title = QLabel(self)
        self.format_label = QLabel(self)
        self.format = QComboBox(self)
        self.format.addItems(["", ""])
        self.export_button = QPushButton(self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.choose_and_export)
        self.note = QLabel(self)
        self.note.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.format_label)
        row.addWidget(self.format, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._retranslate()

    @property
    def fmt(self) -> str:
        return transfer.FORMATS[self.format.currentIndex()]

    def choose_and_export(self) -> None:
        suffix = "." + self.fmt
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export registrations"),
            str(Path.home() / ("registrations" + suffix)),
            self.tr("Registrations (*{suffix})").format(suffix=suffix))
        if name:
            path = Path(name)
            self.export_to(path if path.suffix else path.with_suffix(suffix))

    def export_to(self, path: Path) -> None:
        if self.job is not None:
            return
        self.path = Path(path)
        fmt = self.fmt
        self.status.setText(self.tr("Exporting…"))
        self._start(
            lambda desk, progress, cancelled: transfer.export_file(
                desk, self.path, fmt, progress=progress, cancelled=cancelled),
            self._exported, self._failed, self._stopped)

    def _exported(self, count: int) -> None:
        self.count = count
        self.progress.setValue(1000)
        self.status.setText(self.tr("Exported {count} records to {file}").format(
            count=count, file=str(self.path)))

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.status.setText(self.tr("Could not export: {reason}").format(reason=str(exc)))

    def _stopped(self) -> None:
        self.progress.hide()
        self.status.setText(self.tr("Export cancelled. No file was written."))

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.format.setEnabled(not busy)

    def _retranslate(self) -> None:
        super()._retranslate()
        self.setWindowTitle(self.tr("Export registrations"))
        self.title.setText("<b>" + self.tr("Export every registration to a file") + "</b>")
        self.format_label.setText(self.tr("Format"))
        self.format.setItemText(0, self.tr("JSON Lines (.jsonl)"))
        self.format.setItemText(1, self.tr("CSV for spreadsheets (.csv)"))
        self.export_button.setText(self.tr("Export…"))
        self.note.setText(self.tr(
            "Withdrawn records are included. In CSV, text a spreadsheet would run as a "
            "formula is written behind an apostrophe, which import takes off again."))
