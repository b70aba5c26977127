from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.domain.errors import ValidationFailed
from app.services import officers, registrations
from app.services.desk import Desk
from app.store import migrations
from app.store.connection import DB_FILENAME, connect
from app.store.registrations import VersionConflict


def test_database_uses_wal_and_full_sync(desk):
    conn = connect(desk.db_path, desk.database_key())
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_migrations_are_recorded_in_order(desk):
    names = [r[0] for r in desk.conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'jobcentre' ORDER BY id")]
    assert names == [name for name, _ in migrations.MIGRATIONS]
    assert migrations.applied(desk.conn) == names


def test_pending_migrations_run_after_a_backup_that_holds_the_data(desk, raw, monkeypatch):
    saved = registrations.register(desk, raw)
    data_dir = desk.data_dir
    desk.close()

    def add_column(conn):
        conn.execute("ALTER TABLE meta ADD COLUMN note TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_test", add_column)])
    reopened = Desk(data_dir)
    try:
        backup = reopened.migration_backup
        assert backup is not None and backup.exists()
        copy = connect(backup, reopened.database_key())
        assert copy.execute("SELECT registration_no FROM registrations").fetchone()[0] == (
            saved["registration_no"]
        )
        assert "9999_test" not in migrations.applied(copy)
        assert "9999_test" in migrations.applied(reopened.conn)
        assert registrations.get(reopened, saved["id"])["name_km"] == raw["name_km"]
    finally:
        reopened.close()


def test_a_failing_migration_leaves_nothing_half_done(desk, raw, monkeypatch):
    registrations.register(desk, raw)
    data_dir, key = desk.data_dir, desk.database_key()
    desk.close()

    def broken(conn):
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9998_broken", broken)])
    with pytest.raises(RuntimeError):
        Desk(data_dir)
    conn = connect(data_dir / DB_FILENAME, key)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables
    assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1


def test_registration_gets_a_number_version_and_owner(desk, raw):
    saved = registrations.register(desk, raw)
    assert saved["registration_no"].startswith(f"0502-{desk.device_tag}-00001-")
    assert saved["version"] == 1
    assert saved["device_id"] == desk.device_id
    assert saved["officer_id"] == desk.officer.officer_id
    assert saved["sync_state"] == "pending"
    assert saved["created_at"] == "2026-11-25T03:00:00.000Z"


def test_invalid_record_saves_nothing(desk, raw):
    with pytest.raises(ValidationFailed) as caught:
        registrations.register(desk, raw | {"sectors": [], "phone": "99"})
    assert {e.field for e in caught.value.errors} == {"sectors", "phone"}
    assert registrations.count(desk, registrations.list_filter()) == 0


def test_numbers_never_repeat_or_fall_below_what_headquarters_saw(desk, raw):
    first = registrations.register(desk, raw)
    desk.conn.execute("UPDATE meta SET value = '500' WHERE key = 'last_seq'")
    desk.conn.execute("INSERT INTO meta VALUES ('hq_max_seq', '900')")
    second = registrations.register(
        desk, raw | {"phone": "", "name_km": "ចាន់ ធីតា", "name_latin": "Chan Thida",
                     "sex": "female"})
    assert first["registration_no"].split("-")[2] == "00001"
    assert second["registration_no"].split("-")[2] == "00901"


def test_edit_makes_a_new_version_with_history(desk, raw):
    saved = registrations.register(desk, raw)
    edited = registrations.edit(desk, saved["id"], raw | {"expected_salary_usd": 300},
                                expected_version=1)
    assert edited["version"] == 2
    assert edited["registration_no"] == saved["registration_no"]
    history = registrations.history(desk, saved["id"])
    assert [h["version"] for h in history] == [1, 2]
    assert [h["record"]["expected_salary_usd"] for h in history] == [250, 300]
    assert history[1]["officer_name"] == "Sokha"


def test_a_stale_edit_is_refused_and_changes_nothing(desk, raw):
    saved = registrations.register(desk, raw)
    registrations.edit(desk, saved["id"], raw | {"skills": "Welding"}, expected_version=1)
    with pytest.raises(VersionConflict):
        registrations.edit(desk, saved["id"], raw | {"skills": "Driving"}, expected_version=1)
    assert registrations.get(desk, saved["id"])["skills"] == "Welding"


def test_withdraw_keeps_the_record_and_needs_a_reason(desk, raw):
    saved = registrations.register(desk, raw)
    with pytest.raises(ValidationFailed):
        registrations.withdraw(desk, saved["id"], "   ", expected_version=1)
    withdrawn = registrations.withdraw(desk, saved["id"], "Registered twice", expected_version=1)
    assert withdrawn["withdrawn"] is True and withdrawn["version"] == 2
    assert registrations.search(desk, "Sok Dara")[0]["withdrawn"] is True
    assert registrations.history(desk, saved["id"])[-1]["action"] == "withdrawn"


def test_only_the_owning_desk_edits(desk, raw):
    saved = registrations.register(desk, raw)
    desk.conn.execute("UPDATE registrations SET device_id = 'someone-else'")
    with pytest.raises(PermissionError):
        registrations.edit(desk, saved["id"], raw, expected_version=1)


def test_an_edit_makes_a_sent_record_pending_again(desk, raw):
    saved = registrations.register(desk, raw)
    desk.conn.execute("UPDATE registrations SET sync_state = 'sent', sent_version = 1")
    registrations.edit(desk, saved["id"], raw | {"skills": "Welding"}, expected_version=1)
    assert registrations.sync_counts(desk) == {"pending": 1, "sent": 0, "quarantined": 0}


