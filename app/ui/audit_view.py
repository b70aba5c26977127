"""The audit trail, for supervisors: who searched, opened, printed, exported, edited or
withdrew which record on this desk, newest first, filtered by officer, registration
number and days. Read-only: nothing here changes the trail."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import regno
from app.services import audit, officers
from app.services.desk import Desk
from app.ui import preferences
from app.ui.widgets import DateLineEdit, mark_invalid, record_table

SHOWN_AT_MOST = 500


class AuditTrailDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.setMinimumSize(900, 520)
        self.setStyleSheet('QLineEdit[invalid="true"] { border: 2px solid #c62828; }')
        self.officer = QComboBox(self)
        self.number = QLineEdit(self)
        self.number.setMinimumWidth(200)  # a whole number: 0502-7KQ2MX-00042-B
        self.date_from = DateLineEdit(self)
        self.date_to = DateLineEdit(self)
        self.count_label = QLabel(self)
        self.table = record_table(5, self, stretch=4)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.officer_caption, self.number_caption, self.days_caption = (
            QLabel(self), QLabel(self), QLabel(self))

        filters = QHBoxLayout()
        for caption, widget in ((self.officer_caption, self.officer),
                                (self.number_caption, self.number),
                                (self.days_caption, self.date_from)):
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(QLabel("–", self))
        filters.addWidget(self.date_to)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

        self.officer.currentIndexChanged.connect(self.refresh)
        for edit in (self.number, self.date_from, self.date_to):
            edit.textChanged.connect(self.refresh)
        self._retranslate()

    # --- what it shows ----------------------------------------------------------------

    def _day(self, edit: DateLineEdit) -> date | None | bool:
        """The day typed, None when empty, False when it is not a date."""
        if not edit.text().strip():
            return None
        try:
            return date.fromisoformat(edit.iso())
        except ValueError:
            return False

    def refresh(self) -> None:
        day_from, day_to = self._day(self.date_from), self._day(self.date_to)
        mark_invalid(self.date_from, day_from is False)
        mark_invalid(self.date_to, day_to is False)
        typed = self.number.text().strip()
        number = regno.parse(typed) if typed else None
        mark_invalid(self.number, bool(typed) and number is None)
        if day_from is False or day_to is False or (typed and number is None):
            return  # the box marked red says what to fix; the list stays as it was
        events = audit.trail(self._desk, officer_id=self.officer.currentData() or None,
                             registration_no=str(number) if number else None,
                             day_from=day_from or None, day_to=day_to or None,
                             limit=SHOWN_AT_MOST)
        shown = preferences.display(self._desk)
        today = self._desk.today()
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            when = datetime.fromisoformat(event["at"].replace("Z", "+00:00"))
            cells = (shown.moment(when, today=today),
                     event["officer_name"] or self.tr("(no officer: a command)"),
                     self._action_text(event["action"]),
                     event["registration_no"] or "",
                     self._detail(event, shown))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        count = shown.number(len(events))
        self.count_label.setText(
            self.tr("{count} events, newest first (at most {most})").format(
                count=count, most=shown.number(SHOWN_AT_MOST)) if len(events) >= SHOWN_AT_MOST
            else self.tr("{count} events, newest first").format(count=count))

    def _action_text(self, action: str) -> str:
        return {
            "search": self.tr("Searched"),
            "open": self.tr("Opened"),
            "print": self.tr("Printed the slip"),
            "export": self.tr("Exported"),
            "edit": self.tr("Edited"),
            "withdraw": self.tr("Withdrew"),
        }.get(action, action)

    def _detail(self, event: dict, shown: preferences.Display) -> str:
        if event["action"] == "search":
            kind = {"name": self.tr("a name"), "phone": self.tr("a phone number"),
                    "number": self.tr("a registration number")}.get(event["query_kind"], "")
            return self.tr("for {kind}: {count} found").format(
                kind=kind, count=shown.number(event["result_count"] or 0))
        if event["action"] == "export":
            return self.tr("{count} records").format(
                count=shown.number(event["result_count"] or 0))
        return ""

    def _fill_officers(self) -> None:
        chosen = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem(self.tr("Everyone"), None)
        for officer in officers.list_officers(self._desk):
            self.officer.addItem(officer.name, officer.officer_id)
        self.officer.setCurrentIndex(max(self.officer.findData(chosen), 0))
        self.officer.blockSignals(False)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Audit trail"))
        self.officer_caption.setText(self.tr("Officer"))
        self.number_caption.setText(self.tr("Registration number"))
        self.days_caption.setText(self.tr("Days"))
        self.date_from.setPlaceholderText(self.tr("from"))
        self.date_to.setPlaceholderText(self.tr("to"))
        self.table.setHorizontalHeaderLabels([
            self.tr("When"), self.tr("Officer"), self.tr("What"),
            self.tr("Registration number"), self.tr("Details")])
        self._fill_officers()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

