"""The "Headquarters" page of the settings dialog: enrol this laptop with the code from
headquarters, see where it sends to, and sync now.

Enrolment runs on the sync controller's thread (it talks to the network), so the dialog
stays responsive on a bad link; ``SyncController.enrolFinished`` brings the outcome back.

Wiring (settings dialog): ``tabs.addTab(HeadquartersTab(desk, controller, self),
self.tr("Headquarters"))``.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import sync as sync_service
from app.services.desk import Desk
from app.ui.sync_controller import SyncController, status_text
from sync.client import SyncError, check_server_url


class HeadquartersTab(QWidget):
    def __init__(self, desk: Desk, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self._desk = desk
        self._controller = controller
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.server_edit = QLineEdit(self)
        self.server_edit.setPlaceholderText("https://")
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX")
        self.enrol_button = QPushButton(self.tr("Enrol this laptop"), self)
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Headquarters address"), self.server_edit)
        form.addRow(self.tr("Enrolment code"), self.code_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.enrol_button.clicked.connect(self._enrol)
        self.sync_button.clicked.connect(controller.sync_now)
        controller.enrolFinished.connect(self._enrolled)
        controller.statusChanged.connect(self._show_state)
        self._show_state()

    @Slot()
    def _show_state(self, *_args: object) -> None:
        view = self._controller.status()
        status = view.status
        if status.enrolled:
            self.state_label.setText(self.tr(
                "This laptop sends to {url} as device {tag}.").format(
                    url=status.server_url, tag=self._desk.device_tag))
            if not self.server_edit.text():
                self.server_edit.setText(status.server_url or "")
        else:
            self.state_label.setText(self.tr(
                "This laptop is not enrolled yet. Ask headquarters for an enrolment code "
                "for district {office}.").format(office=self._desk.office_code))
        self.sync_button.setEnabled(status.enrolled and not view.running)
        self.sync_button.setToolTip(status_text(view)[0])

    def _enrol(self) -> None:
        url, code = self.server_edit.text().strip(), self.code_edit.text().strip()
        try:
            check_server_url(url)
        except SyncError as exc:
            self.message.setText(sync_service.failure_text(exc))
            return
        if not code:
            self.message.setText(self.tr("Enter the enrolment code from headquarters."))
            return
        self.enrol_button.setEnabled(False)
        self.message.setText(self.tr("Enrolling…"))
        self._controller.enrol(url, code)

    @Slot(bool, str)
    def _enrolled(self, ok: bool, words: str) -> None:
        self.enrol_button.setEnabled(True)
        if ok:
            self.code_edit.clear()
            self.message.setText(self.tr(
                "Enrolled. New registration numbers use device tag {tag}.").format(tag=words))
        else:
            self.message.setText(words)
        self._show_state()
