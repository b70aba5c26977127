"""The main window driven end to end, as an officer uses it: register, find, open, edit,
withdraw; plus start-up through the real ``jobcentre gui`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import officers, registrations
from app.services.desk import Desk
from app.store import meta, outbox
from app.store.connection import transaction
from app.ui.main_window import MainWindow
from app.ui.registrations_model import WITHDRAWN_ROLE
from tests.ui.driving import main_window, tick, type_text

# Kampong Speu / Chbar Mon / Chbar Mon / Ta Mol: a village in the desk's own district.
VILLAGE = "05020101"
ROOT = Path(__file__).resolve().parents[2]


def fill_form(qtbot, form, name_km: str = "សុខ ដារ៉ា", phone: str = "012 345 678") -> None:
    type_text(qtbot, form.name_km, name_km)
    qtbot.keyClicks(form.name_latin, "Sok Dara")
    qtbot.keyClicks(form.date_of_birth, "12/04/1995")
    qtbot.keyClicks(form.phone, phone)
    qtbot.mouseClick(form.male, Qt.MouseButton.LeftButton)
    form.village.set_code(VILLAGE)
    tick(qtbot, form.provinces, "05")
    tick(qtbot, form.sectors, "construction")
    form.channel.setCurrentIndex(form.channel.findData("field"))
    qtbot.mouseClick(form.consent, Qt.MouseButton.LeftButton)


@pytest.fixture
def window(qtbot, desk: Desk) -> MainWindow:
    win = main_window(qtbot, desk)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def save_form(qtbot, window: MainWindow) -> dict:
    with qtbot.waitSignal(window.form.saved) as saved:
        qtbot.mouseClick(window.form.save_button, Qt.MouseButton.LeftButton)
    return saved.args[0]


def test_register_find_edit_and_withdraw_in_the_real_window(qtbot, window, desk):
    # Register a person in the form.
    fill_form(qtbot, window.form)
    rec = save_form(qtbot, window)
    assert rec["version"] == 1

    # Find them in the list by part of the Khmer name, typed into the search box.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.list_view
    view = window.list_view
    assert QApplication.focusWidget() is view.search
    type_text(qtbot, view.search, "ដារ")
    qtbot.waitUntil(lambda: view.model.total() == 1)
    assert view.model.record_id(0) == rec["id"]
    assert view.count_label.text() == "1 registration"

    # Open it with the keyboard: Down into the list, Enter.
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.record_dialog is not None and window.record_dialog.isVisible())
    dialog = window.record_dialog
    assert dialog.number_label.text() == rec["registration_no"]

    # Edit: a new phone number makes version 2, and the history shows both versions.
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentWidget() is dialog.form
    dialog.form.phone.selectAll()
    qtbot.keyClicks(dialog.form.phone, "097 777 8888")
    with qtbot.waitSignal(dialog.form.saved):
        qtbot.mouseClick(dialog.form.save_button, Qt.MouseButton.LeftButton)
    assert registrations.get(desk, rec["id"])["version"] == 2
    assert dialog.pages.currentWidget() is dialog.view_page
    history = dialog.history_rows()
    assert [row[0] for row in history] == ["1", "2"]
    assert history[1][1] == "Edited"
    assert "097 777 8888" in history[1][4] and "012 345 678" in history[1][4]
    assert history[0][3] == "Sokha"
    # a change too long for its column is whole on hover
    assert dialog.history_table.item(1, 4).toolTip() == history[1][4]

    # Withdraw, with a reason; the reason dialog is the confirmation.
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.withdraw_dialog is not None)
    asker = dialog.withdraw_dialog
    assert not asker.withdraw_button.isEnabled()  # no reason yet
    qtbot.keyClicks(asker.reason, "Registered twice")
    assert asker.withdraw_button.isEnabled()
    qtbot.mouseClick(asker.withdraw_button, Qt.MouseButton.LeftButton)
    stored = registrations.get(desk, rec["id"])
    assert stored["withdrawn"] and stored["withdrawn_reason"] == "Registered twice"
    assert stored["version"] == 3
    assert dialog.banner.isVisible()
    assert "Registered twice" in dialog.banner_label.text()
    assert not dialog.edit_button.isEnabled()

    # The list redrew itself from the app-wide signal: the row left it (withdrawn
    # records are hidden unless asked for), and shows struck through when asked for.
    qtbot.waitUntil(lambda: view.model.total() == 0)
    view.show_withdrawn.setChecked(True)
    qtbot.waitUntil(lambda: view.model.data(view.model.index(0, 0), WITHDRAWN_ROLE) is True)
    dialog.close()


def test_status_bar_counts_what_waits_to_be_sent(qtbot, window):
    assert window.status.pending_text() == "Nothing waiting to send"
    fill_form(qtbot, window.form)
    save_form(qtbot, window)
    assert window.status.pending_text() == "1 waiting to send"


def test_saving_marks_the_hidden_list_stale_and_it_rereads_when_shown(qtbot, window):
    window.show_list()
    assert window.list_view.model.total() == 0
    window.show_register()
    fill_form(qtbot, window.form)
    save_form(qtbot, window)
    window.show_list()
    assert window.list_view.model.total() == 1
    assert window.list_view.count_label.text() == "1 registration"


def test_ctrl_n_in_the_list_goes_to_an_empty_form(qtbot, window):
    fill_form(qtbot, window.form)
    save_form(qtbot, window)
    window.find()
    qtbot.keyClick(window.list_view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.form
    assert window.form.record() is None
    assert window.form.name_km.text() == ""
    assert QApplication.focusWidget() is window.form.name_km


def test_form_asking_to_open_an_existing_record_opens_the_record_dialog(qtbot, window, desk, raw):
    rec = registrations.register(desk, raw)
    window.form.open_record_requested.emit(rec["id"])
    qtbot.waitUntil(lambda: window.record_dialog is not None and window.record_dialog.isVisible())
    assert window.record_dialog.record["id"] == rec["id"]
    window.record_dialog.close()


def test_print_requests_from_form_and_record_reach_the_window(qtbot, window, desk, raw):
    rec = registrations.register(desk, raw)
    dialog = window.open_record(rec["id"])
    with qtbot.waitSignal(window.print_requested) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args[0]["registration_no"] == rec["registration_no"]
    dialog.close()


def test_quitting_with_typed_input_asks_without_blocking(qtbot, window):
    type_text(qtbot, window.form.name_km, "សុខ")
    window.close()
    assert window.isVisible()  # not closed yet: the question is open
    box = window.quit_question
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_quitting_an_untouched_window_closes_at_once(qtbot, window):
    window.close()
    assert window.quit_question is None
    assert not window.isVisible()


def _gui(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "gui", "--quit-after-show"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_gui_starts_and_quits_after_showing_on_a_set_up_folder(tmp_path):
    data = tmp_path / "data"
    with Desk(data) as d:
        officers.setup(d, "0502", "Sokha", "secret123")
    done = _gui(data)
    assert done.returncode == 0, done.stderr


def test_gui_on_a_fresh_folder_shows_setup_and_sets_nothing_up(tmp_path):
    data = tmp_path / "fresh"
    done = _gui(data)
    assert done.returncode == 0, done.stderr
    with Desk(data) as d:
        assert not d.is_set_up


def test_choosing_english_in_settings_redraws_the_list_and_the_form(qtbot, window, desk, raw):
    registrations.register(desk, raw)
    window.events.registrations_changed()
    window.show_list()
    model = window.list_view.model
    sectors = model.index(0, 7)
    assert model.data(sectors) == "សំណង់"
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert model.data(sectors) == "Construction"
    assert window.form.language() == "en"
    assert window.list_view.sector.itemText(window.list_view.sector.findData("garment")) == (
        "Garment, textile, footwear"
    )


def test_khmer_digits_setting_shows_counts_in_khmer_digits(qtbot, window, desk, raw):
    registrations.register(desk, raw)
    window.events.registrations_changed()
    dialog = window.open_settings()
    dialog.khmer_digits.setChecked(True)
    dialog.accept()
    window.show_list()
    # The window is Khmer (the default): the words come from the translation, if built,
    # and reach the status bar with the language change event.
    view, status = window.list_view, window.status
    assert view.count_label.text() == view.tr("{n} registration").format(n="១")
    qtbot.waitUntil(
        lambda: status.pending_text() == status.tr("{n} waiting to send").format(n="១"))


# --- numbers in the digits the officer chose ----------------------------------------------

ASCII_DIGITS = set("0123456789")
KHMER_DIGITS = set("០១២៣៤៥៦៧៨៩")


def sent_refused_and_waiting(desk: Desk, raw: dict) -> None:
    """Thirteen registrations: 1 sent, 2 refused by headquarters, 10 waiting; the desk is
    enrolled, last sent on 14 March 2025 at 09:30 in Phnom Penh, and its clock is half
    an hour off."""
    saved = [
        registrations.register(desk, dict(raw, name_latin=f"Sok Dara {chr(65 + i)}",
                                          phone=None, duplicate_override_reason="test data"))
        for i in range(13)
    ]
    refusal = [{"field": "expected_salary_usd", "rule": "out_of_range", "params": {}}]
    with transaction(desk.conn):
        outbox.mark_sent(desk.conn, [(saved[0]["id"], saved[0]["version"])])
        for rec in saved[1:3]:
            assert outbox.quarantine(desk.conn, rec["id"], rec["version"], refusal,
                                     "2026-11-25T02:00:00Z")
        meta.put(desk.conn, "sync.token", "x")
        meta.put(desk.conn, "sync.server_url", "https://hq.example.gov.kh")
        meta.put(desk.conn, "sync.last_success", "2025-03-14T02:30:00Z")
        meta.put(desk.conn, "sync.clock_offset_s", "-1800")


def shown_window(qtbot, desk: Desk) -> MainWindow:
    win = main_window(qtbot, desk)
    # What sync.start() does first, without probing headquarters.
    win.sync.refresh()
    return win


@pytest.mark.parametrize(
    ("language", "setting", "numbers"),
    [
        ("km", "1", {"waiting": "១០", "sent": "១", "refused": "២", "minutes": "៣០",
                     "last": "១៤ មីនា ២០២៥ ០៩:៣០"}),
        ("km", "0", {"waiting": "10", "sent": "1", "refused": "2", "minutes": "30",
                     "last": "14 មីនា 2025 09:30"}),
        # Khmer digits inside English words help nobody: the setting waits for Khmer.
        ("en", "1", {"waiting": "10", "sent": "1", "refused": "2", "minutes": "30",
                     "last": "14 March 2025 09:30"}),
    ],
    ids=["khmer-digits", "latin-digits", "english"],
)
def test_status_bar_and_to_fix_title_follow_the_khmer_digits_setting(
        qtbot, desk, raw, language, setting, numbers):
    desk.set_setting("language", language)
    desk.set_setting("khmer_digits", setting)
    sent_refused_and_waiting(desk, raw)
    window = shown_window(qtbot, desk)
    status = window.status

    assert status.pending_text() == status.tr("{n} waiting to send").format(n=numbers["waiting"])
    assert window.tabs.tabText(window.REFUSED) == (
        window.tr("To fix") + f" ({numbers['refused']})")

    sync = status.sync_label.text()
    parts = [QApplication.translate("Sync", "{n} waiting").format(n=numbers["waiting"]),
             QApplication.translate("Sync", "{n} sent").format(n=numbers["sent"]),
             QApplication.translate("Sync", "{n} refused").format(n=numbers["refused"])]
    assert sync.startswith(" · ".join(parts))
    assert QApplication.translate("Sync", "last sent {when}").format(
        when=numbers["last"]) in sync
    tip = status.sync_label.toolTip()
    assert QApplication.translate("Sync", "Last sent {when}").format(when=numbers["last"]) in tip
    assert QApplication.translate(
        "Sync", "This computer's clock is {m} minutes off; please correct it"
    ).format(m=numbers["minutes"]) in tip
    # Not one digit of the other set anywhere the status bar shows numbers (the device tag
    # and the version keep ASCII digits, as on the slips).
    other = ASCII_DIGITS if numbers["sent"] == "១" else KHMER_DIGITS
    for label in (status.pending_label, status.sync_label):
        assert not other & set(label.text() + label.toolTip())


def test_turning_khmer_digits_on_and_off_redraws_the_counts_at_once(qtbot, desk, raw):
    sent_refused_and_waiting(desk, raw)
    window = shown_window(qtbot, desk)
    form, status = window.form, window.status
    tick(qtbot, form.provinces, "05")
    tick(qtbot, form.provinces, "12")
    chosen = form._provinces_count

    def shows(waiting: str, refused: str, two: str) -> bool:
        return (
            status.pending_text() == status.tr("{n} waiting to send").format(n=waiting)
            and status.sync_label.text().startswith(
                QApplication.translate("Sync", "{n} waiting").format(n=waiting))
            and window.tabs.tabText(window.REFUSED) == window.tr("To fix") + f" ({refused})"
            and chosen.text() == form.tr("{count} chosen").format(count=two)
        )

    assert shows("10", "2", "2")
    for on, numbers in ((True, ("១០", "២", "២")), (False, ("10", "2", "2"))):
        dialog = window.open_settings()
        dialog.khmer_digits.setChecked(on)
        dialog.accept()
        # The words follow with the language change event the new settings send.
        qtbot.waitUntil(lambda numbers=numbers: shows(*numbers))
