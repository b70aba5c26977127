"""Signing in: pick your name, type your password.

Names are offered in a list rather than typed, since several officers share a district
laptop and a misspelt name would read as a wrong password. The last officer to sign in
is chosen already, so the usual case is the password and Enter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.messages import account_error_text
from app.services import officers
from app.services.desk import Desk
from app.services.officers import AccountError
from app.ui import preferences, record_text

LAST_OFFICER = "last_officer"

STYLE = """
QLabel#title { font-size: 14pt; font-weight: bold; color: #1a3c6e; }
QLabel#hint { color: #546e7a; }
QLabel#error { color: #b71c1c; font-weight: bold; }
"""


class LoginDialog(QDialog):
    """On accept, ``desk.officer`` is the officer who signed in."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        app_title = self.tr("Job Centre Desk")
        self.setWindowTitle(self.tr("Sign in — {app}").format(app=app_title))
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(460)

        title = QLabel(app_title, self)
        title.setObjectName("title")
        office = QLabel(
            self.tr("Office: {office}").format(
                office=record_text.office_text(desk.office_code, preferences.language(desk))
            ),
            self,
        )
        office.setObjectName("hint")

        self.name = QComboBox(self)
        self.name.addItems(officers.names(desk))
        last = desk.setting(LAST_OFFICER)
        if last:
            found = self.name.findText(last)
            if found >= 0:
                self.name.setCurrentIndex(found)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textEdited.connect(lambda _t: self.error_label.hide())

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Officer"), self.name)
        form.addRow(self.tr("Password"), self.password)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)  # a disabled account is told why, at length
        self.error_label.hide()

        buttons = QDialogButtonBox(self)
        self.sign_in_button = QPushButton(self.tr("Sign in"), self)
        self.sign_in_button.setDefault(True)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button.clicked.connect(self.sign_in)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(office)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.password.setFocus()

    def sign_in(self) -> None:
        name = self.name.currentText()
        try:
            officers.sign_in(self._desk, name, self.password.text())
        except AccountError as error:
            self.error_label.setText(account_error_text(error.code, dict(error.params)))
            self.error_label.show()
            self.password.clear()
            self.password.setFocus()
            return
        self._desk.set_setting(LAST_OFFICER, name)
        self.accept()
