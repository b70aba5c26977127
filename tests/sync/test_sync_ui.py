"""The window's sync pieces: the controller keeps the event loop running while a sync
hangs, starts by itself when headquarters comes back, and the quarantine view shows
refusals in words and sends fixed records again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QLabel, QMainWindow, QStatusBar  # noqa: E402

from app.services import registrations  # noqa: E402
from app.services import sync as sync_service  # noqa: E402
from app.store.connection import transaction  # noqa: E402
from app.ui.quarantine_view import QuarantineView  # noqa: E402
from app.ui.sync_controller import SyncController, bind_status_label, status_text  # noqa: E402
from tests.sync.conftest import HANG_READ_TIMEOUT, LiveServer, enrolled  # noqa: E402
from tests.sync.fault_proxy import FaultProxy  # noqa: E402
from tests.sync.test_end_to_end import register_some  # noqa: E402
from tests.ui.driving import main_window, quiet_translator  # noqa: E402

SHOTS = os.environ.get("JOBCENTRE_SCREENSHOTS")  # a folder: save what the officer sees


def shoot(widget, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        from PySide6.QtWidgets import QApplication

        for _ in range(3):  # let the status bar lay out its new text first
            QApplication.processEvents()
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def status_window(controller: SyncController) -> QMainWindow:
    window = QMainWindow()
    bar = QStatusBar(window)
    label = QLabel(bar)
    bar.addPermanentWidget(label)
    window.setStatusBar(bar)
    window.resize(900, 60)
    bind_status_label(controller, label)
    window.show()
    return window


@pytest.fixture
def proxy(hq: LiveServer):
    proxy = FaultProxy(hq.port).start()
    yield proxy
    proxy.stop()


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_window_keeps_running_while_a_sync_hangs(qtbot, hq: LiveServer, proxy: FaultProxy,
                                                 make_desk, raw) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    desk.set_setting("sync.read_timeout", HANG_READ_TIMEOUT)
    desk.set_setting("sync.give_up_after", "3")
    register_some(desk, raw, 3)
    proxy.add("/v1/push", "hang", times=100)
    controller = SyncController(desk, probe_every_ms=60_000, sync_every_ms=600_000)
    window = status_window(controller)
    ticks: list[float] = []
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    # The first probe finds headquarters reachable, so the sync starts by itself.
    with qtbot.waitSignal(controller.syncStarted, timeout=5000):
        controller.start()
    qtbot.wait(300)
    shoot(window, "status-sending")
    with qtbot.waitSignal(controller.syncFinished, timeout=15000) as finished:
        pass
    timer.stop()
    ok, words = finished.args
    assert not ok and "Gave up" in words
    # The event loop ran all along: no gap between ticks longer than a fraction of the
    # time the sync hung.
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 20 and max(gaps) < 0.5
    text, _, level = status_text(controller.status())
    assert level in ("warn", "error") and "3 waiting" in text
    shoot(window, "status-gave-up")
    controller.stop()
    window.close()


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_sync_starts_by_itself_when_headquarters_comes_back(
        qtbot, hq: LiveServer, proxy: FaultProxy, make_desk, raw) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    register_some(desk, raw, 4)
    proxy.add("/v1/health", "status_500", times=1)  # away at first
    controller = SyncController(desk, probe_every_ms=200, sync_every_ms=600_000)
    window = status_window(controller)
    with qtbot.waitSignal(controller.syncFinished, timeout=10000) as finished:
        controller.start()
    assert finished.args[0] is True
    assert registrations.sync_counts(desk) == {"pending": 0, "sent": 4, "quarantined": 0}
    text, tip, level = status_text(controller.status())
    assert level == "ok" and "4 sent" in text and "Last sent" in tip
    shoot(window, "status-all-sent")
    controller.stop()
    window.close()


def test_status_bar_states(qtbot, make_desk, raw) -> None:
    desk = make_desk()
    controller = SyncController(desk)
    window = status_window(controller)
    assert "Not connected" in status_text(controller.status())[0]
    shoot(window, "status-not-enrolled")
    with transaction(desk.conn):
        from app.store import meta

        meta.put(desk.conn, "sync.token", "x")
        meta.put(desk.conn, "sync.server_url", "https://hq.example.gov.kh")
        meta.put(desk.conn, "sync.last_error",
                 '{"code": "revoked", "detail": "", "at": "2026-11-25T03:00:00Z"}')
        meta.put(desk.conn, "sync.clock_offset_s", "-1800")
    register_some(desk, raw, 2)
    controller.refresh()
    text, tip, level = status_text(controller.status())
    assert level == "error" and "blocked" in text and "clock" in tip
    shoot(window, "status-revoked-clock")
    window.close()


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_quarantine_view_explains_and_resends(qtbot, hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    saved = register_some(desk, raw, 3)
    from tests.sync.test_outbox import corrupt

    corrupt(desk, saved[0]["id"], expected_salary_usd=99999)
    corrupt(desk, saved[1]["id"], name_km="abc")
    sync_service.run(desk.data_dir)
    view = QuarantineView(desk)
    qtbot.addWidget(view)
    view.resize(900, 520)
    view.show()
    assert view.refused.rowCount() == 2
    reasons = {view.refused.item(r, 2).text() for r in range(2)}
    assert any("5000" in r for r in reasons)
    assert any("Khmer" in r for r in reasons)
    shoot(view, "quarantine-view")

    opened: list[str] = []
    view.openRecord.connect(opened.append)
    view.refused.selectRow(0)
    assert view.resend_button.isEnabled() and not view.renumber_button.isEnabled()
    view.open_button.click()
    assert opened == [view.refused.item(0, 0).data(256)]
    corrupt(desk, saved[0]["id"], expected_salary_usd=300)
    corrupt(desk, saved[1]["id"], name_km="សុខ ដារ៉ា")
    with qtbot.waitSignal(view.changed):
        view.resend_button.click()
    view.refused.selectRow(0)
    view.resend_button.click()
    assert view.refused.rowCount() == 0
    assert sync_service.run(desk.data_dir).counts["stored"] == 2
    view.refresh()
    shoot(view, "quarantine-empty")


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_headquarters_tab_enrols_without_blocking(qtbot, hq: LiveServer, make_desk) -> None:
    from app.ui.sync_settings import HeadquartersTab

    desk = make_desk()
    controller = SyncController(desk, probe_every_ms=60_000, sync_every_ms=600_000)
    controller.start()
    tab = HeadquartersTab(desk, controller)
    qtbot.addWidget(tab)
    tab.resize(640, 300)
    tab.show()
    assert "not enrolled" in tab.state_label.text()
    shoot(tab, "settings-not-enrolled")
    tab.server_edit.setText("http://hq.example.gov.kh")
    tab.code_edit.setText("AAAA-BBBB-CCCC")
    tab.enrol_button.click()
    assert "https" in tab.message.text()  # plain http to another computer is refused
    tab.server_edit.setText(hq.url)
    tab.code_edit.setText("AAAA-BBBB-CCCC")
    with qtbot.waitSignal(controller.enrolFinished, timeout=10000) as done:
        tab.enrol_button.click()
    assert done.args[0] is False and "refused" in tab.message.text().lower()
    tab.code_edit.setText(hq.code())
    with qtbot.waitSignal(controller.enrolFinished, timeout=10000) as done:
        tab.enrol_button.click()
    assert done.args[0] is True
    assert desk.device_tag in tab.state_label.text()
    shoot(tab, "settings-enrolled")
    controller.stop()


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_conflict_shows_both_copies_and_the_choice_is_sent(qtbot, hq: LiveServer, make_desk,
                                                           raw, monkeypatch) -> None:
    from app.ui.quarantine_view import ConflictDialog
    from sync import protocol as p
    from tests.sync.test_outbox import edit_notes, hq_push

    desk = enrolled(make_desk(), hq.url, hq.code())
    [rec] = register_some(desk, raw, 1)
    sync_service.run(desk.data_dir)
    theirs = p.wire_registration(dict(registrations.get(desk, rec["id"]), version=2,
                                      notes="ឈ្មោះត្រូវបានកែនៅការិយាល័យកណ្តាល"))
    hq_push(hq, desk, [theirs])
    edit_notes(desk, rec["id"], "changed on this laptop")
    sync_service.run(desk.data_dir)
    view = QuarantineView(desk)
    qtbot.addWidget(view)
    view.resize(900, 520)
    view.show()
    assert view.conflicts.rowCount() == 1
    shoot(view, "quarantine-conflict")
    dialog = ConflictDialog(desk, rec["id"], view)
    dialog.show()
    shoot(dialog, "conflict-dialog")
    notes_row = [r for r in range(dialog.table.rowCount())
                 if dialog.table.item(r, 0).text() == "Notes"][0]
    assert dialog.table.item(notes_row, 2).text().startswith("ឈ្មោះ")
    assert dialog.table.item(notes_row, 1).font().bold()
    dialog.close()
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: self._choose("hq") or 1)
    view.conflicts.selectRow(0)
    with qtbot.waitSignal(view.changed):
        view.compare_button.click()
    assert view.conflicts.rowCount() == 0
    sync_service.run(desk.data_dir)
    assert {r["id"]: r["version"] for r in hq.export()} == {rec["id"]: 3}


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_closing_the_window_during_a_hung_sync_is_prompt(qtbot, hq: LiveServer,
                                                         proxy: FaultProxy, make_desk,
                                                         raw) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    desk.set_setting("sync.read_timeout", "30")  # a request that would hang for long
    desk.set_setting("sync.give_up_after", "60")
    register_some(desk, raw, 3)
    proxy.add("/v1/push", "hang", times=100)
    controller = SyncController(desk, probe_every_ms=60_000, sync_every_ms=600_000)
    with qtbot.waitSignal(controller.syncStarted, timeout=5000):
        controller.start()
    qtbot.wait(500)
    started = time.monotonic()
    controller.stop()
    assert time.monotonic() - started < 2
    assert not controller._thread.isRunning()
    assert registrations.sync_counts(desk)["pending"] == 3


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_main_window_sends_on_f5_and_lists_refusals_to_fix(qtbot, hq: LiveServer, make_desk,
                                                          raw) -> None:
    from PySide6.QtCore import Qt

    from tests.sync.test_outbox import corrupt

    desk = enrolled(make_desk(), hq.url, hq.code())
    saved = register_some(desk, raw, 3)
    corrupt(desk, saved[0]["id"], expected_salary_usd=99999)
    window = main_window(qtbot, desk)
    window.sync.start()
    try:
        with qtbot.waitSignal(window.sync.syncFinished, timeout=20_000):
            qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: hq.count() == 2, timeout=10_000)
        qtbot.waitUntil(lambda: window.tabs.tabText(window.REFUSED).endswith("(1)"))
        assert window.status.sync_label.isVisible()
        assert window.quarantine.refused.rowCount() == 1
        assert registrations.sync_counts(desk)["sent"] == 2
        settings = window.open_settings()
        assert settings.headquarters_tab is not None
        settings.reject()
    finally:
        window.sync.stop()


def refused_referral(desk, raw) -> tuple[dict, dict]:  # noqa: ANN001
    """A returnee and their referral, hired, sent, then moved back to "referred" behind
    the service's check, so that headquarters refuses it on the next sync."""
    from app.services import employers
    from app.store import employers as emp_store
    from tests.test_employers_store import GARMENT, returnee

    person = registrations.register(desk, returnee(raw, 0))
    request = employers.record_request(desk, GARMENT)
    ref = employers.shortlist(desk, request["id"], [person["id"]])[0]
    hired = employers.set_status(desk, ref["id"], "hired")
    sync_service.run(desk.data_dir)
    emp_store.set_referral_status(desk.conn, ref["id"], "referred", desk.today().isoformat(),
                                  expected_version=hired["version"],
                                  updated_at=desk.now_iso(), officer_id="x")
    desk.conn.commit()
    assert sync_service.run(desk.data_dir).counts["rejected"] == 1
    return person, ref


