"""The likely-duplicate warning: the new entry side by side with the saved records it
resembles, and the officer's choice (open the saved one, save anyway with a reason, or
go back to the form)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.registration import age_on
from app.services.desk import gazetteer
from app.services.registrations import LikelyDuplicate
from app.ui.preferences import Display

# The columns, and which match reason lights up which of them.
COLUMNS = (
    "registration_no",
    "why",
    "name_km",
    "name_latin",
    "sex",
    "born",
    "phone",
    "national_id",
    "village",
    "created_on",
)
_HIGHLIGHT = {
    "same_phone": ("phone",),
    "same_national_id": ("national_id",),
    "similar_name": ("name_km", "name_latin"),
}
_NEW_ROW_COLOUR = QColor("#e8f0fb")
_MATCH_COLOUR = QColor("#ffe9a8")


def village_text(code: str | None, language: str) -> str:
    """Village and commune, which is what tells two same-named villages apart."""
    if not code:
        return ""
    gaz = gazetteer()
    parts = []
    for part in (code, code[:6]):
        place = gaz.get(part)
        if place is not None:
            parts.append(place.name_km if language == "km" else place.name_en)
    return ", ".join(parts) or code


class DuplicatesDialog(QDialog):
    """Shows ``new`` (a cleaned record from ``registrations.check``) above every match.

    After it closes, ``choice`` is ``OPEN`` (with ``record_id``), ``SAVE`` (with
    ``reason()``) or ``CANCEL``. ``khmer_digits``: the setting's effect, which applies
    only while ``language`` is Khmer.
    """

    OPEN = "open"
    SAVE = "save"
    CANCEL = "cancel"

    def __init__(
        self,
        new: Mapping[str, Any],
        matches: Sequence[LikelyDuplicate],
        *,
        today: date,
        language: str = "km",
        khmer_digits: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.choice = self.CANCEL
        self.record_id = ""
        self._new = dict(new)
        self._matches = list(matches)
        self._today = today
        self._language = language
        self._shown = Display(language, khmer_digits and language == "km")

        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._table = QTableWidget(len(self._matches) + 1, len(COLUMNS), self)
        self._table.setObjectName("duplicatesTable")
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setWordWrap(True)
        # A light selection, so the highlighted (matching) cells stay readable in the
        # chosen row.
        self._table.setStyleSheet(
            "QTableWidget::item:selected { background: #cfe0f5; color: #0d2a4d; }"
        )
        self._table.setTabKeyNavigation(False)
        self._table.verticalHeader().setVisible(False)
        self._table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._table.horizontalHeader().setSectionResizeMode(
            COLUMNS.index("why"), QHeaderView.ResizeMode.Stretch
        )
        self._table.activated.connect(lambda _index: self._open_existing())

        self._reason_label = QLabel(self)
        self._reason = QLineEdit(self)
        self._reason.setObjectName("overrideReason")
        self._reason.setMaxLength(500)
        self._reason_label.setBuddy(self._reason)
        self._open_button = QPushButton(self)
        self._open_button.setObjectName("openExisting")
        self._save_button = QPushButton(self)
        self._save_button.setObjectName("saveAnyway")
        self._cancel_button = QPushButton(self)
        self._cancel_button.setObjectName("cancel")
        for button in (self._open_button, self._save_button, self._cancel_button):
            # No button may answer a stray Enter for the dialog: each choice is deliberate.
            button.setAutoDefault(False)
            button.setDefault(False)
        self._open_button.clicked.connect(self._open_existing)
        self._save_button.clicked.connect(self._save_anyway)
        self._cancel_button.clicked.connect(self.reject)
        self._reason.textChanged.connect(self._update_buttons)
        self._reason.returnPressed.connect(self._save_anyway)

        buttons = QHBoxLayout()
        buttons.addWidget(self._open_button)
        buttons.addStretch(1)
        buttons.addWidget(self._save_button)
        buttons.addWidget(self._cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._reason_label)
        layout.addWidget(self._reason)
        layout.addLayout(buttons)

        self._retranslate()
        self._update_buttons()
        self._table.selectRow(1)
        self._table.setFocus()
        self.resize(1240, self.sizeHint().height())

    # --- public -----------------------------------------------------------------------

    def reason(self) -> str:
        return " ".join(self._reason.text().split())

    def selected_match(self) -> LikelyDuplicate | None:
        row = self._table.currentRow()
        if 1 <= row <= len(self._matches):
            return self._matches[row - 1]
        return self._matches[0] if self._matches else None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # Wrapped cells get their height from the final column widths, known only now.
        self._table.resizeRowsToContents()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # --- choices ----------------------------------------------------------------------

    def _open_existing(self) -> None:
        match = self.selected_match()
        if match is None:
            return
        self.choice = self.OPEN
        self.record_id = str(match.record["id"])
        self.accept()

    def _save_anyway(self) -> None:
        if not self.reason():
            self._reason.setFocus()
            return
        self.choice = self.SAVE
        self.accept()

    def reject(self) -> None:
        self.choice = self.CANCEL
        super().reject()

    def _update_buttons(self) -> None:
        self._save_button.setEnabled(bool(self.reason()))

    # --- content ----------------------------------------------------------------------

    def _born_text(self, rec: Mapping[str, Any]) -> str:
        dob = rec.get("date_of_birth")
        if dob:
            born = date.fromisoformat(str(dob))
            return self.tr("{date} (age {age})").format(
                date=self._shown.date(born),
                age=self._shown.number(age_on(born, self._today)),
            )
        if rec.get("age") is not None:
            # An age was taken when the record was made; say so rather than pretend.
            year = str(rec.get("created_on") or self._today.isoformat())[:4]
            return self.tr("age {age} in {year}").format(
                age=self._shown.number(int(rec["age"])), year=self._shown.digits(year)
            )
        return ""

    def _sex_text(self, sex: str | None) -> str:
        return {"male": self.tr("Male"), "female": self.tr("Female")}.get(sex or "", "")

    def _why_text(self, reasons: Sequence[str]) -> str:
        words = {
            "same_phone": self.tr("Same phone number"),
            "same_national_id": self.tr("Same national ID"),
            "similar_name": self.tr("Similar name, same commune, sex and age"),
        }
        return "; ".join(words.get(r, r) for r in reasons)

    def _cells(self, rec: Mapping[str, Any], reasons: Sequence[str] | None) -> dict[str, str]:
        return {
            "registration_no": rec.get("registration_no") or self.tr("New entry"),
            "name_km": rec.get("name_km") or "",
            "name_latin": rec.get("name_latin") or "",
            "sex": self._sex_text(rec.get("sex")),
            "born": self._born_text(rec),
            "phone": self._shown.phone(rec.get("phone")),
            "national_id": rec.get("national_id") or "",
            "village": village_text(rec.get("home_village_code"), self._language),
            "created_on": self._shown.stored_date(rec.get("created_on")),
            "why": self._why_text(reasons) if reasons is not None else "",
        }

    def _fill_table(self) -> None:
        rows: list[tuple[Mapping[str, Any], Sequence[str] | None]] = [(self._new, None)]
        rows += [(m.record, m.reasons) for m in self._matches]
        bold = QFont(self.font())
        bold.setBold(True)
        for r, (rec, reasons) in enumerate(rows):
            cells = self._cells(rec, reasons)
            lit = {col for reason in reasons or () for col in _HIGHLIGHT.get(reason, ())}
            for c, key in enumerate(COLUMNS):
                item = QTableWidgetItem(cells[key])
                item.setToolTip(cells[key])
                if r == 0:
                    # The new entry is the yardstick, not a choice.
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.setBackground(QBrush(_NEW_ROW_COLOUR))
                    item.setFont(bold)
                elif key in lit:
                    item.setBackground(QBrush(_MATCH_COLOUR))
                    item.setFont(bold)
                self._table.setItem(r, c, item)
        self._table.resizeRowsToContents()
        # Show the new entry and (up to a screenful of) matches without scrolling.
        rows = sum(self._table.rowHeight(r) for r in range(self._table.rowCount()))
        header = self._table.horizontalHeader().sizeHint().height()
        self._table.setMinimumHeight(min(rows + header + 2 * self._table.frameWidth() + 4, 460))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Possible duplicate"))
        self._intro.setText(
            self.tr(
                "This person may already be registered. Compare the new entry (first row) "
                "with the saved records below; highlighted cells are what matched."
            )
        )
        headers = (
            self.tr("Registration no."),
            self.tr("Why it matched"),
            self.tr("Name in Khmer"),
            self.tr("Name in Latin letters"),
            self.tr("Sex"),
            self.tr("Born"),
            self.tr("Phone"),
            self.tr("National ID"),
            self.tr("Home village"),
            self.tr("Registered on"),
        )
        self._table.setHorizontalHeaderLabels(list(headers))
        self._reason_label.setText(
            self.tr("Reason for saving anyway (required to save; e.g. relatives share a phone)")
        )
        self._reason.setPlaceholderText(self.tr("Why is this a different person?"))
        self._open_button.setText(self.tr("Open existing"))
        self._open_button.setToolTip(self.tr("Open the highlighted saved record instead"))
        self._save_button.setText(self.tr("Save anyway"))
        self._cancel_button.setText(self.tr("Cancel"))
        # Cells are filled here so that the sex and reason words follow the language too.
        row = self._table.currentRow()
        self._fill_table()
        if row >= 1:
            self._table.selectRow(row)
