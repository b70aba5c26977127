"""The Inbox: QR submissions waiting for this desk (returnees who registered on a phone,
employers asking for workers), and the two things the officer does with each after
calling the person: accept it (the registration form opens filled in, to correct and
save) or turn it down with a reason.

Taking and declining ask headquarters, on a helper thread so the window never freezes
on a bad link; the answer comes back through ``_answered`` on the window's thread.
Signals for the main window: ``changed()`` after an accept or decline (emit the app-wide
change), ``print_requested(dict)`` when the officer asks for a new registration's slip.
"""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationFailed
from app.fonts import khmer_family
from app.messages import field_error_text
from app.services import inbox
from app.services.desk import Desk
from app.ui import preferences, record_text
from app.ui.employers_view import RequestForm
from app.ui.registration_form import RegistrationForm
from app.ui.widgets import SaveRefused, record_table
from sync.client import SyncError

REF_ROLE = Qt.ItemDataRole.UserRole
STYLE = """
QLabel#message[kind="error"] { color: #b00020; font-weight: bold; }
QLabel#message[kind="ok"] { color: #1b5e20; font-weight: bold; }
QLabel#message[kind="busy"] { color: #37474f; }
"""


def _set_message(label: QLabel, text: str, kind: str) -> None:
    label.setText(text)
    label.setProperty("kind", kind)
    label.style().unpolish(label)
    label.style().polish(label)