def test_refused_referral_is_listed_with_its_reason_and_resent(qtbot, hq: LiveServer,
                                                               make_desk, raw) -> None:
    from app.store import employers as emp_store
    from tests.test_employers_store import GARMENT

    desk = enrolled(make_desk(), hq.url, hq.code())
    person, _ = refused_referral(desk, raw)
    assert sync_service.status(desk.conn).counts["quarantined"] == 1

    view = QuarantineView(desk)
    qtbot.addWidget(view)
    view.resize(900, 520)
    view.show()
    assert view.refused.rowCount() == 1
    assert view.refused.item(0, 0).text() == person["registration_no"]
    assert GARMENT["employer_name"] in view.refused.item(0, 1).text()
    assert "hired or declined" in view.refused.item(0, 2).text()
    assert "Not accepted" not in view.refused.item(0, 2).text()
    shoot(view, "quarantine-referral")

    view.refused.selectRow(0)
    assert view.resend_button.isEnabled()
    assert view.open_button.isEnabled() and not view.renumber_button.isEnabled()
    with qtbot.waitSignal(view.changed):
        view.resend_button.click()
    assert view.refused.rowCount() == 0
    assert sync_service.status(desk.conn).counts["quarantined"] == 0
    assert emp_store.sync_counts(desk.conn)["referral"] == {"pending": 1}
    # Sent unchanged, it is refused again and comes back to the list.
    assert sync_service.run(desk.data_dir).counts["rejected"] == 1
    view.refresh()
    assert view.refused.rowCount() == 1


