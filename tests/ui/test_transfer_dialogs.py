"""Import and export from the window: a preview with every problem by line, saving with
a progress bar, a cancel that leaves the database exactly as it was, and an export that
writes what `jobcentre export` writes."""

from __future__ import annotations

import io
import json
import random
import string
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.services import registrations as regs
from app.services import transfer
from app.services.desk import Desk
from app.ui.transfer_dialogs import ExportDialog, ImportDialog
from tests.ui.driving import main_window


def _people(raw: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """``n`` different people: each a phone and a random name of their own."""
    rng = random.Random(n)
    return [raw | {
        "name_km": "", "phone": f"012 {200000 + i:06d}",
        "name_latin": " ".join("".join(rng.choices(string.ascii_lowercase, k=8))
                               for _ in range(2)),
    } for i in range(n)]


def _jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in rows), encoding="utf-8")
    return path


def _dump(desk: Desk) -> list[str]:
    """Every table's schema and rows (SQLCipher's driver has no ``iterdump``)."""
    conn = desk.conn
    out = []
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                                  " ORDER BY name"):
        out.append(sql or name)
        out += sorted(f"{name}: {tuple(row)!r}" for row in conn.execute(f'SELECT * FROM "{name}"'))
    return out


def _table(table) -> list[list[str]]:  # noqa: ANN001
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _checked(qtbot, dialog: ImportDialog, path: Path) -> None:  # noqa: ANN001
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.checked is not None and dialog.job is None, timeout=20_000)


