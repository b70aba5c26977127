"""The Employers tab follows the Khmer digits setting: the request list's counts, the
matches' ages and scores, the shortlist's phones and dates, and "Hired 1 of 30" are in
Khmer digits while the window is Khmer and the setting is on, and in Latin digits
otherwise. Registration numbers keep their ASCII digits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.services import employers
from app.services import registrations as regs
from app.services.desk import Desk
from app.ui.main_window import MainWindow
from tests.test_employers_store import GARMENT, returnee
from tests.ui.driving import main_window, quiet_translator

ASCII_DIGITS = set("0123456789")
KHMER_DIGITS = set("០១២៣៤៥៦៧៨៩")


def khmer_window(qtbot, desk: Desk, setting: str) -> MainWindow:
    desk.set_setting("language", "km")
    desk.set_setting("khmer_digits", setting)
    quiet_translator("km")
    return main_window(qtbot, desk)


def texts(table, column: int) -> list[str]:  # noqa: ANN001
    return [table.item(r, column).text() for r in range(table.rowCount())]


@pytest.mark.parametrize(
    ("setting", "numbers"),
    [("1", {"needed": "៣០", "hired": "១", "age": "៣៤", "phone": "០១២ ៣៤៥ ៦៧៨",
            "date": "២៥ វិច្ឆិកា ២០២៦"}),
     ("0", {"needed": "30", "hired": "1", "age": "34", "phone": "012 345 678",
            "date": "25 វិច្ឆិកា 2026"})],
    ids=["khmer-digits", "latin-digits"],
)
def test_requests_matches_and_shortlist_follow_the_khmer_digits_setting(
        qtbot, desk: Desk, raw, tmp_path: Path, setting: str, numbers: dict) -> None:
    people = [regs.register(desk, returnee(raw, i, phone="012 345 678")) for i in range(3)]
    request = employers.record_request(desk, GARMENT)
    [ref, _other] = employers.shortlist(desk, request["id"], [p["id"] for p in people[:2]])
    employers.set_status(desk, ref["id"], "hired")
    window = khmer_window(qtbot, desk, setting)
    window.tabs.setCurrentIndex(window.EMPLOYERS)
    view = window.employers
    other = ASCII_DIGITS if setting == "1" else KHMER_DIGITS

    assert view.table.rowCount() == 1
    assert view.table.item(0, 3).text() == numbers["needed"]
    assert view.table.item(0, 4).text() == numbers["hired"]

    view.select_request(request["id"])
    matches = view.matches
    assert matches.isVisible()
    assert matches.progress.text() == matches.tr("Hired {hired} of {needed}").format(
        hired=numbers["hired"], needed=numbers["needed"])
    qtbot.waitUntil(lambda: not window.worker.busy())  # matches come from the worker
    assert matches.matches.rowCount() == 1
    # The one not shortlisted was born in 1992: 34 on 25 November 2026.
    assert matches.matches.item(0, 2).text() == numbers["age"]
    score = matches.matches.item(0, 3).text()
    assert score and not other & set(score)

    assert matches.referrals.rowCount() == 2
    assert texts(matches.referrals, 0) == [p["registration_no"] for p in people[:2]]
    assert texts(matches.referrals, 2) == [numbers["phone"]] * 2
    assert texts(matches.referrals, 4) == [numbers["date"]] * 2
    for column in (2, 3, 4):  # the reasons too: "registered in the last 90 days"
        assert not other & set("".join(texts(matches.matches, column)))
    for column in (2, 4):
        assert not other & set("".join(texts(matches.referrals, column)))

    shots = os.environ.get("JCD_SHOTS")
    if shots:
        window.grab().save(str(Path(shots) / f"employers-km-digits-{setting}.png"))
