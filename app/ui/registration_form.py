"""Registering a returnee: the one screen field officers and hotline operators type into.

Everything fits one 1366x768 screen in three columns (person; work wanted; return and
training) with the consent box and the Save button always in view below them. It is
built for the keyboard: Tab runs through every field in reading order, Enter saves from
any single-line field, Ctrl+S saves, Ctrl+N starts the next person, Ctrl+Shift+C copies
the registration number and F9 asks for the slip.

The form holds no rules of its own: it hands what was typed to ``registrations`` and
shows the returned errors next to the fields they belong to.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import CHANNELS, DEFAULT_COUNTRY
from app.domain.errors import FieldError, ValidationFailed
from app.domain.khmerdate import read_date_words
from app.domain.registration import FIELDS, NAME_MAX, TEXT_MAX, age_on, display_phone
from app.messages import field_error_text, field_label
from app.services import registrations
from app.services.desk import Desk, gazetteer, reference
from app.store.registrations import VersionConflict
from app.ui import preferences
from app.ui.duplicates_dialog import DuplicatesDialog
from app.ui.village_picker import VillagePicker, place_text
from app.ui.widgets import (
    CheckList,
    Choice,
    DateLineEdit,
    ErrorLine,
    ErrorSlot,
    SaveRefused,
    mark_invalid,
)

# Fields the officer must fill; their labels carry a red star.
REQUIRED = frozenset(
    {
        "sex",
        "date_of_birth",
        "home_village_code",
        "preferred_province_codes",
        "sectors",
        "channel",
        "consent",
    }
)
# Re-checking while the officer corrects errors waits for a pause in typing.
RECHECK_DELAY_MS = 200

STYLE = """
RegistrationForm { background: #f4f6f9; }
QFrame#formHeader, QFrame#actionBar { background: #ffffff; border: 1px solid #d5dbe3;
    border-radius: 4px; }
QFrame#formHeader[saved="true"] { background: #e8f5e9; border-color: #81c784; }
QLabel#formTitle { font-size: 13pt; font-weight: bold; color: #1a3c6e; }
QLabel#sectionTitle { font-weight: bold; color: #1a3c6e; padding-bottom: 1px;
    border-bottom: 2px solid #1a3c6e; }
QLabel#fieldLabel { color: #263238; }
QLabel#hint { color: #607d8b; }
QLabel#fieldError { color: #b71c1c; }
QLabel#numberCaption { color: #546e7a; }
QLabel#registrationNumber { font-family: "DejaVu Sans Mono", "Consolas", "Courier New",
    monospace; font-size: 19pt; font-weight: bold; color: #0d3c78; padding: 0 6px; }
