"""Backups and restores: a copy made with SQLite's backup API, checked before it replaces
the database, and no registration number ever issued twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.services import backup, registrations
from app.services.desk import Desk
from app.store import meta
from app.store.connection import DB_FILENAME, connect, transaction
from tests.console import database, database_key, documented, initialised, jobcentre
from tests.test_cli import rows, write_jsonl


def seqs(data_dir: Path) -> list[int]:
    conn = database(data_dir)
    try:
        return [r[0] for r in conn.execute("SELECT seq FROM registrations ORDER BY seq")]
    finally:
        conn.close()


@documented("jobcentre --data-dir DIR backup --out FILE",
            "jobcentre --data-dir DIR restore FILE")
def test_restoring_a_backup_brings_its_records_back_and_never_reuses_a_number(tmp_path):
    data_dir = initialised(tmp_path / "desk")
    assert jobcentre(data_dir, "import", write_jsonl(tmp_path / "a.jsonl", rows(3))).returncode == 0
    copy = tmp_path / "monday.backup"
    done = jobcentre(data_dir, "backup", "--out", copy)
    assert done.returncode == 0, done.stderr
    assert re.search(r"backed up \d+ pages to .*monday\.backup", done.stdout)
    assert copy.exists() and not copy.with_name(copy.name + ".partial").exists()
    # Encrypted like the database: no phone, name or SQLite header in its bytes.
    held = copy.read_bytes()
    # rows(1)[0]: phone "012 100000" (stored +85512100000), name "Person AA".
    for secret in ("85512100000", "12100000", rows(1)[0]["name_latin"], "ចាន់ ធីតា"):
        assert secret.encode() not in held, secret
    assert not held.startswith(b"SQLite format 3")

    # Two more records after the backup, numbers 4 and 5: then the laptop's database is
    # replaced by Monday's copy.
    assert jobcentre(data_dir, "import", write_jsonl(tmp_path / "b.jsonl", rows(5)[3:])
                     ).returncode == 0
    assert seqs(data_dir) == [1, 2, 3, 4, 5]
    done = jobcentre(data_dir, "restore", copy)
    assert done.returncode == 0, done.stderr
    assert seqs(data_dir) == [1, 2, 3]
    # 4 and 5 may already be at headquarters: the next number is 6, not 4.
    assert re.search(r"next registration number is 0502-\w{6}-00006-", done.stdout)
    kept = re.search(r"the database it replaced is kept in (\S+)", done.stdout)
    assert kept and Path(kept.group(1)).exists()
    with connect(kept.group(1), database_key(data_dir)) as replaced:
        assert replaced.execute("SELECT count(*) FROM registrations").fetchone()[0] == 5

    assert jobcentre(data_dir, "import", write_jsonl(tmp_path / "c.jsonl", rows(6)[5:])
                     ).returncode == 0
    assert seqs(data_dir) == [1, 2, 3, 6]


def test_restore_refuses_a_damaged_file_and_changes_nothing(tmp_path):
    data_dir = initialised(tmp_path / "desk")
    assert jobcentre(data_dir, "import", write_jsonl(tmp_path / "a.jsonl", rows(40))).returncode == 0
    copy = tmp_path / "copy.backup"
    assert jobcentre(data_dir, "backup", "--out", copy).returncode == 0
    with connect(copy, database_key(data_dir)) as conn:  # the registrations table's first page: garbled
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'registrations'"
                            ).fetchone()[0]
        page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    data = bytearray(copy.read_bytes())
    data[(root - 1) * page:(root - 1) * page + 16] = b"\xff" * 16
    copy.write_bytes(bytes(data))
    before = (data_dir / DB_FILENAME).read_bytes()

    done = jobcentre(data_dir, "restore", copy)
    assert done.returncode == 1
    assert "is damaged" in done.stderr and "Nothing was changed" in done.stderr
    assert (data_dir / DB_FILENAME).read_bytes() == before
    assert not list((data_dir / "backups").glob("before-restore-*"))

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello", encoding="utf-8")
    done = jobcentre(data_dir, "restore", not_a_backup)
    assert done.returncode == 1 and "is not a Job Centre Desk backup" in done.stderr


def test_another_laptops_backup_is_refused_but_restores_into_an_empty_folder(tmp_path):
    ours = initialised(tmp_path / "ours")
    theirs = initialised(tmp_path / "theirs")
    assert jobcentre(theirs, "import", write_jsonl(tmp_path / "a.jsonl", rows(2))).returncode == 0
    copy = tmp_path / "theirs.backup"
    assert jobcentre(theirs, "backup", "--out", copy).returncode == 0

    done = jobcentre(ours, "restore", copy)
    assert done.returncode == 1
    assert "not of this one" in done.stderr and "Nothing was changed" in done.stderr
    assert seqs(ours) == []

    # The laptop that replaces a stolen one: an empty data folder takes the backup.
    fresh = tmp_path / "replacement"
    done = jobcentre(fresh, "restore", copy)
    assert done.returncode == 0, done.stderr
    assert seqs(fresh) == [1, 2]
    assert "kept in" not in done.stdout


def test_a_backup_from_a_newer_version_is_refused(desk, tmp_path):
    copy = backup.back_up(desk.conn, tmp_path / "newer.backup")
    with connect(copy, desk.database_key()) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('jobcentre', '9999_from_the_future', '2027-01-01')")
    with pytest.raises(backup.RestoreRefused) as refused:
        backup.restore(desk.data_dir, copy, desk.database_key())
    assert refused.value.code == "backup_from_newer_version"
    assert refused.value.params["step"] == "9999_from_the_future"


def test_after_a_restore_numbers_start_above_what_headquarters_saw(desk, raw, tmp_path):
    registrations.register(desk, raw)
    copy = backup.back_up(desk.conn, tmp_path / "early.backup")
    with transaction(desk.conn):  # later: numbers up to 10 used, headquarters saw 12
        meta.put(desk.conn, "last_seq", "10")
        meta.put(desk.conn, "hq_max_seq", "12")
    data_dir, key = desk.data_dir, desk.database_key()
    desk.close()

    backup.restore(data_dir, copy, key)
    with Desk(data_dir) as restored:
        assert restored.conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1
        assert registrations.next_number(restored).split("-")[2] == "00013"


def test_numbers_written_only_in_an_older_kept_copy_still_count(desk, raw, tmp_path):
    """The database itself cannot be read: the floor comes from the restored file and
    the copies in backups/."""
    registrations.register(desk, raw)
    copy = backup.back_up(desk.conn, tmp_path / "early.backup")
    with transaction(desk.conn):
        meta.put(desk.conn, "last_seq", "40")
    backup.back_up(desk.conn, desk.data_dir / "backups" / "before-0099_x-20261201T000000Z.sqlite3")
    data_dir, key = desk.data_dir, desk.database_key()
    desk.close()
    for suffix in ("-wal", "-shm"):
        (data_dir / (DB_FILENAME + suffix)).unlink(missing_ok=True)
    (data_dir / DB_FILENAME).write_bytes(b"garbage" * 1000)

    kept = backup.restore(data_dir, copy, key)
    assert kept is not None and kept.read_bytes().startswith(b"garbage")
    with Desk(data_dir) as restored:
        assert registrations.next_number(restored).split("-")[2] == "00041"


def test_the_copy_reports_its_progress_page_by_page(desk, raw, tmp_path):
    from app.services import demo

    demo.generate(desk, 3000, 1)
    steps: list[tuple[int, int]] = []
    backup.back_up(desk.conn, tmp_path / "big.backup", progress=lambda d, t: steps.append((d, t)))
    total = steps[-1][1]
    assert len(steps) >= 2 and steps[-1] == (total, total)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)
    with connect(tmp_path / "big.backup", desk.database_key()) as conn:
        assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 3000


@pytest.mark.parametrize("where", ["copying-in", "replacing"])
def test_a_restore_stopped_part_way_leaves_the_folder_as_it_was(desk, raw, tmp_path, monkeypatch,
                                                                where):
    from app.store import backup as store

    monkeypatch.setattr(store, "STEP_PAGES", 1)  # a step per page: stops land inside a copy
    first = registrations.register(desk, raw)
    copy = backup.back_up(desk.conn, tmp_path / "early.backup")
    later = registrations.register(desk, raw | {"name_km": "ចាន់ ធីតា", "phone": "",
                                               "name_latin": "Chan Thida", "sex": "female"})
    asked: list[int] = []
    # Progress is told only while the live database is being replaced (the last copy).
    replacing: list[tuple[int, int]] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) >= 3 if where == "copying-in" else len(replacing) >= 3

    def files() -> list[str]:
        return sorted(p.name for p in desk.data_dir.rglob("*") if p.is_file())

    before = files()
    with pytest.raises(backup.Cancelled):
        backup.restore(desk.data_dir, copy, desk.database_key(), stop=stop,
                       progress=lambda done, total: replacing.append((done, total)))
    assert (len(replacing) == 3) == (where == "replacing")
    assert files() == before  # no scratch, no copy of the database it did not replace
    assert registrations.get(desk, later["id"]) is not None
    assert registrations.get(desk, first["id"]) is not None
    assert registrations.count(desk, registrations.list_filter()) == 2


def test_a_backup_stopped_part_way_leaves_no_file(desk, raw, tmp_path, monkeypatch):
    from app.store import backup as store

    monkeypatch.setattr(store, "STEP_PAGES", 1)
    registrations.register(desk, raw)
    asked = []
    with pytest.raises(backup.Cancelled):
        backup.back_up(desk.conn, tmp_path / "stopped.backup",
                       stop=lambda: asked.append(1) or len(asked) >= 3)
    assert list(tmp_path.glob("stopped*")) == []
