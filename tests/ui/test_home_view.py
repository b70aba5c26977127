"""The home screen as an officer meets it: first after sign-in, its tiles counting what
was registered, withdrawn, refused and waiting, each tile opening its screen, and its
charts drawn with the bundled Khmer font."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QImage, QPainter

from app.fonts import khmer_family
from app.resources import khmer_font_path
from app.services import employers, officers, registrations
from app.services.desk import Desk
from app.store import meta, outbox
from app.store.connection import transaction
from app.ui import home_view
from app.ui.main_window import MainWindow
from tests.ui.driving import main_window, quiet_translator
from tests.ui.test_main_window import fill_form, save_form

# The suite's clock: Wednesday 25 November 2026, 10:00 in Phnom Penh.
MONDAY, LAST_WEEK = "2026-11-23", "2026-11-20"


@pytest.fixture
def english(desk: Desk) -> Desk:
    desk.set_setting("language", "en")  # as the English translator the tests run with
    return desk


@pytest.fixture
def window(qtbot, english: Desk) -> MainWindow:
    win = main_window(qtbot, english)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def number(window: MainWindow, key: str) -> str:
    return window.home.tile(key).number_label.text()


def made_on(desk: Desk, record_id: str, day: str) -> None:
    with transaction(desk.conn):
        desk.conn.execute("UPDATE registrations SET created_on = ? WHERE id = ?",
                          (day, record_id))


def test_home_is_the_first_screen_after_sign_in(qtbot, english):
    desk = english
    officers.sign_in(desk, "Sokha", "secret123")
    win = main_window(qtbot, desk)
    assert win.tabs.currentWidget() is win.home
    assert win.tabs.tabText(0) == "Home"
    assert win.home.heading.text() == "Today, 25 November 2026"
    assert number(win, home_view.TODAY) == "0"
    # The charts come just after the first show, without holding it up.
    qtbot.waitUntil(lambda: win.home.days_chart.renderer.isValid())


def test_tiles_count_what_is_registered_and_withdrawn(qtbot, window, desk, raw):
    window.show_register()
    fill_form(qtbot, window.form)
    today = save_form(qtbot, window)
    monday = registrations.register(desk, dict(raw, name_latin="Chan Thida", phone=None,
                                               duplicate_override_reason="test"))
    older = registrations.register(desk, dict(raw, name_latin="Keo Sophal", phone=None,
                                              duplicate_override_reason="test"))
    made_on(desk, monday["id"], MONDAY)
    made_on(desk, older["id"], LAST_WEEK)
    window.events.registrations_changed()
    window.show_home()
    assert number(window, home_view.TODAY) == "1"
    assert number(window, home_view.WEEK) == "2"
    assert number(window, home_view.WAITING) == "3"
    days = dict(window.home.figures.by_day)
    assert [days[d] for d in sorted(days)][-6:] == [1, 0, 0, 1, 0, 1]

    # Sent, then withdrawn: no longer counted, and the withdrawal waits to be sent.
    with transaction(desk.conn):
        outbox.mark_sent(desk.conn, [(r["id"], r["version"]) for r in (today, monday, older)])
    window.events.registrations_changed()
    assert number(window, home_view.WAITING) == "0"
    assert window.home.tile(home_view.WAITING).detail_label.text() == \
        "Everything is at headquarters"
    dialog = window.open_record(today["id"])
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.withdraw_dialog is not None)
    qtbot.keyClicks(dialog.withdraw_dialog.reason, "Registered twice")
    qtbot.mouseClick(dialog.withdraw_dialog.withdraw_button, Qt.MouseButton.LeftButton)
    dialog.close()
    assert number(window, home_view.TODAY) == "0"
    assert number(window, home_view.WEEK) == "1"
    assert number(window, home_view.WAITING) == "1"


def test_refusals_requests_and_last_sync_show_on_their_tiles(qtbot, window, desk, raw):
    from tests.test_employers_store import GARMENT

    rec = registrations.register(desk, raw)
    employers.record_request(desk, GARMENT)
    refusal = [{"field": "expected_salary_usd", "rule": "out_of_range", "params": {}}]
    with transaction(desk.conn):
        assert outbox.quarantine(desk.conn, rec["id"], rec["version"], refusal,
                                 "2026-11-25T02:00:00Z")
        meta.put(desk.conn, "sync.token", "x")
        meta.put(desk.conn, "sync.last_success", "2026-11-25T01:30:00Z")
        meta.put(desk.conn, "sync.last_error", '{"code": "unreachable", "detail": "",'
                 ' "at": "2026-11-25T02:45:00Z"}')
    window.events.registrations_changed()
    assert number(window, home_view.TO_FIX) == "1"
    assert window.home.tile(home_view.TO_FIX).property("alert") is True
    assert number(window, home_view.EMPLOYERS) == "1"
    assert window.home.tile(home_view.EMPLOYERS).detail_label.text() == \
        "30 workers still wanted"
    sync_tile = window.home.tile(home_view.SYNC)
    assert number(window, home_view.SYNC) == "08:30"  # Phnom Penh time, today
    assert sync_tile.detail_label.text().startswith("Failed at 09:45: ")
    assert sync_tile.property("alert") is True


@pytest.mark.parametrize(("key", "screen"), [
    (home_view.TODAY, "list_view"), (home_view.WEEK, "list_view"),
    (home_view.WAITING, "list_view"), (home_view.TO_FIX, "quarantine"),
    (home_view.EMPLOYERS, "employers"), (home_view.TRAINING, "training"),
    (home_view.INBOX, "inbox"),
])
def test_clicking_a_tile_opens_its_screen(qtbot, window, key, screen):
    qtbot.mouseClick(window.home.tile(key), Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is getattr(window, screen)
    window.show_home()
    assert window.tabs.currentWidget() is window.home


def test_new_registration_button_and_ctrl_h(qtbot, window):
    qtbot.mouseClick(window.home.new_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.form
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.home


def test_a_desk_not_enrolled_sends_the_sync_tile_to_settings(qtbot, window):
    assert number(window, home_view.SYNC) == "Not set up"
    qtbot.mouseClick(window.home.tile(home_view.SYNC), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.settings_dialog is not None
                    and window.settings_dialog.isVisible())
    window.settings_dialog.reject()


def _svg_families(svg: bytes) -> set[str]:
    return {f.strip("'\" ") for f in re.findall(rb"font-family:([^;}]+)", svg)
            for f in [f.decode()]}


def test_charts_draw_khmer_labels_in_the_bundled_font(qtbot, desk, raw):
    registrations.register(desk, dict(raw, sectors=["construction", "garment"]))
    desk.set_setting("language", "km")
    quiet_translator("km")
    win = main_window(qtbot, desk)
    home = win.home
    qtbot.waitUntil(lambda: home.sectors_chart.renderer.isValid())
    svg = home.sectors_chart.svg
    assert "សំណង់".encode() in svg  # construction, in Khmer
    # Every text of the chart asks for the font the app registered from its own file.
    family = khmer_family()
    assert _svg_families(svg) == {family}
    font_id = QFontDatabase.addApplicationFont(str(khmer_font_path()))
    assert family in QFontDatabase.applicationFontFamilies(font_id)
    assert home.heading.text() == "ថ្ងៃនេះ 25 វិច្ឆិកា 2026"
    assert home.tile(home_view.TODAY).caption_label.text() == "បានចុះឈ្មោះថ្ងៃនេះ"
    # The chart draws something: not a blank white picture.
    image = QImage(320, 170, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    home.sectors_chart.renderer.render(painter)
    painter.end()
    assert any(image.pixelColor(x, y) != QColor("white")
               for x in range(0, 320, 4) for y in range(0, 170, 4))
