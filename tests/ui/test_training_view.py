"""The Training tab in the real window: the catalogue's sessions with where and when
they run, enrolling a returnee found by name, taking them off again, and demand by
district."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import registrations as regs
from app.services.desk import Desk, reference
from app.ui.main_window import MainWindow
from app.ui.training_view import EnrolDialog
from tests.test_employers_store import returnee
from tests.ui.driving import main_window, type_text

SESSION = "AGP-2027-01-KSP"


@pytest.fixture
def window(qtbot, desk: Desk) -> MainWindow:
    desk.set_setting("language", "en")
    win = main_window(qtbot, desk)
    win.tabs.setCurrentIndex(win.TRAINING)
    return win


def cell(table, row: int, column: int) -> str:
    return table.item(row, column).text()


def row_of(view, code: str) -> int:
    return next(i for i in range(view.sessions.rowCount())
                if view.sessions.item(i, 0).data(Qt.ItemDataRole.UserRole) == code)


def open_enrol_dialog(qtbot, view) -> EnrolDialog:
    view.select_session(SESSION)
    qtbot.mouseClick(view.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), EnrolDialog))
    return QApplication.activeModalWidget()


def test_sessions_show_where_when_and_seats(window: MainWindow):
    view = window.training
    assert view.sessions.rowCount() == len(reference().sessions)
    row = row_of(view, SESSION)
    assert cell(view.sessions, row, 0) == "Agricultural processing"
    assert cell(view.sessions, row, 1) == "Chbar Mon, Kampong Speu"
    assert view.sessions.item(row, 1).toolTip() == "Kampong Speu Provincial Training Centre"
    assert cell(view.sessions, row, 2) == "11 January 2027 – 5 March 2027"
    assert cell(view.sessions, row, 3) == "25"


def test_khmer_names_the_course_place_and_months(qtbot, desk: Desk):
    desk.set_setting("khmer_digits", "1")
    win = MainWindow(desk)
    qtbot.addWidget(win)
    view = win.training
    assert view.sessions.rowCount() == 0  # built when first shown, not at start-up
    win.show()
    win.tabs.setCurrentIndex(win.TRAINING)
    row = row_of(view, SESSION)
    assert cell(view.sessions, row, 0) == "កែច្នៃផលិតផលកសិកម្ម"
    assert cell(view.sessions, row, 1) == "ច្បារមន, កំពង់ស្ពឺ"
    assert cell(view.sessions, row, 2) == "១១ មករា ២០២៧ – ៥ មីនា ២០២៧"
    assert cell(view.sessions, row, 3) == "២៥"


def test_enrol_a_returnee_found_by_name_then_take_them_off(qtbot, window: MainWindow,
                                                           desk: Desk, raw, tmp_path: Path):
    person = regs.register(desk, returnee(raw, 0, name_km="ស្រី ពៅ",
                                          training_interests=["agro_processing"]))
    regs.register(desk, returnee(raw, 1, name_km="សុខ ធីតា"))
    view = window.training
    view.refresh()
    row = row_of(view, SESSION)
    assert cell(view.sessions, row, 5) == "—"  # no count from headquarters yet
    assert cell(view.sessions, row, 6) == "1"  # wants it, lives in Kampong Speu

    dialog = open_enrol_dialog(qtbot, view)
    type_text(qtbot, dialog.search, "ស្រី")
    assert dialog.results.count() == 1 and person["registration_no"] in dialog.results.item(
        0).text()
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert regs.get(desk, person["id"])["training_enrolments"] == [SESSION]
    row = row_of(view, SESSION)
    assert cell(view.sessions, row, 4) == "1"
    assert view.selected_session() == SESSION
    assert view.enrolled.count() == 1 and "ស្រី ពៅ" in view.enrolled.item(0).text()
    shot = Path(os.environ.get("JCD_SHOTS", tmp_path)) / "training.png"
    window.grab().save(str(shot))

    dialog = open_enrol_dialog(qtbot, view)
    type_text(qtbot, dialog.search, "ស្រី")
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.message.text() == "Enrolled in training: Already enrolled in this training session"
    dialog.reject()

    view.enrolled.setCurrentRow(0)
    assert view.unenrol_button.isEnabled()
    qtbot.mouseClick(view.unenrol_button, Qt.MouseButton.LeftButton)
    assert view.enrolled.count() == 0
    assert cell(view.sessions, row_of(view, SESSION), 4) == "0"
    assert regs.get(desk, person["id"])["version"] == 3


def test_enrolling_without_choosing_says_what_to_do(qtbot, window: MainWindow):
    dialog = open_enrol_dialog(qtbot, window.training)
    qtbot.keyClicks(dialog.search, "nobody like this")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.message.text() == "Find the returnee first, then choose them."
    dialog.reject()


def test_demand_lists_districts_most_wanted_first(window: MainWindow, desk: Desk, raw):
    regs.register(desk, returnee(raw, 0, training_interests=["mechanics", "agro_processing"]))
    window.training.refresh()
    demand = window.training.demand
    assert demand.rowCount() == 1
    assert cell(demand, 0, 0) == "Chbar Mon"
    assert cell(demand, 0, demand.columnCount() - 1) == "2"
