"""A data folder made by the first released schema must open and migrate in every later
version: tests/data/schema-0001 was written by `jobcentre init` + `demo-data` (25 records,
one edited, one withdrawn) when only migration 0001 existed. Never regenerate it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.services import officers, registrations, transfer
from app.services.desk import Desk
from app.store import migrations

FIXTURE = Path(__file__).parent / "data" / "schema-0001"


@pytest.fixture
def old_folder(tmp_path: Path) -> Path:
    target = tmp_path / "old"
    shutil.copytree(FIXTURE, target)
    return target


def test_first_schema_folder_migrates_and_keeps_every_record(old_folder, raw):
    with Desk(old_folder) as desk:
        # The first release recorded its migrations in its own table; sqlite-utils'
        # record took them over, so 0001 did not run again.
        names = migrations.applied(desk.conn)
        assert names == [name for name, _ in migrations.MIGRATIONS]
        tables = {r[0] for r in desk.conn.execute("SELECT name FROM sqlite_master")}
        assert "_migrations" not in tables and "_sqlite_migrations" in tables
        if len(names) > 1:
            assert desk.migration_backup is not None and desk.migration_backup.exists()
        officers.sign_in(desk, "Sokha", "secret123")
        assert registrations.count(desk, registrations.list_filter()) == 25
        assert registrations.count(desk, registrations.list_filter(include_withdrawn=False)) == 24
        edited = [r for r in registrations.page(desk, registrations.list_filter(), 0, 30)
                  if r["version"] == 2]
        assert len(edited) == 2
        history = registrations.history(desk, edited[0]["id"])
        assert [h["version"] for h in history] == [1, 2]

        # The old folder keeps working: search, new numbers after the old ones, export.
        some = registrations.page(desk, registrations.list_filter(), 0, 1)[0]
        assert registrations.search(desk, some["registration_no"])[0]["id"] == some["id"]
        new = registrations.register(desk, raw)
        assert new["registration_no"].split("-")[2] == "00026"
        with open(old_folder / "all.jsonl", "w", encoding="utf-8") as out:
            assert transfer.export(desk, out) == 26
