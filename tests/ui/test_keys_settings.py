"""A supervisor's part of encryption in Settings: the recovery key shown (and printable)
again, an account that waits after wrong passwords let in again, and the device key for
an unattended sync turned on and off, with a real keyring backend (tests/keyring_backend.py)."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt

from app.services import device_key, officers
from app.services.officers import AccountError
from app.store import keys as keyfile
from app.ui.events import AppEvents
from app.ui.settings_dialog import SettingsDialog
from tests.keyring_backend import FILE_ENV, FileKeyring


@pytest.fixture
def settings(qtbot, desk) -> SettingsDialog:
    dialog = SettingsDialog(desk, AppEvents())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.officers_tab)
    return dialog


def test_the_recovery_key_can_be_shown_again_and_marked_written_down(qtbot, settings, desk):
    assert officers.recovery_key_unseen(desk)
    qtbot.mouseClick(settings.recovery_button, Qt.MouseButton.LeftButton)
    shown = settings.recovery_dialog
    assert shown is not None and shown.isVisible()
    assert shown.key_label.text() == officers.recovery_key(desk)
    assert len(shown.key.replace("-", "")) == 32
    assert shown.key in shown.document().toPlainText()
    shown.grab().save("/tmp/crypto-recovery-key.png")
    qtbot.mouseClick(shown.done_button, Qt.MouseButton.LeftButton)
    assert not officers.recovery_key_unseen(desk)


def test_an_account_waiting_after_wrong_passwords_is_let_in_by_the_supervisor(qtbot, desk):
    officers.add_officer(desk, "Dara", "password9")
    for _ in range(5):
        with pytest.raises(AccountError):
            officers.sign_in(desk, "Dara", "not-the-one")
    dialog = SettingsDialog(desk, AppEvents())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.officers_tab)
    row = dialog.officer_names().index("Dara")
    assert dialog.officer_table.item(row, 3).text() == "Waits 1 minute (wrong passwords)"
    dialog.officer_table.selectRow(dialog.officer_names().index("Sokha"))
    assert not dialog.unlock_button.isEnabled()
    dialog.officer_table.selectRow(row)
    assert dialog.unlock_button.isEnabled()
    dialog.grab().save("/tmp/crypto-settings-officers.png")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert "Dara can try their password again now." in dialog.officer_message.text()
    assert dialog.officer_table.item(row, 3).text() == "Can sign in"
    assert officers.sign_in(desk, "Dara", "password9").name == "Dara"


@pytest.fixture
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "keyring.json"
    monkeypatch.setenv(FILE_ENV, str(store))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield store
    keyring.set_keyring(previous)


def test_the_device_key_for_unattended_sync_is_turned_on_and_off(qtbot, settings, desk,
                                                               test_keyring):
    assert not settings.unattended_sync.isChecked()
    settings.unattended_sync.setChecked(True)
    assert "now opens the records with the device key" in settings.officer_message.text()
    secrets = json.loads(test_keyring.read_text(encoding="utf-8"))
    assert len(secrets) == 1
    assert keyfile.load(desk.data_dir).device is not None
    assert device_key.enabled(desk)

    desk.lock()
    assert device_key.open_with_device_key(desk)
    assert not desk.locked
    officers.sign_in(desk, "Sokha", "secret123")

    settings.unattended_sync.setChecked(False)
    assert json.loads(test_keyring.read_text(encoding="utf-8")) == {}
    assert keyfile.load(desk.data_dir).device is None
    desk.lock()
    assert not device_key.open_with_device_key(desk)
