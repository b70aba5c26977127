"""The registrations list: paging model, search box, filters, keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.services import demo, registrations
from app.services.desk import Desk
from app.ui.events import AppEvents
from app.ui.registrations_model import (
    CACHE_PAGES,
    COLUMNS,
    PAGE_SIZE,
    WITHDRAWN_ROLE,
    RegistrationsModel,
)
from app.ui.registrations_view import RegistrationsView


def person(raw: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return dict(raw) | changes


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def view(qtbot, desk: Desk, events: AppEvents) -> RegistrationsView:
    widget = RegistrationsView(desk, events)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def three(desk: Desk, raw: dict[str, Any]) -> list[dict[str, Any]]:
    """Three unlike people, saved oldest first."""
    return [
        registrations.register(desk, raw),
        registrations.register(desk, person(
            raw, name_km="ចាន់ សុភា", name_latin="Chan Sophea", sex="female",
            phone="092 111 222", date_of_birth="1990-01-20", sectors=["garment"],
            preferred_province_codes=["12"],
        )),
        registrations.register(desk, person(
            raw, name_km="ហេង វាសនា", name_latin="Heng Veasna", phone="+855 77 333 444",
            date_of_birth="1988-06-02", sectors=["agriculture", "construction"],
            preferred_province_codes=["05"],
        )),
    ]


def search(qtbot, view: RegistrationsView, text: str) -> None:
    view.search.clear()
    view.search.setText(text)
    qtbot.waitUntil(lambda: view.model.filter().query is not None or not text.strip())
    # The debounce timer has fired once the filter holds the query.
    qtbot.waitUntil(lambda: not view._search_timer.isActive())


def shown_ids(view: RegistrationsView) -> list[str]:
    return [view.model.record_id(r) for r in range(view.model.rowCount())]


def test_model_at_5000_rows_fetches_only_the_pages_it_shows(qtbot, desk):
    demo.generate(desk, 5000, seed=7)
    model = RegistrationsModel(desk)
    from PySide6.QtWidgets import QTableView

    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(1200, 600)
    table.show()
    qtbot.waitExposed(table)
    assert model.rowCount() == 5000
    qtbot.waitUntil(lambda: model.page_fetches >= 1)
    qtbot.wait(50)
    assert model.page_fetches == 1  # the first screenful lies within the first page

    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.page_fetches >= 2)
    qtbot.wait(50)
    # The last screenful may straddle two pages; nothing in between was read.
    assert model.page_fetches <= 3
    last = model.row_values(4999)
    oldest = registrations.page(desk, registrations.list_filter(), 4999, 1)[0]
    assert last is not None and last["id"] == oldest["id"]

    # Jumping about never keeps more than the cache's worth of pages.
    for row in range(0, 5000, PAGE_SIZE):
        model.data(model.index(row, 0))
    assert model.page_fetches <= 3 + 5000 // PAGE_SIZE
    assert len(model._pages) <= CACHE_PAGES


def test_keyset_pages_show_the_same_rows_as_reading_the_whole_list(desk):
    """Pages are read from the nearest known page or from either end of the list by row
    id; whatever order rows are visited in, each shows the record that reading the
    whole list in order puts there, with or without a filter."""
    demo.generate(desk, 300, seed=4)
    statements: list[str] = []
    desk.conn.set_trace_callback(statements.append)
    for chosen in (registrations.list_filter(), registrations.list_filter(sex="female")):
        model = RegistrationsModel(desk, page_size=16, cache_pages=2)
        model.set_filter(chosen)
        expected = [r["id"] for r in registrations.page(desk, chosen, 0, 1000)]
        assert model.rowCount() == len(expected) > 100
        statements.clear()
        last = len(expected) - 1
        assert model.record_id(last) == expected[last]  # the end, read from the bottom
        jump = [s for s in statements if "LIMIT" in s]
        assert len(jump) == 1 and "ORDER BY rid ASC" in jump[0] and "OFFSET 0" in jump[0]
        order = [last - 1, last - 20, 0, 1, 17, 40, len(expected) // 2, 5, last - 3, 99]
        order += list(range(len(expected)))[::7]
        for row in order:
            assert model.record_id(row) == expected[row], row
        statements.clear()
        model.record_id(last - 16 * 3)  # its neighbour page has left the cache, not its ids
        walk = [s for s in statements if "LIMIT" in s]
        assert len(walk) == 1 and ("rid < " in walk[0] or "rid > " in walk[0])
    desk.conn.set_trace_callback(None)


def test_rows_show_people_in_words(desk, three):
    model = RegistrationsModel(desk, language="km")
    texts = {key: model.data(model.index(2, i)) for i, key in enumerate(COLUMNS)}
    first = three[0]  # newest first: the first saved is the last row
    assert texts["registration_no"] == first["registration_no"]
    assert texts["name_km"] == "សុខ ដារ៉ា"
    assert texts["sex"] == "Male"
    assert texts["age"] == "31"  # born 1995-04-12, the suite's clock is 2026-11-25
    assert texts["phone"] == "012 345 678"
    assert texts["village"]  # a Khmer village name, not the code
    assert not texts["village"].isdigit()
    assert texts["sectors"] == "សំណង់"
    assert texts["created_on"] == "25 វិច្ឆិកា 2026"
    assert texts["sync_state"] == "Waiting to send"

    model.set_display("km", True)
    assert model.data(model.index(2, COLUMNS.index("age"))) == "៣១"
    assert model.data(model.index(2, COLUMNS.index("phone"))) == "០១២ ៣៤៥ ៦៧៨"
    # Registration numbers are never shown in Khmer digits.
    assert model.data(model.index(2, 0)) == first["registration_no"]


def test_withdrawn_rows_are_grey_and_struck_through(desk, three):
    registrations.withdraw(desk, three[1]["id"], "Registered twice", expected_version=1)
    model = RegistrationsModel(desk)
    model.set_filter(registrations.list_filter(include_withdrawn=True))
    row = shown_ids_model(model).index(three[1]["id"])
    index = model.index(row, 1)
    assert model.data(index, WITHDRAWN_ROLE) is True
    assert model.data(index, Qt.ItemDataRole.FontRole).strikeOut()
    assert isinstance(model.data(index, Qt.ItemDataRole.ForegroundRole), QColor)
    other = model.index((row + 1) % 3, 1)
    assert model.data(other, Qt.ItemDataRole.FontRole) is None


def shown_ids_model(model: RegistrationsModel) -> list[str]:
    return [model.record_id(r) for r in range(model.rowCount())]


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("ដារ", 0),  # part of a Khmer name
        ("sophea", 1),  # part of a Latin name, any case
        ("VEASNA", 2),
        ("012345678", 0),  # a phone as typed locally, no spaces
        ("+855 92 111 222", 1),  # a phone in international form
        ("០៧៧ ៣៣៣ ៤៤៤", 2),  # a phone in Khmer digits
    ],
)
def test_search_box_finds_by_name_part_and_phone(qtbot, three, view, query, who):
    search(qtbot, view, query)
    qtbot.waitUntil(lambda: shown_ids(view) == [three[who]["id"]])
    assert view.count_label.text() == "1 registration"


def test_search_box_finds_a_registration_number_with_or_without_dashes(qtbot, three, view):
    number = three[1]["registration_no"]
    for typed in (number, number.replace("-", ""), number.lower()):
        search(qtbot, view, typed)
        qtbot.waitUntil(lambda: shown_ids(view) == [three[1]["id"]])


def test_typing_searches_once_after_a_pause(qtbot, three, view):
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    qtbot.keyClicks(view.search, "sok dara")
    assert resets == []  # nothing yet: the officer is still typing
    qtbot.waitUntil(lambda: len(resets) == 1)
    qtbot.wait(250)
    assert len(resets) == 1
    assert shown_ids(view) == [three[0]["id"]]


def test_filters_narrow_the_list(qtbot, three, desk, view):
    assert view.model.total() == 3
    view.sex.setCurrentIndex(view.sex.findData("female"))
    view.apply_filter()
    assert shown_ids(view) == [three[1]["id"]]

    view.clear_filters()
    view.sector.setCurrentIndex(view.sector.findData("construction"))
    view.apply_filter()
    assert shown_ids(view) == [three[2]["id"], three[0]["id"]]

    view.clear_filters()
    view.province.setCurrentIndex(view.province.findData("12"))
    view.apply_filter()
    assert set(shown_ids(view)) == {three[0]["id"], three[1]["id"]}

    view.clear_filters()
    view.sync_state.setCurrentIndex(view.sync_state.findData("sent"))
    view.apply_filter()
    assert view.model.total() == 0
    assert view.count_label.text() == "0 registrations"


def test_date_filter_reads_day_first_dates_and_marks_nonsense(qtbot, three, view):
    qtbot.keyClicks(view.date_from, "26/11/2026")
    view.apply_filter()
    assert view.model.total() == 0  # every record was made on 25 November
    view.date_from.clear()
    qtbot.keyClicks(view.date_from, "25/11/2026")
    qtbot.keyClicks(view.date_to, "25.11.2026")
    view.apply_filter()
    assert view.model.total() == 3
    view.date_to.clear()
    qtbot.keyClicks(view.date_to, "31/02/2026")
    assert view.date_to.property("invalid") is True
    view.apply_filter()
    assert view.model.total() == 3  # a date that does not exist filters nothing


def test_withdrawn_records_are_hidden_until_asked_for(qtbot, three, desk, events, view):
    registrations.withdraw(desk, three[0]["id"], "Found a job", expected_version=1)
    events.registrations_changed()
    assert not view.show_withdrawn.isChecked()
    assert three[0]["id"] not in shown_ids(view)
    assert view.model.total() == 2
    qtbot.mouseClick(view.show_withdrawn, Qt.MouseButton.LeftButton)
    assert view.show_withdrawn.isChecked()
    assert three[0]["id"] in shown_ids(view)
    assert view.model.total() == 3


def test_change_signal_refreshes_the_list_and_keeps_the_selection(qtbot, three, view, desk,
                                                                  events, raw):
    view.table.selectRow(1)
    selected = view.model.record_id(1)
    registrations.register(desk, person(
        raw, name_km="គឹម ធីតា", name_latin="Kim Thida", sex="female", phone="010 222 333",
        date_of_birth="2000-02-02",
    ))
    events.registrations_changed()
    assert view.model.total() == 4
    assert view.count_label.text() == "4 registrations"
    assert view.model.record_id(view.table.currentIndex().row()) == selected


def test_enter_and_double_click_open_the_record(qtbot, three, view):
    view.table.setFocus()
    view.table.selectRow(1)
    with qtbot.waitSignal(view.open_record) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [three[1]["id"]]
    rect = view.table.visualRect(view.model.index(2, 1))
    with qtbot.waitSignal(view.open_record) as opened:
        # A double click is a press and release followed by a second press: the view
        # opens only what the first press hit.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [three[0]["id"]]


def test_down_from_the_search_box_goes_into_the_list(qtbot, three, view):
    view.focus_search()
    qtbot.keyClicks(view.search, "a")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    assert view.table.currentIndex().row() == 0


def test_a_name_typed_in_another_order_lists_the_person(qtbot, three, view):
    search(qtbot, view, "Veasna Heng")
    qtbot.waitUntil(lambda: shown_ids(view) == [three[2]["id"]])
    assert not view.empty_hint.isVisible()


def test_an_empty_result_says_so_and_offers_the_closest_names(qtbot, three, view):
    search(qtbot, view, "Veasxq")
    qtbot.waitUntil(lambda: view.empty_hint.isVisible())
    assert view.model.total() == 0
    assert view.empty_hint.text() == "No one found for “Veasxq”. Closest names: Veasna"
    search(qtbot, view, "sophea")
    qtbot.waitUntil(lambda: not view.empty_hint.isVisible())


def test_the_empty_result_hint_in_khmer(qtbot, three, view):
    from tests.ui.driving import quiet_translator

    quiet_translator("km")
    search(qtbot, view, "វាសនុក")
    qtbot.waitUntil(lambda: view.empty_hint.isVisible())
    assert view.empty_hint.text() == (
        "រកមិនឃើញនរណាម្នាក់សម្រាប់ «វាសនុក» ទេ។ ឈ្មោះដែលជិតបំផុត៖ វាសនា")
