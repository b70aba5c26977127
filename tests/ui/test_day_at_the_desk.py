"""A day's work in the real window at 1366x768: errors that appear without moving the
form, neutral defaults, the slip keys in the record dialog, a language switch that
reaches the status lines at once, signing out, disabled accounts and the idle lock."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from app.services import officers, registrations
from app.services.officers import AccountError
from app.ui import events as app_events
from app.ui import preferences
from app.ui.events import AppEvents
from app.ui.login_dialog import LoginDialog
from app.ui.session import Session
from app.ui.settings_dialog import SettingsDialog
from tests.ui.driving import main_window, no_language_change_broadcast, type_text


@pytest.fixture
def window(qtbot, desk):
    win = main_window(qtbot, desk)
    win.show_register()  # the form, not the home screen the window opens on
    return win


def _geometry(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _form_widgets(form) -> dict[str, QWidget]:
    fields = {key: field.marked[0] for key, field in form._fields.items()}
    return fields | {"save": form.save_button, "labels": form._fields["sex"].label}


def test_errors_appear_beside_their_fields_without_moving_anything(qtbot, window):
    form = window.form
    before = {k: _geometry(w, window) for k, w in _form_widgets(form).items()}
    before |= {f"label:{k}": _geometry(f.label, window) for k, f in form._fields.items()}

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()

    wrong = [k for k, f in form._fields.items() if f.error.text()]
    assert {"name_km", "sex", "date_of_birth", "home_village_code",
            "preferred_province_codes", "sectors", "channel", "consent"} <= set(wrong)
    after = {k: _geometry(w, window) for k, w in _form_widgets(form).items()}
    after |= {f"label:{k}": _geometry(f.label, window) for k, f in form._fields.items()}
    moved = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert moved == {}

    # Every message is on screen at 768 px, with nothing to scroll.
    assert not form._scroll.verticalScrollBar().isVisible()
    screen = window.rect()
    for key in wrong:
        line = form._fields[key].error.line
        assert line.isVisible(), key
        assert screen.contains(_geometry(line, window)), key
        assert line.text().strip(), key
    # The cursor goes to the first wrong field, in reading order.
    assert QApplication.focusWidget() is form.name_km


def test_a_new_employer_request_wants_either_sex(qtbot, window):
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    qtbot.mouseClick(window.employers.new_button, Qt.MouseButton.LeftButton)
    form = window.employers.form
    assert form.gender.currentData() == "any"
    assert form.values()["gender"] == "any"
    # No sector is picked for the officer: saving without one names the field.
    assert form.sector.currentIndex() == -1
    qtbot.keyClicks(form.employer_name, "Chbar Mon Bricks")
    qtbot.keyClicks(form.job_title, "Brick layer")
    qtbot.keyClicks(form.contact_phone, "012 345 678")
    assert form.save() is None
    assert "Sector" in form.errors.text()
    assert form.sector.property("invalid") is True


def test_the_list_starts_with_withdrawn_records_hidden(qtbot, desk, raw):
    kept = registrations.register(desk, raw)
    gone = registrations.register(desk, raw | {"phone": "012 999 888",
                                               "duplicate_override_reason": "test"})
    registrations.withdraw(desk, gone["id"], "Found a job", expected_version=1)
    window = main_window(qtbot, desk)
    window.show_list()
    view = window.list_view
    assert not view.show_withdrawn.isChecked()
    ids = {view.model.record_id(r) for r in range(view.model.rowCount())}
    assert ids == {kept["id"]}


@pytest.mark.parametrize("keys", [
    (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
])
def test_the_print_keys_print_the_slip_from_the_record_dialog(qtbot, window, desk, raw, keys):
    rec = registrations.register(desk, raw)
    dialog = window.open_record(rec["id"])
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(window.print_requested) as asked:
        qtbot.keyClick(dialog, *keys)
    assert asked.args[0]["registration_no"] == rec["registration_no"]
    assert window.printing.preview_dialog is not None
    window.printing.preview_dialog.reject()

    # Editing in the dialog: the same keys still print the record.
    dialog.edit()
    with qtbot.waitSignal(window.print_requested) as asked:
        qtbot.keyClick(dialog.form.name_latin, *keys)
    assert asked.args[0]["id"] == rec["id"]
    window.printing.preview_dialog.reject()
    dialog.back_to_record()
    dialog.close()  # deleted on close, so no later test's language change reaches it
    qtbot.waitUntil(lambda: window.record_dialog is None)


@contextmanager
def language_change_for(window):
    """What a new setting does, with the language change that installing a translator
    sends reaching this window's widgets only: earlier tests' windows, their data
    folders closed, must not get it."""
    with no_language_change_broadcast():
        yield
    for widget in [window, *window.findChildren(QWidget)]:
        QApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def _switch_language(window, desk, language: str) -> None:
    desk.set_setting("language", language)
    with language_change_for(window):
        window.events.changed.emit(app_events.SETTINGS)  # installs the translator


def test_switching_language_rewrites_the_status_lines_at_once(qtbot, window, desk):
    _switch_language(window, desk, "km")
    qtbot.mouseClick(window.form.save_button, Qt.MouseButton.LeftButton)
    khmer_status = window.form.status_label.text()
    khmer_sync = window.status.sync_label.text()
    assert khmer_status and not khmer_status.isascii()
    assert not khmer_sync.isascii()

    _switch_language(window, desk, "en")
    assert window.form.status_label.text() == "Not saved: correct the fields marked in red"
    assert window.status.sync_label.text() == "Not connected to headquarters"
    assert window.form._fields["name_km"].error.text().isascii()


# --- signing out, disabled accounts, the idle lock ------------------------------------------


def test_signing_out_brings_back_the_sign_in_with_nothing_of_the_officer_left(
        qtbot, desk, raw):
    officers.add_officer(desk, "Dara", "password9")
    session = Session(desk)
    first = session.open_window()
    qtbot.addWidget(first)
    qtbot.waitExposed(first)
    first.show_register()
    rec = registrations.register(desk, raw)
    first.open_record(rec["id"])
    type_text(qtbot, first.form.name_latin, "Someone half typed")

    first.sign_out_action.trigger()  # Desk > Sign out, or Ctrl+Shift+O
    question = first.sign_out_question
    assert question is not None  # typed input: asked first
    question.button(QMessageBox.StandardButton.Discard).click()

    qtbot.waitUntil(lambda: session.login is not None and session.login.isVisible())
    assert desk.officer is None
    assert not first.isVisible()
    assert session.window is None
    assert desk.locked  # the database is closed and its key forgotten until a password
    login = session.login
    login.name.setCurrentIndex(login.name.findText("Dara"))
    qtbot.keyClicks(login.password, "password9")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)

    second = session.window
    assert second is not None and second is not first
    qtbot.addWidget(second)
    assert desk.officer.name == "Dara"
    assert "Dara" in second.windowTitle() and "Dara" in second.status.officer_label.text()
    assert second.form.name_latin.text() == ""
    assert second.record_dialog is None
    second.close()


def test_a_disabled_officer_cannot_sign_in_and_is_told_why(qtbot, desk):
    officers.add_officer(desk, "Dara", "password9")
    dialog = SettingsDialog(desk, AppEvents())
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.officers_tab)
    dialog.officer_table.selectRow(dialog.officer_names().index("Dara"))
    assert dialog.active_button.text() == "Disable account"
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert "Dara can no longer sign in" in dialog.officer_message.text()
    row = dialog.officer_names().index("Dara")
    assert dialog.officer_table.item(row, 3).text() == "Disabled"

    desk.officer = None
    login = LoginDialog(desk)
    qtbot.addWidget(login)
    login.show()
    qtbot.waitExposed(login)
    login.name.setCurrentIndex(login.name.findText("Dara"))
    qtbot.keyClicks(login.password, "password9")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert desk.officer is None
    assert "The account of Dara is disabled" in login.error_label.text()
    # A wrong password says only that: being disabled is told to its owner alone.
    qtbot.keyClicks(login.password, "not-it-at-all")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert login.error_label.text() == "Wrong name or password"

    officers.sign_in(desk, "Sokha", "secret123")
    officers.enable(desk, "Dara")
    assert officers.sign_in(desk, "Dara", "password9").name == "Dara"


def test_a_supervisor_cannot_disable_their_own_account(qtbot, desk):
    dialog = SettingsDialog(desk, AppEvents())
    qtbot.addWidget(dialog)
    dialog.officer_table.selectRow(dialog.officer_names().index("Sokha"))
    assert not dialog.active_button.isEnabled()
    with pytest.raises(AccountError):
        officers.disable(desk, "Sokha")


def test_an_idle_window_locks_hides_its_records_and_wants_the_same_password(
        qtbot, window, desk, raw):
    rec = registrations.register(desk, raw)
    dialog = window.open_record(rec["id"])
    qtbot.waitExposed(dialog)
    type_text(qtbot, window.form.name_latin, "Typed before the break")
    window.idle.set_minutes(0.005)  # 300 ms without a key or a click

    qtbot.waitUntil(window.is_locked, timeout=5000)
    assert not dialog.isVisible()
    cover = window.lock_screen
    assert cover.geometry() == window.rect()
    shot = window.grab().toImage()
    # Nothing of the form shows through: the cover is drawn over the whole window.
    assert not window.tabs.isEnabled() and not window.find_action.isEnabled()
    assert shot.pixelColor(40, 200) == shot.pixelColor(window.width() - 40, 200)

    qtbot.keyClicks(cover.password, "wrong-password")
    qtbot.keyClick(cover.password, Qt.Key.Key_Return)
    assert window.is_locked()
    assert cover.error.text() == "Wrong name or password"

    qtbot.keyClicks(cover.password, "secret123")
    qtbot.keyClick(cover.password, Qt.Key.Key_Return)
    assert not window.is_locked()
    assert dialog.isVisible()
    assert window.form.name_latin.text() == "Typed before the break"
    assert window.tabs.isEnabled() and window.idle.is_armed()
    dialog.close()


def test_the_idle_lock_follows_the_setting(qtbot, window, desk):
    assert preferences.idle_lock_minutes(desk) == preferences.IDLE_LOCK_DEFAULT
    assert window.idle.is_armed()
    dialog = window.open_settings()
    dialog.idle_lock.setValue(0)
    with language_change_for(window), qtbot.waitSignal(window.events.changed):
        dialog.accept()
    assert preferences.idle_lock_minutes(desk) == 0
    assert not window.idle.is_armed()


# --- one date format for people ---------------------------------------------------------------


def test_a_typed_date_is_shown_everywhere_as_the_window_writes_dates(qtbot, desk, raw):
    desk.set_setting("language", "en")
    window = main_window(qtbot, desk)
    window.show_register()
    form = window.form
    form.prefill(raw | {"date_of_birth": "", "return_date": ""})
    type_text(qtbot, form.date_of_birth, "15/03/1995")
    type_text(qtbot, form.return_date, "01.07.2026")
    with qtbot.waitSignal(form.saved) as saved:
        form.save()
    rec = saved.args[0]
    assert rec["date_of_birth"] == "1995-03-15"  # ISO in the data
    assert form.date_of_birth.text() == "15 March 1995"
    assert form.return_date.text() == "1 July 2026"
    # Saved again untouched: the shown form reads back as the same date.
    form.save()
    assert form.status_label.text() == "No changes to save"

    dialog = window.open_record(rec["id"])
    qtbot.waitExposed(dialog)
    shown = [label.text() for label in dialog.findChildren(QLabel, "value")]
    assert "15 March 1995" in shown and "1 July 2026" in shown
    dialog.close()

    form.set_language("km")
    assert form.date_of_birth.text() == "15 មីនា 1995"
    assert form.values()["date_of_birth"] == "1995-03-15"

    window.tabs.setCurrentIndex(window.EMPLOYERS)
    qtbot.mouseClick(window.employers.new_button, Qt.MouseButton.LeftButton)
    start = window.employers.form.start_date
    assert start.text() == "25 November 2026"  # the suite's today, as every screen writes it


# --- nothing cut off at 1366x768 --------------------------------------------------------------

LONG_EMPLOYER = "Kampong Speu Garment and Footwear Manufacturing Company Limited (Factory No. 2)"


def test_a_long_employer_name_wraps_whole_and_the_list_needs_no_sideways_scroll(
        qtbot, window, desk):
    from app.services import employers

    employers.record_request(desk, {
        "employer_name": LONG_EMPLOYER, "contact_person": "Chan", "contact_phone":
        "012 345 678", "province_code": "05", "district_code": "", "sector": "garment",
        "job_title": "Sewing machine operator", "workers_needed": 30, "gender": "any",
        "salary_usd": 220, "start_date": "", "accommodation": True, "transport": False,
        "notes": "", "status": "open"})
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    table = window.employers.table
    QApplication.processEvents()
    assert not table.horizontalScrollBar().isVisible()
    item = table.item(0, 0)
    assert item.text() == LONG_EMPLOYER and item.toolTip() == LONG_EMPLOYER
    lines = table.fontMetrics().boundingRect(
        QRect(0, 0, table.columnWidth(0) - 8, 10_000),
        Qt.TextFlag.TextWordWrap, LONG_EMPLOYER).height()
    assert table.rowHeight(0) >= lines


def test_the_training_table_in_english_shows_every_header_without_scrolling(
        qtbot, desk):
    desk.set_setting("language", "en")
    window = main_window(qtbot, desk)
    window.tabs.setCurrentIndex(window.TRAINING)
    QApplication.processEvents()
    table = window.training.sessions
    assert not table.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    last = header.logicalIndex(header.count() - 1)
    right = header.sectionViewportPosition(last) + header.sectionSize(last)
    assert right <= table.viewport().width()
    words = str(table.model().headerData(last, Qt.Orientation.Horizontal))
    assert header.sectionSize(last) >= header.fontMetrics().horizontalAdvance(words)
