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


def test_the_supervisor_reads_the_audit_trail_filtered_by_officer_and_number(
        qtbot, desk, raw):
    from app.services import officers

    win = main_window(qtbot, desk)
    one = registrations.register(desk, raw)
    registrations.search(desk, "012 345 678")
    dialog = win.open_record(one["id"])  # opening is itself in the trail
    dialog.close()
    dara = officers.add_officer(desk, "Dara", "secret123", "officer")
    officers.sign_in(desk, "Dara", "secret123")
    registrations.edit(desk, one["id"], raw | {"skills": "tiling"}, expected_version=1)
    officers.sign_in(desk, "Sokha", "secret123")

    trail = win.open_audit_trail()
    assert win.audit_action.isEnabled()
    rows = lambda: [[trail.table.item(r, c).text() for c in range(5)]  # noqa: E731
                    for r in range(trail.table.rowCount())]
    assert [r[2] for r in rows()] == ["Edited", "Opened", "Searched"]
    assert rows()[2][4] == "for a phone number: 1 found"
    assert "345" not in " ".join(" ".join(r) for r in rows())
    trail.officer.setCurrentIndex(trail.officer.findData(dara.officer_id))
    assert [(r[1], r[2], r[3]) for r in rows()] == [("Dara", "Edited", one["registration_no"])]
    trail.officer.setCurrentIndex(0)
    qtbot.keyClicks(trail.number, one["registration_no"])
    assert [r[2] for r in rows()] == ["Edited", "Opened"]
    qtbot.keyClicks(trail.date_from, "31/02/2026")  # not a day: marked, list kept
    assert trail.date_from.property("invalid") and len(rows()) == 2
    trail.resize(1366, 768)
    trail.grab().save("/tmp/audit/trail_en.png")
