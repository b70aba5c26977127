"""One employer request: returnees that match it, best first with the reasons in words;
the shortlist (referrals) with their statuses; the employer's list as PDF or CSV.

``changed()`` after a shortlist or a status change (the requests list recounts)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import COURSES
from app.domain.employers import REFERRAL_STATUSES, can_move
from app.domain.errors import FieldError, ValidationFailed
from app.domain.matching import Filters, Match, age_of
from app.messages import error_line, match_reason_text
from app.services import employers, registrations
from app.services.desk import Desk, gazetteer, reference
from app.slips.referral_list import write_referral_pdf
from app.ui import preferences, record_text
from app.ui.widgets import record_table, show_dates_for_people
from app.ui.worker import DatabaseWorker

ID_ROLE = Qt.ItemDataRole.UserRole


def _change_referral(message: QLabel, change: Callable[[], object], not_owner: str) -> bool:
    """Run a referral change; a refusal is said in ``message`` and changes nothing."""
    try:
        change()
    except ValidationFailed as failed:
        message.setText("\n".join(error_line(e) for e in failed.errors))
        return False
    except PermissionError:
        message.setText(not_owner)
        return False
    return True


class MatchesView(QWidget):
    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None, *,
                 worker: DatabaseWorker | None = None):
        super().__init__(parent)
        self.desk = desk
        # Matching reads up to a few thousand registrations: on the window's database
        # worker when there is one, so the window stays live while it runs.
        self.worker = worker
        self.request_id: str | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.progress = QLabel(self)
        self.age_min = QSpinBox(self)
        self.age_max = QSpinBox(self)
        for spin, value in ((self.age_min, 15), (self.age_max, 70)):
            spin.setRange(15, 70)
            spin.setValue(value)
            spin.valueChanged.connect(self.refresh_matches)
        self.training = QComboBox(self)
        self.training.currentIndexChanged.connect(self.refresh_matches)
        self.home_district = QComboBox(self)
        self.home_district.setObjectName("home_district")
        self.home_district.currentIndexChanged.connect(self.refresh_matches)
        self.filter_labels = [QLabel(self) for _ in range(4)]
        self.matches = record_table(5, self, multi=True, stretch=4)
        self.shortlist_button = QPushButton(self)
        self.shortlist_button.setObjectName("shortlist")
        self.shortlist_button.clicked.connect(lambda: self.shortlist_selected())
        self.referrals = record_table(5, self, stretch=1)
        self.status_buttons = {}
        for status in ("interviewed", "hired", "declined"):
            button = QPushButton(self)
            button.clicked.connect(lambda _=False, s=status: self.set_status(s))
            self.status_buttons[status] = button
        self.pdf_button = QPushButton(self)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.csv_button = QPushButton(self)
        self.csv_button.clicked.connect(lambda: self.save_csv())
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close_request")
        self.close_button.clicked.connect(lambda: self.close_request())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.matches_label = QLabel(self)
        self.referrals_label = QLabel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        filters = QHBoxLayout()
        for label, field in zip(self.filter_labels, (self.age_min, self.age_max, self.training,
                                                     self.home_district), strict=True):
            filters.addWidget(label)
            filters.addWidget(field)
        filters.addStretch(1)
        layout.addLayout(filters)
        layout.addWidget(self.matches_label)
        layout.addWidget(self.matches, 3)
        row = QHBoxLayout()
        row.addWidget(self.shortlist_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.referrals_label)
        layout.addWidget(self.referrals, 2)
        row = QHBoxLayout()
        for button in self.status_buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.pdf_button)
        row.addWidget(self.csv_button)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._retranslate()

    # --- words ---------------------------------------------------------------------------

    def _retranslate(self) -> None:
        lang = preferences.language(self.desk)
        self.filter_labels[0].setText(self.tr("Age from"))
        self.filter_labels[1].setText(self.tr("to"))
        self.filter_labels[2].setText(self.tr("Training wanted"))
        current = self.training.currentData()
        self.training.blockSignals(True)
        self.training.clear()
        self.training.addItem(self.tr("Any"), "")
        for code in COURSES:
            self.training.addItem(reference().label("courses", code, lang), code)
        self.training.setCurrentIndex(max(0, self.training.findData(current)))
        self.training.blockSignals(False)
        self.filter_labels[3].setText(self.tr("Home district"))
        current = self.home_district.currentData()
        self.home_district.blockSignals(True)
        self.home_district.clear()
        self.home_district.addItem(self.tr("Any"), "")
        # This office's province first: most returnees live near where they registered.
        gaz, home = gazetteer(), self.desk.office_code[:2]
        districts = sorted(gaz.all_districts(), key=lambda d: (
            d.code[:2] != home, record_text.place_path(d.code, lang)))
        for district in districts:
            self.home_district.addItem(record_text.place_path(district.code, lang),
                                       district.code)
        self.home_district.setCurrentIndex(max(0, self.home_district.findData(current)))
        self.home_district.blockSignals(False)
        self.matches.setHorizontalHeaderLabels([
            self.tr("Registration number"), self.tr("Name"), self.tr("Age"),
            self.tr("Score"), self.tr("Why")])
        self.referrals.setHorizontalHeaderLabels([
            self.tr("Registration number"), self.tr("Name"), self.tr("Phone"),
            self.tr("Status"), self.tr("Date")])
        self.matches_label.setText(self.tr("Matching returnees, best first"))
        self.referrals_label.setText(self.tr("Shortlist"))
        self.shortlist_button.setText(self.tr("Shortlist selected"))
        self.status_buttons["interviewed"].setText(self.tr("Interviewed"))
        self.status_buttons["hired"].setText(self.tr("Hired"))
        self.status_buttons["declined"].setText(self.tr("Declined"))
        self.pdf_button.setText(self.tr("Save list as PDF…"))
        self.csv_button.setText(self.tr("Export list as CSV…"))
        self.close_button.setText(self.tr("Close request"))

    def _status_word(self, status: str) -> str:
        return {"referred": self.tr("Referred"), "interviewed": self.tr("Interviewed"),
                "hired": self.tr("Hired"), "declined": self.tr("Declined")}.get(status, status)

    # --- showing -------------------------------------------------------------------------

    def show_request(self, request_id: str) -> None:
        self.request_id = request_id
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        if self.request_id is None:
            return
        req = employers.get_request(self.desk, self.request_id)
        if req is None:
            return
        done = employers.progress(self.desk, self.request_id)
        self.title.setText(f"<b>{req['employer_name']}</b> — {req['job_title']}")
        shown = preferences.display(self.desk)
        self.progress.setText(self.tr("Hired {hired} of {needed}").format(
            hired=shown.number(done.hired), needed=shown.number(done.needed)))
        self.close_button.setEnabled(req["status"] == "open"
                                     and req["device_id"] == self.desk.device_id)
        self.refresh_matches()
        self.refresh_referrals()

    def filters(self) -> Filters:
        return Filters(age_min=self.age_min.value(), age_max=self.age_max.value(),
                       training=self.training.currentData() or None,
                       home_district_code=self.home_district.currentData() or None)

    def refresh_matches(self) -> None:
        if self.request_id is None:
            return
        desk, request_id, filters = self.desk, self.request_id, self.filters()
        if self.worker is None:
            self._show_matches(employers.match(desk, request_id, filters=filters))
            return
        self.worker.submit(
            lambda conn: employers.match(desk, request_id, filters=filters, conn=conn),
            self._show_matches, key=f"matches-{id(self)}")

    def _show_matches(self, found: list[Match]) -> None:
        today = self.desk.today()
        shown = preferences.display(self.desk)
        self.matches.setRowCount(len(found))
        for i, m in enumerate(found):
            age = age_of(m.candidate, today)
            cells = [m.candidate.get("registration_no") or "", record_text.person_name(m.candidate),
                     "" if age is None else shown.number(age), shown.number(m.score),
                     shown.digits("; ".join(match_reason_text(r) for r in m.reasons))]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, m.registration_id)
                if j in (2, 3):  # age, score
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignTop)
                self.matches.setItem(i, j, item)
        self.matches.resizeRowsToContents()

    def refresh_referrals(self) -> None:
        rows = employers.request_shortlist(self.desk, self.request_id or "")
        shown = preferences.display(self.desk)
        self.referrals.setRowCount(len(rows))
        for i, ref in enumerate(rows):
            cells = [ref.get("registration_no") or "", record_text.person_name(ref),
                     shown.phone(ref.get("phone")), self._status_word(ref["status"]),
                     shown.stored_date(ref["status_date"])]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, ref["id"])
                self.referrals.setItem(i, j, item)

    # --- acting --------------------------------------------------------------------------

    def shortlist_selected(self) -> int:
        rows = sorted({i.row() for i in self.matches.selectedItems()})
        ids = [self.matches.item(r, 0).data(ID_ROLE) for r in rows]
        if not ids or self.request_id is None:
            return 0
        made = employers.shortlist(self.desk, self.request_id, ids)
        self.refresh()
        self.changed.emit()
        return len(made)

    def set_status(self, status: str) -> bool:
        items = self.referrals.selectedItems()
        if not items:
            return False
        if not _change_referral(
                self.message, lambda: employers.set_status(self.desk, items[0].data(ID_ROLE),
                                                           status),
                self.tr("Only the laptop that made this referral can change it.")):
            return False
        self.message.clear()
        self.refresh()
        self.changed.emit()
        return True

    def close_request(self) -> bool:
        """The employer needs no more workers: the request leaves the open ones."""
        req = employers.get_request(self.desk, self.request_id or "")
        if req is None:
            return False
        try:
            employers.edit_request(self.desk, req["id"], req | {"status": "closed"},
                                   expected_version=req["version"])
        except (ValidationFailed, PermissionError) as exc:
            errors = exc.errors if isinstance(exc, ValidationFailed) else []
            self.message.setText("\n".join(error_line(e) for e in errors)
                                 or self.tr("Only the laptop that made this request can close it."))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def save_pdf(self, path: str | None = None) -> Path | None:
        if self.request_id is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save list as PDF…"),
                                                  "referrals.pdf", "PDF (*.pdf)")
        if not path:
            return None
        req = employers.get_request(self.desk, self.request_id)
        out = write_referral_pdf(Path(path), req or {},
                                 employers.referral_list(self.desk, self.request_id))
        self.message.setText(self.tr("Saved {path}").format(path=str(out)))
        return out

    def save_csv(self, path: str | None = None) -> Path | None:
        if self.request_id is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export list as CSV…"),
                                                  "referrals.csv", "CSV (*.csv)")
        if not path:
            return None
        out = Path(path)
        out.write_text(employers.referral_list_csv(self.desk, self.request_id),
                       encoding="utf-8", newline="")
        self.message.setText(self.tr("Saved {path}").format(path=str(out)))
        return out

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)


class ReferralStatusDialog(QDialog):
    """One referral's status and the date it happened, to correct what headquarters
    refused (from To fix). Accepted once the change is saved (a new version, sent on
    the next sync)."""

    def __init__(self, desk: Desk, referral_id: str, refused: Sequence[FieldError] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.referral = employers.get_referral(desk, referral_id)
        if self.referral is None:
            raise KeyError(referral_id)
        ref = self.referral
        self.setWindowTitle(self.tr("Referral"))
        person = registrations.get(desk, ref["registration_id"]) or {}
        request = employers.get_request(desk, ref["request_id"]) or {}
        self.who = QLabel(" ".join(t for t in (person.get("registration_no"),
                                               record_text.person_name(person)) if t), self)
        self.what = QLabel(" — ".join(t for t in (request.get("employer_name"),
                                                  request.get("job_title")) if t), self)
        for label in (self.who, self.what):
            label.setWordWrap(True)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #b00020")
        if refused:
            self.reason.setText("\n".join(
                [self.tr("Headquarters refused this referral:"),
                 *(error_line(e) for e in refused)]))
        self.reason.setVisible(bool(refused))
        self.status = QComboBox(self)
        for status in (ref["status"], *(s for s in REFERRAL_STATUSES
                                        if can_move(ref["status"], s))):
            self.status.addItem(self._status_word(status), status)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        show_dates_for_people(self.date, preferences.language(desk))
        self.date.setMaximumDate(QDate(desk.today()))
        when = QDate.fromString(str(ref.get("status_date") or ""), "yyyy-MM-dd")
        self.date.setDate(when if when.isValid() else QDate(desk.today()))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Returnee"), self.who)
        form.addRow(self.tr("Employer request"), self.what)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Date"), self.date)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())

    def save(self) -> bool:
        ref = self.referral or {}
        status = self.status.currentData()
        when = self.date.date().toString("yyyy-MM-dd")
        if status == ref.get("status") and when == ref.get("status_date"):
            self.message.setText(self.tr("Change the status or the date, then save."))
            return False
        if not _change_referral(
                self.message,
                lambda: employers.correct_referral(self.desk, ref["id"], status, when),
                self.tr("Only the laptop that made this referral can change it.")):
            return False
        self.accept()
        return True

    def _status_word(self, status: str) -> str:
        return {"referred": self.tr("Referred"), "interviewed": self.tr("Interviewed"),
                "hired": self.tr("Hired"), "declined": self.tr("Declined")}.get(status, status)
