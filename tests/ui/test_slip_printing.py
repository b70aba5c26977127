"""Printing slips from the window: the print key opens a preview of the right slips, and
only a finished print (or a saved PDF) counts, so the next print says "reprint"."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog

from app.services import registrations, slips
from tests.ui.driving import main_window


@pytest.fixture
def window(qtbot, desk):
    return main_window(qtbot, desk)


def _register(desk, raw, n: int) -> list[dict]:
    people = []
    for i in range(n):
        people.append(registrations.register(desk, raw | {
            "name_latin": f"Sok Dara {'ABCDE'[i]}", "phone": f"012 345 67{i}",
            "duplicate_override_reason": "test"}))
    return people


def test_print_key_after_saving_previews_that_slip(qtbot, window, desk, raw):
    (rec,) = _register(desk, raw, 1)
    window.form.load_record(rec)
    window.print_requested.emit(rec)
    dialog = window.printing.preview_dialog
    assert dialog is not None and dialog.isVisible()
    assert slips.printed_count(desk, rec["id"]) == 0  # a preview is not a print
    dialog.done(QDialog.DialogCode.Accepted)
    qtbot.waitUntil(lambda: window.printing.preview_dialog is None)
    assert slips.printed_count(desk, rec["id"]) == 1
    assert slips.slips_for_numbers(desk, [rec["registration_no"]])[0].reprint


def test_cancelled_preview_counts_nothing(qtbot, window, desk, raw):
    (rec,) = _register(desk, raw, 1)
    window.printing.preview([rec["registration_no"]])
    window.printing.preview_dialog.reject()
    qtbot.waitUntil(lambda: window.printing.preview_dialog is None)
    assert slips.printed_count(desk, rec["id"]) == 0


def test_selected_rows_print_in_one_job_and_save_as_one_pdf(qtbot, window, desk, raw, tmp_path):
    people = _register(desk, raw, 3)
    window.events.registrations_changed()
    window.show_list()
    view = window.list_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    selection = view.table.selectionModel()
    for row in (0, 2):
        selection.select(view.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    chosen = window.slip_numbers()
    assert sorted(chosen) == sorted([people[0]["registration_no"], people[2]["registration_no"]])

    out = window.printing.save_pdf(chosen, tmp_path / "two.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert all(number in text for number in chosen)
    assert people[1]["registration_no"] not in text
    assert slips.printed_count(desk, people[0]["id"]) == 1

    qtbot.keyClick(view.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.printing.preview_dialog is not None)
    window.printing.preview_dialog.reject()
