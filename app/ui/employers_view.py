"""Employer requests: the list of requests and the form to record one (usually taken
by phone). Selecting a request shows its matches and shortlist (``MatchesView``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import SECTORS
from app.domain.errors import ValidationFailed
from app.messages import error_line
from app.services import employers
from app.services.desk import Desk, gazetteer, reference
from app.ui import preferences
from app.ui.matches_view import MatchesView
from app.ui.widgets import fit_columns

ID_ROLE = Qt.ItemDataRole.UserRole


class RequestForm(QWidget):
    """The fields of one employer request; ``saved(dict)`` after a save."""

    saved = Signal(dict)

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        lang = preferences.language(desk)
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
        self.workers_needed.setRange(1, 10_000)
        self.gender = QComboBox(self)
        self.salary = QSpinBox(self)
        self.salary.setRange(1, 5000)
        self.salary.setValue(200)
        self.start_date = QDateEdit(self)
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("yyyy-MM-dd")
        self.start_date.setDate(QDate(self.desk.today()))
        self.accommodation = QCheckBox(self)
        self.transport = QCheckBox(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(48)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_request")
        self.save_button.clicked.connect(self.save)
        self.errors = QLabel(self)
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00020")

        self.layout_ = QFormLayout(self)
        self.labels = [QLabel(self) for _ in range(14)]
        for label, field in zip(self.labels, (
                self.employer_name, self.contact_person, self.contact_phone, self.province,
                self.district, self.sector, self.job_title, self.workers_needed, self.gender,
                self.salary, self.start_date, self.accommodation, self.transport, self.notes),
                strict=True):
            self.layout_.addRow(label, field)
        self.layout_.addRow(self.errors)
        self.layout_.addRow(self.save_button)
        self._retranslate()
        index = self.province.findData("05")
        self.province.setCurrentIndex(max(index, 0))
        self._fill_districts()

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
                self.tr("Transport provided"), self.tr("Notes")), strict=True):
            label.setText(text)
        current = self.gender.currentData()
        self.gender.clear()
        self.gender.addItem(self.tr("Female"), "female")
        self.gender.addItem(self.tr("Male"), "male")
        self.gender.addItem(self.tr("Any"), "any")
        self.gender.setCurrentIndex(max(0, self.gender.findData(current)))
        self.save_button.setText(self.tr("Save request"))

    def values(self) -> dict[str, Any]:
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
            "start_date": self.start_date.date().toString("yyyy-MM-dd"),
            "accommodation": self.accommodation.isChecked(),
            "transport": self.transport.isChecked(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> dict[str, Any] | None:
        try:
            saved = employers.record_request(self.desk, self.values())
        except ValidationFailed as failed:
            self.errors.setText("\n".join(error_line(e) for e in failed.errors))
            return None
        self.errors.clear()
        for edit in (self.employer_name, self.contact_person, self.contact_phone,
                     self.job_title):
            edit.clear()
        self.notes.clear()
        self.saved.emit(saved)
        return saved

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class EmployersView(QWidget):
    """The Employers tab: requests on the left, the form or a request's matches on the
    right."""

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.table = QTableWidget(0, 6, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        fit_columns(self.table, stretch=0)
        self.table.itemSelectionChanged.connect(self._selected)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new_request")
        self.new_button.clicked.connect(self.show_form)
        self.form = RequestForm(desk, self)
        self.form.saved.connect(self._saved)
        self.matches = MatchesView(desk, self)
        self.matches.changed.connect(self.refresh)

        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
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
        splitter.setSizes([480, 880])
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

    def _status_text(self, req: dict[str, Any]) -> str:
        if req["status"] == "closed":
            return self.tr("Closed")
        if req["filled"] or req["hired"] >= req["workers_needed"]:
            return self.tr("Filled")
        return self.tr("Open")

    def refresh(self) -> None:
        lang = preferences.language(self.desk)
        selected = self.selected_id()
        rows = employers.list_requests(self.desk)
        self.table.setRowCount(len(rows))
        for i, req in enumerate(rows):
            hired = employers.progress(self.desk, req["id"]).hired
            cells = [req["employer_name"], req["job_title"],
                     gazetteer().label(req["province_code"], lang),
                     str(req["workers_needed"]), str(hired),
                     self._status_text(req | {"hired": hired})]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, req["id"])
                self.table.setItem(i, j, item)
            if req["id"] == selected:
                self.table.selectRow(i)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def select_request(self, request_id: str) -> None:
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).data(ID_ROLE) == request_id:
                self.table.selectRow(i)
                return

    def show_form(self) -> None:
        self.table.clearSelection()
        self.matches.hide()
        self.form.show()
        self.form.employer_name.setFocus()

    def _saved(self, rec: dict[str, Any]) -> None:
        self.refresh()
        self.select_request(rec["id"])

    def _selected(self) -> None:
        request_id = self.selected_id()
        if request_id is None:
            return
        self.form.hide()
        self.matches.show_request(request_id)
        self.matches.show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)
