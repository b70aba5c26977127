"""Records headquarters refused (with the reason in words) and records that changed at
headquarters too (the officer compares and chooses). One screen for what sync could not
settle by itself. Refused employer requests and referrals are listed with the
registrations; they open here in their own small windows (the request form with the
fields headquarters named marked, a referral's status and date), and a saved fix is a
new version that leaves the list and goes on the next sync.

Signals for the main window: ``openRecord(id)`` to open a registration in the form (to
fix it), ``changed()`` after a resend, a fix, a new number or a choice (emit the
app-wide change and ask the sync controller to run).
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.registration import FIELDS
from app.fonts import khmer_family
from app.messages import field_label
from app.services import sync as sync_service
from app.services.desk import Desk
from app.ui import preferences, record_text
from app.ui.employers_view import RequestDialog
from app.ui.matches_view import ReferralStatusDialog
from app.ui.preferences import Display
from app.ui.widgets import record_table

ID_ROLE = Qt.ItemDataRole.UserRole


def _table(headers: list[str], parent: QWidget, stretch: int | None = None) -> QTableWidget:
    table = record_table(len(headers), parent, stretch=stretch)
    table.setHorizontalHeaderLabels(headers)
    return table


class QuarantineView(QWidget):
    openRecord = Signal(str)
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self._desk = desk
        font = QFont(self.font())
        font.setFamilies([khmer_family(), *font.families()])
        self.setFont(font)

        self.refused_title = QLabel(self)
        self.refused_title.setWordWrap(True)
        self.refused = _table([self.tr("Number"), self.tr("Name"), self.tr("Why it was refused"),
                               self.tr("Refused at")], self, stretch=2)
        self.open_button = QPushButton(self.tr("Open to fix"), self)
        self.resend_button = QPushButton(self.tr("Send again"), self)
        self.renumber_button = QPushButton(self.tr("Give a new number and send"), self)

        self.conflicts_title = QLabel(self)
        self.conflicts_title.setWordWrap(True)
        self.conflicts = _table([self.tr("Number"), self.tr("Name"),
                                 self.tr("This laptop"), self.tr("Headquarters")], self,
                                stretch=1)
        self.compare_button = QPushButton(self.tr("Compare and choose…"), self)

        buttons = QHBoxLayout()
        for b in (self.open_button, self.resend_button, self.renumber_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        conflict_buttons = QHBoxLayout()
        conflict_buttons.addWidget(self.compare_button)
        conflict_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.refused_title)
        layout.addWidget(self.refused, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.conflicts_title)
        layout.addWidget(self.conflicts, 2)
        layout.addLayout(conflict_buttons)

        self.open_button.clicked.connect(self._open)
        self.resend_button.clicked.connect(self._resend)
        self.renumber_button.clicked.connect(self._renumber)
        self.compare_button.clicked.connect(self._compare)
        self.refused.itemSelectionChanged.connect(self._update_buttons)
        self.refused.doubleClicked.connect(self._open)
        self.conflicts.itemSelectionChanged.connect(self._update_buttons)
        self.conflicts.doubleClicked.connect(self._compare)
        self._items: dict[str, dict[str, Any]] = {}
        self.fix_dialog: QDialog | None = None
        self.refresh()

    # --- filling ----------------------------------------------------------------------

    def refresh(self) -> None:
        items = sync_service.quarantined(self._desk.conn)
        # Refused employer requests and referrals follow, each carrying its "type".
        items += sync_service.refused_employer_records(self._desk.conn)
        self._items = {i["id"]: i for i in items}
        shown = preferences.display(self._desk)
        self.refused_title.setText(
            self.tr("Refused by headquarters: {n}. Open each one, fix it, then send it again."
                    ).format(n=shown.number(len(items))) if items else
            self.tr("Headquarters has refused nothing."))
        self.refused.setRowCount(len(items))
        for row, item in enumerate(items):
            reasons = "\n".join(sync_service.reason_text(e) for e in item["errors"])
            if item.get("edited_since"):
                reasons += "\n" + self.tr("(changed since: send it again)")
            when = _refused_time(item.get("refused_at"), shown)
            number, name = item.get("registration_no") or "", self._what(item)
            for col, text in enumerate((number, name, reasons, when)):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, item["id"])
                self.refused.setItem(row, col, cell)
        self.refused.resizeRowsToContents()

        conflicts = sync_service.conflicts(self._desk.conn)
        self.conflicts_title.setText(
            self.tr("Changed at headquarters too: {n}. Compare and choose which to keep."
                    ).format(n=shown.number(len(conflicts))) if conflicts else
            self.tr("No records wait for a choice."))
        self.conflicts.setRowCount(len(conflicts))
        for row, c in enumerate(conflicts):
            texts = (c["registration_no"], record_text.person_name(c),
                     self.tr("version {v}").format(v=shown.number(c["local_version"])),
                     self.tr("version {v}").format(v=shown.number(c["server_version"])))
            for col, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, c["registration_id"])
                self.conflicts.setItem(row, col, cell)
        self._update_buttons()

    def _retranslate(self) -> None:
        self.refused.setHorizontalHeaderLabels([
            self.tr("Number"), self.tr("Name"), self.tr("Why it was refused"),
            self.tr("Refused at")])
        self.conflicts.setHorizontalHeaderLabels([
            self.tr("Number"), self.tr("Name"), self.tr("This laptop"),
            self.tr("Headquarters")])
        self.open_button.setText(self.tr("Open to fix"))
        self.resend_button.setText(self.tr("Send again"))
        self.renumber_button.setText(self.tr("Give a new number and send"))
        self.compare_button.setText(self.tr("Compare and choose…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)

    def _what(self, item: dict[str, Any]) -> str:
        """What a refused row is: a returnee, an employer's request, or a referral."""
        employer = " / ".join(t for t in (item.get("employer_name"), item.get("job_title")) if t)
        if item.get("type") == "employer_request":
            return self.tr("Employer request: {employer}").format(employer=employer)
        if item.get("type") == "referral":
            return self.tr("Referral of {name} to {employer}").format(
                name=record_text.person_name(item) or "?", employer=employer or "?")
        return record_text.person_name(item)

    def _selected(self, table: QTableWidget) -> str | None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = table.item(rows[0].row(), 0)
        return cell.data(ID_ROLE) if cell else None

    def _update_buttons(self) -> None:
        chosen = self._selected(self.refused)
        item = self._items.get(chosen or "")
        self.open_button.setEnabled(item is not None)
        self.resend_button.setEnabled(item is not None)
        self.renumber_button.setEnabled(item is not None and "type" not in item and any(
            e.rule in sync_service.NEEDS_NEW_NUMBER for e in item["errors"]))
        self.compare_button.setEnabled(self._selected(self.conflicts) is not None)

    # --- actions ----------------------------------------------------------------------

    def _open(self) -> None:
        record_id = self._selected(self.refused)
        item = self._items.get(record_id or "")
        if item is None:
            return
        if "type" in item:
            self.open_employer_record(item)
        else:
            self.openRecord.emit(item["id"])

    def open_employer_record(self, item: dict[str, Any]) -> QDialog:
        """A refused request in its form, or a refused referral's status and date, in a
        window of its own; saving it sends the new version on the next sync."""
        if self.fix_dialog is not None and shiboken6.isValid(self.fix_dialog):
            self.fix_dialog.close()  # deletes itself
        kind = RequestDialog if item["type"] == "employer_request" else ReferralStatusDialog
        dialog = kind(self._desk, item["id"], item["errors"], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._fixed)
        self.fix_dialog = dialog
        dialog.open()
        return dialog

    def _fixed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _resend(self) -> None:
        record_id = self._selected(self.refused)
        item = self._items.get(record_id or "")
        if item is None:
            return
        if "type" in item:
            sent = sync_service.resend_employer_record(self._desk, item["type"], item["id"])
        else:
            sent = sync_service.resend(self._desk, item["id"])
        if sent:
            self.refresh()
            self.changed.emit()

    def _renumber(self) -> None:
        record_id = self._selected(self.refused)
        if not record_id:
            return
        number = sync_service.renumber(self._desk, record_id)
        QMessageBox.information(self, self.tr("New number"), self.tr(
            "The record now has number {number}. Print a new slip for the person."
        ).format(number=number))
        self.refresh()
        self.changed.emit()

    def _compare(self) -> None:
        record_id = self._selected(self.conflicts)
        if not record_id:
            return
        dialog = ConflictDialog(self._desk, record_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.choice:
            sync_service.resolve(self._desk, record_id, dialog.choice)
            self.refresh()
            self.changed.emit()


class ConflictDialog(QDialog):
    """Both copies side by side, differences marked; the officer keeps one."""

    def __init__(self, desk: Desk, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose which copy to keep"))
        self.choice: str | None = None
        found = next(c for c in sync_service.conflicts(desk.conn)
                     if c["registration_id"] == record_id)
        from app.services import registrations

        local = registrations.get(desk, record_id) or {}
        server = found["server_record"]["data"]
        keys = [k for k in (*FIELDS, "withdrawn", "withdrawn_reason") if k != "registration_no"]
        # What differs first: that is what the officer has to decide about.
        keys.sort(key=lambda k: local.get(k) == server.get(k))
        font = QFont(self.font())
        font.setFamilies([khmer_family(), *font.families()])
        self.setFont(font)
        self.table = _table([self.tr("Field"), self.tr("This laptop"), self.tr("Headquarters")],
                            self)
        self.table.setRowCount(len(keys))
        shown = preferences.display(desk)
        bold = QFont(self.font())
        bold.setBold(True)
        for row, key in enumerate(keys):
            mine, theirs = local.get(key), server.get(key)
            cells = (field_label(key), _value(key, mine, shown), _value(key, theirs, shown))
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if mine != theirs:
                    cell.setFont(bold)
                self.table.setItem(row, col, cell)
        buttons = QDialogButtonBox(self)
        keep_mine = buttons.addButton(self.tr("Keep this laptop's"),
                                      QDialogButtonBox.ButtonRole.AcceptRole)
        keep_hq = buttons.addButton(self.tr("Keep headquarters'"),
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        keep_mine.clicked.connect(lambda: self._choose(sync_service.KEEP_DESK))
        keep_hq.clicked.connect(lambda: self._choose(sync_service.KEEP_HQ))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Differences are in bold."), self))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def _refused_time(stamp: str | None, shown: Display) -> str:
    """When headquarters refused a record, as the date and time in Phnom Penh."""
    from sync.protocol import parse_timestamp

    when = parse_timestamp(stamp) if stamp else None
    return shown.moment(when) if when else ""


def _value(key: str, value: Any, shown: Display) -> str:
    """A field's value as the record view shows it (nothing for an empty one)."""
    if value is None or value == "" or value == []:
        return ""
    return record_text.value_text(key, value, shown.language, shown.khmer_digits)