class _Gate:
    """Holds the job's thread at its first progress report until ``open`` is called:
    the test then clicks Cancel while the job is surely half way. It wraps the transfer
    function the job calls, so it is in place before the job starts."""

    def __init__(self, monkeypatch: Any, name: str) -> None:
        self.held, self.go = threading.Event(), threading.Event()
        work = getattr(transfer, name)

        def gated(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
            def report(done: int, total: int) -> None:
                if not self.held.is_set():
                    self.held.set()
                    self.go.wait(20)
                progress(done, total)
            return work(*args, progress=report, **kwargs)

        monkeypatch.setattr(transfer, name, gated)

    def open(self) -> None:
        self.go.set()


def test_preview_shows_the_first_rows_and_every_problem_by_line(qtbot, desk, raw, tmp_path):
    rows: list[Any] = _people(raw, 4)
    rows[1] = rows[1] | {"sex": "robot"}
    rows[2] = '{"name_latin": "Broken'
    rows.append(rows[0] | {"name_latin": "Another Person"})  # line 5: line 1's phone
    path = _jsonl(tmp_path / "people.jsonl", rows)
    dialog = ImportDialog(desk)
    qtbot.addWidget(dialog)
    _checked(qtbot, dialog, path)

    assert [r[0] for r in _table(dialog.preview)] == ["1", "2", "4", "5"]
    assert _table(dialog.preview)[0][2] == rows[0]["name_latin"]
    assert _table(dialog.problems) == [
        ["2", "Sex", "Choose one of the options"],
        ["3", "Line", dialog.problems.item(1, 2).text()],
        ["5", "Record", "Likely a duplicate of line 1 (same phone)"],
    ]
    assert dialog.problems.item(1, 2).text().startswith("This line is not")
    assert dialog.summary.text() == (
        "2 rows can be saved. 3 lines have problems and will not be saved.")
    assert dialog.save_button.text() == "Save 2 registrations"
    assert dialog.save_button.isEnabled()
    assert regs_count(desk) == 0  # checking saved nothing


def regs_count(desk: Desk) -> int:
    return desk.conn.execute("SELECT count(*) FROM registrations").fetchone()[0]


def test_a_refused_file_says_why_and_offers_nothing_to_save(qtbot, desk, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("name_latin,sex\nJos\xe9,male\n".encode("latin-1"))
    dialog = ImportDialog(desk)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
    assert "latin1.csv:2:" in dialog.status.text()
    assert "Latin-1" in dialog.status.text() and "Nothing was saved." in dialog.status.text()
    assert not dialog.save_button.isEnabled()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(transfer, "CHUNK_ROWS", 5)


def test_import_saves_with_a_progress_bar(qtbot, desk, raw, tmp_path, small_chunks):
    path = _jsonl(tmp_path / "people.jsonl", _people(raw, 30))
    dialog = ImportDialog(desk)
    qtbot.addWidget(dialog)
    _checked(qtbot, dialog, path)
    assert dialog.checked.good == 30
    seen: list[int] = []
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.job.progressed.connect(lambda done, _total: seen.append(done))
        assert dialog.progress.isVisible() or not dialog.isVisible()
        assert not dialog.save_button.isEnabled()
    assert saved.args == [30]
    qtbot.waitUntil(lambda: dialog.job is None)
    assert regs_count(desk) == 30
    assert len(seen) >= 5 and seen == sorted(seen) and seen[-1] == 1000
    assert dialog.progress.value() == 1000
    assert dialog.status.text() == "Saved 30 registrations; 0 lines not saved."


def test_cancel_leaves_the_database_exactly_as_before(qtbot, desk, raw, tmp_path,
                                                      small_chunks, monkeypatch):
    regs.register(desk, raw | {"phone": "097 777 7777"})
    before = _dump(desk)
    path = _jsonl(tmp_path / "people.jsonl", _people(raw, 40))
    dialog = ImportDialog(desk)
    qtbot.addWidget(dialog)
    _checked(qtbot, dialog, path)
    gate = _Gate(monkeypatch, "import_file")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert gate.held.wait(20), "the import never reported progress"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.open()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
    assert dialog.status.text() == "Import cancelled. Nothing was saved."
    assert dialog.report is None
    assert _dump(desk) == before
    # And the desk goes on: the next save takes the next number, as if nothing happened.
    other = raw | {"name_km": "", "name_latin": "Keo Sophal", "phone": "011 222 333"}
    assert regs.register(desk, other)["registration_no"].split("-")[2] == "00002"


def test_export_writes_what_the_command_writes(qtbot, desk, raw, tmp_path):
    regs.register(desk, raw | {"notes": "=SUM(A1)", "phone": "097 777 7777"})
    regs.register(desk, raw | {"name_km": "ចាន់ ធីតា", "name_latin": "Chan Thida",
                               "phone": "012 999 888"})
    expected = io.StringIO(newline="")
    transfer.export(desk, expected, "csv")
    dialog = ExportDialog(desk)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(1)
    out = tmp_path / "all.csv"
    dialog.export_to(out)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
    assert dialog.count == 2
    assert out.read_bytes().decode("utf-8") == expected.getvalue()
    assert "'=SUM(A1)" in out.read_text(encoding="utf-8")
    assert dialog.status.text() == f"Exported 2 records to {out}"
    assert not (tmp_path / ".all.csv.partial").exists()


def test_a_cancelled_export_leaves_no_file(qtbot, desk, raw, tmp_path, monkeypatch):
    monkeypatch.setattr(transfer, "CHUNK_ROWS", 1)
    for row in _people(raw, 4):
        regs.register(desk, row)
    dialog = ExportDialog(desk)
    qtbot.addWidget(dialog)
    out = tmp_path / "all.jsonl"
    gate = _Gate(monkeypatch, "export_file")
    dialog.export_to(out)
    assert gate.held.wait(20)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.open()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
    assert dialog.status.text() == "Export cancelled. No file was written."
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_the_desk_menu_opens_both_and_an_import_refreshes_the_list(qtbot, desk, raw,
                                                                   tmp_path):
    window = main_window(qtbot, desk)
    window.show_list()
    assert window.list_view.model.total() == 0
    assert window.import_action in window.desk_menu.actions()
    assert window.export_action in window.desk_menu.actions()
    window.import_action.trigger()
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    _checked(qtbot, dialog, _jsonl(tmp_path / "people.jsonl", _people(raw, 3)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.list_view.model.total() == 3, timeout=5_000)
    dialog.close()
    qtbot.waitUntil(lambda: window.import_dialog is None)
    window.export_action.trigger()
    assert window.export_dialog is not None and window.export_dialog.isVisible()
    window.export_dialog.close()
