"""The registrations list: a search box, filters, the result count and the table.

The search box reads what is typed the way the service does (a Khmer or Latin name part,
a phone in any format, a registration number with or without dashes) and searches after
a short pause in typing, so a fast typist is not held up by a query per key. Filters
apply at once. The table is keyboard-first: Down from the search box goes into the
list, Enter opens the record.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import SECTORS
from app.services import audit, registrations
from app.services.desk import Desk, gazetteer, reference
from app.ui import events as app_events
from app.ui import preferences, record_text
from app.ui.events import AppEvents
from app.ui.registrations_model import COLUMNS, RegistrationsModel
from app.ui.widgets import DateLineEdit, mark_invalid

SEARCH_DELAY_MS = 150
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Starting widths in average characters; the officer can drag them wider. Content is
# never measured (that would read every row).
_WIDTHS = {
    "registration_no": 21,
    "name_km": 18,
    "name_latin": 18,
    "sex": 7,
    "age": 5,
    "phone": 13,
    "village": 16,
    "sectors": 18,
    "created_on": 15,
    "sync_state": 14,
}

STYLE = """
QLineEdit#searchBox { padding: 4px 8px; border: 1px solid #98a4b3; border-radius: 3px;
    background: #ffffff; }
QLineEdit#searchBox:focus { border: 1px solid #1565c0; }
QLineEdit[invalid="true"] { border: 2px solid #c62828; background: #fff5f5; }
QLabel#resultCount { color: #37474f; font-weight: bold; }
QLabel#filterCaption { color: #455a64; }
QLabel#emptyHint { color: #8a4b00; background: #fff8e1; border: 1px solid #f0d48a;
    border-radius: 3px; padding: 6px 8px; }
