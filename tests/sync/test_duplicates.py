"""Duplicates across districts, end to end against the real headquarters (SQLite and
PostgreSQL): two desks in different districts push the same returnee, headquarters pairs
them with the reasons, a data officer decides with `jobcentre-hq duplicates resolve`, and
the desk that owns the duplicate learns it at its next sync."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.services import registrations
from app.services import sync as sync_service
from app.services.desk import Desk, gazetteer
from app.store import meta
from sync import protocol as p
from sync.client import HqClient
from sync.server import db, duplicates
from tests.conftest import OFFICE
from tests.console import documented, jobcentre_hq
from tests.sync.conftest import LiveServer, enrolled


def other_district() -> str:
    """A district in another province than the village desk's (0502)."""
    gaz = gazetteer()
    return next(d.code for d in gaz.all_districts() if not d.code.startswith(OFFICE[:2]))


def hq_cli(hq: LiveServer, *args: str) -> subprocess.CompletedProcess[str]:
    return jobcentre_hq(hq.engine.url.render_as_string(hide_password=False), *args)


def the_same_person_by_phone(raw: dict[str, Any]) -> dict[str, Any]:
    """The village officer's returnee as the hotline operator typed him: the phone in
    another form, the names spelt otherwise, an age instead of the date of birth."""
    return dict(raw, name_km="សុខ\u200bដារ៉ា", name_latin="SOK Dára", phone="+855 12 345 678",
                date_of_birth=None, age=31, channel="hotline_1297")


@pytest.fixture
def two_desks(hq: LiveServer, make_desk, fixed_now) -> tuple[Desk, Desk]:
    village = enrolled(make_desk("village"), hq.url, hq.code())
    hotline = make_desk("hotline", office=other_district())
    hotline._clock = lambda: fixed_now + timedelta(days=2)  # registered two days later
    enrolled(hotline, hq.url, hq.code(hotline.office_code))
    return village, hotline


def open_pairs(hq: LiveServer) -> list[duplicates.Pair]:
    with hq.engine.connect() as conn:
        return duplicates.pairs(conn)


