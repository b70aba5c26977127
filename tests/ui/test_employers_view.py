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


@pytest.fixture
def window(qtbot, desk: Desk) -> MainWindow:
    win = MainWindow(desk)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


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


def test_training_tab_counts_wanted_courses_by_district(qtbot, window: MainWindow,
                                                        desk: Desk, raw):
    regs.register(desk, returnee(raw, 0, training_interests=["motorcycle_repair"]))
    regs.register(desk, returnee(raw, 1, training_interests=["motorcycle_repair",
                                                             "air_conditioning"]))
    window.tabs.setCurrentIndex(window.TRAINING)
    table = window.training.table
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