QTableView { background: #ffffff; alternate-background-color: #f5f8fb;
    gridline-color: #e3e8ee; selection-background-color: #cfe0f5;
    selection-color: #0d2a4d; }
QHeaderView::section { background: #eef2f6; color: #263238; padding: 3px 6px;
    border: none; border-right: 1px solid #d5dbe3; border-bottom: 1px solid #c3ccd6; }
"""


class RegistrationsTable(QTableView):
    """The list itself; Enter (or a double click) asks to open the current record."""

    open_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.currentIndex()
            if current.isValid():
                self.open_requested.emit(current.row())
                event.accept()
                return
        super().keyPressEvent(event)


class RegistrationsView(QWidget):
    """Finding saved registrations. ``open_record(str)`` carries the record id to open."""

    open_record = Signal(str)

    def __init__(self, desk: Desk, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._stale = False
        self._language = preferences.language(desk)
        self.model = RegistrationsModel(
            desk,
            language=self._language,
            khmer_digits=preferences.khmer_digits(desk),
            parent=self,
        )
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)

        self.setStyleSheet(STYLE)
        self._build()
        self._retranslate()
        self._fill_choices()
        self._update_count()
        events.changed.connect(self._on_changed)

    # --- public -------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box, its text selected for retyping."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_numbers(self) -> list[str]:
        """Registration numbers of the selected rows, top to bottom."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        values = (self.model.row_values(row) for row in rows)
        return [v["registration_no"] for v in values if v]

    def current_filter(self) -> registrations.ListFilter:
        """The filter the boxes describe now (invalid dates are left out and marked)."""
        return registrations.list_filter(
            self.search.text(),
            created_from=self._date_of(self.date_from),
            created_to=self._date_of(self.date_to),
            sector=self.sector.currentData() or None,
            province_code=self.province.currentData() or None,
            sex=self.sex.currentData() or None,
            sync_state=self.sync_state.currentData() or None,
            include_withdrawn=self.show_withdrawn.isChecked(),
            desk=self._desk,
        )

    def apply_filter(self) -> None:
        """Run the search and filters now (the timer calls this after typing stops)."""
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._stale = False
        self._update_count()
        if self.search.text().strip():
            audit.searched(self._desk, self.search.text(), self.model.total())
        if self.model.total():
            self.table.selectRow(0)

    def clear_filters(self) -> None:
        for combo in (self.sector, self.province, self.sex, self.sync_state):
            combo.setCurrentIndex(0)
        for edit in (self.date_from, self.date_to):
            edit.clear()
        self.show_withdrawn.setChecked(False)
        self.search.clear()
        self.apply_filter()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_language(self, language: str, khmer_digits: bool) -> None:
        self._language = language
        self.model.set_display(language, khmer_digits)
        self._fill_choices()
        self._update_count()

    # --- events ---------------------------------------------------------------------------

    def _on_changed(self, what: str) -> None:
        if what == app_events.SETTINGS:
            self.set_language(
                preferences.language(self._desk), preferences.khmer_digits(self._desk)
            )
            return
        if what != app_events.REGISTRATIONS:
            return
        # A hidden list only notes that it is out of date; it re-reads when shown, so a
        # busy registration session does not pay for a list nobody looks at.
        if self.isVisible():
            self._reload_keeping_place()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self._reload_keeping_place()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Down or Enter in the search box goes into the list: find, then pick, without
        # reaching for the mouse.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._search_timer.isActive():
                    self.apply_filter()
                if self.model.total():
                    self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    if not self.table.currentIndex().isValid():
                        self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def _reload_keeping_place(self) -> None:
        current = self.table.currentIndex()
        keep = self.model.record_id(current.row()) if current.isValid() else None
        before = self.model.total()
        self.model.refresh()
        self._stale = False
        self._update_count()
        row = None
        if keep is not None:
            # New registrations arrive at the top (newest first) and push the kept row
            # down by as many; look there first, then where it was.
            moved = current.row() + self.model.total() - before
            row = self.model.row_of(keep, near=moved)
            if row is None:
                row = self.model.row_of(keep, near=current.row())
        if row is None and self.model.total():
            row = 0
        if row is not None:
            self.table.selectRow(row)

    def _open_row(self, row: int) -> None:
        record_id = self.model.record_id(row)
        if record_id:
            self.open_record.emit(record_id)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.installEventFilter(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addSpacing(12)
        top.addWidget(self.count_label)

        self.date_from = DateLineEdit(self)
        self.date_to = DateLineEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 13)
            edit.editingFinished.connect(self.apply_filter)
            edit.textChanged.connect(lambda _t, e=edit: self._date_typed(e))
        self.sector = QComboBox(self)
        self.province = QComboBox(self)
        self.sex = QComboBox(self)
        self.sync_state = QComboBox(self)
        for combo in (self.sector, self.province, self.sex, self.sync_state):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(lambda _i: self.apply_filter())
        self.show_withdrawn = QCheckBox(self)
        self.show_withdrawn.setChecked(False)
        self.show_withdrawn.toggled.connect(lambda _on: self.apply_filter())
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear_filters)

        self._captions: dict[str, QLabel] = {}
        filters = QHBoxLayout()
        filters.setSpacing(6)
        for key, widgets in (
            ("registered", (self.date_from, QLabel("–", self), self.date_to)),
            ("sector", (self.sector,)),
            ("province", (self.province,)),
            ("sex", (self.sex,)),
            ("sync", (self.sync_state,)),
        ):
            caption = QLabel(self)
            caption.setObjectName("filterCaption")
            self._captions[key] = caption
            caption.setBuddy(widgets[0])
            filters.addWidget(caption)
            for widget in widgets:
                filters.addWidget(widget)
            filters.addSpacing(10)
        filters.addWidget(self.show_withdrawn)
        filters.addStretch(1)
        filters.addWidget(self.clear_button)

        self.table = RegistrationsTable(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows can be selected to print their slips in one job.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.setSortingEnabled(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Every row the same height, fixed: the view never has to measure 100,000 rows,
        # and Khmer vowels above and below the line get room.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        char = self.fontMetrics().averageCharWidth()
        for i, key in enumerate(COLUMNS):
            header.resizeSection(i, _WIDTHS[key] * char)
        self.table.open_requested.connect(self._open_row)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(filters)
        self.empty_hint = QLabel(self)
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.table)

    def _retranslate(self) -> None:
        self.search.setPlaceholderText(
            self.tr("Find by name (Khmer or Latin), phone or registration number")
        )
        self.search.setToolTip(self.tr("Ctrl+F"))
        self._captions["registered"].setText(self.tr("Registered"))
        self._captions["sector"].setText(self.tr("Sector"))
        self._captions["province"].setText(self.tr("Preferred province"))
        self._captions["sex"].setText(self.tr("Sex"))
        self._captions["sync"].setText(self.tr("Sending"))
        self.date_from.setPlaceholderText(self.tr("from"))
        self.date_to.setPlaceholderText(self.tr("to"))
        for edit in (self.date_from, self.date_to):
            edit.setToolTip(self.tr("A date such as 25/11/2026"))
        self.show_withdrawn.setText(self.tr("Show withdrawn"))
        self.clear_button.setText(self.tr("Clear filters"))
        self._fill_choices()
        self._update_count()

    def _fill_choices(self) -> None:
        lang = self._language
        ref = reference()
        self._refill(self.sector, [(c, ref.label("sectors", c, lang)) for c in SECTORS])
        self._refill(
            self.province,
            [(p.code, record_text.place_label(p.code, lang)) for p in gazetteer().provinces()],
        )
        self._refill(
            self.sex,
            [("male", record_text.sex_text("male")), ("female", record_text.sex_text("female"))],
        )
        self._refill(
            self.sync_state,
            [(state, record_text.sync_text(state)) for state in ("pending", "sent", "quarantined")],
        )

    def _refill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Replace a combo's choices, keeping the chosen code (a language switch)."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Any"), "")
        for code, text in items:
            combo.addItem(text, code)
        found = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    # --- helpers ------------------------------------------------------------------------

    def _date_typed(self, edit: DateLineEdit) -> None:
        mark_invalid(edit, bool(edit.text().strip()) and self._date_of(edit) is None)

    @staticmethod
    def _date_of(edit: DateLineEdit) -> str | None:
        iso = edit.iso()
        if not _ISO_DATE.fullmatch(iso):
            return None
        try:
            date.fromisoformat(iso)
        except ValueError:
            return None
        return iso

    def _update_count(self) -> None:
        n = self.model.total()
        number = preferences.display(self._desk).number(n)
        if n == 1:
            text = self.tr("{n} registration").format(n=number)
        else:
            text = self.tr("{n} registrations").format(n=number)
        self.count_label.setText(text)
        self._update_empty_hint(n)

    def _update_empty_hint(self, n: int) -> None:
        """An empty result for a name says so in words and offers the closest names."""
        typed = self.search.text().strip()
        if n or not typed:
            self.empty_hint.hide()
            return
        closest = registrations.closest_names(self._desk, typed)
        if closest:
            text = self.tr("No one found for “{query}”. Closest names: {names}").format(
                query=typed, names=", ".join(closest))
        else:
            text = self.tr("No one found for “{query}”.").format(query=typed)
        self.empty_hint.setText(text)
        self.empty_hint.show()
