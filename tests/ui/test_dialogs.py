"""Setup, sign-in, settings, about and the record dialog, each on a real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app import app_version
from app.services import officers, registrations
from app.services.desk import Desk, gazetteer
from app.services.officers import AccountError
from app.ui import preferences
from app.ui.about_dialog import AboutDialog
from app.ui.events import SETTINGS, AppEvents
from app.ui.login_dialog import LoginDialog
from app.ui.record_dialog import RecordDialog, changed_fields
from app.ui.settings_dialog import SettingsDialog
from app.ui.setup_dialog import SetupDialog


def shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def fresh(tmp_path: Path):
    d = Desk(tmp_path / "fresh")
    yield d
    d.close()


# --- setup ---------------------------------------------------------------------------


def test_setup_on_a_fresh_folder_creates_the_device_and_a_supervisor(qtbot, fresh):
    dialog = shown(qtbot, SetupDialog(fresh))
    qtbot.keyClicks(dialog.district_filter, "chbar mon")
    assert dialog.chosen_district() == "0502"
    qtbot.keyClicks(dialog.name, "Sokha")
    qtbot.keyClicks(dialog.password, "secret123")
    qtbot.keyClicks(dialog.password_again, "secret123")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert fresh.is_set_up
    assert fresh.office_code == "0502"
    assert len(fresh.device_id) == 36
    assert fresh.officer is not None and fresh.officer.is_supervisor
    assert [o.name for o in officers.list_officers(fresh)] == ["Sokha"]


def test_setup_filter_finds_districts_by_khmer_name_and_by_code(qtbot, fresh):
    dialog = shown(qtbot, SetupDialog(fresh))
    place = gazetteer().get("1210")
    assert place is not None
    dialog.district_filter.setText(place.name_km)
    assert dialog.chosen_district() == "1210"
    dialog.district_filter.setText("0502")
    assert dialog.chosen_district() == "0502"
    dialog.district_filter.setText("no such place")
    assert dialog.chosen_district() is None


def test_up_and_down_in_the_filter_move_through_the_matching_districts(qtbot, fresh):
    dialog = shown(qtbot, SetupDialog(fresh))
    qtbot.keyClicks(dialog.district_filter, "chbar")  # Chbar Mon 0502, Chbar Ampov 1210
    assert dialog.chosen_district() == "0502"
    qtbot.keyClick(dialog.district_filter, Qt.Key.Key_Down)
    assert dialog.chosen_district() == "1210"
    qtbot.keyClick(dialog.district_filter, Qt.Key.Key_Down)  # no further match
    assert dialog.chosen_district() == "1210"
    qtbot.keyClick(dialog.district_filter, Qt.Key.Key_Up)
    assert dialog.chosen_district() == "0502"
    assert "ច្បារមន" in dialog.chosen_label.text()


@pytest.mark.parametrize(
    ("district", "name", "password", "again", "message"),
    [
        ("", "Sokha", "secret123", "secret123", "Choose the district office"),
        ("chbar mon", "Sokha", "secret123", "secret124", "not the same"),
        ("chbar mon", "Sokha", "abc", "abc", "at least 6"),
        ("chbar mon", "", "secret123", "secret123", "officer's name"),
    ],
)
def test_setup_with_a_mistake_says_what_and_sets_nothing_up(
    qtbot, fresh, district, name, password, again, message
):
    dialog = shown(qtbot, SetupDialog(fresh))
    if district:
        qtbot.keyClicks(dialog.district_filter, district)
    else:
        dialog.districts.setCurrentItem(None)
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClicks(dialog.password_again, again)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert message in dialog.error_label.text()
    assert not fresh.is_set_up


# --- sign-in -------------------------------------------------------------------------


@pytest.fixture
def signed_out(desk: Desk) -> Desk:
    officers.add_officer(desk, "Dara", "password9")
    desk.officer = None
    return desk


def test_login_rejects_a_wrong_password_and_accepts_the_right_one(qtbot, signed_out):
    dialog = shown(qtbot, LoginDialog(signed_out))
    assert sorted(dialog.name.itemText(i) for i in range(dialog.name.count())) == [
        "Dara", "Sokha"
    ]
    dialog.name.setCurrentIndex(dialog.name.findText("Dara"))
    qtbot.keyClicks(dialog.password, "secret123")  # Sokha's password, not Dara's
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Wrong name or password"
    assert dialog.password.text() == ""
    assert signed_out.officer is None

    qtbot.keyClicks(dialog.password, "password9")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert signed_out.officer is not None and signed_out.officer.name == "Dara"


def test_login_offers_the_last_officer_first(qtbot, signed_out):
    signed_out.set_setting("last_officer", "Dara")
    dialog = shown(qtbot, LoginDialog(signed_out))
    assert dialog.name.currentText() == "Dara"
    assert dialog.password.hasFocus() or dialog.focusWidget() is dialog.password


# --- settings ------------------------------------------------------------------------


def test_supervisor_adds_an_officer_who_can_then_sign_in(qtbot, desk):
    events = AppEvents()
    dialog = shown(qtbot, SettingsDialog(desk, events))
    assert dialog.officers_tab is not None
    assert dialog.officer_names() == ["Sokha"]
    qtbot.keyClicks(dialog.new_name, "Chanthou")
    dialog.new_role.setCurrentIndex(dialog.new_role.findData("officer"))
    qtbot.keyClicks(dialog.new_password, "letmein7")
    with qtbot.waitSignal(events.changed) as changed:
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["officers"]
    assert "Chanthou" in dialog.officer_names()
    assert "Chanthou can now sign in" in dialog.officer_message.text()
    added = officers.sign_in(desk, "Chanthou", "letmein7")
    assert added.role == "officer"


def test_adding_an_officer_with_a_taken_name_says_so(qtbot, desk):
    dialog = shown(qtbot, SettingsDialog(desk, AppEvents()))
    qtbot.keyClicks(dialog.new_name, "sokha")
    qtbot.keyClicks(dialog.new_password, "letmein7")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "already exists" in dialog.officer_message.text()
    assert dialog.officer_names() == ["Sokha"]


def test_supervisor_resets_a_password(qtbot, desk):
    officers.add_officer(desk, "Dara", "password9")
    dialog = shown(qtbot, SettingsDialog(desk, AppEvents()))
    dialog.officer_table.selectRow(dialog.officer_names().index("Dara"))
    qtbot.keyClicks(dialog.reset_password_edit, "fresh-start")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert "New password set for Dara" in dialog.officer_message.text()
    assert officers.sign_in(desk, "Dara", "fresh-start").name == "Dara"
    with pytest.raises(AccountError):
        officers.sign_in(desk, "Dara", "password9")


def test_an_officer_sees_no_officers_tab(qtbot, desk):
    officers.add_officer(desk, "Dara", "password9")
    officers.sign_in(desk, "Dara", "password9")
    dialog = shown(qtbot, SettingsDialog(desk, AppEvents()))
    assert dialog.officers_tab is None
    assert dialog.tabs.count() == 1


def test_settings_are_saved_and_announced(qtbot, desk):
    events = AppEvents()
    dialog = shown(qtbot, SettingsDialog(desk, events))
    assert dialog.language.currentData() == "km"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.khmer_digits.setChecked(True)
    dialog.slip_paper.setCurrentIndex(dialog.slip_paper.findData("receipt80"))
    with qtbot.waitSignal(events.changed) as changed:
        dialog.accept()
    assert changed.args == [SETTINGS]
    assert desk.setting("language") == "en"
    assert desk.setting("khmer_digits") == "1"
    assert desk.setting("slip_paper") == "receipt80"
    assert preferences.slip_paper(desk) == "receipt80"
    # Khmer digits are the officer's choice, but only shown while the window is Khmer.
    assert preferences.khmer_digits_setting(desk)
    assert not preferences.khmer_digits(desk)


def test_cancel_leaves_settings_as_they_were(qtbot, desk):
    dialog = shown(qtbot, SettingsDialog(desk, AppEvents()))
    dialog.slip_paper.setCurrentIndex(dialog.slip_paper.findData("a5"))
    dialog.reject()
    assert preferences.slip_paper(desk) == "a6"


# --- about ---------------------------------------------------------------------------


def test_about_shows_version_folder_device_and_the_notices(qtbot, desk):
    dialog = shown(qtbot, AboutDialog(desk))
    assert dialog.values["version"] == app_version()
    assert dialog.values["data_dir"] == str(desk.data_dir)
    assert dialog.values["device_id"] == desk.device_id
    assert dialog.values["gazetteer"] == gazetteer().version
    notices = dialog.notices.toPlainText()
    assert gazetteer().source in notices
    assert "Ministry of Economy and Finance" in notices
    assert "Noto Sans Khmer" in notices and "SIL Open Font License" in notices


# --- record dialog -------------------------------------------------------------------


def test_record_dialog_withdraw_needs_a_reason_and_can_be_cancelled(qtbot, desk, raw):
    rec = registrations.register(desk, raw)
    dialog = shown(qtbot, RecordDialog(desk, rec["id"], AppEvents()))
    assert not dialog.banner.isVisible()
    dialog.ask_withdraw()
    asker = dialog.withdraw_dialog
    assert asker is not None
    qtbot.keyClicks(asker.reason, "   ")
    assert not asker.withdraw_button.isEnabled()
    asker.reject()
    qtbot.waitUntil(lambda: dialog.withdraw_dialog is None)
    assert not registrations.get(desk, rec["id"])["withdrawn"]


def test_going_back_from_an_untouched_edit_asks_nothing(qtbot, desk, raw):
    rec = registrations.register(desk, raw)
    dialog = shown(qtbot, RecordDialog(desk, rec["id"], AppEvents()))
    dialog.edit()
    qtbot.wait(50)
    dialog.back_to_record()
    assert dialog.discard_question is None
    assert dialog.pages.currentWidget() is dialog.view_page


def test_going_back_from_a_changed_edit_asks_first(qtbot, desk, raw):
    rec = registrations.register(desk, raw)
    dialog = shown(qtbot, RecordDialog(desk, rec["id"], AppEvents()))
    dialog.edit()
    qtbot.keyClicks(dialog.form.skills, ", plastering")
    dialog.back_to_record()
    assert dialog.discard_question is not None
    assert dialog.pages.currentWidget() is dialog.form
    dialog.discard_question.reject()
    qtbot.waitUntil(lambda: dialog.discard_question is None)
    assert dialog.pages.currentWidget() is dialog.form


def test_a_record_made_on_another_laptop_cannot_be_changed_here(qtbot, desk, raw):
    rec = registrations.register(desk, raw)
    desk.conn.execute("UPDATE registrations SET device_id = 'other' WHERE id = ?", (rec["id"],))
    dialog = shown(qtbot, RecordDialog(desk, rec["id"], AppEvents()))
    assert not dialog.edit_button.isEnabled()
    assert not dialog.withdraw_button.isEnabled()
    assert "Only the laptop" in dialog.edit_button.toolTip()


def test_changed_fields_compare_stored_versions():
    before = {"phone": "+85512345678", "notes": "", "sectors": ["construction"],
              "withdrawn": False}
    after = {"phone": "+85597777888", "notes": None, "sectors": ["construction"],
             "withdrawn": True, "withdrawn_reason": "Registered twice"}
    assert changed_fields(before, after) == ["phone", "withdrawn", "withdrawn_reason"]


def test_editing_in_the_record_dialog_offers_no_next_person(qtbot, desk, raw):
    rec = registrations.register(desk, raw)
    dialog = shown(qtbot, RecordDialog(desk, rec["id"], AppEvents()))
    dialog.edit()
    assert not dialog.form.new_button.isVisible()
    qtbot.keyClicks(dialog.form.skills, ", plastering")
    qtbot.keyClick(dialog.form.skills, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.form.skills.text().endswith("plastering")  # input kept, no new record


@pytest.mark.parametrize(
    ("setting", "version", "when"),
    [("1", "១", "២៥ វិច្ឆិកា ២០២៦ ១០:០០"), ("0", "1", "25 វិច្ឆិកា 2026 10:00")],
    ids=["khmer", "latin"],
)
def test_record_history_follows_the_khmer_digits_setting(qtbot, desk, raw, setting, version,
                                                        when):
    desk.set_setting("khmer_digits", setting)
    rec = registrations.register(desk, raw)
    dialog = shown(qtbot, RecordDialog(desk, rec["id"], AppEvents()))
    [row] = dialog.history_rows()
    assert row[0] == version
    assert row[2] == when  # 03:00 UTC is 10:00 in Phnom Penh
    assert f" {version} " in dialog.meta_label.text()
    assert dialog.number_label.text() == rec["registration_no"]  # ASCII, as on the slip
