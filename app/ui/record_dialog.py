"""One saved registration: what it says now, every version before, and what an officer
can do with it (edit, withdraw, print the slip).

Editing happens in this dialog, in the same form that registers people, so the officer
knows every field's place; saving stores the next version. Withdrawing asks for a reason
in a second, small dialog that is also the confirmation. Nothing is ever deleted, and a
withdrawn record says so in red at the top.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import audit as audit_rules
from app.domain.errors import ValidationFailed
from app.domain.registration import FIELDS, REASON_MAX
from app.messages import duplicate_of_text, field_error_text, field_label
from app.services import audit, employers, registrations
from app.services.desk import Desk
from app.store.registrations import VersionConflict
from app.ui import preferences, record_text
from app.ui.events import AppEvents
from app.ui.registration_form import RegistrationForm
from app.ui.widgets import ask_to_discard

# What the history compares between versions: the person's data and the withdrawal.
HISTORY_FIELDS = tuple(f for f in FIELDS if f != "registration_no") + (
    "withdrawn",
    "withdrawn_reason",
)
# The details tab, in two columns: the person, then work wanted, return and the rest.
_LEFT = ("name_km", "name_latin", "sex", "date_of_birth", "age", "phone", "national_id",
         "home_village_code", "channel", "consent")
_RIGHT = ("preferred_province_codes", "sectors", "expected_salary_usd", "returned_from",
          "return_date", "previous_job", "skills", "training_interests", "training_enrolments", "notes",
          "duplicate_override_reason")

STYLE = """
QDialog { background: #f4f6f9; }
QLabel#number { font-family: "DejaVu Sans Mono", "Consolas", "Courier New", monospace;
    font-size: 17pt; font-weight: bold; color: #0d3c78; }
QLabel#names { font-size: 13pt; color: #263238; }
QLabel#meta { color: #546e7a; }
QFrame#withdrawnBanner { background: #fdecea; border: 1px solid #e57373; border-radius: 4px; }
QLabel#withdrawnText { color: #b71c1c; font-weight: bold; }
QFrame#duplicateBanner { background: #fff4e0; border: 1px solid #f0a030; border-radius: 4px; }
QLabel#duplicateText { color: #7a4300; font-weight: bold; }
QLabel#caption { color: #546e7a; }
QLabel#value { color: #1c2833; }
QLabel#status { color: #1b5e20; font-weight: bold; }
QScrollArea, QScrollArea > QWidget > QWidget { background: #ffffff; }
QTableWidget { background: #ffffff; alternate-background-color: #f5f8fb;
    gridline-color: #e3e8ee; }
QTableWidget::item { padding: 4px 8px; }
QHeaderView::section { background: #eef2f6; color: #263238; padding: 4px 8px;
    border: none; border-right: 1px solid #d5dbe3; border-bottom: 1px solid #c3ccd6; }
"""


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The keys whose stored values differ between two versions of a record."""
    def norm(value: Any) -> Any:
        # "" and None and [] all mean "not given" in the stored JSON.
        return None if value in ("", [], None) else value

    return [k for k in HISTORY_FIELDS if norm(before.get(k)) != norm(after.get(k))]


def _label(key: str) -> str:
    if key == "withdrawn":
        return QCoreApplication.translate("RecordDialog", "Withdrawn")
    return field_label(key)


class WithdrawDialog(QDialog):
    """Asks why a record is withdrawn; pressing Withdraw is the confirmation."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Withdraw {number}").format(number=number))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr("A withdrawn record stays on this laptop and at headquarters, marked as "
                    "withdrawn, and is no longer offered to employers. Why is it withdrawn?"),
            self,
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(
            self.tr("For example: registered twice; found a job; asked to be removed")
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(110)
        self.reason.textChanged.connect(self._update_button)
        buttons = QDialogButtonBox(self)
        self.withdraw_button = QPushButton(self.tr("Withdraw record"), self)
        buttons.addButton(self.withdraw_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self._update_button()
        self.reason.setFocus()

    def reason_text(self) -> str:
        return " ".join(self.reason.toPlainText().split())

    def _update_button(self) -> None:
        text = self.reason_text()
        self.withdraw_button.setEnabled(0 < len(text) <= REASON_MAX)


class RecordDialog(QDialog):
    """Shows the record ``record_id``. ``print_requested(dict)`` asks for its slip."""

    print_requested = Signal(dict)

    def __init__(
        self, desk: Desk, record_id: str, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._events = events
        self._record_id = record_id
        self._shown = preferences.display(desk)
        self._language, self._kd = self._shown.language, self._shown.khmer_digits
        self.record: dict[str, Any] = {}
        self.withdraw_dialog: WithdrawDialog | None = None
        self.form: RegistrationForm | None = None
        self.discard_question: QMessageBox | None = None
        self._edit_baseline: dict[str, Any] = {}
        self.setStyleSheet(STYLE)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._build()
        self.reload()
        audit.record(desk, audit_rules.OPEN, self.record)
        self._size_to_screen()

    # --- public -------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the record and its history from the desk."""
        self._shown = preferences.display(self._desk)
        self._language, self._kd = self._shown.language, self._shown.khmer_digits
        rec = registrations.get(self._desk, self._record_id)
        if rec is None:
            raise KeyError(self._record_id)
        self.record = rec
        self._history = registrations.history(self._desk, self._record_id)
        self._show_header()
        self._show_details()
        self._show_history()
        self._show_referrals()
        self._update_buttons()

    def history_rows(self) -> list[list[str]]:
        """The history table's texts, row by row (oldest first)."""
        table = self.history_table
        return [
            [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]

    def edit(self) -> None:
        """Show the record in the registration form; saving there stores version + 1."""
        if self.form is None:
            self.form = RegistrationForm(
                self._desk, language=self._language, parent=self, edit_only=True
            )
            self.form.saved.connect(self._edited)
            self.form.print_requested.connect(self.print_requested)
            self.pages.addWidget(self.form)
        self.form.load_record(self.record)
        # What the form shows for the untouched record: "unsaved changes" is any
        # difference from it.
        self._edit_baseline = self.form.values()
        self.pages.setCurrentWidget(self.form)
        self._update_buttons()

    def back_to_record(self) -> None:
        """Leave the form for the record view, asking first if typed changes would be
        lost (without a nested event loop, like every question here)."""
        if not self.has_unsaved_edit():
            self._show_record_page()
            return
        self.discard_question = ask_to_discard(
            self, self.tr("Discard changes?"),
            self.tr("The changes you typed are not saved. Discard them?"),
            self._discard_answered)

    def has_unsaved_edit(self) -> bool:
        """Whether the form shows something other than what was loaded into it."""
        if self.form is None or self.pages.currentWidget() is not self.form:
            return False
        return self.form.values() != self._edit_baseline

    def _discard_answered(self, discard: bool) -> None:
        self.discard_question = None
        if discard:
            self._show_record_page()

    def _show_record_page(self) -> None:
        self.pages.setCurrentWidget(self.view_page)
        self._update_buttons()

    def ask_withdraw(self) -> None:
        """Open the reason dialog; withdrawing happens when it is accepted."""
        dialog = WithdrawDialog(self.record["registration_no"], self)
        self.withdraw_dialog = dialog
        dialog.accepted.connect(lambda: self.withdraw(dialog.reason_text()))
        dialog.finished.connect(lambda _r: self._withdraw_closed(dialog))
        # open(), not exec(): the event loop keeps running, so tests can drive it.
        dialog.open()

    def withdraw(self, reason: str) -> bool:
        try:
            registrations.withdraw(
                self._desk, self._record_id, reason, expected_version=self.record["version"]
            )
        except ValidationFailed as failed:
            self._warn("\n".join(field_error_text(e) for e in failed.errors))
            return False
        except VersionConflict:
            self._warn(self.tr("This record was changed meanwhile. It has been reloaded; "
                               "look at it again before withdrawing."))
            self.reload()
            return False
        except PermissionError:
            self._warn(self.tr("Only the laptop that registered this person can withdraw "
                               "the record."))
            return False
        self.reload()
        self.status.setText(self.tr("Withdrawn."))
        self._events.registrations_changed()
        return True

    def request_print(self) -> None:
        if not self.print_button.isEnabled():  # a withdrawn record gets no slip
            return
        self.print_requested.emit(dict(self.record))

    def copy_number(self) -> None:
        QGuiApplication.clipboard().setText(self.record["registration_no"])

    # --- reactions ----------------------------------------------------------------------

    def _edited(self, rec: dict[str, Any]) -> None:
        self._events.registrations_changed()
        if rec.get("id") != self._record_id:
            # "Next person" in the form started a new registration and it was saved:
            # that is a record of its own, so stay in the form and let it report.
            return
        self.reload()
        self._show_record_page()
        self.status.setText(
            self.tr("Saved as version {version}.").format(
                version=self._shown.number(rec["version"]))
        )

    def _withdraw_closed(self, dialog: WithdrawDialog) -> None:
        if self.withdraw_dialog is dialog:
            self.withdraw_dialog = None
        dialog.deleteLater()

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Not withdrawn"), text)

    def reject(self) -> None:
        # Esc in the edit form goes back to the record instead of closing with the
        # changes lost.
        if self.form is not None and self.pages.currentWidget() is self.form:
            self.back_to_record()
            return
        super().reject()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange and self.record:
            self.reload()
        super().changeEvent(event)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.number_label = QLabel(self)
        self.number_label.setObjectName("number")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.names_label = QLabel(self)
        self.names_label.setObjectName("names")
        self.meta_label = QLabel(self)
        self.meta_label.setObjectName("meta")
        self.banner = QFrame(self)
        self.banner.setObjectName("withdrawnBanner")
        self.banner_label = QLabel(self.banner)
        self.banner_label.setObjectName("withdrawnText")
        self.banner_label.setWordWrap(True)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(self.banner_label)
        # Headquarters found this to be the same person as another registration.
        self.duplicate_banner = QFrame(self)
        self.duplicate_banner.setObjectName("duplicateBanner")
        self.duplicate_label = QLabel(self.duplicate_banner)
        self.duplicate_label.setObjectName("duplicateText")
        self.duplicate_label.setWordWrap(True)
        self.duplicate_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        duplicate_layout = QHBoxLayout(self.duplicate_banner)
        duplicate_layout.setContentsMargins(10, 6, 10, 6)
        duplicate_layout.addWidget(self.duplicate_label)

        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.number_label)
        header.addWidget(self.names_label)
        header.addWidget(self.meta_label)

        self.tabs = QTabWidget(self)
        self.details = QWidget()
        self.details_layout = QHBoxLayout(self.details)
        self.details_layout.setContentsMargins(12, 10, 12, 10)
        self.details_layout.setSpacing(24)
        self._columns = (QFormLayout(), QFormLayout())
        for column in self._columns:
            column.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            column.setVerticalSpacing(8)
            self.details_layout.addLayout(column, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.details)
        self.tabs.addTab(scroll, self.tr("Record"))

        self.history_table = QTableWidget(0, 5, self)
        self.history_table.verticalHeader().hide()
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # One line per changed field, cut with "…" when long (the whole text on hover):
        # wrapped Khmer rows were measured a line short and clipped.
        self.history_table.setWordWrap(False)
        self.history_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history_table.setAlternatingRowColors(True)
        self.history_table.setShowGrid(False)
        head = self.history_table.horizontalHeader()
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        head.setHighlightSections(False)
        for column in range(4):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.tabs.addTab(self.history_table, self.tr("History"))

        # The employers this person was referred to, and how it went.
        self.referrals_table = QTableWidget(0, 4, self)
        self.referrals_table.verticalHeader().hide()
        self.referrals_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.referrals_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.referrals_table.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.referrals_table, self.tr("Referrals"))

        self.view_page = QWidget(self)
        view_layout = QVBoxLayout(self.view_page)
        view_layout.setContentsMargins(0, 0, 0, 0)
        view_layout.addLayout(header)
        view_layout.addWidget(self.banner)
        view_layout.addWidget(self.duplicate_banner)
        view_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view_page)

        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.clicked.connect(self.edit)
        self.back_button = QPushButton(self.tr("Back to the record"), self)
        self.back_button.clicked.connect(self.back_to_record)
        self.withdraw_button = QPushButton(self.tr("Withdraw…"), self)
        self.withdraw_button.clicked.connect(self.ask_withdraw)
        self.print_button = QPushButton(self.tr("Print slip"), self)
        self.print_button.clicked.connect(self.request_print)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.close)
        for button in (self.edit_button, self.back_button, self.withdraw_button,
                       self.print_button, self.close_button):
            button.setAutoDefault(False)
        # The main window's print keys, here too: this dialog is a window of its own, so
        # the main window's shortcuts do not reach it. The edit form inside leaves F9 to
        # these (two shortcuts on one key would make it ambiguous and neither would fire).
        for keys in (QKeySequence("F9"), QKeySequence(QKeySequence.StandardKey.Print)):
            print_key = QShortcut(keys, self)
            print_key.setContext(Qt.ShortcutContext.WindowShortcut)
            print_key.activated.connect(self.request_print)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

    def _size_to_screen(self) -> None:
        # The edit form is laid out for a whole 1366x768 screen; give the dialog nearly
        # all of the screen it opens on so nothing in it scrolls or squeezes.
        screen = (self.parentWidget() or self).screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 700)
            return
        area = screen.availableGeometry()
        self.resize(min(1320, area.width() - 24), min(720, area.height() - 32))

    # --- showing ------------------------------------------------------------------------

    def _show_header(self) -> None:
        rec = self.record
        self.setWindowTitle(self.tr("Registration {number}").format(number=rec["registration_no"]))
        self.number_label.setText(rec["registration_no"])
        names = [n for n in (rec.get("name_km"), rec.get("name_latin")) if n]
        self.names_label.setText("  ·  ".join(names))
        first = self._history[0] if self._history else {}
        self.meta_label.setText(
            self.tr("Registered {when} by {officer} · version {version} · {sync}").format(
                when=record_text.when_text(rec.get("created_at"), self._language, self._kd),
                officer=first.get("officer_name") or "?",
                version=self._shown.number(rec["version"]),
                sync=record_text.sync_text(rec.get("sync_state")),
            )
        )
        withdrawn = bool(rec.get("withdrawn"))
        self.banner.setVisible(withdrawn)
        if withdrawn:
            self.banner_label.setText(
                self.tr("WITHDRAWN — {reason}").format(reason=rec.get("withdrawn_reason") or "")
            )
        marked = rec.get("duplicate_of_no")
        self.duplicate_banner.setVisible(bool(marked))
        if marked:
            # The number stands alone on the first line, so it never breaks.
            self.duplicate_label.setText(
                duplicate_of_text(marked) + "\n" + self.tr(
                    "Headquarters found that this is the same person as that registration. "
                    "Both records are kept; employers are offered that one."))

    def _show_details(self) -> None:
        for column, keys in zip(self._columns, (_LEFT, _RIGHT), strict=True):
            while column.rowCount():
                column.removeRow(0)
            for key in keys:
                value = record_text.value_text(
                    key, self.record.get(key), self._language, self._kd
                )
                if key == "age":
                    age = record_text.age_of(self.record, self._desk.today())
                    value = "—" if age is None else self._shown.number(age)
                caption = QLabel(field_label(key))
                caption.setObjectName("caption")
                shown = QLabel(html.escape(value))
                shown.setObjectName("value")
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                column.addRow(caption, shown)

    def _show_history(self) -> None:
        table = self.history_table
        table.setHorizontalHeaderLabels([
            self.tr("Version"), self.tr("What"), self.tr("When (Phnom Penh)"),
            self.tr("Officer"), self.tr("Changes"),
        ])
        table.setRowCount(len(self._history))
        previous: Mapping[str, Any] | None = None
        for row, entry in enumerate(self._history):
            texts = (
                self._shown.number(entry["version"]),
                self._action_text(entry["action"]),
                record_text.when_text(entry["changed_at"], self._language, self._kd),
                entry.get("officer_name") or entry.get("officer_id") or "",
                self._changes_text(previous, entry["record"], entry["action"]),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if column == 4:
                    item.setToolTip(text)
                table.setItem(row, column, item)
            previous = entry["record"]

    def _show_referrals(self) -> None:
        table = self.referrals_table
        table.setHorizontalHeaderLabels([
            self.tr("Employer"), self.tr("Job title"), self.tr("Status"), self.tr("Date")])
        words = {"referred": self.tr("Referred"), "interviewed": self.tr("Interviewed"),
                 "hired": self.tr("Hired"), "declined": self.tr("Declined")}
        rows = employers.referrals_of(self._desk, self._record_id)
        table.setRowCount(len(rows))
        for row, ref in enumerate(rows):
            texts = (ref.get("employer_name") or "", ref.get("job_title") or "",
                     words.get(ref["status"], ref["status"]),
                     self._shown.stored_date(ref["status_date"]))
            for column, text in enumerate(texts):
                table.setItem(row, column, QTableWidgetItem(text))

    def _action_text(self, action: str) -> str:
        return {
            "created": self.tr("Registered"),
            "edited": self.tr("Edited"),
            "withdrawn": self.tr("Withdrawn"),
        }.get(action, action)

    def _changes_text(
        self, before: Mapping[str, Any] | None, after: Mapping[str, Any], action: str
    ) -> str:
        if before is None:
            return self.tr("First version")
        lines = []
        for key in changed_fields(before, after):
            if key == "withdrawn":
                continue  # the action column says it
            if key == "withdrawn_reason" and action == "withdrawn":
                lines.append(self.tr("Reason: {reason}").format(reason=after.get(key) or ""))
                continue
            old = record_text.value_text(key, before.get(key), self._language, self._kd)
            new = record_text.value_text(key, after.get(key), self._language, self._kd)
            lines.append(self.tr("{field}: {old} → {new}").format(
                field=_label(key), old=old, new=new))
        return "\n".join(lines) or self.tr("No visible change")

    def _update_buttons(self) -> None:
        editing = self.form is not None and self.pages.currentWidget() is self.form
        withdrawn = bool(self.record.get("withdrawn"))
        own = self.record.get("device_id") == self._desk.device_id
        self.edit_button.setVisible(not editing)
        self.edit_button.setEnabled(own and not withdrawn)
        self.withdraw_button.setVisible(not editing)
        self.withdraw_button.setEnabled(own and not withdrawn)
        self.back_button.setVisible(editing)
        # The form has its own Print slip button; one is enough.
        self.print_button.setVisible(not editing)
        self.print_button.setEnabled(not withdrawn)
        if not own:
            tip = self.tr("Only the laptop that registered this person can change the record.")
        elif withdrawn:
            tip = self.tr("A withdrawn record cannot be changed.")
        else:
            tip = ""
        self.edit_button.setToolTip(tip)
        self.withdraw_button.setToolTip(tip)
