"""Employer requests: the list of requests and the form to record one (usually taken
by phone) or change a saved one. Selecting a request shows its matches and shortlist
(``MatchesView``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import SECTORS
from app.domain.employers import OFFER_MIN, WORKERS_MAX, WORKERS_MIN
from app.domain.errors import FieldError, ValidationFailed
from app.domain.registration import SALARY_MAX, display_phone
from app.messages import error_line
from app.services import employers
from app.services.desk import Desk, gazetteer, reference
from app.ui import preferences
from app.ui.matches_view import MatchesView
from app.ui.widgets import (
    SaveRefused,
    fit_columns,
    mark_invalid,
    record_table,
    show_dates_for_people,
)
from app.ui.worker import DatabaseWorker

ID_ROLE = Qt.ItemDataRole.UserRole


# Spin boxes, date boxes and check boxes lose their native look under a border style:
# for them the red label says which field broke a rule.
FORM_STYLE = """
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"] {
    border: 2px solid #c62828; background: #fff5f5; }
QLabel[invalid="true"] { color: #b00020; }
"""
# A start date is optional: the date box shows this day as "not set".
NO_DATE = QDate(2000, 1, 1)


class RequestForm(QWidget):
    """The fields of one employer request, new or saved; ``saved(dict)`` after a save,
    ``cancelled()`` when the officer leaves a saved request unchanged.

    A request made on another laptop (headquarters or another district) opens read-only:
    only the desk that made a record changes it."""

    saved = Signal(dict)
    cancelled = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        # What saves a new request; the Inbox puts its own here (accepting an employer's
        # QR submission makes the request and links the submission in one go).
        self.saver: Callable[[dict[str, Any]], dict[str, Any]] | None = None
        self.record: dict[str, Any] | None = None  # the saved request being edited
        self.first_error: QWidget | None = None  # the first field a broken rule names
        self._as_loaded: dict[str, Any] = {}
        self.read_only = False
        self.setStyleSheet(FORM_STYLE)
        lang = preferences.language(desk)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        heading_font = QFont(self.heading.font())
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.notice = QLabel(self)
        self.notice.setObjectName("requestNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "QLabel#requestNotice { background: #fff8e1; border: 1px solid #ffcc80;"
            " padding: 6px; }")
        self.notice.hide()
        self.employer_name = QLineEdit(self)
        self.contact_person = QLineEdit(self)
        self.contact_phone = QLineEdit(self)
        self.province = QComboBox(self)
        for prov in gazetteer().provinces():
            self.province.addItem(prov.name(lang), prov.code)
        self.district = QComboBox(self)
        self.province.currentIndexChanged.connect(self._fill_districts)
        self.sector = QComboBox(self)
        for code in SECTORS:
            self.sector.addItem(reference().label("sectors", code, lang), code)
        self.job_title = QLineEdit(self)
        self.workers_needed = QSpinBox(self)
        self.gender = QComboBox(self)
        self.salary = QSpinBox(self)
        self.start_date = QDateEdit(self)
        self.start_date.setCalendarPopup(True)
        show_dates_for_people(self.start_date, lang)
        self.start_date.setMinimumDate(NO_DATE)
        self.start_date.setSpecialValueText("—")
        self.accommodation = QCheckBox(self)
        self.transport = QCheckBox(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(48)
        self.status = QComboBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_request")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancelled)
        self.errors = QLabel(self)
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00020")

        self.fields: dict[str, QWidget] = {
            "employer_name": self.employer_name, "contact_person": self.contact_person,
            "contact_phone": self.contact_phone, "province_code": self.province,
            "district_code": self.district, "sector": self.sector,
            "job_title": self.job_title, "workers_needed": self.workers_needed,
            "gender": self.gender, "salary_usd": self.salary, "start_date": self.start_date,
            "accommodation": self.accommodation, "transport": self.transport,
            "notes": self.notes, "status": self.status,
        }
        self.layout_ = QFormLayout(self)
        self.layout_.addRow(self.heading)
        self.layout_.addRow(self.notice)
        self.labels = [QLabel(self) for _ in self.fields]
        self.field_labels = dict(zip(self.fields, self.labels, strict=True))
        for label, field in zip(self.labels, self.fields.values(), strict=True):
            self.layout_.addRow(label, field)
        self.layout_.addRow(self.errors)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 1)
        buttons.addWidget(self.cancel_button)
        self.layout_.addRow(buttons)
        self._retranslate()
        self.new_request()

    def _fill_districts(self) -> None:
        lang = preferences.language(self.desk)
        self.district.clear()
        self.district.addItem("", "")
        for d in gazetteer().districts(self.province.currentData() or ""):
            self.district.addItem(d.name(lang), d.code)

    def _retranslate(self) -> None:
        for label, text in zip(self.labels, (
                self.tr("Employer"), self.tr("Contact person"), self.tr("Contact phone"),
                self.tr("Workplace province"), self.tr("Workplace district"),
                self.tr("Sector"), self.tr("Job title"), self.tr("Workers needed"),
                self.tr("Gender wanted"), self.tr("Monthly salary offered (USD)"),
                self.tr("Start date"), self.tr("Accommodation provided"),
                self.tr("Transport provided"), self.tr("Notes"), self.tr("Status")),
                strict=True):
            label.setText(text)
        self.sector.setPlaceholderText(self.tr("Choose…"))
        current = self.gender.currentData()
        self.gender.clear()
        self.gender.addItem(self.tr("Any"), "any")
        self.gender.addItem(self.tr("Female"), "female")
        self.gender.addItem(self.tr("Male"), "male")
        self.gender.setCurrentIndex(max(0, self.gender.findData(current)))
        current = self.status.currentData()
        self.status.clear()
        self.status.addItem(self.tr("Open"), "open")
        self.status.addItem(self.tr("Closed"), "closed")
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.cancel_button.setText(self.tr("Close") if self.read_only else self.tr("Cancel"))
        self._retitle()

    def _retitle(self) -> None:
        if self.record is None:
            self.heading.setText(self.tr("New employer request"))
            self.save_button.setText(self.tr("Save request"))
            return
        self.heading.setText(self.tr("{employer}: version {version}").format(
            employer=self.record["employer_name"],
            version=preferences.display(self.desk).number(self.record["version"])))
        self.save_button.setText(self.tr("Save changes"))
        if self.read_only:
            self.notice.setText(self.tr(
                "This request was made on another laptop (at headquarters or in another "
                "district). Only that laptop can change it, so it is shown here read-only."))

    # --- filling ------------------------------------------------------------------------

    def new_request(self) -> None:
        """Empty fields for the next request."""
        self.record = None
        self._set_read_only(False)
        self.notice.hide()
        self._clear_who_and_what()
        self._choose(self.province, "05")
        self._fill_districts()
        # No sector until the officer picks the employer's: a first entry chosen for
        # them would be saved unnoticed.
        self.sector.setCurrentIndex(-1)
        self._set_number(self.workers_needed, 1, WORKERS_MIN, WORKERS_MAX)
        self._choose(self.gender, "any")
        self._set_number(self.salary, 200, OFFER_MIN, SALARY_MAX)
        self.start_date.setDate(QDate(self.desk.today()))
        self.accommodation.setChecked(False)
        self.transport.setChecked(False)
        self._choose(self.status, "open")
        self.layout_.setRowVisible(self.status, False)
        self.cancel_button.hide()
        self._retitle()

    def load(self, req: dict[str, Any], refused: Sequence[FieldError] = ()) -> None:
        """Show a saved request to change it; ``refused``: why headquarters refused it,
        marked on the fields it names."""
        self.record = dict(req)
        self._clear_marks()
        self.errors.clear()
        self.employer_name.setText(req.get("employer_name") or "")
        self.contact_person.setText(req.get("contact_person") or "")
        self.contact_phone.setText(display_phone(req.get("contact_phone")))
        self._choose(self.province, req.get("province_code") or "")
        self._fill_districts()
        self._choose(self.district, req.get("district_code") or "")
        self._choose(self.sector, req.get("sector") or "")
        self.job_title.setText(req.get("job_title") or "")
        self._set_number(self.workers_needed, req.get("workers_needed"), WORKERS_MIN,
                         WORKERS_MAX)
        self._choose(self.gender, req.get("gender") or "")
        self._set_number(self.salary, req.get("salary_usd"), OFFER_MIN, SALARY_MAX)
        start = QDate.fromString(str(req.get("start_date") or ""), "yyyy-MM-dd")
        self.start_date.setDate(start if start.isValid() else NO_DATE)
        self.accommodation.setChecked(bool(req.get("accommodation")))
        self.transport.setChecked(bool(req.get("transport")))
        self.notes.setPlainText(req.get("notes") or "")
        self._choose(self.status, req.get("status") or "open")
        self.layout_.setRowVisible(self.status, True)
        self.cancel_button.show()
        self._set_read_only(req.get("device_id") != self.desk.device_id)
        self.notice.setVisible(self.read_only)
        self._as_loaded = self.values()
        self._retitle()
        if refused:
            self._show_errors(refused, self.tr("Headquarters refused this request:"))

    def prefill(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` (an employer's QR submission) as a new, unsaved request."""
        self.load(dict(values, id="", version=0, device_id=self.desk.device_id, status="open"))
        self.record = None
        self.layout_.setRowVisible(self.status, False)
        self.cancel_button.hide()
        self._retitle()

    @staticmethod
    def _choose(combo: QComboBox, code: str) -> None:
        """Select ``code``; one this desk does not know is added as it is, so the
        officer sees it instead of a silently different choice."""
        index = combo.findData(code)
        if index < 0 and code:
            combo.addItem(code, code)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    @staticmethod
    def _set_number(spin: QSpinBox, value: Any, low: int, high: int) -> None:
        """A value outside the rule's range is shown as it is, not clamped: the rule
        then names it on save."""
        number = value if isinstance(value, int) else low
        spin.setRange(min(low, number), max(high, number))
        spin.setValue(number)

    def _set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for field in self.fields.values():
            if isinstance(field, (QLineEdit, QPlainTextEdit, QSpinBox, QDateEdit)):
                field.setReadOnly(read_only)
            else:
                field.setEnabled(not read_only)
        self.save_button.setVisible(not read_only)
        self.cancel_button.setText(self.tr("Close") if read_only else self.tr("Cancel"))

    # --- saving -------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        start = self.start_date.date()
        return {
            "employer_name": self.employer_name.text(),
            "contact_person": self.contact_person.text(),
            "contact_phone": self.contact_phone.text(),
            "province_code": self.province.currentData(),
            "district_code": self.district.currentData() or "",
            "sector": self.sector.currentData(),
            "job_title": self.job_title.text(),
            "workers_needed": self.workers_needed.value(),
            "gender": self.gender.currentData(),
            "salary_usd": self.salary.value(),
            "start_date": "" if start == NO_DATE else start.toString("yyyy-MM-dd"),
            "accommodation": self.accommodation.isChecked(),
            "transport": self.transport.isChecked(),
            "notes": self.notes.toPlainText(),
            "status": self.status.currentData() if self.record else "open",
        }

    def has_unsaved_changes(self) -> bool:
        """Whether a saved request shown here was changed and not saved yet."""
        return self.record is not None and not self.read_only \
            and self.values() != self._as_loaded

    def save(self) -> dict[str, Any] | None:
        if self.read_only:
            return None
        try:
            if self.record is None and self.saver is not None:
                saved = self.saver(self.values())
            elif self.record is None:
                saved = employers.record_request(self.desk, self.values())
            else:
                saved = employers.edit_request(self.desk, self.record["id"], self.values(),
                                               expected_version=self.record["version"])
        except ValidationFailed as failed:
            self._show_errors(failed.errors, self.tr("Not saved:"))
            return None
        except SaveRefused as refused:
            self.errors.setText(str(refused))
            return None
        except PermissionError:
            self._set_read_only(True)
            self._retitle()
            self.notice.show()
            return None
        if self.record is None:
            # Province, sector and the rest stay for the next request of the same kind.
            self._clear_who_and_what()
        else:
            self.record = saved
            self._as_loaded = self.values()
            self._clear_marks()
            self.errors.clear()
            self._retitle()
        self.saved.emit(saved)
        return saved

    def _clear_who_and_what(self) -> None:
        """The employer, contact, job and notes emptied, with any error marks."""
        self._clear_marks()
        self.errors.clear()
        for edit in (self.employer_name, self.contact_person, self.contact_phone,
                     self.job_title):
            edit.clear()
        self.notes.clear()

    def _show_errors(self, errors: Sequence[FieldError], title: str) -> None:
        self._clear_marks()
        self.errors.setText("\n".join([title, *(error_line(e) for e in errors)]))
        first: QWidget | None = None
        for error in errors:
            field = self.fields.get(error.field)
            if field is not None:
                mark_invalid(field, True)
                mark_invalid(self.field_labels[error.field], True)
                first = first or field
        self.first_error = first
        if first is not None and not self.read_only:
            first.setFocus()

    def _clear_marks(self) -> None:
        self.first_error = None
        for key, field in self.fields.items():
            mark_invalid(field, False)
            mark_invalid(self.field_labels[key], False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class RequestDialog(QDialog):
    """One request in its own window (from To fix): the form, with headquarters'
    reasons marked on the fields they name. Accepted once the change is saved."""

    def __init__(self, desk: Desk, request_id: str, refused: Sequence[FieldError] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Employer request"))
        req = employers.get_request(desk, request_id)
        if req is None:
            raise KeyError(request_id)
        self.form = RequestForm(desk, self)
        self.form.load(req, refused)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self.reject)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        screen = self.screen().availableGeometry() if self.screen() else None
        height = self.form.sizeHint().height() + 40
        if screen is not None:
            height = min(height, screen.height() - 60)
        self.resize(760, height)

    def _saved(self, _rec: dict[str, Any]) -> None:
        self.accept()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # The cursor waits in the field headquarters named.
        if self.form.first_error is not None and not self.form.read_only:
            self.form.first_error.setFocus()


class EmployersView(QWidget):
    """The Employers tab: requests on the left; on the right the form (a new request,
    or a saved one to change) or a request's matches.

    Edit (the button, a double click or Enter on a row) opens the selected request in
    the form; a request made on another laptop opens read-only."""

    def __init__(self, desk: Desk, parent: QWidget | None = None, *,
                 worker: DatabaseWorker | None = None):
        super().__init__(parent)
        self.desk = desk
        self.table = record_table(6, self, stretch=0)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.installEventFilter(self)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new_request")
        self.new_button.clicked.connect(self.show_form)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("edit_request")
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.form = RequestForm(desk, self)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._cancelled)
        self.matches = MatchesView(desk, self, worker=worker)
        self.matches.changed.connect(self.refresh)

        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.table)
        right = QWidget(self)
        stack = QVBoxLayout(right)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.form)
        stack.addWidget(self.matches)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        # The list gets room for an employer's name beside five short columns.
        splitter.setSizes([660, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.matches.hide()
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Employer"), self.tr("Job title"), self.tr("Province"),
            self.tr("Needed"), self.tr("Hired"), self.tr("Status")])
        self.new_button.setText(self.tr("New request"))
        self._update_edit_button()

    def _update_edit_button(self) -> None:
        req = employers.get_request(self.desk, self.selected_id() or "")
        self.edit_button.setEnabled(req is not None)
        owned = req is None or req["device_id"] == self.desk.device_id
        self.edit_button.setText(self.tr("Edit request") if owned else self.tr("View request"))

    def _status_text(self, req: dict[str, Any]) -> str:
        if req["status"] == "closed":
            return self.tr("Closed")
        if req["filled"] or req["hired"] >= req["workers_needed"]:
            return self.tr("Filled")
        return self.tr("Open")

    def refresh(self) -> None:
        shown = preferences.display(self.desk)
        selected = self.selected_id()
        rows = employers.list_requests(self.desk)
        blocked = self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i, req in enumerate(rows):
            hired = employers.progress(self.desk, req["id"]).hired
            cells = [req["employer_name"], req["job_title"],
                     gazetteer().label(req["province_code"], shown.language),
                     shown.number(req["workers_needed"]), shown.number(hired),
                     self._status_text(req | {"hired": hired})]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, req["id"])
                item.setToolTip(text)  # a long name wraps, and is whole here too
                if j in (3, 4):  # needed, hired: numbers line up on the right
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.blockSignals(blocked)
        # The name column takes what the others leave now that their contents changed,
        # and a long employer name wraps onto more lines instead of being cut.
        fit_columns(self.table, stretch=0)
        self.table.resizeRowsToContents()
        # The same request stays selected (and shown) whatever moved in the list.
        if selected is not None:
            self.select_request(selected, show=False)
        self._update_edit_button()

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def select_request(self, request_id: str, *, show: bool = True) -> None:
        """Select a request's row; ``show``: and show its matches."""
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).data(ID_ROLE) == request_id:
                blocked = self.table.blockSignals(not show)
                self.table.selectRow(i)
                self.table.blockSignals(blocked)
                return

    def may_leave_form(self) -> bool:
        """Ask before unsaved changes to a request are dropped."""
        if not self.form.isVisible() or not self.form.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self, self.tr("Discard changes?"),
            self.tr("Your changes to this request are not saved. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def show_form(self) -> None:
        if not self.may_leave_form():
            return
        if self.form.record is not None:
            self.form.new_request()
        self.table.clearSelection()
        self.matches.hide()
        self.form.show()
        self.form.employer_name.setFocus()

    def edit_selected(self) -> bool:
        """Open the selected request in the form (read-only if another laptop made it)."""
        req = employers.get_request(self.desk, self.selected_id() or "")
        if req is None:
            return False
        self.matches.hide()
        self.form.load(req)
        self.form.show()
        self.form.employer_name.setFocus()
        return True

    def _show_matches(self, request_id: str) -> None:
        self.form.hide()
        self.matches.show_request(request_id)
        self.matches.show()

    def _saved(self, rec: dict[str, Any]) -> None:
        self.refresh()
        self.select_request(rec["id"], show=False)
        self._update_edit_button()
        self._show_matches(rec["id"])

    def _cancelled(self) -> None:
        request_id = self.selected_id()
        if request_id is None:
            self.show_form()
        else:
            self._show_matches(request_id)

    def _selected(self) -> None:
        request_id = self.selected_id()
        editing = self.form.record["id"] if self.form.record else None
        if request_id != editing and not self.may_leave_form():
            self.select_request(editing or "", show=False)  # stay with the changes
            return
        self._update_edit_button()
        if request_id is None:
            return
        self._show_matches(request_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            return self.edit_selected()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)
