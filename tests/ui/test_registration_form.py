"""The registration form, driven like an officer drives it: real widgets, a real desk."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain import regno
from app.services import registrations
from app.services.desk import Desk, gazetteer
from app.ui.duplicates_dialog import COLUMNS, DuplicatesDialog
from app.ui.registration_form import RegistrationForm
from app.ui.village_picker import VillagePicker
from tests.ui.driving import tick, type_text

# Kampong Speu / Chbar Mon / Chbar Mon / Ta Mol: a village in the desk's own district.
VILLAGE = "05020101"


def saved_count(desk: Desk) -> int:
    return registrations.count(desk, registrations.list_filter())


@pytest.fixture
def form(qtbot, desk: Desk) -> RegistrationForm:
    widget = RegistrationForm(desk, language="km")
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.new_record()
    return widget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def fill_valid(qtbot, form: RegistrationForm, **typed: str) -> None:
    """A complete, valid person typed into the form; ``typed`` replaces text fields."""
    text = {
        "name_km": "សុខ ដារ៉ា",
        "name_latin": "Sok Dara",
        "date_of_birth": "1995-04-12",
        "age": "",
        "phone": "012 345 678",
        "expected_salary_usd": "250",
        "previous_job": "Construction worker in Bangkok",
        "skills": "Bricklaying",
    } | typed
    edits = {
        "name_km": form.name_km,
        "name_latin": form.name_latin,
        "date_of_birth": form.date_of_birth,
        "age": form.age,
        "phone": form.phone,
        "expected_salary_usd": form.salary,
        "previous_job": form.previous_job,
        "skills": form.skills,
    }
    for key, edit in edits.items():
        edit.clear()
        if text[key]:
            type_text(qtbot, edit, text[key])
    qtbot.mouseClick(form.male, Qt.MouseButton.LeftButton)
    form.village.set_code(VILLAGE)
    tick(qtbot, form.provinces, "05")
    tick(qtbot, form.provinces, "12")
    tick(qtbot, form.sectors, "construction")
    tick(qtbot, form.training, "electrical_wiring")
    form.channel.setCurrentIndex(form.channel.findData("field"))
    qtbot.mouseClick(form.consent, Qt.MouseButton.LeftButton)


# --- (a) fill and save ------------------------------------------------------------------


def test_filled_form_saves_the_record_and_shows_its_number(qtbot, form, desk):
    fill_valid(qtbot, form)
    with qtbot.waitSignal(form.saved) as blocker:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    rec: dict[str, Any] = blocker.args[0]

    assert saved_count(desk) == 1
    stored = registrations.get(desk, rec["id"])
    assert stored is not None
    assert stored["name_km"] == "សុខ ដារ៉ា"
    assert stored["name_latin"] == "Sok Dara"
    assert stored["sex"] == "male"
    assert stored["date_of_birth"] == "1995-04-12"
    assert stored["phone"] == "+85512345678"
    assert stored["home_village_code"] == VILLAGE
    assert stored["preferred_province_codes"] == ["05", "12"]
    assert stored["sectors"] == ["construction"]
    assert stored["training_interests"] == ["electrical_wiring"]
    assert stored["expected_salary_usd"] == 250
    assert stored["returned_from"] == "TH"
    assert stored["channel"] == "field"
    assert stored["consent"] is True
    assert regno.is_valid(rec["registration_no"])
    assert form.number_label.text() == rec["registration_no"]
    assert form.copy_button.isEnabled() and form.print_button.isEnabled()


def test_copy_and_print_slip_use_the_shown_record(qtbot, form):
    fill_valid(qtbot, form)
    with qtbot.waitSignal(form.saved) as blocker:
        form.save()
    number = blocker.args[0]["registration_no"]

    QApplication.clipboard().clear()
    qtbot.keyClick(
        form.name_km,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QApplication.clipboard().text() == number

    with qtbot.waitSignal(form.print_requested) as printed:
        qtbot.keyClick(form.name_km, Qt.Key.Key_F9)
    assert printed.args[0]["registration_no"] == number


# --- (b) keyboard only -----------------------------------------------------------------


def test_whole_registration_by_keyboard_alone(qtbot, form, desk):
    def type_(text: str) -> None:
        type_text(qtbot, focused(), text)

    def press(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(focused(), key, modifier)

    def tab_to(widget: QWidget) -> None:
        press(Qt.Key.Key_Tab)
        assert focused() is widget or widget.isAncestorOf(focused()), (
            f"Tab went to {focused().objectName()!r}, not {widget.objectName()!r}"
        )

    province, district, commune, village = form.village.combos()
    assert focused() is form.name_km
    type_("សុខ ដារ៉ា")
    tab_to(form.name_latin)
    type_("Sok Dara")
    tab_to(form.male)
    press(Qt.Key.Key_Space)
    tab_to(form.date_of_birth)
    type_("12/04/1995")  # day first, as people write it
    tab_to(form.age)
    tab_to(form.phone)
    type_("012 345 678")
    tab_to(form.national_id)
    tab_to(province)
    type_("speu")  # part of the English name is enough
    tab_to(district)
    assert province.currentData() == "05", province.currentText()
    type_("chbar")
    tab_to(commune)
    assert district.currentData() == "0502", district.currentText()
    type_("Chbar Mon")
    tab_to(village)
    assert commune.currentData() == "050201", commune.currentText()
    type_("ta mol")
    tab_to(form.provinces)
    assert form.village.code() == VILLAGE, village.currentText()
    type_("speu")
    press(Qt.Key.Key_Space)
    tab_to(form.sectors)
    type_("construct")
    press(Qt.Key.Key_Space)
    tab_to(form.salary)
    type_("250")
    tab_to(form.returned_from)
    tab_to(form.return_date)
    type_("01/07/2026")
    tab_to(form.previous_job)
    type_("Builder")
    tab_to(form.skills)
    tab_to(form.training)
    tab_to(form.channel)
    type_("Hot")
    tab_to(form.notes)
    type_("Calls back after 5pm")
    tab_to(form.consent)
    press(Qt.Key.Key_Space)
    with qtbot.waitSignal(form.saved, raising=False) as blocker:
        press(Qt.Key.Key_Return)
    assert blocker.signal_triggered, form.status_label.text() + repr(form.values())

    assert saved_count(desk) == 1
    rec = blocker.args[0]
    assert rec["sex"] == "male"
    assert rec["date_of_birth"] == "1995-04-12"
    assert rec["home_village_code"] == VILLAGE
    assert rec["preferred_province_codes"] == ["05"]
    assert rec["sectors"] == ["construction"]
    assert rec["return_date"] == "2026-07-01"
    assert rec["channel"] == "hotline_1297"
    assert rec["notes"] == "Calls back after 5pm"
    assert form.number_label.text() == rec["registration_no"]


def test_enter_in_notes_makes_a_new_line_and_does_not_save(qtbot, form, desk):
    fill_valid(qtbot, form)
    form.notes.setFocus()
    qtbot.keyClicks(form.notes, "first")
    qtbot.keyClick(form.notes, Qt.Key.Key_Return)
    qtbot.keyClicks(form.notes, "second")
    assert saved_count(desk) == 0
    assert form.notes.toPlainText() == "first\nsecond"
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved_count(desk) == 1


# --- (c) validation in place ------------------------------------------------------------


def test_wrong_fields_are_marked_with_the_rule_and_nothing_is_saved(qtbot, form, desk):
    fill_valid(qtbot, form, date_of_birth="", age="80", phone="123")
    tick(qtbot, form.sectors, "construction")  # untick: no sector left
    assert form.sectors.codes() == []

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert saved_count(desk) == 0
    errors = form._fields
    assert errors["age"].error.isVisible()
    assert "Age must be between 15 and 70" in errors["age"].error.text()
    assert "Enter a Cambodian phone number" in errors["phone"].error.text()
    assert errors["sectors"].error.text() == "Choose at least one sector"
    assert form.age.property("invalid") is True
    assert form.phone.property("invalid") is True
    assert form.sectors.property("invalid") is True
    assert not errors["name_km"].error.isVisible()
    assert focused() is form.age  # the first wrong field in tab order

    # Fixing a field clears its mark without another save.
    form.age.clear()
    qtbot.keyClicks(form.age, "30")
    qtbot.waitUntil(lambda: not errors["age"].error.isVisible())
    assert form.age.property("invalid") is False
    assert errors["phone"].error.isVisible()
    assert saved_count(desk) == 0


def test_missing_village_marks_the_first_empty_level(qtbot, form, desk):
    fill_valid(qtbot, form)
    form.village.clear()
    form.save()
    assert saved_count(desk) == 0
    province = form.village.combos()[0]
    assert province.property("invalid") is True
    assert focused() is province or province.isAncestorOf(focused())


# --- (d) Khmer digits -------------------------------------------------------------------


def test_khmer_digits_in_age_and_phone_are_accepted(qtbot, form, desk):
    fill_valid(qtbot, form, date_of_birth="", age="៣០", phone="០១២ ៣៤៥ ៦៧៨")
    with qtbot.waitSignal(form.saved) as blocker:
        form.save()
    rec = blocker.args[0]
    assert rec["age"] == 30
    assert rec["phone"] == "+85512345678"
    assert saved_count(desk) == 1


# --- (e) next person --------------------------------------------------------------------


def test_ctrl_n_after_saving_clears_for_the_next_person(qtbot, form, desk):
    fill_valid(qtbot, form)
    form.channel.setCurrentIndex(form.channel.findData("hotline_1297"))
    with qtbot.waitSignal(form.saved) as blocker:
        form.save()
    number = blocker.args[0]["registration_no"]

    qtbot.keyClick(form.phone, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert form.record() is None
    values = form.values()
    for key in (
        "name_km",
        "name_latin",
        "sex",
        "date_of_birth",
        "age",
        "phone",
        "national_id",
        "home_village_code",
        "expected_salary_usd",
        "notes",
    ):
        assert not values[key], key
    assert values["preferred_province_codes"] == []
    assert values["sectors"] == []
    assert values["consent"] is False
    assert values["returned_from"] == "TH"
    assert values["channel"] == "hotline_1297"  # a hotline desk keeps its channel
    assert focused() is form.name_km
    assert form.number_label.text() == number  # the last number stays readable
    # The next person is a new registration, not an edit of the last one.
    fill_valid(qtbot, form, name_latin="Chan Sophea", phone="092 111 222")
    form.female.setChecked(True)
    with qtbot.waitSignal(form.saved):
        form.save()
    assert saved_count(desk) == 2


def test_ctrl_n_with_unsaved_input_asks_first(qtbot, form, monkeypatch):
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    asked = []

    def question(*args, **kwargs):
        asked.append(args)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClicks(form.name_latin, "Sok")

    qtbot.keyClick(form.name_latin, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.name_latin.text() == "Sok"  # cancelled: nothing lost

    qtbot.keyClick(form.name_latin, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.name_latin.text() == ""
    assert len(asked) == 2


# --- (f) likely duplicates --------------------------------------------------------------


def _first_registration(desk: Desk) -> dict[str, Any]:
    return registrations.register(
        desk,
        {
            "name_km": "កែវ សុភា",
            "name_latin": "Keo Sophea",
            "sex": "female",
            "age": "28",
            "phone": "012 345 678",
            "home_village_code": "12010101",
            "preferred_province_codes": ["12"],
            "sectors": ["garment"],
            "channel": "hotline_1297",
            "consent": True,
        },
    )


def _wait_for_dialog(qtbot, form: RegistrationForm) -> DuplicatesDialog:
    qtbot.waitUntil(
        lambda: form.duplicates_dialog is not None and form.duplicates_dialog.isVisible()
    )
    assert form.duplicates_dialog is not None
    return form.duplicates_dialog


def test_same_phone_opens_the_duplicate_warning_and_save_anyway_needs_a_reason(qtbot, form, desk):
    first = _first_registration(desk)
    fill_valid(qtbot, form)  # same phone, another person
    form.save()

    dialog = _wait_for_dialog(qtbot, form)
    assert saved_count(desk) == 1
    table = dialog.findChild(QWidget, "duplicatesTable")
    cells = [table.item(1, c).text() for c in range(table.columnCount())]
    assert first["registration_no"] in cells
    assert "Keo Sophea" in cells
    assert any("Same phone number" in cell for cell in cells)
    assert "Sok Dara" in [table.item(0, c).text() for c in range(table.columnCount())]

    save_anyway = dialog.findChild(QWidget, "saveAnyway")
    assert not save_anyway.isEnabled()  # no reason, no saving
    reason = dialog.findChild(QWidget, "overrideReason")
    qtbot.keyClicks(reason, "Sister's phone; different person")
    assert save_anyway.isEnabled()
    with qtbot.waitSignal(form.saved) as blocker:
        qtbot.mouseClick(save_anyway, Qt.MouseButton.LeftButton)

    assert saved_count(desk) == 2
    rec = registrations.get(desk, blocker.args[0]["id"])
    assert rec["duplicate_override_reason"] == "Sister's phone; different person"
    assert form.number_label.text() == rec["registration_no"]


def test_open_existing_asks_for_the_saved_record(qtbot, form, desk):
    first = _first_registration(desk)
    fill_valid(qtbot, form)
    form.save()
    dialog = _wait_for_dialog(qtbot, form)
    with qtbot.waitSignal(form.open_record_requested) as blocker:
        qtbot.mouseClick(dialog.findChild(QWidget, "openExisting"), Qt.MouseButton.LeftButton)
    assert blocker.args == [first["id"]]
    assert saved_count(desk) == 1


def test_cancel_in_the_duplicate_warning_saves_nothing(qtbot, form, desk):
    _first_registration(desk)
    fill_valid(qtbot, form)
    form.save()
    dialog = _wait_for_dialog(qtbot, form)
    qtbot.mouseClick(dialog.findChild(QWidget, "cancel"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.duplicates_dialog is None)
    assert saved_count(desk) == 1
    assert form.name_latin.text() == "Sok Dara"  # the entry is still there to correct


# --- (g) editing ------------------------------------------------------------------------


def test_editing_a_saved_record_stores_version_2(qtbot, form, desk):
    fill_valid(qtbot, form)
    with qtbot.waitSignal(form.saved) as first:
        form.save()
    original = registrations.get(desk, first.args[0]["id"])

    form.new_record()
    form.load_record(original)
    assert form.phone.text() == "012 345 678"  # shown as people write it
    form.salary.clear()
    qtbot.keyClicks(form.salary, "300")
    with qtbot.waitSignal(form.saved) as edited:
        qtbot.keyClick(form.salary, Qt.Key.Key_Return)

    assert edited.args[0]["version"] == 2
    stored = registrations.get(desk, original["id"])
    assert stored["version"] == 2
    assert stored["expected_salary_usd"] == 300
    assert stored["registration_no"] == original["registration_no"]
    assert saved_count(desk) == 1

    # Saving again with nothing changed makes no empty version.
    form.save()
    assert registrations.get(desk, original["id"])["version"] == 2


def test_a_correction_right_after_saving_edits_instead_of_registering_twice(qtbot, form, desk):
    fill_valid(qtbot, form)
    with qtbot.waitSignal(form.saved):
        form.save()
    form.name_latin.clear()
    qtbot.keyClicks(form.name_latin, "Sok Darra")
    with qtbot.waitSignal(form.saved) as blocker:
        form.save()
    assert blocker.args[0]["version"] == 2
    assert saved_count(desk) == 1


# --- language ---------------------------------------------------------------------------


def test_switching_language_keeps_everything_typed(qtbot, form):
    fill_valid(qtbot, form)
    before = form.values()
    form.set_language("en")
    assert form.values() == before
    # One name in the list (both do not fit its columns), both in the tooltip.
    assert form.provinces.item(0).text() == "Banteay Meanchey"
    assert form.provinces.item(0).toolTip() == "Banteay Meanchey / បន្ទាយមានជ័យ"
    form.set_language("km")
    assert form.values() == before


# --- village picker ---------------------------------------------------------------------


def test_village_picker_lists_children_and_round_trips_codes(qtbot):
    picker = VillagePicker(language="en")
    qtbot.addWidget(picker)
    province, district, commune, village = picker.combos()
    assert province.count() == 25
    assert district.count() == 0

    picker.set_code(VILLAGE)
    assert picker.code() == VILLAGE
    assert province.currentText() == "Kampong Speu / កំពង់ស្ពឺ"
    assert all(district.itemData(i).startswith("05") for i in range(district.count()))
    assert all(village.itemData(i).startswith("050201") for i in range(village.count()))

    picker.set_language("km")
    assert picker.code() == VILLAGE
    assert province.currentText() == "កំពង់ស្ពឺ / Kampong Speu"

    picker.set_code("")
    assert picker.code() == ""
    assert village.count() == 0


def test_village_picker_matches_khmer_or_english_text(qtbot):
    picker = VillagePicker()
    qtbot.addWidget(picker)
    picker.show()
    province = picker.combos()[0]
    province.setFocus()
    type_text(qtbot, province, "ស្ពឺ")  # part of the Khmer name
    qtbot.keyClick(province, Qt.Key.Key_Return)
    assert province.currentData() == "05"
    assert picker.combos()[1].count() > 0
    # Ambiguous text chooses nothing rather than guessing.
    picker.set_code("")
    qtbot.keyClicks(province, "Kampong")
    qtbot.keyClick(province, Qt.Key.Key_Return)
    assert province.currentIndex() == -1
    assert picker.code() == ""
    assert picker.combos()[1].count() == 0


def test_village_finder_lists_every_village_of_a_name_and_fills_the_four_boxes(qtbot):
    picker = VillagePicker(language="en")
    qtbot.addWidget(picker)
    picker.show()
    picker.finder.setFocus()
    qtbot.keyClicks(picker.finder, "Kouk Pnov")
    popup = picker.finder.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert len(shown) == 5  # five villages of that name, told apart by where they are
    assert all(text.startswith("Kouk Pnov / ") and " — " in text for text in shown)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    chosen = picker.code()
    assert len(chosen) == 8 and gazetteer().get(chosen).name_en == "Kouk Pnov"
    province, district, commune, village = picker.combos()
    assert (province.currentData(), district.currentData(), commune.currentData()) == (
        chosen[:2], chosen[:4], chosen[:6])
    assert picker.finder.text() == ""
    assert picker.finder.focusPolicy() == Qt.FocusPolicy.ClickFocus  # off the Tab chain

    fresh = VillagePicker(language="km")
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.finder.setFocus()
    type_text(qtbot, fresh.finder, "ក")  # the first Khmer letter already lists villages
    popup = fresh.finder.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() > 100


# --- numbers in the digits the officer chose ----------------------------------------------


@pytest.mark.parametrize(
    ("setting", "two", "one"), [("1", "២", "១"), ("0", "2", "1")], ids=["khmer", "latin"]
)
def test_chosen_counts_follow_the_khmer_digits_setting(qtbot, form, desk, setting, two, one):
    desk.set_setting("khmer_digits", setting)
    tick(qtbot, form.provinces, "05")
    tick(qtbot, form.provinces, "12")
    tick(qtbot, form.sectors, "construction")
    assert form._provinces_count.text() == form.tr("{count} chosen").format(count=two)
    assert form._sectors_count.text() == form.tr("{count} chosen").format(count=one)


def test_an_english_form_keeps_latin_digits_whatever_the_setting(qtbot, desk):
    desk.set_setting("khmer_digits", "1")
    english = RegistrationForm(desk, language="en")
    qtbot.addWidget(english)
    tick(qtbot, english.provinces, "05")
    tick(qtbot, english.provinces, "12")
    assert english._provinces_count.text() == english.tr("{count} chosen").format(count="2")


@pytest.mark.parametrize(
    ("setting", "cells"),
    [
        ("1", {"born": ("១២ មេសា ១៩៩៥", "៣១"), "age": ("២៨", "២០២៦"),
               "phone": "០១២ ៣៤៥ ៦៧៨", "created_on": "២៥ វិច្ឆិកា ២០២៦"}),
        ("0", {"born": ("12 មេសា 1995", "31"), "age": ("28", "2026"),
               "phone": "012 345 678", "created_on": "25 វិច្ឆិកា 2026"}),
    ],
    ids=["khmer", "latin"],
)
def test_duplicate_warning_writes_dates_ages_and_phones_in_the_chosen_digits(
        qtbot, form, desk, setting, cells):
    desk.set_setting("khmer_digits", setting)
    first = _first_registration(desk)  # an age, not a date of birth
    fill_valid(qtbot, form)  # born 12 April 1995, same phone
    form.save()
    dialog = _wait_for_dialog(qtbot, form)
    table = dialog.findChild(QWidget, "duplicatesTable")

    def cell(row: int, key: str) -> str:
        return table.item(row, COLUMNS.index(key)).text()

    born, age = cells["born"]
    assert cell(0, "born") == dialog.tr("{date} (age {age})").format(date=born, age=age)
    age, year = cells["age"]
    assert cell(1, "born") == dialog.tr("age {age} in {year}").format(age=age, year=year)
    assert cell(0, "phone") == cell(1, "phone") == cells["phone"]
    assert cell(1, "created_on") == cells["created_on"]
    # Registration numbers keep ASCII digits, as on the slip.
    assert cell(1, "registration_no") == first["registration_no"]
