"""What a push sends of each registration is made when the record is saved (migration
0012) and only joined at push time: the body must be the very bytes the desk built from
the row before, headquarters must find every hash right, and every way a record is
written must leave the stored copy current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.services import registrations, transfer
from app.services import sync as sync_service
from app.services.desk import Desk
from app.store import outbox
from app.store.connection import transaction
from sync import protocol as p
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_end_to_end import assert_hq_holds_exactly, register_some
from tests.test_upgrade import FIXTURE


def rebuilt_body(desk: Desk) -> bytes:
    """The push body as the desk built it before 0012: from every column, per push."""
    wires = [p.wire_registration(rec) for rec in outbox.pending(desk.conn, 0, 10_000)]
    return json.dumps({"records": wires}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def stored_body(desk: Desk) -> bytes:
    return p.push_body([w for _, w in outbox.pending_wire(desk.conn, 0, 10_000)])


def stored_count(desk: Desk) -> int:
    return desk.conn.execute(
        "SELECT count(*) FROM registrations WHERE wire_data IS NOT NULL").fetchone()[0]


def hq_hashes(hq: LiveServer) -> dict[str, tuple[str, dict[str, Any]]]:
    with hq.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, hash, data FROM registrations")).all()
    return {r[0]: (r[1], r[2] if isinstance(r[2], dict) else json.loads(r[2])) for r in rows}


def test_push_body_is_the_bytes_the_desk_built_from_the_row(make_desk, raw) -> None:
    desk = make_desk()
    saved = register_some(desk, raw, 3)
    # Khmer text, a record with training enrolments (schema 2), a withdrawn one.
    registrations.edit(desk, saved[0]["id"], dict(raw, name_latin="Chan Thy", phone=None,
                                                  notes="ផ្ទះ \"ថ្មី\"\n",
                                                  duplicate_override_reason="test data"),
                       expected_version=1)
    registrations.withdraw(desk, saved[1]["id"], "moved abroad", expected_version=1)
    with transaction(desk.conn):
        desk.conn.execute("UPDATE registrations SET training_enrolments = ?"
                          " WHERE id = ?", ('["S-01"]', saved[2]["id"]))
    body = stored_body(desk)
    assert body == rebuilt_body(desk)
    records = json.loads(body)["records"]
    assert {r["schema"] for r in records} == {1, 2}
    assert stored_count(desk) == 2  # the raw SQL edit cleared its copy; built from the row


def test_every_writing_path_pushes_its_content_and_headquarters_finds_the_hash(
        hq: LiveServer, make_desk, raw, tmp_path: Path) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    saved = register_some(desk, raw, 6)
    assert stored_count(desk) == 6
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 6

    # edit, withdraw, import, a new number, and a writer that changes a column by SQL
    # alone (the trigger's path)
    registrations.edit(desk, saved[0]["id"], dict(raw, name_latin="Sok Dara Edited",
                                                  phone=None,
                                                  duplicate_override_reason="test data"),
                       expected_version=1)
    registrations.withdraw(desk, saved[1]["id"], "moved abroad", expected_version=1)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(dict(raw, name_latin="Keo Imported", phone=None,
                                      national_id="", notes="imported"),
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    report = transfer.import_file(desk, source, keep_duplicates=True)
    assert len(report.saved) == 1, report
    with transaction(desk.conn):
        number = outbox.renumber(desk.conn, saved[2]["id"], district=desk.office_code,
                                 tag=desk.device_tag)
        desk.conn.execute("UPDATE registrations SET version = version + 1,"
                          " sync_state = 'pending' WHERE id = ?", (saved[2]["id"],))
        desk.conn.execute("UPDATE registrations SET notes = 'changed by SQL',"
                          " version = version + 1, sync_state = 'pending' WHERE id = ?",
                          (saved[3]["id"],))
    # Each path stored its copy with the row; only the SQL-alone edit left it to the
    # push to build.
    assert stored_count(desk) == 6
    assert desk.conn.execute("SELECT wire_data FROM registrations WHERE id = ?",
                             (saved[3]["id"],)).fetchone()[0] is None
    assert stored_body(desk) == rebuilt_body(desk)

    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 5, report.counts
    assert report.counts[p.REJECTED] == 0
    assert_hq_holds_exactly(hq, desk)
    by_id = {r["id"]: r for r in hq.export()}
    assert by_id[saved[0]["id"]]["name_latin"] == "Sok Dara Edited"
    assert by_id[saved[1]["id"]]["withdrawn"] is True
    assert by_id[saved[2]["id"]]["registration_no"] == number
    assert by_id[saved[3]["id"]]["notes"] == "changed by SQL"
    assert any(r["name_latin"] == "Keo Imported" for r in by_id.values())
    # Headquarters checked each hash against the content it received, and what it
    # keeps hashes as the desk's stored hash.
    stored = dict(desk.conn.execute("SELECT id, wire_hash FROM registrations"))
    for record_id, (hq_hash, data) in hq_hashes(hq).items():
        assert hq_hash == p.content_hash(p.REGISTRATION, data, p.registration_schema(data))
        if stored[record_id] is not None:
            assert stored[record_id] == hq_hash


def test_first_schema_folder_gets_every_rows_wire_copy(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(FIXTURE, folder)
    with Desk(folder) as desk:
        assert stored_count(desk) == 25
        assert stored_body(desk) == rebuilt_body(desk)
        # An edit after the upgrade clears the copy by trigger, unless written with it.
        with transaction(desk.conn):
            desk.conn.execute("UPDATE registrations SET skills = 'Welding' WHERE rid = 1")
        assert stored_count(desk) == 24
        assert stored_body(desk) == rebuilt_body(desk)
