"""Settings: the window's language and digits, the slip paper and, for supervisors, the
officer accounts of this laptop.

Display settings are saved when the officer presses OK. Account changes (adding an
officer, resetting a password) are saved at once, each with its own button, because
they are separate acts a supervisor expects to have happened when the message says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.messages import account_error_text, wait_words
from app.services import device_key, officers
from app.services.desk import Desk
from app.services.officers import AccountError
from app.ui import preferences, record_text
from app.ui.events import AppEvents
from app.ui.recovery_key_dialog import RecoveryKeyDialog
from app.ui.sync_controller import SyncController
from app.ui.sync_settings import HeadquartersTab

STYLE = """
QLabel#hint { color: #546e7a; }
QLabel#message[kind="ok"] { color: #1b5e20; font-weight: bold; }
QLabel#message[kind="error"] { color: #b71c1c; font-weight: bold; }
QGroupBox { font-weight: bold; color: #1a3c6e; border: 1px solid #d5dbe3;
    border-radius: 4px; margin-top: 12px; padding: 10px 8px 6px 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
"""


class SettingsDialog(QDialog):
    def __init__(
        self,
        desk: Desk,
        events: AppEvents,
        parent: QWidget | None = None,
        sync: SyncController | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._events = events
        self.setWindowTitle(self.tr("Settings"))
        self.setStyleSheet(STYLE)
        self.setMinimumSize(680, 520)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        officer = desk.officer
        self.officers_tab: QWidget | None = None
        if officer is not None and officer.is_supervisor:
            self.officers_tab = self._officers_tab()
            self.tabs.addTab(self.officers_tab, self.tr("Officers"))
        self.headquarters_tab: HeadquartersTab | None = None
        if sync is not None:
            self.headquarters_tab = HeadquartersTab(desk, sync, self)
            self.tabs.addTab(self.headquarters_tab, self.tr("Headquarters"))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    # --- general --------------------------------------------------------------------------

    def _general_tab(self) -> QWidget:
        page = QWidget(self)
        desk = self._desk
        self.language = QComboBox(page)
        self.language.addItem("ខ្មែរ (Khmer)", "km")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(preferences.language(desk))))
        self.khmer_digits = QCheckBox(self.tr("Show numbers in Khmer digits (០១២៣)"), page)
        self.khmer_digits.setChecked(preferences.khmer_digits_setting(desk))
        self.slip_paper = QComboBox(page)
        for code, text in (
            ("a6", self.tr("A6 sheet (laser printer)")),
            ("a5", self.tr("A5 sheet (laser printer)")),
            ("receipt80", self.tr("Receipt roll, 80 mm")),
        ):
            self.slip_paper.addItem(text, code)
        self.slip_paper.setCurrentIndex(
            max(0, self.slip_paper.findData(preferences.slip_paper(desk)))
        )
        hint = QLabel(
            self.tr("Registration numbers, phone numbers in files and codes always keep "
                    "the digits 0-9."),
            page,
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.khmer_digits)
        form.addRow("", hint)
        form.addRow(self.tr("Slip paper"), self.slip_paper)
        self.idle_lock = QSpinBox(page)
        self.idle_lock.setRange(0, preferences.IDLE_LOCK_MAX)
        self.idle_lock.setValue(preferences.idle_lock_minutes(desk))
        self.idle_lock.setSuffix(self.tr(" minutes"))
        self.idle_lock.setSpecialValueText(self.tr("Never"))
        form.addRow(self.tr("Lock the window after"), self.idle_lock)
        idle_hint = QLabel(
            self.tr("Without a key or a click for this long, the window hides what is on "
                    "it and asks the officer's password again."), page)
        idle_hint.setObjectName("hint")
        idle_hint.setWordWrap(True)
        form.addRow("", idle_hint)
        return page

    def accept(self) -> None:
        """Save the display settings and tell every view to redraw."""
        preferences.save(
            self._desk,
            language=self.language.currentData(),
            khmer_digits=self.khmer_digits.isChecked(),
            slip_paper=self.slip_paper.currentData(),
        )
        preferences.save_idle_lock(self._desk, self.idle_lock.value())
        self._events.settings_changed()
        super().accept()

    # --- officers (supervisors only) ------------------------------------------------------

    def _officers_tab(self) -> QWidget:
        page = QWidget(self)
        self.officer_table = QTableWidget(0, 4, page)
        self.officer_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Office"), self.tr("Account")]
        )
        self.officer_table.verticalHeader().hide()
        self.officer_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.officer_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.officer_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.officer_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self.officer_table.itemSelectionChanged.connect(self._officer_selected)

        add_box = QGroupBox(self.tr("Add an officer"), page)
        self.new_name = QLineEdit(add_box)
        self.new_name.setMaxLength(100)
        self.new_role = QComboBox(add_box)
        self.new_role.addItem(self.tr("Officer"), "officer")
        self.new_role.addItem(self.tr("Supervisor"), "supervisor")
        self.new_password = QLineEdit(add_box)
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText(
            self.tr("At least {n} characters").format(
                n=preferences.display(self._desk).number(officers.PASSWORD_MIN))
        )
        self.add_button = QPushButton(self.tr("Add officer"), add_box)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_officer)
        add_form = QFormLayout(add_box)
        add_form.addRow(self.tr("Name"), self.new_name)
        add_form.addRow(self.tr("Role"), self.new_role)
        add_form.addRow(self.tr("Password"), self.new_password)
        add_form.addRow("", self.add_button)

        reset_box = QGroupBox(self.tr("Reset a password"), page)
        self.reset_for = QLabel(reset_box)
        self.reset_password_edit = QLineEdit(reset_box)
        self.reset_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_button = QPushButton(self.tr("Set new password"), reset_box)
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset_password)
        reset_form = QFormLayout(reset_box)
        reset_form.addRow(self.tr("Officer"), self.reset_for)
        reset_form.addRow(self.tr("New password"), self.reset_password_edit)
        reset_form.addRow("", self.reset_button)
        # An officer who has left: the account stays (their records name it) but can no
        # longer sign in.
        self.active_button = QPushButton(reset_box)
        self.active_button.setObjectName("activeButton")
        self.active_button.setAutoDefault(False)
        self.active_button.clicked.connect(self.toggle_active)
        reset_form.addRow("", self.active_button)
        # After five wrong passwords an account waits; a supervisor can end the wait.
        self.unlock_button = QPushButton(self.tr("Let them try again now"), reset_box)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self.unlock_account)
        reset_form.addRow("", self.unlock_button)

        keys_box = QGroupBox(self.tr("This laptop's keys"), page)
        self.recovery_button = QPushButton(self.tr("Show the recovery key…"), keys_box)
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.clicked.connect(self.show_recovery_key)
        self.unattended_sync = QCheckBox(self.tr(
            "A scheduled sync may open the records without a password (a device key kept "
            "in this computer's keyring for this user)"), keys_box)
        self.unattended_sync.setChecked(device_key.enabled(self._desk))
        self.unattended_sync.toggled.connect(self.set_unattended_sync)
        keys_layout = QVBoxLayout(keys_box)
        keys_layout.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)
        keys_layout.addWidget(self.unattended_sync)
        self.recovery_dialog = None

        self.officer_message = QLabel(page)
        self.officer_message.setObjectName("message")
        self.officer_message.setWordWrap(True)

        boxes = QHBoxLayout()
        boxes.addWidget(add_box, 1)
        boxes.addWidget(reset_box, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.officer_table, 1)
        layout.addLayout(boxes)
        layout.addWidget(keys_box)
        layout.addWidget(self.officer_message)
        self._fill_officers()
        return page

    def _fill_officers(self) -> None:
        rows = officers.list_officers(self._desk)
        self._officer_ids = [o.officer_id for o in rows]
        table = self.officer_table
        table.setRowCount(len(rows))
        self._officer_active = [officers.is_active(self._desk, o.name) for o in rows]
        waits = officers.waiting(self._desk)
        self._officer_waits = [waits.get(o.officer_id, 0) for o in rows]
        for i, officer in enumerate(rows):
            role = self.tr("Supervisor") if officer.is_supervisor else self.tr("Officer")
            state = self.tr("Can sign in") if self._officer_active[i] else self.tr("Disabled")
            if self._officer_active[i] and self._officer_waits[i]:
                state = self.tr("Waits {wait} (wrong passwords)").format(
                    wait=wait_words(self._officer_waits[i]))
            for column, text in enumerate(
                (officer.name, role, record_text.place_label(officer.office, preferences.language(self._desk)), state)
            ):
                table.setItem(i, column, QTableWidgetItem(text))
        self._officer_selected()

    def officer_names(self) -> list[str]:
        return [self.officer_table.item(i, 0).text() for i in range(self.officer_table.rowCount())]

    def add_officer(self) -> None:
        try:
            added = officers.add_officer(
                self._desk, self.new_name.text(), self.new_password.text(),
                self.new_role.currentData(),
            )
        except AccountError as error:
            self._message(account_error_text(error.code, dict(error.params)), ok=False)
            return
        self.new_name.clear()
        self.new_password.clear()
        self._fill_officers()
        self._message(self.tr("{name} can now sign in on this laptop.").format(name=added.name))
        self._events.officers_changed()

    def reset_password(self) -> None:
        row = self.officer_table.currentRow()
        if row < 0:
            self._message(self.tr("Choose an officer in the list first."), ok=False)
            return
        name = self.officer_table.item(row, 0).text()
        try:
            officers.reset_password(
                self._desk, self._officer_ids[row], self.reset_password_edit.text()
            )
        except AccountError as error:
            self._message(account_error_text(error.code, dict(error.params)), ok=False)
            return
        self.reset_password_edit.clear()
        self._message(self.tr("New password set for {name}.").format(name=name))

    def _officer_selected(self) -> None:
        row = self.officer_table.currentRow()
        item = self.officer_table.item(row, 0) if row >= 0 else None
        self.reset_for.setText(item.text() if item else self.tr("(choose in the list)"))
        self.reset_button.setEnabled(item is not None)
        active = item is not None and self._officer_active[row]
        self.active_button.setText(
            self.tr("Enable account") if item is not None and not active
            else self.tr("Disable account"))
        self.unlock_button.setEnabled(item is not None and bool(self._officer_waits[row]))
        me = self._desk.officer
        self.active_button.setEnabled(
            item is not None and (me is None or self._officer_ids[row] != me.officer_id))

    def toggle_active(self) -> None:
        """Disable the chosen officer's account (or enable it again), at once."""
        row = self.officer_table.currentRow()
        if row < 0:
            return
        name = self.officer_table.item(row, 0).text()
        enabling = not self._officer_active[row]
        try:
            (officers.enable if enabling else officers.disable)(self._desk, name)
        except AccountError as error:
            self._message(account_error_text(error.code, dict(error.params)), ok=False)
            return
        self._fill_officers()
        self.officer_table.selectRow(row)
        self._message(
            self.tr("{name} can sign in again.").format(name=name) if enabling
            else self.tr("{name} can no longer sign in on this laptop.").format(name=name))
        self._events.officers_changed()

    def unlock_account(self) -> None:
        """End the wait of the chosen officer's account after wrong passwords."""
        row = self.officer_table.currentRow()
        if row < 0:
            return
        name = self.officer_table.item(row, 0).text()
        try:
            officers.unlock_account(self._desk, self._officer_ids[row])
        except AccountError as error:
            self._message(account_error_text(error.code, dict(error.params)), ok=False)
            return
        self._fill_officers()
        self.officer_table.selectRow(row)
        self._message(self.tr("{name} can try their password again now.").format(name=name))

    def show_recovery_key(self) -> None:
        self.recovery_dialog = RecoveryKeyDialog(self._desk, self)
        self.recovery_dialog.open()

    def set_unattended_sync(self, on: bool) -> None:
        """Turn the keyring's device key on or off at once."""
        try:
            (device_key.enable if on else device_key.disable)(self._desk)
        except device_key.KeyringUnavailable as why:
            self.unattended_sync.blockSignals(True)
            self.unattended_sync.setChecked(False)
            self.unattended_sync.blockSignals(False)
            self._message(self.tr(
                "This computer has no keyring to keep the device key in ({why}): a "
                "scheduled sync needs a password.").format(why=why), ok=False)
            return
        self._message(
            self.tr("A scheduled `jobcentre sync` now opens the records with the device key.")
            if on else self.tr("A scheduled sync needs a password again; the device key is "
                               "deleted."))

    def _message(self, text: str, ok: bool = True) -> None:
        self.officer_message.setText(text)
        self.officer_message.setProperty("kind", "ok" if ok else "error")
        self.officer_message.style().unpolish(self.officer_message)
        self.officer_message.style().polish(self.officer_message)
