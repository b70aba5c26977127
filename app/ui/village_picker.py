"""Choosing a home village: province, district, commune, village.

Four editable combo boxes, each listing only the children of the level above, each with a
completer that matches anywhere in the Khmer or the English name as the officer types.
A level is never longer than a few dozen entries, so every change is instant.

Below them, a finder takes a village's name alone (the returnee often knows no more) and
lists every village of that name in the country with its commune, district and province;
choosing one fills the four boxes. Its list of ~14,000 villages is built the first time
it is used.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.digits import to_ascii_digits
from app.domain.textnorm import normalise_name
from app.services.desk import gazetteer

LEVELS = ("province", "district", "commune", "village")
# NCDD codes nest: a village's first 2, 4 and 6 digits are its province, district, commune.
CODE_LENGTHS = (2, 4, 6, 8)
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


def place_text(name_km: str, name_en: str, language: str) -> str:
    """Both names, the chosen language first: "កំពង់ស្ពឺ / Kampong Speu"."""
    first, second = (name_km, name_en) if language == "km" else (name_en, name_km)
    if not second or second == first:
        return first
    return f"{first} / {second}"


class _LevelCombo(QComboBox):
    """One level. Typed text is matched to an entry when focus leaves (Tab), because
    Tab closes the completer's list without choosing from it."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)

    def event(self, event: QEvent) -> bool:
        # Tab must choose the entry the typed text stands for *before* focus moves on,
        # so the next level is already filled when the cursor arrives there. (While
        # the completer's list is open the key reaches us through the completer, and
        # the box gets no focus-out event at all.)
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            self.left.emit()
        return super().event(event)

    def code(self) -> str:
        """The chosen entry's code, or "" when the text is not (or no longer) an entry."""
        index = self.currentIndex()
        if index < 0 or self.currentText() != self.itemText(index):
            return ""
        return str(self.itemData(index) or "")