@documented("jobcentre-hq [--db URL] duplicates [--json]")
def test_the_same_person_pushed_by_two_districts_is_paired_with_reasons(
        hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    first = registrations.register(village, raw)
    other = registrations.register(village, dict(
        raw, name_km="ចាន់ សុភា", name_latin="Chan Sophea", sex="female",
        phone="097 111 2222", date_of_birth="1988-01-02"))
    second = registrations.register(hotline, the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)

    found = open_pairs(hq)
    assert len(found) == 1
    pair = found[0]
    assert {pair.id_a, pair.id_b} == {first["id"], second["id"]}
    assert set(pair.reasons) == {"same_phone", "similar_name"}
    assert {pair.a["district_code"], pair.b["district_code"]} == {OFFICE, hotline.office_code}
    assert other["id"] not in (pair.id_a, pair.id_b)

    # The CLI lists it, with the reasons in words and both registration numbers.
    listed = hq_cli(hq, "duplicates")
    assert listed.returncode == 0, listed.stderr
    assert first["registration_no"] in listed.stdout
    assert second["registration_no"] in listed.stdout
    assert "same phone" in listed.stdout
    rows = json.loads(hq_cli(hq, "duplicates", "--json").stdout)
    assert [(r["id_a"], r["id_b"], r["reasons"]) for r in rows] == [
        (pair.id_a, pair.id_b, list(pair.reasons))]


def test_a_compound_name_joined_in_one_district_and_split_in_the_other_is_paired(
        hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    first = registrations.register(village, dict(
        raw, name_km="", name_latin="Srey Neang", sex="female", phone="012 777 888"))
    second = registrations.register(hotline, dict(
        raw, name_km="", name_latin="Sreyneang", sex="female", phone="017 555 444",
        date_of_birth=None, age=31))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)
    pairs = [(x.id_a, x.id_b, x.reasons) for x in open_pairs(hq)]
    assert pairs == [(*sorted((first["id"], second["id"])), ("similar_name",))]

    # Rebuilding every key and pair (what HQ migration 0013 does when the matching rules
    # change) finds the same pair again, once.
    with hq.engine.begin() as conn:
        conn.execute(sa.delete(db.duplicate_keys))
        conn.execute(sa.delete(db.duplicate_pairs))
        duplicates.rebuild(conn, hq_now())
    assert [(x.id_a, x.id_b, x.reasons) for x in open_pairs(hq)] == pairs


def hq_now():  # noqa: ANN201
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_replayed_batches_make_no_second_pair(hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    first = registrations.register(village, raw)
    second = registrations.register(hotline, the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)
    before = open_pairs(hq)
    assert len(before) == 1

    for desk, rec in ((village, first), (hotline, second)):
        client = HqClient(hq.url, meta.get(desk.conn, "sync.token"))
        try:
            for _ in range(3):
                answer = client.push([p.wire_registration(
                    registrations.get(desk, rec["id"]))])
                assert answer["results"][0]["status"] == p.ALREADY_HAD
        finally:
            client.close()
    assert open_pairs(hq) == before


def test_an_edit_that_tells_them_apart_drops_the_pair(hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    registrations.register(village, raw)
    second = registrations.register(hotline, the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)
    assert len(open_pairs(hq)) == 1

    # The operator had typed the wrong phone for another man with a common name.
    registrations.edit(hotline, second["id"], dict(
        the_same_person_by_phone(raw), phone="088 765 4321", name_km="", age=45,
        name_latin="Sok Dara"), expected_version=1)
    sync_service.run(hotline.data_dir)
    assert open_pairs(hq) == []


@documented("jobcentre-hq [--db URL] duplicates resolve ID_A ID_B --same")
def test_same_person_marks_the_later_record_and_its_desk_shows_it(
        hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    first = registrations.register(village, raw)
    second = registrations.register(hotline, the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)

    done = hq_cli(hq, "duplicates", "resolve", second["id"], first["id"], "--same")
    assert done.returncode == 0, done.stderr
    assert (f"{second['registration_no']} is now a duplicate of "
            f"{first['registration_no']}") in done.stdout
    assert open_pairs(hq) == []

    # Both rows are kept; headquarters' export names the survivor on the duplicate.
    exported = {r["id"]: r for r in hq.export()}
    assert exported[second["id"]]["duplicate_of"] == first["id"]
    assert exported[first["id"]]["duplicate_of"] is None
    with hq.engine.connect() as conn:
        trail = conn.execute(sa.select(db.audit_log.c.actor, db.audit_log.c.action,
                                       db.audit_log.c.detail)
                             .where(db.audit_log.c.action == "duplicate_same")).all()
    assert [(a, act) for a, act, _ in trail] == [("cli", "duplicate_same")]
    assert second["registration_no"] in trail[0][2]
    # The dashboard's numbers count him once, and the duplicate apart.
    totals = json.loads(hq_cli(hq, "stats", "--json").stdout)["totals"]
    assert (totals["registrations"], totals["active"], totals["duplicates"]) == (2, 1, 1)

    # The hotline desk owns the duplicate: its next sync brings the mark.
    report = sync_service.run(hotline.data_dir)
    assert report.pulled >= 1
    shown = registrations.get(hotline, second["id"])
    assert shown["duplicate_of"] == first["id"]
    assert shown["duplicate_of_no"] == first["registration_no"]
    assert shown["version"] == 1  # the mark is not an edit of the record
    # The village desk's record is the survivor: nothing changes there.
    sync_service.run(village.data_dir)
    assert registrations.get(village, first["id"])["duplicate_of"] is None

    # Deciding again is refused, in words that say why.
    again = hq_cli(hq, "duplicates", "resolve", first["id"], second["id"], "--different")
    assert again.returncode == 1
    assert "already decided (same person)" in again.stderr

    # An edit of the duplicate on its desk keeps the mark and pairs with no one.
    registrations.edit(hotline, second["id"], dict(
        the_same_person_by_phone(raw), notes="called back"), expected_version=1)
    sync_service.run(hotline.data_dir)
    assert open_pairs(hq) == []
    assert {r["id"]: r for r in hq.export()}[second["id"]]["duplicate_of"] == first["id"]


@documented("jobcentre-hq [--db URL] duplicates resolve ID_A ID_B --different",
            "jobcentre-hq duplicates --json --status different --limit 10")
def test_different_people_stay_apart_after_edits(hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    first = registrations.register(village, raw)
    second = registrations.register(hotline, the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)

    done = hq_cli(hq, "duplicates", "resolve", first["registration_no"],
                  second["registration_no"], "--different")
    assert done.returncode == 0, done.stderr
    assert "will not be paired again" in done.stdout

    registrations.edit(hotline, second["id"], dict(
        the_same_person_by_phone(raw), notes="still the same phone"), expected_version=1)
    registrations.edit(village, first["id"], dict(raw, notes="edited"), expected_version=1)
    sync_service.run(hotline.data_dir)
    sync_service.run(village.data_dir)
    assert open_pairs(hq) == []
    decided = json.loads(hq_cli(hq, "duplicates", "--status", "different", "--json",
                              "--limit", "10").stdout)
    assert [(r["status"], r["resolved_by"]) for r in decided] == [("different", "cli")]
    with hq.engine.connect() as conn:
        assert duplicates.record(conn, second["id"])["duplicate_of"] is None


@documented("jobcentre-hq duplicates resolve ID_A ID_B --same --survivor ID")
def test_a_third_registration_pairs_with_the_survivor(hq: LiveServer, two_desks, raw) -> None:
    village, hotline = two_desks
    first = registrations.register(village, raw)
    second = registrations.register(hotline, the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)
    assert hq_cli(hq, "duplicates", "resolve", first["id"], second["id"], "--same",
                  "--survivor", second["id"]).returncode == 0
    with hq.engine.connect() as conn:
        assert duplicates.record(conn, first["id"])["duplicate_of"] == second["id"]

    # He walks in to the hotline district's office a third time.
    third = registrations.register(hotline, dict(
        the_same_person_by_phone(raw), channel="walk_in",
        duplicate_override_reason="registered again at the office"))
    sync_service.run(hotline.data_dir)
    found = open_pairs(hq)
    assert [{x.id_a, x.id_b} for x in found] == [{second["id"], third["id"]}]


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_a_place_full_of_look_alikes_keeps_each_record_to_its_best_pairs(
        hq: LiveServer) -> None:
    from tests.sync.test_server_api import enrol, push, record, statuses

    device = enrol(hq, tag="LOOK00")
    many = duplicates.MAX_PAIRS_PER_RECORD + 10
    batch = [record(device, seq, phone=f"+8551200{seq:04d}") for seq in range(1, many + 1)]
    assert set(statuses(push(hq, device["token"], batch))) == {p.STORED}
    with hq.engine.connect() as conn:
        found = duplicates.pairs(conn, limit=10_000)
    assert found and all(pair.reasons == ("similar_name",) for pair in found)
    # Each stored record kept its best 20; a record may also be among others' best.
    assert len(found) <= many * duplicates.MAX_PAIRS_PER_RECORD
    assert len(found) < many * (many - 1) // 2