def test_refused_request_is_fixed_in_its_form_and_headquarters_keeps_the_fix(
        qtbot, hq: LiveServer, make_desk) -> None:
    from PySide6.QtCore import Qt

    from app.services import employers
    from app.store import employers as emp_store
    from sync.server.db import employer_requests
    from tests.sync.test_employers_sync import hq_rows
    from tests.test_employers_store import GARMENT

    desk = enrolled(make_desk(), hq.url, hq.code())
    request = employers.record_request(desk, GARMENT)
    # An older app let an offer past the rule through: headquarters refuses it.
    with transaction(desk.conn):
        desk.conn.execute("UPDATE employer_requests SET salary_usd = 9000 WHERE id = ?",
                          (request["id"],))
    assert sync_service.run(desk.data_dir).counts["rejected"] == 1

    view = QuarantineView(desk)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    assert view.refused.rowCount() == 1
    assert "5000" in view.refused.item(0, 2).text()
    view.refused.selectRow(0)
    assert view.open_button.isEnabled()
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    dialog = view.fix_dialog
    assert dialog is not None and dialog.isVisible()
    form = dialog.form
    assert not form.read_only
    assert form.salary.value() == 9000  # shown as it is, not quietly clamped
    assert form.salary.property("invalid") is True
    assert not form.employer_name.property("invalid")
    assert dialog.focusWidget() is form.salary
    assert "Headquarters refused" in form.errors.text() and "5000" in form.errors.text()
    shoot(dialog, "request-to-fix")

    form.salary.selectAll()
    qtbot.keyClicks(form.salary, "300")
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert view.refused.rowCount() == 0
    assert employers.get_request(desk, request["id"])["version"] == 2

    assert sync_service.run(desk.data_dir).counts["stored"] == 1
    held = hq_rows(hq, employer_requests)[request["id"]]
    assert held["version"] == 2 and held["data"]["salary_usd"] == 300
    assert emp_store.sync_counts(desk.conn)["employer_request"] == {"sent": 1}
    view.refresh()
    assert view.refused.rowCount() == 0


