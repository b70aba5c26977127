"""The registrations list as a Qt table model that never loads every row.

A district desk holds tens of thousands of registrations. The model asks the store how
many rows the filter matches, and fetches rows a page at a time only when the view asks
for a row it does not have (the rows on screen, plus whatever a scroll reveals). The
last few pages are kept in a small least-recently-used cache, so scrolling back and forth
costs nothing and memory stays flat however long the list is.

Each page is formatted once when it arrives (phones, places, dates), so ``data()`` is a
tuple lookup and painting stays smooth.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.messages import duplicate_of_text
from app.services import registrations
from app.services.desk import Desk
from app.ui import record_text

PAGE_SIZE = 200
CACHE_PAGES = 8

# Column keys, in the order shown.
COLUMNS = (
    "registration_no",
    "name_km",
    "name_latin",
    "sex",
    "age",
    "phone",
    "village",
    "sectors",
    "created_on",
    "sync_state",
)
_VILLAGE = COLUMNS.index("village")
_CENTRED = frozenset({COLUMNS.index("age"), COLUMNS.index("sex")})

ID_ROLE = Qt.ItemDataRole.UserRole
WITHDRAWN_ROLE = Qt.ItemDataRole.UserRole + 1

_WITHDRAWN_COLOUR = QColor("#8a949e")
_QUARANTINED_COLOUR = QColor("#b71c1c")
_AnyIndex = QModelIndex | QPersistentModelIndex


class _Row:
    """One list row: the raw values (for ids and tests) and the texts shown, made when
    the row is first painted (a page holds 200 rows; a screen shows about 25)."""

    __slots__ = ("raw", "texts", "tooltip")

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.texts: tuple[str, ...] | None = None
        self.tooltip = ""


class RegistrationsModel(QAbstractTableModel):
    """Rows of ``registrations.page`` for one ``ListFilter``, newest first."""

    def __init__(
        self,
        desk: Desk,
        *,
        language: str = "km",
        khmer_digits: bool = False,
        page_size: int = PAGE_SIZE,
        cache_pages: int = CACHE_PAGES,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._language = language
        self._khmer_digits = khmer_digits
        self._page_size = page_size
        self._cache_pages = cache_pages
        # As the view's boxes start: withdrawn records hidden until asked for.
        self._filter = registrations.list_filter(include_withdrawn=False)
        self._count = 0
        self._pages: OrderedDict[int, list[_Row]] = OrderedDict()
        # Page number -> (first, last) row id of every page read since the last count:
        # where keyset paging can start from (a few bytes a page, kept when rows are not).
        self._bounds: dict[int, tuple[int, int]] = {}
        self._today = desk.today()
        # Strike-through only: the delegate merges a font's set attributes into the
        # view's own font, so size and family stay the table's.
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self.page_fetches = 0  # how many pages were read from the store (tests, bench)
        self._recount()

    # --- what the view shows ----------------------------------------------------------

    def set_filter(self, f: registrations.ListFilter) -> None:
        """Show the rows ``f`` matches; the view starts again from the top."""
        self.beginResetModel()
        self._filter = f
        self._recount()
        self.endResetModel()

    def filter(self) -> registrations.ListFilter:
        return self._filter

    def refresh(self) -> None:
        """Re-read after records changed: counts and rows may all have moved."""
        self.set_filter(self._filter)

    def set_display(self, language: str, khmer_digits: bool) -> None:
        """Show place and sector names in ``language``, numbers in the chosen digits."""
        if (language, khmer_digits) == (self._language, self._khmer_digits):
            return
        self._language, self._khmer_digits = language, khmer_digits
        self._pages.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def total(self) -> int:
        """Rows the filter matches (the result count the view shows)."""
        return self._count

    def record_id(self, row: int) -> str | None:
        found = self._row(row)
        return found.raw["id"] if found else None

    def row_values(self, row: int) -> dict[str, Any] | None:
        """The stored values of one list row (``registrations.page``'s keys)."""
        found = self._row(row)
        return dict(found.raw) if found else None

    def row_of(self, record_id: str, near: int | None = None) -> int | None:
        """The row showing ``record_id``: looked for in the pages already read and, with
        ``near``, in the page holding that row (reading it if needed)."""
        for number, rows in self._pages.items():
            for i, item in enumerate(rows):
                if item.raw["id"] == record_id:
                    return number * self._page_size + i
        if near is None or not 0 <= near < self._count:
            return None
        number = near // self._page_size
        rows = self._pages.get(number) or self._fetch(number)
        for i, item in enumerate(rows):
            if item.raw["id"] == record_id:
                return number * self._page_size + i
        return None

    # --- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._row(index.row())
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if item.texts is None:
                self._format(item)
            return item.texts[column]  # type: ignore[index]
        if role == ID_ROLE:
            return item.raw["id"]
        withdrawn = bool(item.raw["withdrawn"])
        if role == WITHDRAWN_ROLE:
            return withdrawn
        if role == Qt.ItemDataRole.ForegroundRole:
            if withdrawn:
                return _WITHDRAWN_COLOUR
            if COLUMNS[column] == "sync_state" and item.raw["sync_state"] == "quarantined":
                return _QUARANTINED_COLOUR
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._struck if withdrawn else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == _VILLAGE:
                return record_text.place_path(item.raw["home_village_code"], self._language)
            if item.texts is None:
                self._format(item)
            return item.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.column_titles()[section]

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def column_titles(self) -> Sequence[str]:
        return (
            self.tr("Registration no."),
            self.tr("Name (Khmer)"),
            self.tr("Name (Latin)"),
            self.tr("Sex"),
            self.tr("Age"),
            self.tr("Phone"),
            self.tr("Home village"),
            self.tr("Sectors"),
            self.tr("Registered"),
            self.tr("Sending"),
        )

    # --- paging -------------------------------------------------------------------------

    def _recount(self) -> None:
        self._pages.clear()
        self._bounds.clear()
        self._today = self._desk.today()
        self._count = registrations.count(self._desk, self._filter)

    def _row(self, row: int) -> _Row | None:
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self._page_size)
        rows = self._pages.get(number)
        if rows is None:
            rows = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return rows[offset] if offset < len(rows) else None

    def _fetch(self, number: int) -> list[_Row]:
        raw_rows = self._read_page(number)
        self.page_fetches += 1
        rows = [_Row(r) for r in raw_rows]
        self._pages[number] = rows
        if raw_rows:
            self._bounds[number] = (raw_rows[0]["rid"], raw_rows[-1]["rid"])
        while len(self._pages) > self._cache_pages:
            self._pages.popitem(last=False)
        return rows

    def _read_page(self, number: int) -> list[dict[str, Any]]:
        """Keyset paging: start from the nearest page whose row ids are known (pages
        read before, even when their rows have left the cache), or from the top or
        the bottom of the list, whichever leaves the fewest rows to walk past."""
        size, start = self._page_size, number * self._page_size
        limit = min(size, self._count - start)
        if limit <= 0:
            return []
        after_end = self._count - start - limit  # rows below this page
        # (rows walked past, how to read): from the top, and from the bottom.
        ways: list[tuple[int, dict[str, Any]]] = [
            (start, {"offset": start}),
            (after_end, {"offset": after_end, "above": 0}),
        ]
        for known, (first, last) in self._bounds.items():
            if known < number:
                ways.append(((number - known - 1) * size,
                             {"offset": (number - known - 1) * size, "below": last}))
            elif known > number:
                ways.append(((known - number - 1) * size,
                             {"offset": (known - number - 1) * size, "above": first}))
        _walked, how = min(ways, key=lambda way: way[0])
        offset = how.pop("offset")
        return registrations.page(self._desk, self._filter, offset, limit, **how)

    def _format(self, row: _Row) -> None:
        raw = row.raw
        lang, kd = self._language, self._khmer_digits
        age = record_text.age_of(raw, self._today)
        texts = (
            raw["registration_no"],
            raw["name_km"] or "",
            raw["name_latin"] or "",
            record_text.sex_text(raw["sex"]),
            "" if age is None else record_text.digits(str(age), kd),
            record_text.phone_text(raw["phone"], kd),
            record_text.place_label(raw["home_village_code"], lang),
            record_text.sector_labels(raw["sectors"], lang),
            record_text.date_text(raw["created_on"], lang, kd),
            record_text.sync_text(raw["sync_state"]),
        )
        notes = [self.tr("Withdrawn")] if raw["withdrawn"] else []
        if raw["duplicate_of_no"]:
            notes.append(duplicate_of_text(raw["duplicate_of_no"]))
        row.texts, row.tooltip = texts, " · ".join(notes)
