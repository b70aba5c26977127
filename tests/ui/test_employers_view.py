"""The Employers tab in the real window: record a request for 30 female garment
workers in Kampong Speu at 220 USD, see ranked matches with reasons, shortlist ten,
save the employer's list as PDF and CSV, mark three hired."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services import employers
from app.services import registrations as regs
from app.services.desk import Desk
from app.ui.main_window import MainWindow
from tests.test_employers_store import returnee
from tests.ui.driving import main_window


@pytest.fixture
def window(qtbot, desk: Desk) -> MainWindow:
    return main_window(qtbot, desk)


def matched(qtbot, window: MainWindow) -> None:
    """Wait for the matches, which the window's database worker reads."""
    qtbot.waitUntil(lambda: not window.worker.busy())


def test_record_match_shortlist_print_and_hire(qtbot, window: MainWindow, desk: Desk, raw,
                                               tmp_path: Path):
    people = [regs.register(desk, returnee(raw, i, name_km="សុខ ធីតា")) for i in range(12)]
    regs.register(desk, returnee(raw, 12 % 16, sex="male"))
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    form = view.form
    qtbot.keyClicks(form.employer_name, "Kampong Speu Garment Co.")
    qtbot.keyClicks(form.contact_phone, "012 345 678")
    qtbot.keyClicks(form.job_title, "Sewing machine operator")
    form.province.setCurrentIndex(form.province.findData("05"))
    form.sector.setCurrentIndex(form.sector.findData("garment"))
    form.workers_needed.setValue(30)
    form.gender.setCurrentIndex(form.gender.findData("female"))
    form.salary.setValue(220)
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    request = saved.args[0]
    assert request["gender"] == "female" and request["salary_usd"] == 220

    matches = view.matches
    matched(qtbot, window)
    assert matches.isVisible() and matches.request_id == request["id"]
    assert matches.matches.rowCount() == len(people)
    assert "wants this sector" in matches.matches.item(0, 4).text()
    shot = Path(os.environ.get("JCD_SHOTS", tmp_path)) / "employers.png"
    window.grab().save(str(shot))

    matches.matches.selectRow(0)
    for row in range(1, 10):
        matches.matches.item(row, 0).setSelected(True)
    assert matches.shortlist_selected() == 10
    assert matches.referrals.rowCount() == 10
    matched(qtbot, window)
    assert matches.matches.rowCount() == 2

    pdf = matches.save_pdf(str(tmp_path / "list.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    csv_text = matches.save_csv(str(tmp_path / "list.csv")).read_text(encoding="utf-8-sig")
    assert len(csv_text.splitlines()) == 11

    for row in range(3):
        matches.referrals.selectRow(row)
        assert matches.set_status("hired")
    assert employers.progress(desk, request["id"]).hired == 3
    assert "3" in matches.progress.text() and "30" in matches.progress.text()
    assert view.table.item(0, 4).text() == "3"
    matches.referrals.selectRow(0)
    assert not matches.set_status("declined")  # hired is final
    assert matches.message.text()


def test_matches_narrow_by_age_training_and_home_district(qtbot, window: MainWindow,
                                                         desk: Desk, raw):
    from tests.conftest import village_in
    from tests.test_employers_store import GARMENT

    young = regs.register(desk, returnee(raw, 0, date_of_birth="2004-01-01"))
    trained = regs.register(desk, returnee(raw, 1, training_interests=["mechanics"]))
    elsewhere = regs.register(desk, returnee(raw, 2, home_village_code=village_in("0504")))
    request = employers.record_request(desk, GARMENT)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    window.employers.refresh()
    window.employers.select_request(request["id"])
    matches = window.employers.matches

    def listed() -> set[str]:
        matched(qtbot, window)
        return {matches.matches.item(i, 0).text() for i in range(matches.matches.rowCount())}

    assert listed() == {r["registration_no"] for r in (young, trained, elsewhere)}
    home = matches.home_district
    assert home.itemData(1)[:2] == "05"  # the office's province comes first
    home.setCurrentIndex(home.findData("0504"))
    assert listed() == {elsewhere["registration_no"]}
    home.setCurrentIndex(0)
    matches.training.setCurrentIndex(matches.training.findData("mechanics"))
    assert listed() == {trained["registration_no"]}
    matches.training.setCurrentIndex(0)
    matches.age_max.setValue(25)
    assert listed() == {young["registration_no"]}


def test_training_tab_counts_wanted_courses_by_district(qtbot, window: MainWindow,
                                                        desk: Desk, raw):
    regs.register(desk, returnee(raw, 0, training_interests=["motorcycle_repair"]))
    regs.register(desk, returnee(raw, 1, training_interests=["motorcycle_repair",
                                                             "air_conditioning"]))
    window.tabs.setCurrentIndex(window.TRAINING)
    table = window.training.demand
    assert table.rowCount() == 1
    headers = [table.horizontalHeaderItem(j).text() for j in range(table.columnCount())]
    motorcycle = next(j for j in range(1, len(headers) - 1)
                      if table.item(0, j).text() == "2")
    assert motorcycle and table.item(0, len(headers) - 1).text() == "3"


def test_a_returnees_record_shows_their_referrals(qtbot, window: MainWindow, desk: Desk,
                                                  raw):
    from tests.test_employers_store import GARMENT

    person = regs.register(desk, returnee(raw, 0))
    request = employers.record_request(desk, GARMENT)
    ref = employers.shortlist(desk, request["id"], [person["id"]])[0]
    employers.set_status(desk, ref["id"], "interviewed")
    dialog = window.open_record(person["id"])
    table = dialog.referrals_table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == GARMENT["employer_name"]
    assert table.item(0, 2).text() == "Interviewed"
    dialog.close()


def test_closing_a_request(qtbot, window: MainWindow, desk: Desk):
    from tests.test_employers_store import GARMENT

    request = employers.record_request(desk, GARMENT)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    window.employers.refresh()
    window.employers.select_request(request["id"])
    matches = window.employers.matches
    assert matches.close_button.isEnabled()
    assert matches.close_request()
    saved = employers.get_request(desk, request["id"])
    assert saved["status"] == "closed" and saved["version"] == 2
    assert saved["sync_state"] == "pending"
    assert not matches.close_button.isEnabled()
    assert window.employers.table.item(0, 5).text() == "Closed"


def _row_of(view, request_id: str) -> int:  # noqa: ANN001
    return next(i for i in range(view.table.rowCount())
                if view.table.item(i, 0).data(Qt.ItemDataRole.UserRole) == request_id)


def _retype(qtbot, widget, text: str) -> None:  # noqa: ANN001
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_editing_a_request_saves_a_new_version_and_keeps_it_selected(qtbot, window: MainWindow,
                                                                      desk: Desk):
    from app.services.sync import DeskOutbox
    from tests.test_employers_store import GARMENT

    other = employers.record_request(desk, GARMENT | {"employer_name": "Other Co."})
    request = employers.record_request(desk, GARMENT)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    view.select_request(request["id"])
    assert view.edit_button.isEnabled() and view.edit_button.text() == "Edit request"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    form = view.form
    assert form.isVisible() and not view.matches.isVisible()
    assert "version 1" in form.heading.text()
    assert form.employer_name.text() == GARMENT["employer_name"]
    assert form.salary.value() == 220 and form.workers_needed.value() == 30
    assert form.status.isVisible() and form.status.currentData() == "open"
    _retype(qtbot, form.salary, "260")
    _retype(qtbot, form.workers_needed, "25")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    saved = employers.get_request(desk, request["id"])
    assert saved["version"] == 2 and saved["salary_usd"] == 260
    assert saved["workers_needed"] == 25 and saved["sync_state"] == "pending"
    assert [(rec["id"], rec["version"]) for _, rec in DeskOutbox(desk.conn).next_batch(0, 10)
            if rec["id"] == request["id"]] == [(request["id"], 2)]
    assert view.selected_id() == request["id"]
    assert view.table.item(_row_of(view, request["id"]), 3).text() == "25"
    assert view.matches.isVisible() and view.matches.request_id == request["id"]
    assert employers.get_request(desk, other["id"])["version"] == 1

    # A double click opens it again, now at its new version.
    rect = view.table.visualRect(view.table.model().index(_row_of(view, request["id"]), 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert form.isVisible() and "version 2" in form.heading.text()
    assert form.salary.value() == 260


def test_a_broken_rule_is_named_on_its_field_and_nothing_is_saved(qtbot, window: MainWindow,
                                                                  desk: Desk):
    from tests.test_employers_store import GARMENT

    request = employers.record_request(desk, GARMENT)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    view.select_request(request["id"])
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    form = view.form
    form.employer_name.clear()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Employer: Required" in form.errors.text()
    assert form.employer_name.property("invalid") is True
    assert form.isVisible()
    assert employers.get_request(desk, request["id"])["version"] == 1
    qtbot.keyClicks(form.employer_name, "Chbar Mon Garment")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert employers.get_request(desk, request["id"])["employer_name"] == "Chbar Mon Garment"
    assert not form.employer_name.property("invalid")


def test_a_request_from_another_desk_opens_read_only_and_says_why(qtbot, window: MainWindow,
                                                                  desk: Desk):
    import uuid

    from app.store import employers as emp_store
    from tests.test_employers_store import GARMENT

    theirs, _ = employers.check_request(desk, GARMENT | {"employer_name": "Takeo Rice Mill"})
    theirs |= {"id": str(uuid.uuid4()), "version": 3, "created_at": desk.now_iso(),
               "updated_at": desk.now_iso(), "device_id": str(uuid.uuid4()),
               "officer_id": "hq-data-team"}
    with desk.conn:
        emp_store.apply_pulled_request(desk.conn, theirs)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    view.select_request(theirs["id"])
    assert view.edit_button.text() == "View request"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Enter)
    form = view.form
    assert form.isVisible() and form.read_only
    assert form.notice.isVisible() and "another laptop" in form.notice.text()
    assert not form.save_button.isVisible()
    assert form.employer_name.isReadOnly() and not form.status.isEnabled()
    assert form.employer_name.text() == "Takeo Rice Mill"
    assert form.save() is None
    assert employers.get_request(desk, theirs["id"])["version"] == 3
    shot = Path(os.environ.get("JCD_SHOTS", "/nonexistent"))
    if shot.is_dir():
        window.grab().save(str(shot / "employers-read-only.png"))
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert view.matches.isVisible() and view.matches.request_id == theirs["id"]

    # A request of this desk's own opens for editing again.
    mine = employers.record_request(desk, GARMENT)
    view.refresh()
    view.select_request(mine["id"])
    assert view.edit_selected()
    assert not form.read_only and form.save_button.isVisible() and not form.notice.isVisible()


def test_a_closed_request_can_be_reopened(qtbot, window: MainWindow, desk: Desk):
    from tests.test_employers_store import GARMENT

    request = employers.record_request(desk, GARMENT)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    view.select_request(request["id"])
    assert view.matches.close_request()
    assert view.table.item(0, 5).text() == "Closed"
    assert view.edit_selected()
    form = view.form
    assert form.status.currentData() == "closed"
    form.status.setCurrentIndex(form.status.findData("open"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = employers.get_request(desk, request["id"])
    assert saved["status"] == "open" and saved["version"] == 3
    assert view.table.item(0, 5).text() == "Open"
    assert view.matches.close_button.isEnabled()


def test_new_request_after_editing_starts_empty(qtbot, window: MainWindow, desk: Desk):
    from tests.test_employers_store import GARMENT

    request = employers.record_request(desk, GARMENT)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    view.select_request(request["id"])
    view.edit_selected()
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    form = view.form
    assert form.employer_name.text() == "" and "New" in form.heading.text()
    assert not form.status.isVisible() and not form.cancel_button.isVisible()
    assert view.selected_id() is None


def test_changes_to_a_request_are_not_dropped_without_asking(qtbot, window: MainWindow,
                                                             desk: Desk, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.test_employers_store import GARMENT

    first = employers.record_request(desk, GARMENT)
    second = employers.record_request(desk, GARMENT | {"employer_name": "Other Co."})
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    view.select_request(first["id"])
    view.edit_selected()
    form = view.form
    _retype(qtbot, form.salary, "250")
    asked: list[str] = []

    def answer(choice):  # noqa: ANN001, ANN202
        def ask(_parent, title, *_args):  # noqa: ANN001, ANN202
            asked.append(title)
            return choice
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    view.select_request(second["id"])
    assert asked and form.isVisible() and form.salary.value() == 250
    assert view.selected_id() == first["id"]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    view.select_request(second["id"])
    assert not form.isVisible() and view.matches.request_id == second["id"]
    assert employers.get_request(desk, first["id"])["salary_usd"] == 220

    # Unchanged, the form is left without a question.
    asked.clear()
    view.edit_selected()
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert not asked and form.record is None