def test_refused_referral_is_fixed_by_its_status_and_headquarters_keeps_the_fix(
        qtbot, hq: LiveServer, make_desk, raw) -> None:
    from PySide6.QtCore import Qt

    from app.services import employers
    from sync.server.db import referrals
    from tests.sync.test_employers_sync import hq_rows
    from tests.test_employers_store import GARMENT

    desk = enrolled(make_desk(), hq.url, hq.code())
    person, ref = refused_referral(desk, raw)

    view = QuarantineView(desk)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    view.refused.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    dialog = view.fix_dialog
    assert dialog is not None and dialog.isVisible()
    assert "hired or declined" in dialog.reason.text()
    assert person["registration_no"] in dialog.who.text()
    assert GARMENT["employer_name"] in dialog.what.text()
    statuses = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert statuses == ["referred", "interviewed", "hired", "declined"]
    shoot(dialog, "referral-to-fix")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # nothing changed yet
    assert dialog.isVisible() and dialog.message.text()

    dialog.status.setCurrentIndex(statuses.index("hired"))
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.refused.rowCount() == 0

    assert sync_service.run(desk.data_dir).counts["stored"] == 1
    held = hq_rows(hq, referrals)[ref["id"]]
    assert held["data"]["status"] == "hired"
    assert held["version"] == employers.get_referral(desk, ref["id"])["version"]
    view.refresh()
    assert view.refused.rowCount() == 0