@pytest.mark.parametrize(
    "query",
    ["ដារ៉ា", "សុខ ដា", "សុខដារ៉ា", "សុខ\u200bដារ៉ា", "sok", "DARA", "dára", "012 345 678", "+855 12 345 678", "012345678",
     "០១២ ៣៤៥ ៦៧៨", "345678"],
)
def test_search_finds_by_name_phone_any_form(desk, raw, query):
    saved = registrations.register(desk, raw)
    found = registrations.search(desk, query)
    assert [r["id"] for r in found] == [saved["id"]]


def test_search_finds_by_number_with_or_without_dashes(desk, raw):
    saved = registrations.register(desk, raw)
    number = saved["registration_no"]
    for typed in (number, number.replace("-", ""), number.lower(), number[:11]):
        assert [r["id"] for r in registrations.search(desk, typed)] == [saved["id"]], typed


def test_search_ranks_exact_and_prefix_matches_first(desk, raw):
    people = ["Dara Sok", "Sok Dara", "Sokha Dara", "Chan Sokdara"]
    for i, name in enumerate(people):
        registrations.register(desk, raw | {
            "name_km": "", "name_latin": name, "phone": f"012 345 67{i}",
            "duplicate_override_reason": "test"})
    assert [r["name_latin"] for r in registrations.search(desk, "sok dara")][:1] == ["Sok Dara"]
    ranked = [r["name_latin"] for r in registrations.search(desk, "sok")]
    assert ranked.index("Sokha Dara") < ranked.index("Chan Sokdara")
    assert ranked.index("Dara Sok") < ranked.index("Chan Sokdara")


def test_search_index_is_rebuilt_when_the_normaliser_changes(desk, raw):
    saved = registrations.register(desk, raw)
    desk.conn.execute("DELETE FROM search_names")
    desk.conn.execute("UPDATE meta SET value = '0' WHERE key = 'search_index_version'")
    data_dir = desk.data_dir
    desk.close()
    with Desk(data_dir) as reopened:
        assert [r["id"] for r in registrations.search(reopened, "ដារ៉ា")] == [saved["id"]]


def test_filters_narrow_the_list(desk, raw):
    registrations.register(desk, raw)
    registrations.register(desk, raw | {
        "name_km": "ចាន់ ធីតា", "name_latin": "Chan Thida", "sex": "female", "phone": "",
        "sectors": ["garment"], "preferred_province_codes": ["12"]})
    f = registrations.list_filter
    assert registrations.count(desk, f(sex="female")) == 1
    assert registrations.count(desk, f(sector="garment")) == 1
    assert registrations.count(desk, f(province_code="05")) == 1
    assert registrations.count(desk, f(province_code="12")) == 2
    assert registrations.count(desk, f(created_from="2026-11-25", created_to="2026-11-25")) == 2
    assert registrations.count(desk, f(created_from="2026-11-26")) == 0
    assert registrations.count(desk, f(sync_state="pending")) == 2
    rows = registrations.page(desk, f("thida"), 0, 10)
    assert [r["name_latin"] for r in rows] == ["Chan Thida"]


def test_dates_follow_phnom_penh(tmp_path, raw):
    late_evening_utc = datetime(2026, 11, 25, 18, 30, tzinfo=UTC)  # 01:30 next day in PP
    with Desk(tmp_path / "d", clock=lambda: late_evening_utc) as d:
        officers.setup(d, "0502", "Sokha", "secret123")
        saved = registrations.register(d, raw)
        assert saved["created_on"] == "2026-11-26"


def test_history_snapshots_are_the_export_keys(desk, raw):
    saved = registrations.register(desk, raw)
    registrations.edit(desk, saved["id"], raw | {"notes": "moved"}, expected_version=1)
    stored = desk.conn.execute(
        "SELECT record FROM registration_versions WHERE version = 1").fetchone()[0]
    assert json.loads(stored)["notes"] == ""


@pytest.mark.parametrize("typo", ["sopehak", "sophak", "sopheakk", "sopxeak", "SOPHEKA"])
def test_one_typo_in_a_latin_name_still_finds(desk, raw, typo):
    saved = registrations.register(desk, raw | {"name_km": "", "name_latin": "Chan Sopheak"})
    found = registrations.search(desk, typo)
    assert [r["id"] for r in found] == [saved["id"]]


def test_true_matches_rank_before_typo_corrections(desk, raw):
    exact = registrations.register(desk, raw | {"name_km": "", "name_latin": "Dara Soka"})
    registrations.register(desk, raw | {"name_km": "", "name_latin": "Dara Sokha",
                                        "phone": "", "duplicate_override_reason": "test"})
    found = [r["id"] for r in registrations.search(desk, "soka")]
    assert found[0] == exact["id"] and len(found) == 2


def test_two_typos_are_not_guessed(desk, raw):
    registrations.register(desk, raw | {"name_km": "", "name_latin": "Chan Sopheak"})
    assert registrations.search(desk, "sepohak") == []


def test_two_character_names_are_found_by_word_start(desk, raw):
    ly = registrations.register(desk, raw | {"name_km": "លី ស្រីនាង", "name_latin": "Ly Sreyneang",
                                             "sex": "female", "phone": ""})
    registrations.register(desk, raw)  # Sok Dara: no word starts with "ly" or "លី"
    assert [r["id"] for r in registrations.search(desk, "លី")] == [ly["id"]]
    assert [r["id"] for r in registrations.search(desk, "LY")] == [ly["id"]]
    assert registrations.count(desk, registrations.list_filter("ly")) == 1


def test_a_single_character_filters_nothing(desk, raw):
    registrations.register(desk, raw)
    assert registrations.search(desk, "s") == []
    assert registrations.count(desk, registrations.list_filter("s")) == 1