class InboxView(QWidget):
    changed = Signal()
    print_requested = Signal(dict)
    # (action, ref, headquarters' answer or the SyncError) from the helper thread
    _answered = Signal(str, str, object)

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self._desk = desk
        self.setStyleSheet(STYLE)
        font = QFont(self.font())
        font.setFamilies([khmer_family(), *font.families()])
        self.setFont(font)
        self._items: dict[str, dict[str, Any]] = {}
        self._busy_ref: str | None = None
        self.accept_dialog: AcceptDialog | None = None
        self.decline_dialog: DeclineDialog | None = None

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.table = record_table(6, self, stretch=1)
        self.accept_button = QPushButton(self)
        self.decline_button = QPushButton(self)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.accept_button.clicked.connect(self.accept_selected)
        self.decline_button.clicked.connect(self.decline_selected)
        self.table.doubleClicked.connect(self.accept_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._answered.connect(self._on_answer)
        self._retranslate()
        self.refresh()

    # --- filling ----------------------------------------------------------------------

    def count(self) -> int:
        return len(self._items)

    def refresh(self) -> None:
        chosen = self.selected_ref()
        items = inbox.open_items(self._desk)
        self._items = {i["ref"]: i for i in items}
        shown = preferences.display(self._desk)
        self.title.setText(self.tr(
            "QR submissions for this desk: {n}. Call the person, then accept (and correct "
            "what is wrong) or turn it down.").format(n=shown.number(len(items))) if items
            else self.tr("No QR submissions are waiting. New ones arrive with each sync."))
        blocked = self.table.blockSignals(True)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            for col, text in enumerate(self._cells(item, shown)):
                cell = QTableWidgetItem(text)
                cell.setData(REF_ROLE, item["ref"])
                self.table.setItem(row, col, cell)
            if item["ref"] == chosen:
                self.table.selectRow(row)
        self.table.blockSignals(blocked)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _cells(self, item: dict[str, Any], shown: preferences.Display) -> tuple[str, ...]:
        fields, lang = item["fields"], shown.language
        if item["kind"] == inbox.EMPLOYER_REQUEST:
            who = self.tr("Employer: {name} ({workers} workers)").format(
                name=fields.get("employer_name") or "",
                workers=shown.number(int(fields.get("workers_needed") or 0)))
            phone = fields.get("contact_phone")
            place = record_text.place_label(
                fields.get("district_code") or fields.get("province_code"), lang)
        else:
            who = record_text.person_name(fields)
            phone = fields.get("phone")
            place = record_text.place_path(fields.get("home_village_code"), lang)
        state = (self.tr("Taken by this desk: save the record to finish")
                 if item["taken_here"] else self.tr("Waiting"))
        when = record_text.when_text(item["submitted_at"], lang, shown.khmer_digits)
        return (item["ref"], who, shown.phone(phone), place, when, state)

    def _retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Reference"), self.tr("Name"), self.tr("Phone"), self.tr("Village"),
            self.tr("Sent at"), self.tr("State")])
        self.accept_button.setText(self.tr("Accept…"))
        self.accept_button.setToolTip(self.tr(
            "Take it for this desk and open the form to check and save it"))
        self.decline_button.setText(self.tr("Turn down…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)

    def selected_ref(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        return cell.data(REF_ROLE) if cell else None

    def select(self, ref: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(REF_ROLE) == ref:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        item = self._items.get(self.selected_ref() or "")
        idle = self._busy_ref is None
        self.accept_button.setEnabled(item is not None and idle)
        self.decline_button.setEnabled(item is not None and idle and not item["taken_here"])

    # --- accepting ----------------------------------------------------------------------

    def accept_selected(self) -> None:
        item = self._items.get(self.selected_ref() or "")
        if item is None or self._busy_ref is not None:
            return
        if item["taken_here"]:
            self._open_form(item)  # headquarters' answer is already in hand
            return
        self._ask("take", item["ref"])

    def decline_selected(self) -> None:
        item = self._items.get(self.selected_ref() or "")
        if item is None or self._busy_ref is not None:
            return
        dialog = DeclineDialog(item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._ask("decline", item["ref"], dialog.reason))
        self.decline_dialog = dialog
        dialog.open()

    def _ask(self, action: str, ref: str, reason: str = "") -> None:
        try:
            to = inbox.link(self._desk)
        except inbox.InboxError as exc:
            _set_message(self.message, inbox.error_text(exc), "error")
            return
        self._busy_ref = ref
        self._update_buttons()
        _set_message(self.message, self.tr("Asking headquarters about {ref}…").format(ref=ref),
                     "busy")

        def work() -> None:
            try:
                outcome: object = inbox.ask(to, action, ref, reason)
            except SyncError as exc:
                outcome = exc
            except Exception as exc:  # noqa: BLE001  reported in words, never lost
                outcome = SyncError(str(exc))
            if shiboken6.isValid(self):
                self._answered.emit(action, ref, outcome)

        threading.Thread(target=work, name="inbox", daemon=True).start()

    def _on_answer(self, action: str, ref: str, outcome: object) -> None:
        self._busy_ref = None
        try:
            item = inbox.settle(self._desk, ref, outcome)  # type: ignore[arg-type]
        except inbox.InboxError as exc:
            _set_message(self.message, inbox.error_text(exc), "error")
            self.refresh()
            self.changed.emit()
            return
        if action == "decline":
            _set_message(self.message, self.tr("Turned down {ref}.").format(ref=ref), "ok")
            self.refresh()
            self.changed.emit()
            return
        _set_message(self.message, self.tr(
            "{ref} is now this desk's. Check the details with the person and save.").format(
                ref=ref), "ok")
        self.refresh()
        self._open_form(item)

    def _open_form(self, item: dict[str, Any]) -> None:
        if self.accept_dialog is not None and shiboken6.isValid(self.accept_dialog):
            self.accept_dialog.close()
        dialog = AcceptDialog(self._desk, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._made)
        dialog.print_requested.connect(self.print_requested)
        self.accept_dialog = dialog
        dialog.open()

    def _made(self, rec: dict[str, Any]) -> None:
        number = rec.get("registration_no")
        _set_message(self.message, self.tr("Saved. Registration number {number}").format(
            number=number) if number else self.tr("Saved the employer request."), "ok")
        self.refresh()
        self.changed.emit()


class AcceptDialog(QDialog):
    """The registration form (or the employer request form) filled in from a
    submission this desk has taken; saving makes the record and finishes the
    submission. The form stays open after saving, to print the slip or correct more."""

    saved = Signal(dict)
    print_requested = Signal(dict)

    def __init__(self, desk: Desk, item: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._desk, self._item = desk, item
        shown = preferences.display(desk)
        self.setWindowTitle(self.tr("Accept {ref}").format(ref=item["ref"]))
        fields = item["fields"]
        employer = item["kind"] == inbox.EMPLOYER_REQUEST
        phone = fields.get("contact_phone" if employer else "phone")
        self.intro = QLabel(self.tr(
            "Sent from the QR page on {when}. Call {phone}, check every field with the "
            "person, correct what is wrong, then save.").format(
                when=record_text.when_text(item["submitted_at"], shown.language,
                                           shown.khmer_digits),
                phone=shown.phone(phone)), self)
        self.intro.setWordWrap(True)
        self.form: RegistrationForm | RequestForm
        if employer:
            self.form = RequestForm(desk, self)
            self.form.saver = self._save_request
            self.form.prefill(fields)
        else:
            self.form = RegistrationForm(desk, language=shown.language, parent=self,
                                         edit_only=True)
            self.form.saver = self._save_registration
            self.form.prefill(inbox.form_values(item))
            self.form.print_requested.connect(self.print_requested)
        self.form.saved.connect(self.saved)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(close)
        # As large as the window it opens over (the form is laid out for 1366x768).
        width, height = (1340, 740) if not employer else (760, 700)
        host = parent.window() if parent is not None else None
        if host is not None and host.isVisible():
            width, height = min(width, host.width() - 20), min(height, host.height() - 20)
        self.resize(width, height)

    def _complete(self, raw: dict[str, Any]) -> dict[str, Any]:
        try:
            return inbox.complete(self._desk, self._item["ref"], raw)
        except inbox.InboxError as exc:
            raise SaveRefused(inbox.error_text(exc)) from None

    def _save_registration(self, raw: dict[str, Any]) -> dict[str, Any]:
        return self._complete(raw)  # ValidationFailed, DuplicatesFound: the form shows them

    def _save_request(self, raw: dict[str, Any]) -> dict[str, Any]:
        saved = self._complete(raw)
        self.accept()  # a request has no slip: done
        return saved


class DeclineDialog(QDialog):
    """Why the submission is turned down (1 to 500 characters): the reason is stored at
    headquarters with it."""

    def __init__(self, item: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.reason = ""
        self.setWindowTitle(self.tr("Turn down {ref}").format(ref=item["ref"]))
        fields = item["fields"]
        who = (fields.get("employer_name") if item["kind"] == inbox.EMPLOYER_REQUEST
               else record_text.person_name(fields)) or ""
        self.question = QLabel(self.tr(
            "Why is {who} ({ref}) turned down? Headquarters keeps the reason.").format(
                who=who, ref=item["ref"]), self)
        self.question.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr(
            "e.g. the number is not in service; called three times"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("Turn down"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 260)

    def _check(self) -> None:
        try:
            self.reason = inbox.check_reason(self.text.toPlainText())
        except ValidationFailed as failed:
            self.error.setText(field_error_text(failed.errors[0]))
            self.text.setFocus()
            return
        self.accept()


