"""The desk's recovery key, shown to a supervisor: once after setup (or after an older
data folder was encrypted), and again from Settings. It opens the desk when every
password is forgotten, so it is meant for paper, locked away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import officers
from app.services.desk import Desk


class RecoveryKeyDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self._desk = desk
        self.key = officers.recovery_key(desk)
        self.setWindowTitle(self.tr("Recovery key"))
        intro = QLabel(self.tr(
            "This key opens this laptop's records when every password is forgotten. Print "
            "it or write it down now, and keep the paper locked away from the laptop."), self)
        intro.setWordWrap(True)
        self.key_label = QLabel(self.key, self)
        self.key_label.setObjectName("recoveryKey")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(14)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_key)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.done_button = QPushButton(self.tr("I have written it down"), self)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.key_label)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def document(self) -> QTextDocument:
        """What is printed: the office, the key, and what it is for."""
        doc = QTextDocument(self)
        doc.setPlainText("\n\n".join([
            self.tr("Job Centre Desk — recovery key"),
            self.tr("Office: {office}").format(office=self._desk.office_code),
            self.key,
            self.tr("Keep this paper locked away. It opens this laptop's records when every "
                    "password is forgotten."),
        ]))
        return doc

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        chooser = QPrintDialog(printer, self)
        if chooser.exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)

    def accept(self) -> None:
        officers.recovery_key_shown(self._desk)
        super().accept()


def show_if_unseen(desk: Desk, parent: QWidget) -> RecoveryKeyDialog | None:
    """After sign-in: a supervisor who has not been shown the key yet sees it now."""
    officer = desk.officer
    if officer is None or not officer.is_supervisor or not officers.recovery_key_unseen(desk):
        return None
    dialog = RecoveryKeyDialog(desk, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
