"""Back up and restore from the window's Desk menu, as a supervisor does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.services import backup, registrations
from app.store import backup as store
from app.store.connection import connect
from tests.ui.driving import main_window

PADDING_MB = 24


def make_large(desk) -> None:  # noqa: ANN001
    """A database of some 25 MB: many steps of the copy."""
    with desk.conn:
        desk.conn.execute("CREATE TABLE padding (b BLOB)")
        desk.conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO padding SELECT randomblob(4000) FROM n", (PADDING_MB * 256,))


@pytest.fixture
def small_steps(monkeypatch):  # noqa: ANN001, ANN201
    """Copy steps of 32 pages (128 KB): the copy takes many steps."""
    monkeypatch.setattr(store, "STEP_PAGES", 32)


def test_a_backup_runs_off_the_windows_thread_and_the_copy_opens_and_checks(
        qtbot, desk, raw, tmp_path, small_steps):
    saved = registrations.register(desk, raw)
    make_large(desk)
    win = main_window(qtbot, desk)
    ticks: list[int] = []
    shown: set[int] = set()

    def tick() -> None:
        ticks.append(1)
        if win.backups.dialog is not None:
            shown.add(win.backups.dialog.value())

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    target = tmp_path / "large.backup"
    try:
        with qtbot.waitSignal(win.backups.backed_up, timeout=120_000) as written:
            win.backups.back_up(target)
            # Back at once: the copy goes on on its own thread while the window runs.
            assert win.backups.busy and not target.exists()
            before = len(ticks)
    finally:
        timer.stop()
    assert written.args == [target]
    assert not win.backups.busy
    assert len(ticks) - before >= 10  # the window's timer kept firing during the copy
    assert len(shown - {-1, 0}) >= 2  # and the progress bar moved
    assert "copied to" in win.backups.last_message.text()
    facts = backup.check_backup(target, desk.database_key())
    assert facts.integrity == "ok" and facts.device_id == desk.device_id
    copy = connect(target, desk.database_key(), readonly=True)
    try:
        assert copy.execute("SELECT count(*) FROM padding").fetchone()[0] == PADDING_MB * 256
        assert copy.execute("SELECT registration_no FROM registrations").fetchall()[0][0] \
            == saved["registration_no"]
    finally:
        copy.close()
    assert not list(tmp_path.glob("large.backup.partial*"))


def test_cancel_stops_a_backup_and_leaves_no_file(qtbot, desk, tmp_path, small_steps):
    make_large(desk)
    win = main_window(qtbot, desk)
    target = tmp_path / "stopped.backup"
    with qtbot.waitSignal(win.backups.backed_up, timeout=120_000) as written:
        win.backups.back_up(target)
        dialog = win.backups.dialog
        qtbot.waitUntil(lambda: dialog.value() > 0, timeout=60_000)
        cancel = dialog.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Cancel"
        cancel.click()
    assert written.args == [None]
    assert win.backups.last_message.text() == "The backup was stopped; no file was written."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # nothing of it
    # The next backup runs to the end.
    with qtbot.waitSignal(win.backups.backed_up, timeout=120_000) as again:
        win.backups.back_up(target)
    assert again.args == [target] and keyfile_beside(target).exists()


def keyfile_beside(target):  # noqa: ANN001, ANN201
    from app.store import keys

    return keys.beside(target)


def test_back_up_then_restore_in_the_window_brings_the_records_back(qtbot, desk, raw, tmp_path):
    first = registrations.register(desk, raw)
    win = main_window(qtbot, desk)
    assert win.backup_action.text() == "&Back up to…" and win.restore_action.isEnabled()
    with qtbot.waitSignal(win.backups.backed_up) as written:
        win.backups.back_up(tmp_path / "friday.backup")
    copy = written.args[0]
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
