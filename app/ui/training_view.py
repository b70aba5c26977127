"""Training: the course catalogue (each session's place, dates and seats) with the
returnees this desk enrolled in the chosen session, and demand: how many returnees in
each home district want each course, most wanted first, so courses can be planned near
home."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import COURSES
from app.domain.errors import ValidationFailed
from app.messages import error_line
from app.services import registrations, training
from app.services.desk import Desk, gazetteer, reference
from app.ui import preferences, record_text
from app.ui.events import REGISTRATIONS, AppEvents
from app.ui.widgets import record_table

ID_ROLE = Qt.ItemDataRole.UserRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _fill(table: QTableWidget, rows: list[list[str]], right_from: int) -> None:
    table.setRowCount(len(rows))
    for i, cells in enumerate(rows):
        for j, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if j >= right_from:
                item.setTextAlignment(RIGHT)
            table.setItem(i, j, item)


class TrainingView(QWidget):
    def __init__(self, desk: Desk, events: AppEvents | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.events = events or AppEvents(self)
        self.events.changed.connect(self._changed_elsewhere)
        self._session_codes: list[str] = []

        self.catalogue_heading = QLabel(self)
        self.sessions = record_table(7, self, stretch=1)
        self.sessions.setObjectName("sessions")
        self.sessions.itemSelectionChanged.connect(self._show_enrolled)
        self.enrolled_heading = QLabel(self)
        self.enrolled_heading.setWordWrap(True)
        self.enrolled = QListWidget(self)
        self.enrolled.setObjectName("enrolled")
        self.enrolled.itemSelectionChanged.connect(
            lambda: self.unenrol_button.setEnabled(bool(self.enrolled.selectedItems())))
        self.enrol_button = QPushButton(self)
        self.enrol_button.setObjectName("enrol")
        self.enrol_button.clicked.connect(lambda: self.enrol_dialog())
        self.unenrol_button = QPushButton(self)
        self.unenrol_button.setObjectName("unenrol")
        self.unenrol_button.clicked.connect(lambda: self.unenrol_selected())
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.demand_heading = QLabel(self)
        self.demand_heading.setWordWrap(True)
        self.demand = record_table(len(COURSES) + 2, self, stretch=0)
        self.demand.setObjectName("demand")

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.enrolled_heading)
        side_layout.addWidget(self.enrolled, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.unenrol_button)
        buttons.addStretch(1)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.message)
        catalogue = QSplitter(Qt.Orientation.Horizontal, self)
        catalogue.addWidget(self.sessions)
        catalogue.addWidget(side)
        catalogue.setStretchFactor(0, 3)
        catalogue.setStretchFactor(1, 1)
        catalogue.setChildrenCollapsible(False)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.catalogue_heading)
        top_layout.addWidget(catalogue, 1)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.demand_heading)
        bottom_layout.addWidget(self.demand, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._retranslate()
        # Built when first shown, so start-up does not wait for it.
        self._stale = True

    # --- what it shows --------------------------------------------------------------------

    def _retranslate(self) -> None:
        lang = preferences.language(self.desk)
        ref = reference()
        self.catalogue_heading.setText(self.tr(
            "Training sessions (course catalogue {version})").format(version=ref.version))
        self.sessions.setHorizontalHeaderLabels([
            self.tr("Course"), self.tr("Where"), self.tr("Dates"), self.tr("Seats"),
            self.tr("Enrolled here"), self.tr("All districts"),
            self.tr("Want it in the province")])
        self.sessions.horizontalHeaderItem(5).setToolTip(self.tr(
            "Enrolled in every district, as headquarters counted at the last sync"))
        self.enrol_button.setText(self.tr("Enrol a returnee…"))
        self.unenrol_button.setText(self.tr("Take off the session"))
        self.demand_heading.setText(self.tr(
            "Returnees who want each course, by home district (most wanted first)"))
        self.demand.setHorizontalHeaderLabels(
            [self.tr("District")]
            + [ref.label("courses", code, lang) for code in COURSES]
            + [self.tr("Total")])

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        # Each time the tab is chosen; a window coming back from minimised only if
        # something changed meanwhile.
        if self._stale or not event.spontaneous():
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._stale = False
        shown = preferences.display(self.desk)
        lang, ref = shown.language, reference()
        keep = self.selected_session()
        counts = training.demand_counts(self.desk)
        rows = training.sessions(self.desk, counts)
        self._session_codes = [row.session.code for row in rows]
        _fill(self.sessions, [
            [ref.label("courses", row.session.course, lang),
             record_text.place_path(row.session.district_code or row.session.province_code,
                                    lang),
             f"{shown.date(row.session.start_date)} – {shown.date(row.session.end_date)}",
             shown.number(row.session.seats), shown.number(row.enrolled),
             "—" if row.enrolled_everywhere is None
             else shown.number(row.enrolled_everywhere),
             shown.number(row.wanted_in_province)]
            for row in rows], right_from=3)
        for i, row in enumerate(rows):  # the centre's name, in full, on hovering
            self.sessions.item(i, 0).setData(ID_ROLE, row.session.code)
            self.sessions.item(i, 1).setToolTip(row.session.place(lang))
        if keep in self._session_codes:
            self.sessions.selectRow(self._session_codes.index(keep))
        elif rows:
            self.sessions.selectRow(0)
        self._show_enrolled()
        demand = training.demand(self.desk, counts)
        _fill(self.demand, [
            [gazetteer().label(row.district_code, lang) or row.district_code]
            + [shown.number(row.by_course[code]) for code in COURSES]
            + [shown.number(row.total)]
            for row in demand], right_from=1)

    def selected_session(self) -> str | None:
        rows = self.sessions.selectionModel().selectedRows() if self.sessions.model() else []
        if not rows or rows[0].row() >= len(self._session_codes):
            return None
        return self._session_codes[rows[0].row()]

    def select_session(self, code: str) -> None:
        self.sessions.selectRow(self._session_codes.index(code))

    def _show_enrolled(self) -> None:
        code = self.selected_session()
        session = reference().session(code) if code else None
        self.enrolled.clear()
        self.message.clear()
        self.enrol_button.setEnabled(session is not None)
        self.unenrol_button.setEnabled(False)
        if session is None:
            self.enrolled_heading.setText(self.tr("Choose a session to see who is enrolled."))
            return
        shown = preferences.display(self.desk)
        self.enrolled_heading.setText(self.tr("Enrolled in {session}").format(
            session=record_text.session_text(code, shown.language, shown.khmer_digits)))
        for rec in training.enrolled_in(self.desk, code):
            item = QListWidgetItem(f"{record_text.person_name(rec)}  ·  {rec['registration_no']}")
            item.setData(ID_ROLE, rec["id"])
            self.enrolled.addItem(item)

    # --- enrolling ------------------------------------------------------------------------

    def enrol_dialog(self) -> EnrolDialog | None:
        code = self.selected_session()
        if code is None:
            return None
        dialog = EnrolDialog(self.desk, code, self)
        dialog.enrolled.connect(self._enrolled)
        QTimer.singleShot(0, dialog.open)
        return dialog

    def _enrolled(self) -> None:
        self.refresh()
        self.events.registrations_changed()

    def unenrol_selected(self) -> bool:
        code, items = self.selected_session(), self.enrolled.selectedItems()
        if code is None or not items:
            return False
        rec = registrations.get(self.desk, items[0].data(ID_ROLE))
        if rec is None:
            return False
        try:
            training.unenrol(self.desk, rec["id"], code, expected_version=rec["version"])
        except PermissionError:
            self.message.setText(self.tr(
                "Only the laptop that registered this person can change their training."))
            return False
        except ValidationFailed as failed:
            self.message.setText("\n".join(error_line(e) for e in failed.errors))
            return False
        self._enrolled()
        return True

    def _changed_elsewhere(self, what: str) -> None:
        if what == REGISTRATIONS:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True
        super().changeEvent(event)


class EnrolDialog(QDialog):
    """Find a returnee by name, phone or registration number and enrol them in one
    session; a refusal (full, already on it, registered on another laptop) is said in
    the dialog and nothing changes."""

    enrolled = Signal()

    def __init__(self, desk: Desk, session_code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.session_code = session_code
        shown = preferences.display(desk)
        self.setWindowTitle(self.tr("Enrol in training"))
        self.resize(560, 420)
        heading = QLabel(record_text.session_text(session_code, shown.language,
                                                  shown.khmer_digits), self)
        heading.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Name, phone or registration number"))
        self.search.textChanged.connect(self._find)
        self.results = QListWidget(self)
        self.results.setObjectName("results")
        self.results.itemActivated.connect(lambda _item: self.accept())
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _find(self, text: str) -> None:
        self.results.clear()
        self.message.clear()
        lang = preferences.language(self.desk)
        for rec in registrations.search(self.desk, text, limit=30):
            if rec["withdrawn"]:
                continue
            place = record_text.place_label(rec["home_village_code"][:4], lang)
            item = QListWidgetItem(f"{record_text.person_name(rec)}  ·  {rec['registration_no']}  ·  {place}")
            item.setData(ID_ROLE, rec["id"])
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def accept(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.message.setText(self.tr("Find the returnee first, then choose them."))
            return
        rec = registrations.get(self.desk, item.data(ID_ROLE))
        if rec is None:
            return
        try:
            training.enrol(self.desk, rec["id"], self.session_code,
                           expected_version=rec["version"])
        except PermissionError:
            self.message.setText(self.tr(
                "Only the laptop that registered this person can enrol them."))
            return
        except ValidationFailed as failed:
            self.message.setText("\n".join(error_line(e) for e in failed.errors))
            return
        self.enrolled.emit()
        super().accept()
