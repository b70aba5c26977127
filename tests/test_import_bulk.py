"""An import saves its rows in bulk (``store.bulk_insert``: the per-row count and fit
triggers stood in for, the wire copies written with the rows). Afterwards the desk must be
exactly what saving the same rows one by one, with the triggers, makes of it: the same
rows, versions, search keys and results, kept counts, fits, stored wire copies and
schema; and the triggers must work again for the next save."""

from __future__ import annotations

import contextlib
import random
import shutil
import uuid
from pathlib import Path

import pytest

from app.services import demo, officers, registrations, transfer
from app.services.desk import Desk
from app.store import outbox
from app.store import registrations as store
from app.store.connection import transaction
from bench.common import write_import_files

# FTS5's own storage differs with how rows were batched; its contents are compared instead.
_FTS_SHADOW = ("_data", "_idx", "_docsize", "_content", "_config")
QUERIES = ("sok", "dara", "srey", "ស្រី", "សុខ", "012", "0502", "chan", "vann", "pisey")


def _tables(conn) -> list[str]:
    return [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not name.endswith(_FTS_SHADOW)]


def _state(desk: Desk) -> dict[str, object]:
    conn = desk.conn
    out: dict[str, object] = {"schema": [tuple(r) for r in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")]}
    for table in _tables(conn):
        rowid = "rowid, " if table.startswith("search_") and table != "search_numbers" else ""
        out[table] = sorted(tuple(r) for r in conn.execute(f"SELECT {rowid}* FROM {table}"))
    return out


def _write_files(folder: Path, desk: Desk, n: int) -> tuple[Path, Path]:
    records = demo.make_records(n, random.Random(7), desk)
    # Likely duplicates of earlier rows and of the saved records, kept with a reason.
    records += [dict(records[3], name_latin=records[3]["name_latin"] + "a"),
                dict(records[10], phone=records[11]["phone"])]
    jsonl, csvfile = folder / "in.jsonl", folder / "in.csv"
    write_import_files(records, jsonl, csvfile)
    return jsonl, csvfile


class _OneByOne:
    """What import saved with before: ``insert_many``, its triggers firing per row."""

    def __init__(self, conn):
        self.conn = conn

    def insert(self, records, **kw):
        return [n for rec in records for n in store.insert_many(self.conn, [rec], **kw)]


@contextlib.contextmanager
def _one_by_one(conn):
    yield _OneByOne(conn)


@pytest.fixture
def twin_desks(tmp_path, fixed_now):
    """Two copies of one desk with the same 60 saved records (some withdrawn, some sent):
    same device, officer, numbers and clock."""
    first = Desk(tmp_path / "a", clock=lambda: fixed_now)
    officers.setup(first, "0502", "Sokha", "secret123")
    demo.generate(first, 60, seed=3)
    rows = registrations.page(first, registrations.list_filter(), 0, 20)
    for row in rows[:5]:
        registrations.withdraw(first, row["id"], "moved abroad", expected_version=1)
    with transaction(first.conn):
        outbox.mark_sent(first.conn, [(r["id"], 1) for r in rows[5:15]])
    first.close()
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    desks = []
    for name in ("a", "b"):
        d = Desk(tmp_path / name, clock=lambda: fixed_now)
        officers.sign_in(d, "Sokha", "secret123")
        desks.append(d)
    yield desks
    for d in desks:
        d.close()


def _numbered_ids(monkeypatch):
    counter = iter(range(1, 10**6))
    monkeypatch.setattr(transfer.uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_bulk_import_leaves_the_desk_as_saving_one_by_one(twin_desks, tmp_path, monkeypatch,
                                                          fmt):
    bulk, single = twin_desks
    jsonl, csvfile = _write_files(tmp_path, bulk, 240)
    path = jsonl if fmt == "jsonl" else csvfile
    monkeypatch.setattr(transfer, "CHUNK_ROWS", 37)  # several chunks

    _numbered_ids(monkeypatch)
    report = transfer.import_file(bulk, path, keep_duplicates=True)
    with monkeypatch.context() as m:
        m.setattr(store, "bulk_insert", _one_by_one)
        _numbered_ids(m)
        expected = transfer.import_file(single, path, keep_duplicates=True)

    assert report.saved == expected.saved and len(report.saved) == 242
    assert report.kept_duplicates == expected.kept_duplicates >= 2
    after, before = _state(bulk), _state(single)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    # The rows carry wire copies, exactly what the outbox would make of them now.
    assert bulk.conn.execute(
        "SELECT count(*) FROM registrations WHERE wire_data IS NULL").fetchone()[0] == 0
    with transaction(bulk.conn):
        assert outbox.store_wire(bulk.conn, 1, store.last_rid(bulk.conn)) == 302
    assert _state(bulk)["registrations"] == before["registrations"]

    for text in QUERIES:
        found = [r["registration_no"] for r in registrations.search(bulk, text)]
        assert found == [r["registration_no"] for r in registrations.search(single, text)]
    f = registrations.list_filter
    for flt in (f(), f(sector="garment"), f(province_code="12", sex="female"),
                f(include_withdrawn=False), f(sync_state="pending")):
        assert store.count(bulk.conn, flt) == store.count(single.conn, flt)
    assert store.count(bulk.conn, f()) == 302


def test_after_a_bulk_import_each_save_keeps_the_counts_again(desk, raw, tmp_path):
    jsonl, _ = _write_files(tmp_path, desk, 50)
    transfer.import_file(desk, jsonl, keep_duplicates=True)
    names = {n for (n,) in desk.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(store.BULK_TRIGGERS) <= names
    saved = registrations.register(desk, raw | {"phone": "097 555 1234",
                                                "sectors": ["garment"]})
    f = registrations.list_filter
    garment = desk.conn.execute(
        "SELECT count(*) FROM registrations WHERE instr(sectors, '\"garment\"') > 0"
    ).fetchone()[0]
    assert store.count(desk.conn, f(sector="garment")) == garment
    assert store.count(desk.conn, f()) == 53
    assert desk.conn.execute("SELECT count(*) FROM registration_fits WHERE rid = ?",
                             (saved["rid"],)).fetchone()[0] > 0


def test_a_failed_import_leaves_the_triggers(desk, raw, tmp_path):
    path = tmp_path / "late.jsonl"
    jsonl, _ = _write_files(tmp_path, desk, 30)
    path.write_bytes(jsonl.read_bytes() + b'{"name_latin": "A\x00"}\n')
    with pytest.raises(transfer.datafile.FileRefused):
        transfer.import_file(desk, path, keep_duplicates=True)
    names = {n for (n,) in desk.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(store.BULK_TRIGGERS) <= names
    registrations.register(desk, raw)
    assert store.count(desk.conn, registrations.list_filter()) == 1
