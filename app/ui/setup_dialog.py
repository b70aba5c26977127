"""First start on a new laptop: which district office it belongs to, and the first
officer's account (a supervisor, who can then add the others).

The office is chosen from the gazetteer's districts by typing any part of the Khmer or
English name, the province, or the 4-digit code: 210 districts are too many to scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.textnorm import normalise_name
from app.messages import account_error_text
from app.services import officers
from app.services.desk import Desk, gazetteer
from app.services.officers import AccountError
from app.ui import preferences

CODE_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1

STYLE = """
QLabel#title { font-size: 14pt; font-weight: bold; color: #1a3c6e; }
QLabel#error { color: #b71c1c; font-weight: bold; }
QLabel#hint { color: #546e7a; }
QLabel#chosen { color: #1a3c6e; font-weight: bold; }
QListWidget::item { padding: 3px 4px; }
QListWidget::item:selected { background: #cfe0f5; color: #0d2a4d; }
"""


class SetupDialog(QDialog):
    """On accept, the desk has its device identity and ``desk.officer`` is signed in."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.setWindowTitle(self.tr("Set up Job Centre Desk"))
        self.setStyleSheet(STYLE)
        self.setMinimumSize(640, 560)

        title = QLabel(self.tr("Set up this laptop"), self)
        title.setObjectName("title")
        intro = QLabel(
            self.tr("Choose the district office this laptop works for, and create the "
                    "first officer account. That officer is a supervisor and can add the "
                    "others in Settings."),
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")

        self.district_filter = QLineEdit(self)
        self.district_filter.setPlaceholderText(
            self.tr("Type part of the district or province name, or its code")
        )
        self.district_filter.setClearButtonEnabled(True)
        self.district_filter.textChanged.connect(self._filter_districts)
        self.district_filter.installEventFilter(self)
        self.districts = QListWidget(self)
        self.districts.setMinimumHeight(200)
        self.districts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.districts.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fill_districts()
        self.districts.currentItemChanged.connect(lambda *_: self._update_chosen())
        self.chosen_label = QLabel(self)
        self.chosen_label.setObjectName("chosen")

        self.name = QLineEdit(self)
        self.name.setMaxLength(100)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit(self)
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("At least {n} characters").format(
                n=preferences.display(self._desk).number(officers.PASSWORD_MIN))
        )

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("District office"), self.district_filter)
        form.addRow("", self.districts)
        form.addRow("", self.chosen_label)
        form.addRow(self.tr("Your name"), self.name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.password_again)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        buttons = QDialogButtonBox(self)
        self.create_button = QPushButton(self.tr("Set up"), self)
        self.create_button.setDefault(True)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.create_button.clicked.connect(self.create)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.district_filter.setFocus()
        self._update_chosen()

    def chosen_district(self) -> str | None:
        item = self.districts.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(CODE_ROLE)

    def create(self) -> None:
        """Check what was typed and set the desk up; stays open on a mistake."""
        district = self.chosen_district()
        if district is None:
            self._show_error(self.tr("Choose the district office from the list."))
            self.district_filter.setFocus()
            return
        if self.password.text() != self.password_again.text():
            self._show_error(self.tr("The two passwords are not the same."))
            self.password_again.clear()
            self.password_again.setFocus()
            return
        try:
            officers.setup(self._desk, district, self.name.text(), self.password.text())
        except AccountError as error:
            self._show_error(account_error_text(error.code, dict(error.params)))
            (self.password if error.code == "password_too_short" else self.name).setFocus()
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _fill_districts(self) -> None:
        gaz = gazetteer()
        for district in gaz.all_districts():
            province = gaz.get(district.code[:2])
            province_km = province.name_km if province else ""
            province_en = province.name_en if province else ""
            item = QListWidgetItem(
                f"{district.name_km} — {province_km}    "
                f"({district.name_en}, {province_en}, {district.code})"
            )
            item.setData(CODE_ROLE, district.code)
            item.setData(
                SEARCH_ROLE,
                " ".join(
                    normalise_name(n)
                    for n in (district.name_km, district.name_en, province_km, province_en)
                ) + " " + district.code,
            )
            self.districts.addItem(item)

    def _filter_districts(self, text: str) -> None:
        wanted = normalise_name(text)
        first_shown = None
        for i in range(self.districts.count()):
            item = self.districts.item(i)
            hidden = bool(wanted) and wanted not in item.data(SEARCH_ROLE)
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.districts.currentItem()
        if current is None or current.isHidden():
            self.districts.setCurrentItem(first_shown)
        if self.districts.currentItem() is not None:
            self.districts.scrollToItem(self.districts.currentItem())
        self._update_chosen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Up and Down in the filter box move through the districts it leaves, so the
        # office is chosen without leaving the keyboard.
        if watched is self.district_filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None:
                self._move_choice(step)
                return True
        return super().eventFilter(watched, event)

    def _move_choice(self, step: int) -> None:
        row = self.districts.currentRow()
        count = self.districts.count()
        probe = row + step
        while 0 <= probe < count:
            if not self.districts.item(probe).isHidden():
                self.districts.setCurrentRow(probe)
                self.districts.scrollToItem(self.districts.item(probe))
                return
            probe += step

    def _update_chosen(self) -> None:
        code = self.chosen_district()
        if code is None:
            self.chosen_label.setText(self.tr("No district chosen yet"))
            return
        gaz = gazetteer()
        district, province = gaz.get(code), gaz.get(code[:2])
        assert district is not None and province is not None
        self.chosen_label.setText(
            self.tr("Office: {district}, {province}").format(
                district=district.name_km, province=province.name_km
            )
        )