class VillagePicker(QWidget):
    """Province -> district -> commune -> village. ``code()`` is the 8-digit village code
    once all four are chosen, else ""."""

    changed = Signal(str)  # the village code, "" while incomplete

    def __init__(self, language: str = "km", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._gaz = gazetteer()
        self._combos: list[_LevelCombo] = []
        self._labels: list[QLabel] = []
        self._last_code = ""
        # Which parent each level was last filled for, so re-choosing the same parent
        # does not wipe what was typed below it.
        self._filled_for: list[str | None] = [None] * 4

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        for row, level in enumerate(LEVELS):
            combo = _LevelCombo(self)
            combo.setObjectName(f"{level}Combo")
            label = QLabel(self)
            label.setBuddy(combo)
            label.setObjectName("levelLabel")
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            combo.left.connect(lambda lv=row: self._resolve(lv))
            combo.activated.connect(lambda _i, lv=row: self._chosen(lv))
            combo.lineEdit().returnPressed.connect(lambda lv=row: self._resolve(lv))
            self._combos.append(combo)
            self._labels.append(label)
        self.finder = QLineEdit(self)
        self.finder.setObjectName("villageFinder")
        # Off the Tab chain (the four boxes are the keyboard's way); its label's
        # shortcut reaches it.
        self.finder.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.finder_label = QLabel(self)
        self.finder_label.setObjectName("levelLabel")
        self.finder_label.setBuddy(self.finder)
        grid.addWidget(self.finder_label, len(LEVELS), 0)
        grid.addWidget(self.finder, len(LEVELS), 1)
        self._everywhere: QStandardItemModel | None = None
        self._finder_completer = QCompleter(self)
        self._finder_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._finder_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._finder_completer.setMaxVisibleItems(12)
        self._finder_completer.activated[QModelIndex].connect(self._found)
        # Connected before the completer is set, so the list exists when it first looks.
        self.finder.textEdited.connect(lambda _text: self._load_everywhere())
        self.finder.setCompleter(self._finder_completer)
        grid.setColumnStretch(1, 1)
        for first, second in zip(self._combos, self._combos[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self._combos[0])
        # A mouse click elsewhere also leaves a level; focusChanged sees that even while
        # a completer list is open, when the box itself gets no focus-out event.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._fill(0, "")
        self._retranslate()

    # --- public -----------------------------------------------------------------------

    def code(self) -> str:
        """The 8-digit village code, or "" until a village is chosen."""
        return self._combos[3].code()

    def set_code(self, code: str) -> None:
        """Show a saved village (edit mode); "" or an unknown code clears the picker."""
        code = to_ascii_digits(code or "").strip()
        self._fill(0, "")
        for level, length in enumerate(CODE_LENGTHS):
            part = code[:length]
            combo = self._combos[level]
            index = combo.findData(part) if len(code) >= length else -1
            if index < 0:
                break
            combo.setCurrentIndex(index)
            if level < 3:
                self._fill(level + 1, part)
        self._emit_if_changed()

    def clear(self) -> None:
        self.set_code("")

    def combos(self) -> Sequence[QComboBox]:
        """The four boxes, for tab order and for marking the first one still empty."""
        return tuple(self._combos)

    def first_unchosen(self) -> QComboBox:
        for combo in self._combos:
            if not combo.code():
                return combo
        return self._combos[-1]

    def set_language(self, language: str) -> None:
        """Relabel every entry in the other language, keeping what was chosen."""
        if language == self._language:
            return
        self._language = language
        self._everywhere = None  # rebuilt in the new language when next used
        for combo in self._combos:
            chosen = combo.code()
            typed = combo.currentText()
            combo.blockSignals(True)
            for i in range(combo.count()):
                place = self._gaz.get(combo.itemData(i))
                if place is not None:
                    combo.setItemText(i, place_text(place.name_km, place.name_en, language))
            if chosen:
                combo.setCurrentIndex(combo.findData(chosen))
            else:
                combo.setCurrentIndex(-1)
                combo.setEditText(typed)
            combo.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # --- internals --------------------------------------------------------------------

    def _retranslate(self) -> None:
        names = (self.tr("Province"), self.tr("District"), self.tr("Commune"), self.tr("Village"))
        hints = (
            self.tr("Type to search"),
            self.tr("Choose the province first"),
            self.tr("Choose the district first"),
            self.tr("Choose the commune first"),
        )
        self.finder_label.setText(self.tr("&Find"))
        self.finder.setPlaceholderText(self.tr("Or type the village's name to find it"))
        self.finder.setAccessibleName(self.tr("Find a village by name"))
        for level, (label, combo) in enumerate(zip(self._labels, self._combos, strict=True)):
            label.setText(names[level])
            combo.setAccessibleName(names[level])
            empty = combo.count() == 0
            combo.lineEdit().setPlaceholderText(
                hints[level] if empty else self.tr("Type to search")
            )

    def _load_everywhere(self) -> None:
        """Every village with where it is, in the current language, for the finder."""
        if self._everywhere is not None:
            return
        gaz, lang = self._gaz, self._language
        model = QStandardItemModel(self)
        for province in gaz.provinces():
            for district in gaz.districts(province.code):
                for commune in gaz.communes(district.code):
                    where = ", ".join(p.name(lang) for p in (commune, district, province))
                    for village in gaz.villages(commune.code):
                        item = QStandardItem(
                            f"{place_text(village.name_km, village.name_en, lang)} — {where}")
                        item.setData(village.code, Qt.ItemDataRole.UserRole)
                        model.appendRow(item)
        self._everywhere = model
        self._finder_completer.setModel(model)

    def _found(self, index: QModelIndex) -> None:
        code = index.data(Qt.ItemDataRole.UserRole)
        if not code:
            return
        self.set_code(str(code))
        self.finder.clear()
        self._combos[3].setFocus()

    def _children(self, level: int, parent_code: str) -> list:
        gaz = self._gaz
        if level == 0:
            return list(gaz.provinces())
        if not parent_code:
            return []
        return list((gaz.districts, gaz.communes, gaz.villages)[level - 1](parent_code))

    def _fill(self, level: int, parent_code: str) -> None:
        """List the children of ``parent_code`` at ``level`` and empty every level below."""
        for lv in range(level, 4):
            combo = self._combos[lv]
            combo.blockSignals(True)
            combo.clear()
            self._filled_for[lv] = parent_code if lv == level else None
            if lv == level:
                for place in self._children(lv, parent_code):
                    combo.addItem(
                        place_text(place.name_km, place.name_en, self._language), place.code
                    )
                    row = combo.count() - 1
                    combo.setItemData(row, place.code, Qt.ItemDataRole.ToolTipRole)
                    keys = (normalise_name(place.name_km), normalise_name(place.name_en))
                    combo.setItemData(row, keys, SEARCH_ROLE)
            combo.setCurrentIndex(-1)
            combo.setEditText("")
            combo.blockSignals(False)
        self._retranslate()

    def _match(self, level: int, typed: str) -> int:
        """The entry that typed text stands for: its code, an exact name, or the only
        entry whose name contains it. -1 when nothing or more than one entry fits.

        Names are compared as search keys (textnorm), so a Khmer name typed with its
        marks in another order, or a Latin one without capitals, still matches.
        """
        combo = self._combos[level]
        needle = normalise_name(typed)
        if not needle:
            return -1
        contains: list[int] = []
        for i in range(combo.count()):
            names = combo.itemData(i, SEARCH_ROLE) or ()
            if needle == combo.itemData(i) or needle in names:
                return i
            if any(needle in name for name in names):
                contains.append(i)
        return contains[0] if len(contains) == 1 else -1

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        def inside(widget: QWidget | None, combo: QComboBox) -> bool:
            return widget is not None and (widget is combo or combo.isAncestorOf(widget))

        for level, combo in enumerate(self._combos):
            if inside(old, combo) and not inside(new, combo):
                self._resolve(level)

    def _resolve(self, level: int) -> None:
        combo = self._combos[level]
        before = combo.code()
        if before:
            return  # the text is still exactly the chosen entry
        typed = combo.currentText()
        index = self._match(level, typed)
        combo.blockSignals(True)
        if index >= 0:
            combo.setCurrentIndex(index)
        else:
            # Keep what was typed so the officer can correct it; it chooses nothing.
            combo.setCurrentIndex(-1)
            combo.setEditText(typed)
        combo.blockSignals(False)
        self._chosen(level)

    def _chosen(self, level: int) -> None:
        """A level's entry changed: refill the level below unless it already fits."""
        code = self._combos[level].code()
        if level < 3 and self._filled_for[level + 1] != code:
            self._fill(level + 1, code)
        self._emit_if_changed()

    def _emit_if_changed(self) -> None:
        code = self.code()
        if code != self._last_code:
            self._last_code = code
            self.changed.emit(code)