def refused_and_disputed(hq: LiveServer, desk, raw) -> dict:  # noqa: ANN001
    """Headquarters refuses a registration, an employer request and a referral, and
    holds another version of a fourth record (changed here too)."""
    from app.services import employers
    from app.store import employers as emp_store
    from sync import protocol as p
    from tests.sync.test_outbox import corrupt, edit_notes, hq_push
    from tests.test_employers_store import GARMENT, returnee

    person = registrations.register(desk, returnee(raw, 0))
    disputed = registrations.register(desk, returnee(raw, 1, phone="012 345 678"))
    request = employers.record_request(desk, GARMENT)
    bad_request = employers.record_request(desk, GARMENT | {"job_title": "Packer"})
    ref = employers.shortlist(desk, request["id"], [person["id"]])[0]
    hired = employers.set_status(desk, ref["id"], "hired")
    # An older app let these past the rules: headquarters refuses them.
    corrupt(desk, registrations.register(desk, returnee(raw, 2))["id"],
            expected_salary_usd=99999)
    with transaction(desk.conn):
        desk.conn.execute("UPDATE employer_requests SET salary_usd = 9000 WHERE id = ?",
                          (bad_request["id"],))
    counts = sync_service.run(desk.data_dir).counts
    assert (counts["stored"], counts["rejected"]) == (4, 2)

    emp_store.set_referral_status(desk.conn, ref["id"], "referred", desk.today().isoformat(),
                                  expected_version=hired["version"],
                                  updated_at=desk.now_iso(), officer_id="x")
    desk.conn.commit()
    theirs = p.wire_registration(dict(registrations.get(desk, disputed["id"]), version=2,
                                      notes="changed at headquarters"))
    hq_push(hq, desk, [theirs])
    edit_notes(desk, disputed["id"], "changed on this laptop")
    sync_service.run(desk.data_dir)
    assert sync_service.status(desk.conn).counts["quarantined"] == 3
    return {"disputed": disputed}


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("setting", "numbers"),
    [("1", {"refused": "៣", "disputed": "១", "local": "២", "server": "២",
            "born": "២ មករា ១៩៩១", "phone": "០១២ ៣៤៥ ៦៧៨"}),
     ("0", {"refused": "3", "disputed": "1", "local": "2", "server": "2",
            "born": "2 មករា 1991", "phone": "012 345 678"})],
    ids=["khmer-digits", "latin-digits"],
)
def test_to_fix_counts_times_and_versions_follow_the_khmer_digits_setting(
        qtbot, hq: LiveServer, make_desk, raw, setting: str, numbers: dict) -> None:
    from app.ui.preferences import Display
    from app.ui.quarantine_view import ConflictDialog
    from sync.protocol import parse_timestamp

    desk = enrolled(make_desk(), hq.url, hq.code())
    made = refused_and_disputed(hq, desk, raw)
    desk.set_setting("language", "km")
    desk.set_setting("khmer_digits", setting)
    quiet_translator("km")
    view = QuarantineView(desk)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    other = set("0123456789") if setting == "1" else set("០១២៣៤៥៦៧៨៩")

    assert view.refused_title.text() == view.tr(
        "Refused by headquarters: {n}. Open each one, fix it, then send it again."
    ).format(n=numbers["refused"])
    assert view.refused.rowCount() == 3
    kinds = sorted(view._items[view.refused.item(r, 0).data(256)].get("type", "registration")
                   for r in range(3))
    assert kinds == ["employer_request", "referral", "registration"]
    shown = Display("km", setting == "1")
    for row in range(3):
        # Every refusal has its time, the request's and the referral's too: the date
        # in Khmer words and the time in Phnom Penh, in the digits the officer chose.
        item = view._items[view.refused.item(row, 0).data(256)]
        assert item["refused_at"], item
        when = view.refused.item(row, 3).text()
        assert when == shown.moment(parse_timestamp(item["refused_at"]))
        assert ":" in when and not other & set(when), when

    assert view.conflicts_title.text() == view.tr(
        "Changed at headquarters too: {n}. Compare and choose which to keep."
    ).format(n=numbers["disputed"])
    assert view.conflicts.item(0, 2).text() == view.tr("version {v}").format(v=numbers["local"])
    assert view.conflicts.item(0, 3).text() == view.tr("version {v}").format(
        v=numbers["server"])
    shoot(view, f"quarantine-km-digits-{setting}")

    dialog = ConflictDialog(desk, made["disputed"]["id"], view)
    qtbot.addWidget(dialog)
    dialog.show()
    shoot(dialog, f"conflict-km-digits-{setting}")
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    from app.messages import field_label

    for key in ("date_of_birth", "phone"):
        row = rows[field_label(key)]
        expected = numbers["born" if key == "date_of_birth" else "phone"]
        assert dialog.table.item(row, 1).text() == expected
        assert dialog.table.item(row, 2).text() == expected
