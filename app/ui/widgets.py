"""Small widgets the data-entry screens share: a checkable list for multi-select codes,
a date field that reads the ways officers write dates, in-place error marking, and
column sizing that keeps tables readable while they are empty."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QElapsedTimer, QEvent, QLocale, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSizePolicy,
    QStyle,
    QTableView,
    QTableWidget,
    QWidget,
)

from app.domain.khmerdate import read_date_words
from app.domain.registration import typed_date_to_iso

CODE_ROLE = Qt.ItemDataRole.UserRole
# Both names of an item, case-folded, so that type-to-find works in either language.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Choice:
    """One option of a list: its stored code, the text shown and the other-language name."""

    code: str
    text: str
    tooltip: str = ""


class CheckList(QListWidget):
    """Multi-select as a list of check boxes laid out in ``columns`` columns.

    One Tab stop for the whole list (hotline operators do not want fifteen), arrow keys
    move, Space ticks, and typing jumps to the first option whose name *contains* what was
    typed in either language (Qt's own search only matches the start of the shown text).
    """

    changed = Signal()

    def __init__(
        self, columns: int = 1, visible_rows: int = 5, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = max(1, columns)
        self._visible_rows = visible_rows
        self._typed = ""
        self._typed_timer = QElapsedTimer()
        self._checked_at_press: Qt.CheckState | None = None
        self.setUniformItemSizes(True)
        # Ticks are the choice; a selection highlight as well would read as a second one.
        # The keyboard cursor shows through the style sheet's ::item:focus instead.
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        if self._columns > 1:
            # Rows of `columns` items; the grid width is set from the viewport on resize.
            self.setFlow(QListWidget.Flow.LeftToRight)
            self.setWrapping(True)
            self.setResizeMode(QListWidget.ResizeMode.Adjust)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemChanged.connect(self._item_changed)
        self.itemPressed.connect(self._remember_press)
        self.itemClicked.connect(self._toggle_on_text_click)

    # --- content ----------------------------------------------------------------------

    def set_choices(self, choices: Sequence[Choice]) -> None:
        """Replace the options, keeping whatever was ticked (a language switch)."""
        ticked = set(self.codes())
        self.blockSignals(True)
        self.clear()
        for choice in choices:
            item = QListWidgetItem(choice.text)
            item.setData(CODE_ROLE, choice.code)
            item.setData(SEARCH_ROLE, f"{choice.text} {choice.tooltip}".casefold())
            item.setToolTip(choice.tooltip or choice.text)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            checked = choice.code in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        # A list that shows every option needs no scroll bar; Qt's wrapped layout would
        # otherwise keep an empty one, narrowing the columns.
        rows = -(-self.count() // self._columns)
        fits = rows <= self._visible_rows
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self._update_grid()

    def codes(self) -> list[str]:
        """Ticked codes, in list order."""
        return [
            self.item(i).data(CODE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_codes(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            state = (
                Qt.CheckState.Checked if item.data(CODE_ROLE) in wanted else Qt.CheckState.Unchecked
            )
            item.setCheckState(state)
        self.blockSignals(False)
        self.viewport().update()
        self.changed.emit()

    def checked_texts(self) -> list[str]:
        return [
            self.item(i).text()
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    # --- behaviour --------------------------------------------------------------------

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self.changed.emit()

    def _remember_press(self, item: QListWidgetItem) -> None:
        self._checked_at_press = item.checkState()

    def _toggle_on_text_click(self, item: QListWidgetItem) -> None:
        # A click on the check box itself has already toggled it; a click on the words
        # should too, as it does for a QCheckBox.
        if self._checked_at_press is not None and item.checkState() == self._checked_at_press:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        self._checked_at_press = None

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 (Qt override)
        if not search:
            return
        interval = QApplication.keyboardInputInterval()
        if not self._typed_timer.isValid() or self._typed_timer.elapsed() > interval:
            self._typed = ""
        self._typed_timer.start()
        self._typed += search.casefold()
        start = max(self.currentRow(), 0)
        # Look from the current option onwards so that typing again finds the next match.
        order = list(range(start, self.count())) + list(range(0, start))
        if len(self._typed) == 1:
            order = order[1:] + order[:1]
        for row in order:
            if self._typed in (self.item(row).data(SEARCH_ROLE) or ""):
                self.setCurrentRow(row)
                return

    # --- geometry ---------------------------------------------------------------------

    def _row_height(self) -> int:
        # Khmer stacks vowels and subscripts above and below the line: give it room.
        return self.fontMetrics().height() + 8

    def _update_grid(self) -> None:
        width = max(40, (self.viewport().width() - 2) // self._columns)
        height = self._row_height()
        # Every option gets the full cell: Qt would otherwise size all of them like the
        # first one (uniform sizes), eliding longer names and squeezing Khmer vertically.
        cell = QSize(width - 2, height)
        # A size hint is item data: without blocking, every resize would emit
        # itemChanged and the untouched form would look edited.
        blocked = self.blockSignals(True)
        for row in range(self.count()):
            self.item(row).setSizeHint(cell)
        self.blockSignals(blocked)
        if self._columns > 1:
            self.setGridSize(QSize(width, height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._update_grid()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        rows = self._visible_rows
        # The wrapped layout adds a little margin below the last row; without the slack a
        # list that holds all its options still shows a scroll bar.
        frame = 2 * self.frameWidth() + 10
        return QSize(super().sizeHint().width(), rows * self._row_height() + frame)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(120, min(self._visible_rows, 3) * self._row_height() + 2 * self.frameWidth())


class DateLineEdit(QLineEdit):
    """A date typed as text: faster than a QDateEdit's sections on a call, and it takes
    Khmer digits and day-first dates. ``iso()`` is what the services receive.

    A stored date is shown as every other screen writes dates ("15 មីនា 1995",
    "15 March 1995"; ``show_date``), and that form reads back as well."""

    def iso(self) -> str:
        return read_date_words(self.text()) or typed_date_to_iso(self.text())

    def show_date(self, iso: str | None, shown: Callable[[str], str]) -> None:
        """Show a stored YYYY-MM-DD through ``shown`` (``Display.stored_date``); text
        that is no date is shown as it is."""
        text = iso or ""
        self.setText((shown(text) or text) if text else "")


def show_dates_for_people(edit: QDateEdit, language: str) -> None:
    """A date box writes its date as every screen does: "15 មីនា 2026", "15 March 2026"
    (Qt's Khmer month names are the desk's own)."""
    locale = (QLocale(QLocale.Language.Khmer, QLocale.Country.Cambodia) if language == "km"
              else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    edit.setLocale(locale)
    edit.setDisplayFormat("d MMMM yyyy")


class ErrorLabel(QLabel):
    """The message under a field that broke a rule; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class ErrorLine(QLabel):
    """The messages of one or more fields on a line of its own that keeps its size
    whether or not there is a message, so nothing on the screen moves under the mouse
    when errors appear or go. Sits beside a field's caption, or under a pair of fields.

    Each field writes through its own ``slot(key)``. Text longer than the room is cut
    with "…" and shown whole in the tooltip; the line never widens its column.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(0)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self._texts: dict[str, str] = {}
        self._order: list[str] = []

    def slot(self, key: str) -> ErrorSlot:
        self._order.append(key)
        return ErrorSlot(self, key)

    def set_message(self, key: str, text: str) -> None:
        self._texts[key] = text
        self._show()

    def message(self, key: str) -> str:
        return self._texts.get(key, "")

    def full_text(self) -> str:
        return "  ".join(t for k in self._order if (t := self._texts.get(k)))

    def _show(self) -> None:
        full = self.full_text()
        self.setToolTip(full)
        self.setAccessibleDescription(full)
        width = max(self.width(), 1)
        self.setText(self.fontMetrics().elidedText(
            full.replace("\n", " "), Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._show()


class ErrorSlot:
    """One field's message on an ``ErrorLine``, read and written as ``ErrorLabel``'s."""

    def __init__(self, line: ErrorLine, key: str) -> None:
        self.line = line
        self.key = key

    def show_message(self, text: str) -> None:
        self.line.set_message(self.key, text)

    def text(self) -> str:
        return self.line.message(self.key)

    def isVisible(self) -> bool:  # noqa: N802 (as QWidget's)
        return bool(self.text()) and self.line.isVisible()


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Set the ``invalid`` property the form's style sheet draws as a red border."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    # Qt does not re-evaluate property selectors by itself.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class _ColumnFitter(QObject):
    """Keeps one table's header size hints in step with its header texts, and gives the
    stretching column the width the others leave (never less than its header needs)."""

    def __init__(self, table: QTableView, stretch: int | None, min_chars: int) -> None:
        super().__init__(table)
        self._table = table
        self._stretch = stretch
        self._min_chars = min_chars
        self._widths: list[int] = []
        self._busy = False
        model = table.model()
        model.headerDataChanged.connect(self._header_changed)
        model.columnsInserted.connect(self.fit)
        model.columnsRemoved.connect(self.fit)
        header = table.horizontalHeader()
        header.sectionResized.connect(self._section_resized)
        header.installEventFilter(self)

    def _stretch_column(self) -> int:
        columns = self._table.model().columnCount()
        return columns - 1 if self._stretch is None else self._stretch

    def _header_changed(self, orientation: Qt.Orientation, _first: int, _last: int) -> None:
        if orientation == Qt.Orientation.Horizontal:
            self.fit()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self._stretch_column():
            self.spread()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.spread()
        return False

    def fit(self) -> None:
        if self._busy:
            return  # our own size hints announce themselves as header changes
        self._busy = True
        try:
            self._fit()
        finally:
            self._busy = False
        self.spread()

    def _fit(self) -> None:
        table, model = self._table, self._table.model()
        header = table.horizontalHeader()
        columns = model.columnCount()
        stretch = self._stretch_column()
        metrics = header.fontMetrics()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        floor = metrics.averageCharWidth() * self._min_chars
        texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
        # Khmer stacks vowels and subscripts above and below the line: measure the ink.
        tallest = max([metrics.height()] + [
            metrics.boundingRect(QRect(), Qt.AlignmentFlag.AlignCenter, t).height()
            for t in texts if t])
        height = tallest + 2 * margin + 4
        self._widths = []
        for column, text in enumerate(texts):
            width = max(floor, metrics.horizontalAdvance(text) + 4 * margin + 12)
            self._widths.append(width)
            model.setHeaderData(column, Qt.Orientation.Horizontal, QSize(width, height),
                                Qt.ItemDataRole.SizeHintRole)
            mode = (QHeaderView.ResizeMode.Fixed if column == stretch
                    else QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(column, mode)
        header.setStretchLastSection(False)

    def spread(self) -> None:
        """Give the stretching column what the other columns leave of the width."""
        header = self._table.horizontalHeader()
        stretch = self._stretch_column()
        if not 0 <= stretch < len(self._widths):
            return
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != stretch and not header.isSectionHidden(c))
        width = max(self._widths[stretch], header.width() - others)
        if header.sectionSize(stretch) != width:
            header.resizeSection(stretch, width)


def fit_columns(table: QTableView, stretch: int | None = None, *, min_chars: int = 6) -> None:
    """Size a table's columns so that it reads well empty as well as full.

    Every column is at least as wide as its header text with room either side (and at
    least ``min_chars`` average characters), grows to fit what its cells hold, and the
    column ``stretch`` (the last one when None) takes whatever width is left, though
    never less than its header needs (a horizontal scroll bar appears instead), so no
    column is squeezed into a sliver while one fills the rest. The header is made tall
    enough for Khmer.

    Call it once, after the table has its columns; it follows later header texts by
    itself (setHorizontalHeaderLabels on a language change). It replaces the header's
    resize modes. The model must keep header data per role, as QTableWidget's and
    QStandardItemModel's do::

        self.table = QTableWidget(0, 4, self)
        fit_columns(self.table, stretch=1)
    """
    fitter = table.findChild(_ColumnFitter)
    if fitter is None:
        fitter = _ColumnFitter(table, stretch, min_chars)
    else:
        fitter._stretch, fitter._min_chars = stretch, min_chars
    fitter.fit()


def ask_to_discard(parent: QWidget, title: str, text: str,
                   answered: Callable[[bool], None]) -> QMessageBox:
    """Ask Discard or Cancel (Cancel the default) without a nested event loop: the
    window stays live and whoever closes it is never stuck behind the question.
    ``answered(discard)`` runs once the question is closed; the box is returned so the
    caller can keep it while it is open."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                      parent)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished(_result: int) -> None:
        box.deleteLater()
        answered(box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.DestructiveRole)

    box.finished.connect(finished)
    box.open()
    return box


class SaveRefused(Exception):
    """Raised by a form's ``saver`` when the save cannot happen, with the reason in
    words (the form shows it where it reports saving)."""


def record_table(columns: int, parent: QWidget, *, stretch: int | None = None,
                 multi: bool = False) -> QTableWidget:
    """A read-only list of records, a row each: whole rows selected (one, or several
    with ``multi``), no row numbers, columns sized by ``fit_columns``."""
    table = QTableWidget(0, columns, parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    fit_columns(table, stretch)
    return table
