"""Back up and restore from the window's Desk menu, as a supervisor does."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.services import registrations
from tests.ui.driving import main_window


def test_back_up_then_restore_in_the_window_brings_the_records_back(qtbot, desk, raw, tmp_path):
    first = registrations.register(desk, raw)
    win = main_window(qtbot, desk)
    assert win.backup_action.text() == "&Back up to…" and win.restore_action.isEnabled()
    copy = win.backups.back_up(tmp_path / "friday.backup")
    assert copy is not None and copy.exists()
    assert "copied to" in win.backups.last_message.text()
    win.backups.last_message.close()

    later = registrations.register(desk, raw | {"name_km": "ចាន់ ធីតា", "name_latin": "Chan Thida",
                                               "phone": "", "sex": "female"})
    assert registrations.count(desk, registrations.list_filter()) == 2

    win.backups.restore(copy)
    question = win.backups.question
    assert question is not None and "friday.backup" in question.text()
    restore_button = next(b for b in question.buttons()
                          if question.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    with qtbot.waitSignal(win.backups.restored):
        restore_button.click()
    # The restored database's settings apply (its language: Khmer, the default), so the
    # message is read by its file names.
    told = win.backups.last_message.text()
    assert "friday.backup" in told and "before-restore-" in told
    assert registrations.count(desk, registrations.list_filter()) == 1
    assert registrations.get(desk, first["id"])["name_km"] == raw["name_km"]
    # The list shows what the database now holds, and the next number is after the later one.
    win.show_list()
    qtbot.waitUntil(lambda: win.list_view.model.rowCount() == 1)
    assert int(registrations.next_number(desk).split("-")[2]) > int(
        later["registration_no"].split("-")[2])


def test_a_file_that_is_not_a_backup_is_refused_in_words(qtbot, desk, tmp_path):
    win = main_window(qtbot, desk)
    junk = tmp_path / "photo.backup"
    junk.write_bytes(b"\x89PNG not a database")
    win.backups.restore(junk)
    assert win.backups.question is None
    assert win.backups.last_message.windowTitle() == "Not restored"
    assert "is not a Job Centre Desk backup" in win.backups.last_message.text()
