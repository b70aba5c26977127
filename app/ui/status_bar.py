"""The status bar: who is signed in, on which laptop and office, how many records wait to
be sent, and the app version (what a supervisor on the phone asks for first).

It redraws itself on the app-wide change signal; nothing else needs to call it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QLabel, QStatusBar, QWidget

from app import app_version
from app.services import inbox, registrations
from app.services.desk import Desk
from app.ui import events as app_events
from app.ui import preferences, record_text
from app.ui.events import AppEvents

STYLE = """
QStatusBar { background: #eef2f6; border-top: 1px solid #c9d2dc; }
QStatusBar::item { border: none; }
QLabel { color: #37474f; padding: 0 6px; }
QLabel#pending[waiting="true"] { color: #8a4b00; font-weight: bold; }
QLabel#inbox { color: #1a3c6e; font-weight: bold; }
QFrame#separator { color: #c9d2dc; }
"""


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setObjectName("separator")
    line.setFrameShape(QFrame.Shape.VLine)
    return line


class StatusBar(QStatusBar):
    def __init__(self, desk: Desk, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.setStyleSheet(STYLE)
        self.setSizeGripEnabled(False)
        self.officer_label = QLabel(self)
        self.device_label = QLabel(self)
        self.office_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pending")
        # Sync (connection state, last sent) will report here; hidden until it exists.
        self.sync_label = QLabel(self)
        self.sync_label.hide()
        self.version_label = QLabel(self)
        self.inbox_label = QLabel(self)
        self.inbox_label.setObjectName("inbox")
        self.addWidget(self.officer_label)
        self.addWidget(_separator(self))
        self.addWidget(self.office_label)
        self.addWidget(_separator(self))
        self.addWidget(self.device_label)
        self.addPermanentWidget(self.sync_label)
        self.addPermanentWidget(self.inbox_label)
        self.addPermanentWidget(self.pending_label)
        self.addPermanentWidget(_separator(self))
        self.addPermanentWidget(self.version_label)
        events.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        desk = self._desk
        shown = preferences.display(desk)
        language = shown.language
        officer = desk.officer
        self.officer_label.setText(
            self.tr("Officer: {name}").format(name=officer.name) if officer else ""
        )
        self.office_label.setText(
            self.tr("Office: {office}").format(
                office=record_text.place_label(desk.office_code, language)
            )
        )
        # The tag is part of every registration number: ASCII, as on the slips.
        self.device_label.setText(self.tr("Device {tag}").format(tag=desk.device_tag))
        pending = registrations.sync_counts(desk).get("pending", 0)
        if pending == 0:
            self.pending_label.setText(self.tr("Nothing waiting to send"))
        else:
            self.pending_label.setText(
                self.tr("{n} waiting to send").format(n=shown.number(pending)))
        self.pending_label.setProperty("waiting", pending > 0)
        self.pending_label.style().unpolish(self.pending_label)
        self.pending_label.style().polish(self.pending_label)
        waiting = inbox.count_open(desk)
        self.inbox_label.setText(
            self.tr("QR inbox: {n}").format(n=shown.number(waiting)))
        self.inbox_label.setVisible(waiting > 0)
        self.version_label.setText(self.tr("Version {version}").format(version=app_version()))

    def pending_text(self) -> str:
        return self.pending_label.text()

    def _on_changed(self, what: str) -> None:
        if what in (app_events.REGISTRATIONS, app_events.SETTINGS, app_events.OFFICERS):
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)