QLabel#registrationNumber[empty="true"] { color: #9aa7b4; }
QLabel#status[kind="ok"] { color: #1b5e20; font-weight: bold; }
QLabel#status[kind="error"] { color: #b71c1c; font-weight: bold; }
QLineEdit, QPlainTextEdit, QListWidget, QComboBox { background: #ffffff;
    border: 1px solid #98a4b3; border-radius: 3px; padding: 2px 4px; }
QListWidget { padding: 1px; }
QLineEdit:focus, QPlainTextEdit:focus, QListWidget:focus, QComboBox:focus {
    border: 1px solid #1565c0; background: #fbfdff; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QListWidget[invalid="true"],
QComboBox[invalid="true"] { border: 2px solid #c62828; background: #fff5f5; }
QFrame#choiceBox { border: 1px solid transparent; border-radius: 3px; }
QFrame#choiceBox[invalid="true"] { border: 2px solid #c62828; background: #fff5f5; }
QListWidget::item:focus { background: #dbe8f8; color: #0d2a4d; }
QPushButton#saveButton { background: #1a5fb4; color: white; font-weight: bold;
    padding: 5px 18px; border-radius: 3px; border: 1px solid #134a8e; }
QPushButton#saveButton:focus { border: 2px solid #0b2e59; }
"""


@dataclass
class _Field:
    """What the form needs to show an error in place: the caption, the message line,
    the widgets that get the red border and the one that takes focus."""

    label: QLabel
    marked: tuple[QWidget, ...]
    focus: Callable[[], QWidget]
    error: ErrorSlot | None = None  # set where the layout places its message


class RegistrationForm(QWidget):
    """New registrations and edits of saved ones, on one screen.

    Signals: ``saved(dict)`` after every successful save (the stored record, with its
    ``registration_no`` and ``version``); ``print_requested(dict)`` when the officer
    asks for the slip of the record shown; ``open_record_requested(str)`` with a record
    id when the officer chooses "Open existing" in the duplicate warning.
    """

    saved = Signal(dict)
    print_requested = Signal(dict)
    open_record_requested = Signal(str)

    def __init__(
        self,
        desk: Desk,
        language: str = "km",
        parent: QWidget | None = None,
        *,
        edit_only: bool = False,
    ) -> None:
        """``edit_only``: the form edits one record (inside the record dialog), so it
        offers no "Next person" and Ctrl+N does nothing there."""
        super().__init__(parent)
        self.setObjectName("registrationForm")
        self._edit_only = edit_only
        self._desk = desk
        self._language = language
        self._record: dict[str, Any] | None = None  # the saved record being edited
        self._shown: dict[str, Any] | None = None  # the record whose number is shown
        self._loaded_values: dict[str, Any] | None = None
        self._sticky_channel = ""
        self._loading = False
        self._dirty = False
        self._error_fields: set[str] = set()
        self._status_words: Callable[[], str] | None = None
        # What saves a new registration; the Inbox puts its own here (accepting a QR
        # submission makes the registration and links the submission in one go).
        self.saver: Callable[[dict[str, Any]], dict[str, Any]] | None = None
        self.duplicates_dialog: DuplicatesDialog | None = None
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._recheck_timer.timeout.connect(self._recheck)

        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._build()
        self._fill_choices()
        self._connect_changes()
        self._make_shortcuts()
        self._retranslate()
        self.new_record()

    # ================================================================ public API

    def new_record(self) -> None:
        """Clear the form for the next person and put the cursor in the first field.

        The channel stays as it was for the last saved person (a hotline desk takes
        every call through the hotline) and "returned from" goes back to Thailand.
        """
        self._loading = True
        try:
            self._record = None
            self._loaded_values = None
            for edit in self._line_edits():
                edit.clear()
            self._set_sex("")
            self.village.clear()
            for checklist in (self.provinces, self.sectors, self.training):
                checklist.set_codes(())
                checklist.scrollToTop()
                checklist.setCurrentItem(None)
            self._select_data(self.returned_from, DEFAULT_COUNTRY)
            self._select_data(self.channel, self._sticky_channel)
            self.consent.setChecked(False)
            self.notes.clear()
            self._clear_errors()
        finally:
            self._loading = False
        self._dirty = False
        self._update_header()
        self._set_status("", "")
        self.name_km.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_record(self, rec: Mapping[str, Any]) -> None:
        """Show a saved record for editing; Save then stores it as the next version."""
        self._loading = True
        try:
            self._record = dict(rec)
            self._shown = dict(rec)
            self.name_km.setText(rec.get("name_km") or "")
            self.name_latin.setText(rec.get("name_latin") or "")
            self._set_sex(rec.get("sex") or "")
            # Dates as every screen writes them; that form reads back on save.
            self.date_of_birth.show_date(rec.get("date_of_birth"), self._display().stored_date)
            age = rec.get("age")
            self.age.setText("" if age is None else str(age))
            self.phone.setText(display_phone(rec.get("phone")))
            self.national_id.setText(rec.get("national_id") or "")
            self.village.set_code(rec.get("home_village_code") or "")
            self.provinces.set_codes(rec.get("preferred_province_codes") or ())
            self.sectors.set_codes(rec.get("sectors") or ())
            salary = rec.get("expected_salary_usd")
            self.salary.setText("" if salary is None else str(salary))
            country = rec.get("returned_from") or DEFAULT_COUNTRY
            if self.returned_from.findData(country) < 0:
                # A code headquarters knows and this desk's list does not yet.
                self.returned_from.addItem(country, country)
            self._select_data(self.returned_from, country)
            self.return_date.show_date(rec.get("return_date"), self._display().stored_date)
            self.previous_job.setText(rec.get("previous_job") or "")
            self.skills.setText(rec.get("skills") or "")
            self.training.set_codes(rec.get("training_interests") or ())
            self._select_data(self.channel, rec.get("channel") or "")
            self.consent.setChecked(bool(rec.get("consent")))
            self.notes.setPlainText(rec.get("notes") or "")
            self._clear_errors()
        finally:
            self._loading = False
        self._loaded_values = self.values()
        self._dirty = False
        self._update_header()
        if rec.get("withdrawn"):
            self._set_status(
                lambda: self.tr("Withdrawn: {reason}").format(
                    reason=rec.get("withdrawn_reason") or ""),
                "error",
            )
        else:
            self._set_status("", "")
        self.name_km.setFocus(Qt.FocusReason.OtherFocusReason)

    def prefill(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` (as a submission brought them) as a new, unsaved registration
        for the officer to check and correct; Save makes it."""
        self.load_record(values)
        self._record = None
        self._shown = None
        self._loaded_values = None
        self._dirty = True
        self._update_header()
        self._set_status("", "")

    def values(self) -> dict[str, Any]:
        """What is typed, as the raw dict ``registrations.register``/``edit`` take.

        Dates typed day-first are turned into YYYY-MM-DD; everything else goes as typed
        (Khmer digits included) because validation owns the cleaning.
        """
        raw: dict[str, Any] = {
            "name_km": self.name_km.text(),
            "name_latin": self.name_latin.text(),
            "sex": self._sex(),
            "date_of_birth": self.date_of_birth.iso(),
            "age": self.age.text().strip(),
            "phone": self.phone.text(),
            "national_id": self.national_id.text(),
            "home_village_code": self.village.code(),
            "preferred_province_codes": self.provinces.codes(),
            "sectors": self.sectors.codes(),
            # "$300" and "300 USD" are how people say it; the rule is about the number.
            "expected_salary_usd": self.salary.text().replace("$", "").replace("USD", "").strip(),
            "returned_from": self.returned_from.currentData() or DEFAULT_COUNTRY,
            "return_date": self.return_date.iso(),
            "previous_job": self.previous_job.text(),
            "skills": self.skills.text(),
            "training_interests": self.training.codes(),
            "channel": self.channel.currentData() or "",
            "consent": self.consent.isChecked(),
            "notes": self.notes.toPlainText(),
        }
        if self._record is not None:
            # An edit must not silently drop why the record was once saved as a duplicate.
            raw["duplicate_override_reason"] = self._record.get("duplicate_override_reason")
        return raw

    def set_language(self, language: str) -> None:
        """Show reference and place names in ``language`` ("km" or "en"), and counts in
        the digits the settings now give, keeping input."""
        if language == self._language:
            # Only the digits may have changed.
            self._update_counts()
            self._show_age_from_birth_date()
            return
        self._language = language
        was_loading, self._loading = self._loading, True
        try:
            self._fill_choices()
            self.village.set_language(language)
            for edit in (self.date_of_birth, self.return_date):
                if read_date_words(edit.text()):  # shown by the form: in the new language
                    edit.show_date(edit.iso(), self._display().stored_date)
        finally:
            self._loading = was_loading
        self._retranslate()

    def language(self) -> str:
        return self._language

    def record(self) -> dict[str, Any] | None:
        """The saved record being edited, or None for a new registration."""
        return dict(self._record) if self._record is not None else None

    def shown_record(self) -> dict[str, Any] | None:
        """The record whose number the header shows (the last saved or loaded)."""
        return dict(self._shown) if self._shown is not None else None

    def registration_number(self) -> str:
        return (self._shown or {}).get("registration_no") or ""

    def has_unsaved_input(self) -> bool:
        return self._dirty

    def save(self) -> dict[str, Any] | None:
        """Validate and save; returns the stored record, or None when it was not saved
        (errors are shown in place, or the duplicate warning is open)."""
        if self.duplicates_dialog is not None and self.duplicates_dialog.isVisible():
            return None
        raw = self.values()
        if self._record is not None and raw == self._loaded_values:
            self._set_status(lambda: self.tr("No changes to save"), "ok")
            return None
        return self._store(raw)

    def copy_number(self) -> None:
        number = self.registration_number()
        if number:
            QGuiApplication.clipboard().setText(number)
            self._set_status(lambda: self.tr("Copied {number}").format(number=number), "ok")

    def request_print(self) -> None:
        if self._shown is not None:
            self.print_requested.emit(dict(self._shown))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Return reaches the form only when the focused field did not use it: line edits,
        # combo boxes, check boxes and lists pass it on; the notes box keeps it for new
        # lines, and buttons click themselves (autoDefault).
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not plain
        if enter and not isinstance(self.focusWidget(), QPushButton):
            event.accept()
            self.save()
            return
        super().keyPressEvent(event)

    # ================================================================ saving

    def _store(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        try:
            if self._record is not None:
                rec = registrations.edit(
                    self._desk, self._record["id"], raw, expected_version=self._record["version"]
                )
            elif self.saver is not None:
                rec = self.saver(raw)
            else:
                rec = registrations.register(self._desk, raw)
        except SaveRefused as refused:
            self._set_status(str(refused), "error")
            return None
        except ValidationFailed as failed:
            self._show_errors(failed.errors)
            return None
        except registrations.DuplicatesFound as found:
            self._ask_about_duplicates(raw, found.matches)
            return None
        except VersionConflict:
            self._version_conflict()
            return None
        except PermissionError:
            self._set_status(
                lambda: self.tr("Only the desk that made this record can edit it"), "error")
            return None
        self._saved(rec, raw)
        return rec

    def _saved(self, rec: dict[str, Any], raw: Mapping[str, Any]) -> None:
        self._sticky_channel = raw.get("channel") or self._sticky_channel
        focus = self.focusWidget()
        # Show what was stored (phone and dates as the desk keeps them) and keep editing
        # that record: a correction saved a minute later is a new version, not a
        # second registration.
        self.load_record(rec)
        if focus is not None and focus.isVisibleTo(self):
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        when = f"{rec.get('registration_no')}"

        def text() -> str:
            if rec.get("version", 1) > 1:
                return self.tr("Saved changes to {number} (version {version})").format(
                    number=when, version=self._display().number(rec["version"]))
            return self.tr("Saved. Registration number {number}").format(number=when)

        self._set_status(text, "ok")
        self.saved.emit(dict(rec))

    def _ask_about_duplicates(
        self, raw: dict[str, Any], matches: Sequence[registrations.LikelyDuplicate]
    ) -> None:
        clean, _errors = registrations.check(self._desk, raw)
        dialog = DuplicatesDialog(
            clean, matches, today=self._desk.today(), language=self._language,
            khmer_digits=self._display().khmer_digits, parent=self,
        )
        self.duplicates_dialog = dialog
        dialog.finished.connect(lambda _result: self._duplicates_answered(dialog, raw))
        # open(), not exec(): the window keeps running (and tests can drive the dialog).
        dialog.open()

    def _duplicates_answered(self, dialog: DuplicatesDialog, raw: dict[str, Any]) -> None:
        self.duplicates_dialog = None
        dialog.deleteLater()
        if dialog.choice == DuplicatesDialog.OPEN:
            self.open_record_requested.emit(dialog.record_id)
        elif dialog.choice == DuplicatesDialog.SAVE:
            self._store(dict(raw, duplicate_override_reason=dialog.reason()))
        else:
            self._set_status(lambda: self.tr("Not saved: possible duplicate"), "error")
            self.phone.setFocus(Qt.FocusReason.OtherFocusReason)

    def _version_conflict(self) -> None:
        assert self._record is not None
        answer = QMessageBox.warning(
            self,
            self.tr("Changed meanwhile"),
            self.tr(
                "This record was changed after you opened it, so your changes were not "
                "saved. Reload it to see the latest version (your changes here will be "
                "lost)?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            latest = registrations.get(self._desk, self._record["id"])
            if latest is not None:
                self.load_record(latest)
        else:
            self._set_status(
                lambda: self.tr("Not saved: the record changed meanwhile"), "error")

    def _request_new(self) -> None:
        """Ctrl+N: start the next person, asking first if typed input would be lost."""
        if self._dirty:
            answer = QMessageBox.question(
                self,
                self.tr("Discard this entry?"),
                self.tr("What you typed for this person is not saved. Clear the form anyway?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.new_record()

    # ================================================================ errors

    def _show_errors(self, errors: Sequence[FieldError]) -> None:
        self._clear_errors()
        by_field: dict[str, list[str]] = defaultdict(list)
        for error in errors:
            by_field[error.field].append(field_error_text(error))
        for key, texts in by_field.items():
            field = self._fields.get(key)
            if field is None:
                continue
            field.error.show_message(" ".join(texts))
            for widget in self._marked_widgets(key):
                mark_invalid(widget, True)
            self._error_fields.add(key)

        def summary() -> str:
            others = [f"{field_label(e.field)}: {field_error_text(e)}"
                      for e in errors if e.field not in self._fields]
            return " ".join([self.tr("Not saved: correct the fields marked in red"), *others])

        self._set_status(summary, "error")
        first = next((k for k in self._order if k in by_field), None)
        if first is not None:
            self._reveal(self._fields[first].focus())

    def _clear_errors(self, keys: Sequence[str] | None = None) -> None:
        for key in list(keys if keys is not None else self._fields):
            field = self._fields[key]
            field.error.show_message("")
            for widget in field.marked:
                mark_invalid(widget, False)
            self._error_fields.discard(key)

    def _marked_widgets(self, key: str) -> tuple[QWidget, ...]:
        if key == "home_village_code":
            unchosen = tuple(c for c in self.village.combos() if not c.code())  # type: ignore[attr-defined]
            return unchosen or self._fields[key].marked
        return self._fields[key].marked

    def _recheck(self) -> None:
        """While errors show, clear each as soon as the officer has fixed it."""
        if not self._error_fields:
            return
        _clean, errors = registrations.check(self._desk, self.values())
        still: dict[str, list[str]] = defaultdict(list)
        for error in errors:
            still[error.field].append(field_error_text(error))
        for key in list(self._error_fields):
            if key not in still:
                self._clear_errors([key])
            else:
                self._fields[key].error.show_message(" ".join(still[key]))
        if not self._error_fields:
            self._set_status("", "")

    def _reveal(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._scroll.ensureWidgetVisible(widget, 20, 40)

    # ================================================================ building

    def _build(self) -> None:
        self._fields: dict[str, _Field] = {}
        self._labels: dict[str, QLabel] = {}
        self._section_titles: list[QLabel] = []

        # --- person ---------------------------------------------------------------
        self.name_km = self._line_edit("name_km", NAME_MAX)
        self.name_latin = self._line_edit("name_latin", NAME_MAX)
        self.male = QRadioButton(self)
        self.male.setObjectName("male")
        self.female = QRadioButton(self)
        self.female.setObjectName("female")
        self._sex_group = QButtonGroup(self)
        self._sex_group.addButton(self.male)
        self._sex_group.addButton(self.female)
        self._sex_box = QFrame(self)
        self._sex_box.setObjectName("choiceBox")
        sex_row = QHBoxLayout(self._sex_box)
        sex_row.setContentsMargins(4, 2, 4, 2)
        sex_row.setSpacing(24)
        sex_row.addWidget(self.male)
        sex_row.addWidget(self.female)
        sex_row.addStretch(1)
        self.date_of_birth = DateLineEdit(self)
        self.date_of_birth.setObjectName("date_of_birth")
        self.date_of_birth.setMaxLength(20)
        self.age = self._line_edit("age", 4)
        self.phone = self._line_edit("phone", 24)
        self.national_id = self._line_edit("national_id", 16)
        self.village = VillagePicker(self._language, self)
        self.village.setObjectName("village")

        # --- work wanted ----------------------------------------------------------
        self.provinces = CheckList(columns=2, visible_rows=7, parent=self)
        self.provinces.setObjectName("preferred_province_codes")
        self.sectors = CheckList(columns=2, visible_rows=8, parent=self)
        self.sectors.setObjectName("sectors")
        self.salary = self._line_edit("expected_salary_usd", 10)
        self._provinces_count = QLabel(self)
        self._sectors_count = QLabel(self)

        # --- return and training --------------------------------------------------
        self.returned_from = QComboBox(self)
        self.returned_from.setObjectName("returned_from")
        self.return_date = DateLineEdit(self)
        self.return_date.setObjectName("return_date")
        self.return_date.setMaxLength(20)
        self.previous_job = self._line_edit("previous_job", TEXT_MAX)
        self.skills = self._line_edit("skills", TEXT_MAX)
        self.training = CheckList(columns=2, visible_rows=3, parent=self)
        self.training.setObjectName("training_interests")
        self.channel = QComboBox(self)
        self.channel.setObjectName("channel")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        # Tab must leave the notes box like every other field.
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 2 + 16)

        # --- actions --------------------------------------------------------------
        self.consent = QCheckBox(self)
        self.consent.setObjectName("consent")
        self._consent_box = QFrame(self)
        self._consent_box.setObjectName("choiceBox")
        consent_row = QHBoxLayout(self._consent_box)
        consent_row.setContentsMargins(4, 2, 4, 2)
        consent_row.addWidget(self.consent)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newButton")
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyButton")
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printButton")
        for button in (self.save_button, self.new_button, self.copy_button, self.print_button):
            # Enter on a focused button presses it (outside dialogs this is off by default).
            button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self._request_new)
        self.new_button.setVisible(not self._edit_only)
        self.copy_button.clicked.connect(self.copy_number)
        self.print_button.clicked.connect(self.request_print)

        self._title = QLabel(self)
        self._title.setObjectName("formTitle")
        self._number_caption = QLabel(self)
        self._number_caption.setObjectName("numberCaption")
        self.number_label = QLabel(self)
        self.number_label.setObjectName("registrationNumber")
        self.number_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status")
        self.status_label.setWordWrap(True)

        # --- fields and their error lines -----------------------------------------
        simple = {
            "name_km": self.name_km,
            "name_latin": self.name_latin,
            "date_of_birth": self.date_of_birth,
            "age": self.age,
            "phone": self.phone,
            "national_id": self.national_id,
            "preferred_province_codes": self.provinces,
            "sectors": self.sectors,
            "expected_salary_usd": self.salary,
            "returned_from": self.returned_from,
            "return_date": self.return_date,
            "previous_job": self.previous_job,
            "skills": self.skills,
            "training_interests": self.training,
            "channel": self.channel,
            "notes": self.notes,
        }
        for key, widget in simple.items():
            self._register(key, (widget,), lambda w=widget: w)
        self._register("sex", (self._sex_box,), self._sex_focus)
        self._register("home_village_code", self.village.combos(), self.village.first_unchosen)
        self._register("consent", (self._consent_box,), lambda: self.consent)

        # --- layout ---------------------------------------------------------------
        person = self._column(
            self.tr("Person"),
            [
                self._block("name_km", self.name_km),
                self._block("name_latin", self.name_latin),
                self._block("sex", self._sex_box),
                self._pair(("date_of_birth", self.date_of_birth), ("age", self.age), (3, 1)),
                self._pair(("phone", self.phone), ("national_id", self.national_id), (1, 1)),
                self._block("home_village_code", self.village),
            ],
        )
        work = self._column(
            self.tr("Work wanted"),
            [
                self._block(
                    "preferred_province_codes", self.provinces, extra=self._provinces_count
                ),
                self._block("sectors", self.sectors, extra=self._sectors_count),
                self._block("expected_salary_usd", self.salary),
            ],
        )
        back = self._column(
            self.tr("Return and training"),
            [
                self._pair(
                    ("returned_from", self.returned_from), ("return_date", self.return_date), (1, 1)
                ),
                self._block("previous_job", self.previous_job),
                self._block("skills", self.skills),
                self._block("training_interests", self.training),
                self._block("channel", self.channel),
                self._block("notes", self.notes),
            ],
        )
        content = QWidget(self)
        content.setObjectName("formContent")
        columns = QHBoxLayout(content)
        columns.setContentsMargins(4, 4, 4, 4)
        columns.setSpacing(18)
        for column in (person, work, back):
            columns.addLayout(column, 1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(content)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content.setStyleSheet("QWidget#formContent { background: transparent; }")
        self._scroll.viewport().setAutoFillBackground(False)

        header = QFrame(self)
        header.setObjectName("formHeader")
        self._header = header
        top = QHBoxLayout(header)
        top.setContentsMargins(10, 4, 10, 4)
        top.addWidget(self._title)
        top.addStretch(1)
        top.addWidget(self._number_caption)
        top.addWidget(self.number_label)
        top.addWidget(self.copy_button)
        top.addWidget(self.print_button)

        bar = QFrame(self)
        bar.setObjectName("actionBar")
        bottom = QHBoxLayout(bar)
        bottom.setContentsMargins(10, 4, 10, 4)
        consent_column = QVBoxLayout()
        consent_column.setSpacing(0)
        consent_column.addWidget(self._consent_box)
        consent_error = ErrorLine(self)
        self._fields["consent"].error = consent_error.slot("consent")
        consent_column.addWidget(consent_error)
        bottom.addLayout(consent_column, 1)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.save_button)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(6)
        outer.addWidget(header)
        outer.addWidget(self._scroll, 1)
        outer.addWidget(bar)

        # --- tab order: reading order, column by column, then consent and Save ------
        chain: list[QWidget] = [
            self.name_km,
            self.name_latin,
            self.male,
            self.female,
            self.date_of_birth,
            self.age,
            self.phone,
            self.national_id,
            *self.village.combos(),
            self.provinces,
            self.sectors,
            self.salary,
            self.returned_from,
            self.return_date,
            self.previous_job,
            self.skills,
            self.training,
            self.channel,
            self.notes,
            self.consent,
            self.save_button,
            self.new_button,
            self.copy_button,
            self.print_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        # The first wrong field gets the focus: FIELDS' order is the form's reading
        # order, but consent sits at the very bottom.
        self._order = sorted(
            (f for f in FIELDS if f not in ("registration_no", "duplicate_override_reason")),
            key=lambda f: f == "consent",
        )

    def _line_edit(self, key: str, max_length: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(key)
        edit.setMaxLength(max_length)
        return edit

    def _register(self, key: str, marked: Sequence[QWidget], focus: Callable[[], QWidget]) -> None:
        label = QLabel(self)
        label.setObjectName("fieldLabel")
        label.setTextFormat(Qt.TextFormat.RichText)
        self._labels[key] = label
        self._fields[key] = _Field(label, tuple(marked), focus)

    def _block(
        self, key: str, widget: QWidget, extra: QLabel | None = None, *, error: bool = True
    ) -> QVBoxLayout:
        """Caption and field, stacked; the field's message goes beside the caption, in
        room the caption row has anyway, so showing it moves nothing."""
        field = self._fields[key]
        block = QVBoxLayout()
        block.setSpacing(2)
        caption = QHBoxLayout()
        caption.setSpacing(8)
        caption.addWidget(field.label)
        if error:
            line = ErrorLine(self)
            field.error = line.slot(key)
            caption.addWidget(line, 1)
        else:
            caption.addStretch(1)
        if extra is not None:
            extra.setObjectName("hint")
            caption.addWidget(extra)
        block.addLayout(caption)
        block.addWidget(widget)
        return block

    def _pair(
        self, left: tuple[str, QWidget], right: tuple[str, QWidget], stretch: tuple[int, int]
    ) -> QVBoxLayout:
        """Two short fields side by side; their messages share one line below both, full
        width (a narrow caption has no room for one), kept free when there is none."""
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addLayout(self._block(*left, error=False), stretch[0])
        row.addLayout(self._block(*right, error=False), stretch[1])
        line = ErrorLine(self)
        for key, _widget in (left, right):
            self._fields[key].error = line.slot(key)
        block = QVBoxLayout()
        block.setSpacing(2)
        block.addLayout(row)
        block.addWidget(line)
        return block

    def _column(self, title: str, blocks: Sequence[QLayout]) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(7)
        heading = QLabel(title, self)
        heading.setObjectName("sectionTitle")
        self._section_titles.append(heading)
        column.addWidget(heading)
        for block in blocks:
            column.addLayout(block)
        column.addStretch(1)
        return column

    def _make_shortcuts(self) -> None:
        # WidgetWithChildrenShortcut: the keys belong to this screen, not the whole window,
        # so other screens in the main window can use them for their own purposes.
        def shortcut(keys: QKeySequence, slot: Callable[[], object]) -> None:
            sc = QShortcut(keys, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

        shortcut(QKeySequence(QKeySequence.StandardKey.Save), self.save)
        if not self._edit_only:
            shortcut(QKeySequence("Ctrl+N"), self._request_new)
        shortcut(QKeySequence("Ctrl+Shift+C"), self.copy_number)
        if not self._edit_only:
            # Inside the record dialog, the dialog's own F9 prints the record.
            shortcut(QKeySequence("F9"), self.request_print)

    def _connect_changes(self) -> None:
        for edit in self._line_edits():
            edit.textChanged.connect(self._edited)
        self.date_of_birth.textChanged.connect(self._show_age_from_birth_date)
        self._sex_group.buttonToggled.connect(self._edited)
        self.village.changed.connect(self._edited)
        for checklist in (self.provinces, self.sectors, self.training):
            checklist.changed.connect(self._edited)
        self.provinces.changed.connect(self._update_counts)
        self.sectors.changed.connect(self._update_counts)
        self.returned_from.currentIndexChanged.connect(self._edited)
        self.channel.currentIndexChanged.connect(self._edited)
        self.consent.toggled.connect(self._edited)
        self.notes.textChanged.connect(self._edited)

    def _line_edits(self) -> list[QLineEdit]:
        return [
            self.name_km,
            self.name_latin,
            self.date_of_birth,
            self.age,
            self.phone,
            self.national_id,
            self.salary,
            self.return_date,
            self.previous_job,
            self.skills,
        ]

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._dirty = True
        if self.status_label.property("kind") == "ok":
            self._set_status("", "")  # "Saved" no longer describes what is on screen
        if self._error_fields:
            self._recheck_timer.start()

    # ================================================================ choices and texts

    def _fill_choices(self) -> None:
        """(Re)fill every list from the reference data in the current language."""
        lang, ref, gaz = self._language, reference(), gazetteer()
        # Both names side by side do not fit two columns (Banteay Meanchey, Kampong
        # Chhnang): the window's language in the list, both in the tooltip, and typing
        # finds an option by either name.
        self.provinces.set_choices(
            [
                Choice(p.code, p.name_km if lang == "km" else p.name_en,
                       place_text(p.name_km, p.name_en, lang))
                for p in gaz.provinces()
            ]
        )
        # Sector and course names are long: one language in the list, both in the tooltip.
        self.sectors.set_choices(
            [Choice(s.code, s.text(lang), place_text(s.km, s.en, lang)) for s in ref.sectors]
        )
        self.training.set_choices(
            [Choice(c.code, c.text(lang), place_text(c.km, c.en, lang)) for c in ref.courses]
        )
        self._refill_combo(
            self.returned_from,
            [(c.code, place_text(c.km, c.en, lang)) for c in ref.countries],
        )
        self._update_counts()

    def _channel_names(self) -> dict[str, str]:
        return {
            "field": self.tr("Field visit"),
            "hotline_1297": self.tr("Hotline 1297"),
            "walk_in": self.tr("Walk-in at the job centre"),
            "telegram": self.tr("Telegram"),
            "qr": self.tr("QR code"),
        }

    def _refill_combo(self, combo: QComboBox, items: Sequence[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        index = combo.findData(current) if current else -1
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _retranslate(self) -> None:
        self._refill_combo(self.channel, [(c, self._channel_names()[c]) for c in CHANNELS])
        self.channel.setPlaceholderText(self.tr("Choose..."))
        for heading, text in zip(
            self._section_titles,
            (self.tr("Person"), self.tr("Work wanted"), self.tr("Return and training")),
            strict=True,
        ):
            heading.setText(text)
        captions = {key: field_label(key) for key in self._fields}
        captions["age"] = self.tr("or age")
        captions["expected_salary_usd"] = self.tr("Expected salary (USD a month)")
        captions["consent"] = ""
        for key, label in self._labels.items():
            text = html.escape(captions[key])
            if key in REQUIRED or key == "name_km":
                text += ' <span style="color:#c62828">*</span>'
            label.setText(text)
            label.setVisible(bool(captions[key]))
        accessible = {
            self.name_km: captions["name_km"],
            self.name_latin: captions["name_latin"],
            self.date_of_birth: captions["date_of_birth"],
            self.age: field_label("age"),
            self.phone: captions["phone"],
            self.national_id: captions["national_id"],
            self.provinces: captions["preferred_province_codes"],
            self.sectors: captions["sectors"],
            self.salary: captions["expected_salary_usd"],
            self.returned_from: captions["returned_from"],
            self.return_date: captions["return_date"],
            self.previous_job: captions["previous_job"],
            self.skills: captions["skills"],
            self.training: captions["training_interests"],
            self.channel: captions["channel"],
            self.notes: captions["notes"],
        }
        for widget, name in accessible.items():
            widget.setAccessibleName(name)
        self.name_km.setPlaceholderText(self.tr("In Khmer script"))
        self.name_latin.setPlaceholderText(self.tr("e.g. Sok Dara"))
        self.male.setText(self.tr("Male"))
        self.female.setText(self.tr("Female"))
        self.date_of_birth.setPlaceholderText(self.tr("YYYY-MM-DD or DD/MM/YYYY"))
        self._show_age_from_birth_date()
        self.phone.setPlaceholderText(self.tr("e.g. 012 345 678"))
        self.national_id.setPlaceholderText(self.tr("9 digits (optional)"))
        self.salary.setPlaceholderText(self.tr("e.g. 300"))
        self.return_date.setPlaceholderText(self.tr("YYYY-MM-DD or DD/MM/YYYY"))
        self.previous_job.setPlaceholderText(self.tr("e.g. construction worker in Bangkok"))
        self.skills.setPlaceholderText(self.tr("e.g. welding, driving, Thai language"))
        self.notes.setPlaceholderText(self.tr("Anything else the job centre should know"))
        self.consent.setText(
            self.tr(
                "The person agrees to be registered and to their details being shared "
                "with employers"
            )
        )
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save (Enter or Ctrl+S)"))
        self.new_button.setText(self.tr("Next person"))
        self.new_button.setToolTip(self.tr("Clear the form for the next person (Ctrl+N)"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the registration number (Ctrl+Shift+C)"))
        self.print_button.setText(self.tr("Print slip"))
        self.print_button.setToolTip(self.tr("Print the registration slip (F9)"))
        self._update_counts()
        self._update_header()
        if self._error_fields:
            self._recheck()  # the messages, in the language now shown
        if self._status_words is not None:
            self._set_status(self._status_words, str(self.status_label.property("kind") or ""))

    def _display(self) -> preferences.Display:
        """Numbers and dates in the form's language and the desk's digits."""
        return preferences.display(self._desk, self._language)

    def _update_counts(self, *_args: object) -> None:
        number = self._display().number
        for checklist, label in (
            (self.provinces, self._provinces_count),
            (self.sectors, self._sectors_count),
        ):
            chosen = checklist.codes()
            label.setText(
                self.tr("{count} chosen").format(count=number(len(chosen))) if chosen else "")
            label.setToolTip(", ".join(checklist.checked_texts()))

    def _update_header(self) -> None:
        if self._record is not None:
            self._title.setText(self.tr("Edit registration"))
        else:
            self._title.setText(self.tr("New registration"))
        number = self.registration_number()
        if self._record is not None:
            self._number_caption.setText(self.tr("Registration number"))
        else:
            # After Ctrl+N the previous person's number stays readable and printable.
            self._number_caption.setText(
                self.tr("Last saved") if number else self.tr("Registration number")
            )
        self.number_label.setText(number or "—")
        self.number_label.setProperty("empty", not number)
        self.number_label.style().unpolish(self.number_label)
        self.number_label.style().polish(self.number_label)
        self.copy_button.setEnabled(bool(number))
        self.print_button.setEnabled(bool(number))

    def _show_age_from_birth_date(self, *_args: object) -> None:
        # A date of birth makes the age field redundant: show the age it gives instead.
        born = _iso_date(self.date_of_birth.iso())
        if born is not None and born <= self._desk.today():
            self.age.setPlaceholderText(
                self.tr("= {age}").format(
                    age=self._display().number(age_on(born, self._desk.today())))
            )
        else:
            self.age.setPlaceholderText(self.tr("years"))

    def _set_status(self, text: str | Callable[[], str], kind: str) -> None:
        """``text`` as words made by a function is made again when the language changes,
        so the line never stays in the language the officer just left."""
        self._status_words = text if callable(text) else None
        if callable(text):
            text = text()
        # The header turns green while a fresh save is the news, so the number stands out.
        saved = kind == "ok" and self._record is not None
        if bool(self._header.property("saved")) != saved:
            self._header.setProperty("saved", saved)
            self._header.style().unpolish(self._header)
            self._header.style().polish(self._header)
        self.status_label.setText(text)
        self.status_label.setProperty("kind", kind)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)

    # ================================================================ small helpers

    def _sex(self) -> str:
        if self.male.isChecked():
            return "male"
        if self.female.isChecked():
            return "female"
        return ""

    def _set_sex(self, sex: str) -> None:
        # An exclusive group cannot be emptied while exclusive.
        self._sex_group.setExclusive(False)
        self.male.setChecked(sex == "male")
        self.female.setChecked(sex == "female")
        self._sex_group.setExclusive(True)

    def _sex_focus(self) -> QAbstractButton:
        return self.female if self.female.isChecked() else self.male

    @staticmethod
    def _select_data(combo: QComboBox, code: str) -> None:
        combo.setCurrentIndex(combo.findData(code) if code else -1)


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
