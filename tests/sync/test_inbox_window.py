"""The Inbox in the real window, against a real headquarters: the officer sees the QR
submissions (tab and status bar count), accepts one into the registration form, corrects
it after the call, saves and prints the slip; a second desk is told in words who took
it; turning down asks for a reason. Screenshots (JOBCENTRE_SCREENSHOTS=folder) at
1366x768 in English and Khmer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.services import employers  # noqa: E402
from app.services import registrations as regs  # noqa: E402
from app.services import sync as sync_service  # noqa: E402
from app.services.desk import Desk  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from sync import protocol as p  # noqa: E402
from sync.server import qr_submissions as qs  # noqa: E402
from tests.conftest import OFFICE  # noqa: E402
from tests.sync.conftest import LiveServer, enrolled  # noqa: E402
from tests.sync.test_qr_api import employer, returnee  # noqa: E402
from tests.ui.driving import main_window, quiet_translator, type_text  # noqa: E402

SHOTS = os.environ.get("JOBCENTRE_SCREENSHOTS")
NOW = datetime.now(UTC)

pytestmark = pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def english_source_text() -> Iterator[None]:
    """Each test starts and ends in the source language, whatever ran before."""
    from app import i18n

    quiet_translator(i18n.SOURCE_LANGUAGE)
    yield
    quiet_translator(i18n.SOURCE_LANGUAGE)


def shoot(widget: Any, name: str) -> None:
    if SHOTS:
        for _ in range(3):
            QApplication.processEvents()
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def submit(hq: LiveServer, **changes: Any) -> str:
    made, errors = qs.submit_registration(hq.engine, returnee(**changes), now=NOW)
    assert not errors and made is not None
    return made.ref


def inbox_window(qtbot, desk: Desk, language: str = "en") -> MainWindow:  # noqa: ANN001
    desk.set_setting("language", language)
    window = main_window(qtbot, desk)
    window.show_inbox()
    return window


def select(qtbot, window: MainWindow, ref: str) -> None:  # noqa: ANN001
    window.inbox.select(ref)
    assert window.inbox.selected_ref() == ref


def test_officer_accepts_corrects_saves_and_prints(qtbot, hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    ref = submit(hq)
    employer_ref = qs.submit_employer_request(hq.engine, employer(), now=NOW)[0].ref
    sync_service.run(desk.data_dir)
    window = inbox_window(qtbot, desk)
    view = window.inbox
    assert window.tabs.tabText(window.INBOX) == "Inbox (2)"
    assert window.status.inbox_label.text() == "QR inbox: 2"
    row = {view.table.item(r, 0).text(): r for r in range(view.table.rowCount())}
    assert view.table.item(row[ref], 1).text() == "សុខ ដារ៉ា / Sok Dara"
    assert view.table.item(row[ref], 2).text() == "012 345 678"
    assert "Angkor Bricks Co." in view.table.item(row[employer_ref], 1).text()
    select(qtbot, window, ref)
    shoot(window, "inbox-en")

    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.accept_dialog is not None and view.accept_dialog.isVisible(),
                    timeout=10_000)
    dialog = view.accept_dialog
    form = dialog.form
    assert form.name_km.text() == "សុខ ដារ៉ា" and form.phone.text() == "012 345 678"
    assert form.channel.currentData() == "qr" and form.consent.isChecked()
    shoot(dialog, "inbox-accept-en")

    # On the call the returnee gives the real age; the officer first mistypes it.
    form.age.clear()
    type_text(qtbot, form.age, "12")
    assert form.save() is None
    assert "between 15 and 70" in form._fields["age"].error.text()
    assert regs.count(desk, regs.list_filter()) == 0
    view.refresh()
    row = {view.table.item(r, 0).text(): r for r in range(view.table.rowCount())}
    assert view.table.item(row[ref], 5).text() == "Taken by this desk: save the record to finish"
    assert view.table.item(row[employer_ref], 5).text() == "Waiting"

    form.age.clear()
    type_text(qtbot, form.age, "31")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    rec = saved.args[0]
    assert rec["channel"] == "qr" and rec["age"] == 31
    assert rec["registration_no"].startswith(OFFICE + "-")
    assert form.number_label.text() == rec["registration_no"]
    assert view.message.text() == f"Saved. Registration number {rec['registration_no']}"
    assert window.tabs.tabText(window.INBOX) == "Inbox (1)"
    assert window.status.inbox_label.text() == "QR inbox: 1"

    with qtbot.waitSignal(window.print_requested) as printed:
        qtbot.mouseClick(form.print_button, Qt.MouseButton.LeftButton)
    assert printed.args[0]["registration_no"] == rec["registration_no"]
    qtbot.waitUntil(lambda: window.printing.preview_dialog is not None)
    window.printing.preview_dialog.reject()
    dialog.close()

    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 1
    held = [r for r in hq.export() if r["id"] == rec["id"]]
    assert len(held) == 1 and held[0]["channel"] == "qr" and held[0]["age"] == 31


def test_a_second_desk_is_told_who_took_it_in_words(qtbot, hq: LiveServer, make_desk) -> None:
    first = enrolled(make_desk("first"), hq.url, hq.code())
    second = enrolled(make_desk("second"), hq.url, hq.code())
    ref = submit(hq)
    for desk in (first, second):
        sync_service.run(desk.data_dir)
    from app.services import inbox

    inbox.accept(first, ref)
    window = inbox_window(qtbot, second)
    view = window.inbox
    assert view.count() == 1  # this desk has not pulled since
    select(qtbot, window, ref)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    expected = f"Already taken by another desk: district {OFFICE} (laptop {first.device_tag})"
    qtbot.waitUntil(lambda: view.message.text() == expected, timeout=10_000)
    assert view.accept_dialog is None
    assert view.count() == 0 and window.tabs.tabText(window.INBOX) == "Inbox"
    assert not window.status.inbox_label.isVisible()
    shoot(window, "inbox-taken-elsewhere-en")


def test_turning_down_asks_for_a_reason(qtbot, hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    ref = submit(hq)
    sync_service.run(desk.data_dir)
    window = inbox_window(qtbot, desk)
    view = window.inbox
    select(qtbot, window, ref)
    qtbot.mouseClick(view.decline_button, Qt.MouseButton.LeftButton)
    dialog = view.decline_dialog
    qtbot.waitUntil(dialog.isVisible)
    ok = dialog.ok_button
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "Give a reason"
    type_text(qtbot, dialog.text, "Called three times, the number is not in service")
    shoot(dialog, "inbox-decline-en")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text() == f"Turned down {ref}.", timeout=10_000)
    assert view.count() == 0
    assert qs.get(hq.engine, ref)["data"]["decline_reason"] == (
        "Called three times, the number is not in service")


def test_offline_accept_says_a_connection_is_needed(qtbot, hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    ref = submit(hq)
    sync_service.run(desk.data_dir)
    hq.stop()
    window = inbox_window(qtbot, desk)
    view = window.inbox
    select(qtbot, window, ref)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text().startswith(
        "Accepting or turning down needs a connection to headquarters: "), timeout=20_000)
    assert view.accept_dialog is None and view.count() == 1
    assert regs.count(desk, regs.list_filter()) == 0


def test_the_inbox_in_khmer(qtbot, hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    ref = submit(hq)
    sync_service.run(desk.data_dir)
    quiet_translator("km")
    window = inbox_window(qtbot, desk, "km")
    view = window.inbox
    assert window.tabs.tabText(window.INBOX) == "ប្រអប់ទទួល (1)"
    assert view.accept_button.text() == "ទទួលយក…"
    assert window.status.inbox_label.text() == "ប្រអប់ QR៖ 1"
    select(qtbot, window, ref)
    shoot(window, "inbox-km")
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.accept_dialog is not None and view.accept_dialog.isVisible(),
                    timeout=10_000)
    assert view.accept_dialog.intro.text().startswith("បានផ្ញើពីទំព័រ QR")
    shoot(view.accept_dialog, "inbox-accept-km")
    view.accept_dialog.close()


def test_an_employer_submission_opens_the_request_form(qtbot, hq: LiveServer,
                                                       make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    ref = qs.submit_employer_request(hq.engine, employer(), now=NOW)[0].ref
    sync_service.run(desk.data_dir)
    window = inbox_window(qtbot, desk)
    view = window.inbox
    select(qtbot, window, ref)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.accept_dialog is not None and view.accept_dialog.isVisible(),
                    timeout=10_000)
    dialog = view.accept_dialog
    form = dialog.form
    assert form.employer_name.text() == "Angkor Bricks Co."
    assert form.workers_needed.value() == 12 and form.salary.value() == 320
    shoot(dialog, "inbox-accept-employer-en")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    request = saved.args[0]
    assert request["status"] == "open" and request["device_id"] == desk.device_id
    assert view.message.text() == "Saved the employer request."
    assert view.count() == 0
    assert [r["id"] for r in employers.list_requests(desk)] == [request["id"]]


def test_a_submission_taken_here_is_finished_without_a_connection(
        qtbot, hq: LiveServer, make_desk) -> None:
    from app.services import inbox

    desk = enrolled(make_desk(), hq.url, hq.code())
    ref = submit(hq)
    sync_service.run(desk.data_dir)
    inbox.take(desk, ref)  # taken yesterday; the save did not happen
    hq.stop()
    window = inbox_window(qtbot, desk)
    view = window.inbox
    select(qtbot, window, ref)
    assert view.table.item(0, 5).text() == "Taken by this desk: save the record to finish"
    assert view.accept_button.isEnabled() and not view.decline_button.isEnabled()
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.accept_dialog is not None and view.accept_dialog.isVisible())
    with qtbot.waitSignal(view.accept_dialog.saved) as saved:
        qtbot.mouseClick(view.accept_dialog.form.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0]["channel"] == "qr" and view.count() == 0
