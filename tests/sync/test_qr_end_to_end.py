"""The QR channel from end to end, every part real: a returnee posts the public /join
form (Khmer digits, as a phone keyboard types them), the district's desk syncs, the
officer accepts the submission in the window, corrects it, saves and prints the slip,
the next sync sends the registration, and headquarters' export holds it once with
channel ``qr``. A second desk of the same district is told in words who took it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

import requests  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from app import i18n  # noqa: E402
from app.services import slips  # noqa: E402
from app.services import sync as sync_service  # noqa: E402
from sync import protocol as p  # noqa: E402
from tests.conftest import OFFICE  # noqa: E402
from tests.sync.conftest import LiveServer, enrolled  # noqa: E402
from tests.sync.test_public_pages import reference_on, returnee  # noqa: E402
from tests.ui.driving import main_window, quiet_translator, type_text  # noqa: E402


@pytest.fixture(autouse=True)
def english_source_text() -> Iterator[None]:
    quiet_translator(i18n.SOURCE_LANGUAGE)
    yield
    quiet_translator(i18n.SOURCE_LANGUAGE)


def test_a_poster_submission_becomes_one_qr_registration_at_headquarters(
        qtbot, hq: LiveServer, make_desk, tmp_path: Path) -> None:
    first = enrolled(make_desk("first"), hq.url, hq.code())
    second = enrolled(make_desk("second"), hq.url, hq.code())
    first.set_setting("language", "en")
    second.set_setting("language", "en")
    started = time.monotonic()

    # The returnee, on a phone, from the district's poster.
    answer = requests.post(hq.url + "/join", params={"d": OFFICE}, timeout=10,
                           data=returnee(name_latin="Sok Dara"))
    assert answer.status_code == 200, answer.text[-500:]
    ref = reference_on(answer.text)

    for desk in (first, second):
        sync_service.run(desk.data_dir)

    # The officer of the first desk calls, accepts and corrects the age.
    window = main_window(qtbot, first)
    window.show_inbox()
    view = window.inbox
    assert view.count() == 1 and window.tabs.tabText(window.INBOX) == "Inbox (1)"
    view.select(ref)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.accept_dialog is not None and view.accept_dialog.isVisible(),
                    timeout=10_000)
    form = view.accept_dialog.form
    assert form.phone.text() == "012 345 678" and form.age.text() == "29"
    form.age.clear()
    type_text(qtbot, form.age, "30")
    with qtbot.waitSignal(view.accept_dialog.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    rec = saved.args[0]
    with qtbot.waitSignal(window.print_requested):
        qtbot.mouseClick(form.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.printing.preview_dialog is not None)
    window.printing.preview_dialog.reject()
    view.accept_dialog.close()
    # The slip the officer prints carries the new number.
    pdf = tmp_path / "slip.pdf"
    slips.save_pdf(first, [rec["registration_no"]], pdf, "a6")
    assert pdf.stat().st_size > 0

    report = sync_service.run(first.data_dir)
    elapsed = time.monotonic() - started
    assert report.counts[p.STORED] == 1
    held = [r for r in hq.export() if r["id"] == rec["id"]]
    assert len(held) == 1
    assert (held[0]["channel"], held[0]["age"], held[0]["registration_no"], held[0]["phone"]) == (
        "qr", 30, rec["registration_no"], "+85512345678")
    again = sync_service.run(first.data_dir)
    assert again.counts[p.STORED] == 0 and len(hq.export()) == 1

    # The second desk had pulled it while waiting; accepting tells who took it.
    other = main_window(qtbot, second)
    other.show_inbox()
    other.inbox.select(ref)
    qtbot.mouseClick(other.inbox.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: other.inbox.message.text() == (
        f"Already taken by another desk: district {OFFICE} (laptop {first.device_tag})"),
        timeout=10_000)
    assert other.inbox.count() == 0 and other.inbox.accept_dialog is None
    print(f"\nQR submission to headquarters' export, through two syncs and the window: "
          f"{elapsed:.2f} s")
