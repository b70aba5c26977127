"""The desk that owns a registration headquarters found to be a duplicate shows it, in
the record dialog and the list, after its next sync; and `jobcentre search` says so."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QFont  # noqa: E402

from app.fonts import khmer_family  # noqa: E402
from app.services import registrations  # noqa: E402
from app.services import sync as sync_service  # noqa: E402
from app.ui.app import FONT_POINT_SIZE  # noqa: E402
from app.ui.events import AppEvents  # noqa: E402
from app.ui.record_dialog import RecordDialog  # noqa: E402
from app.ui.registrations_model import RegistrationsModel  # noqa: E402
from sync.server import db, duplicates  # noqa: E402
from tests.console import jobcentre  # noqa: E402
from tests.sync import test_duplicates as shared  # noqa: E402
from tests.sync.conftest import LiveServer  # noqa: E402
from tests.sync.test_sync_ui import shoot  # noqa: E402
from tests.ui.driving import quiet_translator  # noqa: E402

two_desks = shared.two_desks  # the fixture: a village desk and a hotline desk elsewhere


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", ["km", "en"])
def test_the_owning_desk_shows_duplicate_of_after_its_next_sync(
        qtbot, hq: LiveServer, two_desks, raw, language: str) -> None:
    village, hotline = two_desks
    first = registrations.register(village, raw)
    second = registrations.register(hotline, shared.the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)
    with db.writing(hq.engine) as conn:
        done = duplicates.resolve(conn, first["id"], second["id"], same=True,
                                  actor="chanthou", now=datetime.now(UTC))
    assert done.duplicate_id == second["id"]

    hotline.set_setting("language", language)
    quiet_translator(language)
    dialog = RecordDialog(hotline, second["id"], AppEvents())
    font = QFont(khmer_family())  # the window's font, as app.ui.app sets it
    font.setPointSizeF(FONT_POINT_SIZE)
    dialog.setFont(font)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.duplicate_banner.isVisible()  # not synced yet: nothing to show

    sync_service.run(hotline.data_dir)
    dialog.reload()
    assert dialog.duplicate_banner.isVisible()
    assert first["registration_no"] in dialog.duplicate_label.text()
    headline = dialog.duplicate_label.text().splitlines()[0]
    assert headline == {"en": f"Duplicate of {first['registration_no']}",
                        "km": f"ស្ទួននឹង {first['registration_no']}"}[language]
    dialog.resize(1100, 700)
    shoot(dialog, f"duplicate_record_dialog_{language}")

    model = RegistrationsModel(hotline)
    row = next(r for r in range(model.rowCount())
               if model.data(model.index(r, 0), Qt.ItemDataRole.DisplayRole)
               == second["registration_no"])
    tooltip = model.data(model.index(row, 1), Qt.ItemDataRole.ToolTipRole)
    assert first["registration_no"] in tooltip
    quiet_translator("en")


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_search_names_the_survivor(hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    first = registrations.register(village, raw)
    second = registrations.register(hotline, shared.the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)
    with db.writing(hq.engine) as conn:
        duplicates.resolve(conn, first["id"], second["id"], same=True, actor="chanthou",
                           now=datetime.now(UTC))
    sync_service.run(hotline.data_dir)
    hotline.close()

    def search(*extra: str) -> subprocess.CompletedProcess[str]:
        return jobcentre(hotline.data_dir, "search", "sok dara", *extra)

    text = search()
    assert text.returncode == 0, text.stderr
    assert f"[Duplicate of {first['registration_no']}]" in text.stdout
    found = json.loads(search("--json").stdout)
    assert [(r["id"], r["duplicate_of"]) for r in found] == [(second["id"], first["id"])]
