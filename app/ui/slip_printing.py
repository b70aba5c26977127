"""Printing registration slips from the window: preview, the system print dialog, PDF.

One object per window. It never blocks the window: the preview opens with ``open()``
and reports through its ``finished`` signal. A slip counts as printed only once the
officer printed it from the preview (or saved the PDF), so looking at a preview never
turns the real first print into a "reprint".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from app.services import slips
from app.services.desk import Desk
from app.slips.render import paint_slips


class SlipPrinting(QObject):
    printed = Signal(list)  # registration numbers whose slips were printed or saved

    def __init__(self, desk: Desk, parent: QWidget) -> None:
        super().__init__(parent)
        self._desk = desk
        self._parent = parent
        self.preview_dialog: QPrintPreviewDialog | None = None

    def preview(self, numbers: Sequence[str]) -> None:
        """Show the slips of ``numbers`` in a print preview; its Print button prints them
        in one job through the system's printer dialog."""
        numbers = [n for n in numbers if n]
        if not numbers:
            return
        contents = slips.slips_for_numbers(self._desk, numbers)
        paper = slips.paper_setting(self._desk)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.tr("Registration slips"))
        dialog = QPrintPreviewDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Print registration slips"))
        dialog.resize(900, 700)
        dialog.paintRequested.connect(lambda device: paint_slips(device, contents, paper))

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                slips.record_printed(self._desk, contents)
                self.printed.emit(list(numbers))
            self.preview_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(done)
        self.preview_dialog = dialog
        dialog.open()

    def save_pdf(self, numbers: Sequence[str], path: Path | None = None) -> Path | None:
        """Save the slips as a PDF, asking where when ``path`` is not given."""
        numbers = [n for n in numbers if n]
        if not numbers:
            return None
        if path is None:
            suggested = str(Path.home() / f"slip-{numbers[0]}.pdf")
            chosen, _ = QFileDialog.getSaveFileName(
                self._parent, self.tr("Save slips as PDF"), suggested, self.tr("PDF (*.pdf)")
            )
            if not chosen:
                return None
            path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        try:
            slips.save_pdf(self._desk, numbers, path)
        except OSError as exc:
            QMessageBox.warning(
                self._parent, self.tr("Could not save"),
                self.tr("The PDF could not be written: {reason}").format(reason=exc.strerror),
            )
            return None
        self.printed.emit(list(numbers))
        return path
