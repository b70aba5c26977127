"""The national dashboard's numbers against a real headquarters (SQLite and PostgreSQL):
what desks push is counted once, edits and withdrawals move the counts, replays and
stale versions move nothing, referrals fill the funnel, the filters pick what they say,
and the totals equal what ``jobcentre-hq export`` writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.services import employers
from app.services import registrations as regs
from app.services import sync as sync_service
from sync import protocol as p
from sync.server import db, figures
from tests.conftest import village_in
from tests.console import documented, jobcentre_hq
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_server_api import enrol, push, record, statuses
from tests.test_employers_store import GARMENT, returnee


def dashboard(hq: LiveServer, **filters: Any) -> figures.Dashboard:
    with hq.engine.connect() as conn:
        return figures.read(conn, figures.Filters(**filters))


def rows(d: figures.Dashboard, chart: str, key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in d.tables[chart].as_dicts()}


def stored_counts(hq: LiveServer) -> dict[tuple[str, ...], int]:
    t = db.dashboard_counts
    with hq.engine.connect() as conn:
        return {(r.figure, r.day, r.province, r.channel, r.key): int(r.n)
                for r in conn.execute(sa.select(t).where(t.c.n != 0))}


def test_desk_pushes_are_counted_and_an_edit_moves_the_count(hq: LiveServer, make_desk,
                                                             raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    a = regs.register(desk, returnee(raw, 0, preferred_province_codes=["05", "12"],
                                     sectors=["garment", "construction"], channel="field",
                                     expected_salary_usd=250))
    b = regs.register(desk, returnee(raw, 1, sex="male", channel="hotline_1297",
                                     expected_salary_usd=450, training_interests=[]))
    regs.register(desk, returnee(raw, 2, channel="hotline_1297", expected_salary_usd=None))
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 3

    d = dashboard(hq)
    assert d.totals | {"placement_rate": None} == {
        "registrations": 3, "active": 3, "withdrawn": 0, "duplicates": 0, "referred": 0,
        "hired": 0, "placed": 0, "placement_rate": None}
    (day,) = d.tables["per_day"].as_dicts()
    assert (day["day"], day["field"], day["hotline_1297"], day["total"]) == (
        "2026-11-25", 1, 2, 3)
    provinces = rows(d, "provinces", "province")
    assert provinces["05"] == {"province": "05", "home": 3, "preferred": 3}
    assert provinces["12"] == {"province": "12", "home": 0, "preferred": 1}
    sectors = rows(d, "sector_gap", "sector")
    assert sectors["garment"]["wanted"] == 3 and sectors["construction"]["wanted"] == 1
    salary = rows(d, "salary", "band")
    assert salary["200-299"]["registrations"] == 1 and salary["400-499"]["registrations"] == 1
    assert salary["not_given"]["registrations"] == 1
    sex = rows(d, "sex_age", "age_band")
    assert sum(r["male"] for r in sex.values()) == 1
    assert sum(r["female"] for r in sex.values()) == 2
    assert rows(d, "training", "province")["05"]["electrical_wiring"] == 2

    # The first now wants only construction in Phnom Penh; the second withdraws.
    regs.edit(desk, a["id"], regs.get(desk, a["id"]) | {
        "preferred_province_codes": ["12"], "sectors": ["construction"]}, expected_version=1)
    regs.withdraw(desk, b["id"], "went back to Thailand", expected_version=1)
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 2
    d = dashboard(hq)
    assert (d.totals["registrations"], d.totals["active"], d.totals["withdrawn"]) == (3, 2, 1)
    assert d.tables["per_day"].as_dicts()[0]["total"] == 3  # every registration received
    provinces = rows(d, "provinces", "province")
    assert provinces["05"] == {"province": "05", "home": 2, "preferred": 1}
    assert provinces["12"]["preferred"] == 1
    sectors = rows(d, "sector_gap", "sector")
    assert sectors["garment"]["wanted"] == 1 and sectors["construction"]["wanted"] == 1
    assert "400-499" not in {k for k, r in rows(d, "salary", "band").items()
                             if r["registrations"]}
    by_place = {(r["province"], r["sector"]): r["wanted"]
                for r in d.tables["sector_gap_by_province"].as_dicts()}
    assert by_place == {("05", "garment"): 1, ("12", "construction"): 1}

    before = stored_counts(hq)
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 0
    assert stored_counts(hq) == before


def test_replayed_stale_and_refused_records_count_nothing_twice(hq: LiveServer) -> None:
    device = enrol(hq)
    token = device["token"]
    batch = [record(device, 1), record(device, 2, channel="qr")]
    assert statuses(push(hq, token, batch)) == ["stored"] * 2
    counted = stored_counts(hq)
    for _ in range(3):
        assert statuses(push(hq, token, batch)) == ["already_had"] * 2
    assert stored_counts(hq) == counted

    edited = record(device, 1, version=2, sectors=["garment"], channel="qr")
    assert statuses(push(hq, token, [edited])) == ["stored"]
    assert statuses(push(hq, token, [edited, record(device, 1)])) == ["already_had", "stale"]
    other = enrol(hq, tag="BBBBBB")  # another device pushing that id is refused
    taken = record(device, 1, version=3, sectors=["fisheries"]) | {}
    assert statuses(push(hq, other["token"], [taken]))[0] == "rejected"
    d = dashboard(hq)
    assert d.totals["registrations"] == 2
    assert d.tables["per_day"].as_dicts()[0]["qr"] == 2
    sectors = rows(d, "sector_gap", "sector")
    assert sectors["garment"]["wanted"] == 1 and sectors["construction"]["wanted"] == 1
    assert "fisheries" not in sectors

    # What pushes kept equals counting everything afresh (what migration 0009 does).
    kept = stored_counts(hq)
    with db.writing(hq.engine) as conn:
        assert figures.rebuild(conn) == 2
    assert stored_counts(hq) == kept


def test_referrals_fill_the_funnel_and_the_employer_gap(hq: LiveServer, make_desk,
                                                        raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    for i in range(8):
        regs.register(desk, returnee(raw, i))
    request = employers.record_request(desk, GARMENT)
    found = employers.match(desk, request["id"])
    made = employers.shortlist(desk, request["id"], [m.registration_id for m in found[:5]])
    employers.set_status(desk, made[0]["id"], "interviewed")
    employers.set_status(desk, made[1]["id"], "hired")
    employers.set_status(desk, made[2]["id"], "hired")
    employers.set_status(desk, made[3]["id"], "declined")
    sync_service.run(desk.data_dir)

    d = dashboard(hq)
    funnel = {r["stage"]: r["count"] for r in d.tables["funnel"].as_dicts()}
    assert funnel == {"referred": 5, "interviewed": 3, "hired": 2}
    assert (d.totals["placed"], d.totals["placement_rate"]) == (2, 0.25)
    gap = rows(d, "sector_gap", "sector")["garment"]
    # 30 workers asked for, 2 hired: 28 still needed against 8 who want garment work
    assert (gap["wanted"], gap["requested"], gap["gap"]) == (8, 28, 20)
    assert {(r["province"], r["sector"]): r["requested"]
            for r in d.tables["sector_gap_by_province"].as_dicts()} == {("05", "garment"): 28}

    # A hire recorded later moves the funnel; a hired returnee who withdraws leaves it.
    employers.set_status(desk, made[0]["id"], "hired")
    regs.withdraw(desk, made[1]["registration_id"], "moved", expected_version=1)
    sync_service.run(desk.data_dir)
    d = dashboard(hq)
    funnel = {r["stage"]: r["count"] for r in d.tables["funnel"].as_dicts()}
    assert funnel == {"referred": 4, "interviewed": 2, "hired": 2}
    assert (d.totals["active"], d.totals["placed"]) == (7, 2)
    assert d.totals["placement_rate"] == round(2 / 7, 4)
    kept = stored_counts(hq)
    with db.writing(hq.engine) as conn:
        figures.rebuild(conn)
    assert stored_counts(hq) == kept


def test_filters_pick_days_home_provinces_and_channels(hq: LiveServer) -> None:
    device = enrol(hq)
    far = village_in("2006")
    batch = [
        record(device, 1, created_at="2026-11-01T03:00:00.000Z"),
        # 18:30 UTC on the 1st is already the 2nd in Cambodia
        record(device, 2, created_at="2026-11-01T18:30:00.000Z", channel="walk_in"),
        record(device, 3, created_at="2026-11-10T03:00:00.000Z", home_village_code=far),
        record(device, 4, created_at="2026-11-20T03:00:00.000Z", channel="telegram",
               home_village_code=far),
    ]
    assert statuses(push(hq, device["token"], batch)) == ["stored"] * 4
    from datetime import date

    assert dashboard(hq).totals["registrations"] == 4
    d = dashboard(hq, day_from=date(2026, 11, 2), day_to=date(2026, 11, 10))
    assert d.totals["registrations"] == 2
    days = d.tables["per_day"].as_dicts()
    assert [r["day"] for r in days][0] == "2026-11-02" and len(days) == 9
    assert days[0]["walk_in"] == 1 and days[-1]["field"] == 1
    assert dashboard(hq, province="20").totals["registrations"] == 2
    assert set(rows(dashboard(hq, province="20"), "provinces", "province")) == {"20", "05"}
    assert dashboard(hq, province="20", channel="telegram").totals["registrations"] == 1
    assert dashboard(hq, channel="qr").totals["registrations"] == 0

    found, errors = figures.parse_filters({"from": "2026-11-10", "to": "2026-11-01",
                                           "province": "99", "channel": "fax"},
                                          figures.province_codes())
    assert [(e.field, e.rule) for e in errors] == [
        ("to", "before_start"), ("province", "unknown_code"), ("channel", "unknown_code")]


@documented("jobcentre-hq --db URL stats --json", "jobcentre-hq --db URL stats --json "
            "--from 2026-11-01 --to 2026-11-30 --province 12 --channel hotline_1297")
def test_stats_totals_equal_the_export_counts(hq: LiveServer, hq_db_url: str, make_desk,
                                              raw) -> None:
    one = enrolled(make_desk("one"), hq.url, hq.code())
    two = enrolled(make_desk("two", office="2006"), hq.url, hq.code("2006"))
    saved = [regs.register(one, returnee(raw, i)) for i in range(4)]
    regs.register(two, returnee(raw, 5, home_village_code=village_in("2006"),
                                channel="walk_in"))
    regs.withdraw(one, saved[0]["id"], "found work in Thailand", expected_version=1)
    for desk in (one, two):
        sync_service.run(desk.data_dir)

    done = jobcentre_hq(hq_db_url, "stats", "--json")
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    exported = jobcentre_hq(hq_db_url, "export")
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert stats["totals"]["registrations"] == len(lines) == 5
    assert stats["totals"]["withdrawn"] == sum(1 for r in lines if r["withdrawn"]) == 1
    assert stats["totals"]["active"] == 4
    assert sum(r["total"] for r in stats["charts"]["per_day"]) == len(lines)
    assert stats["charts"]["per_day"][0]["walk_in"] == 1
    homes = {r["province"]: r["home"] for r in stats["charts"]["provinces"]}
    assert homes == {"05": 3, "20": 1}
    assert stats["filters"] == {"from": None, "to": None, "province": None, "channel": None}

    only = json.loads(jobcentre_hq(hq_db_url, "stats", "--json", "--province", "20").stdout)
    assert only["totals"]["registrations"] == 1
    day = stats["charts"]["per_day"][0]["day"]
    picked = jobcentre_hq(hq_db_url, "stats", "--json", "--from", day, "--to", day,
                          "--province", "05", "--channel", "field")
    assert json.loads(picked.stdout)["totals"] == stats["totals"] | {
        "registrations": 4, "active": 3, "withdrawn": 1}
    text = jobcentre_hq(hq_db_url, "stats")
    assert text.returncode == 0 and "registrations 5 (active 4, withdrawn 1" in text.stdout


@pytest.mark.parametrize(("args", "says"), [
    (["--from", "2026-13-01"], "--from '2026-13-01': not a date; write YYYY-MM-DD"),
    (["--from", "2026-11-10", "--to", "2026-11-01"], "--to '2026-11-01': is before --from"),
    (["--province", "99"], "--province '99': is not one of the codes"),
])
def test_stats_refuses_a_bad_filter_naming_it(tmp_path: Path, args: list[str],
                                              says: str) -> None:
    done = jobcentre_hq(f"sqlite:///{tmp_path / 'hq.sqlite3'}", "stats", "--json", *args)
    assert done.returncode == 2
    assert says in done.stderr and done.stdout == ""


def test_a_duplicate_counts_once_and_its_referrals_count_for_the_survivor(
        hq: LiveServer, make_desk, raw, fixed_now) -> None:
    from sync.server import duplicates

    village = enrolled(make_desk("village"), hq.url, hq.code())
    hotline = enrolled(make_desk("hotline", office="2006"), hq.url, hq.code("2006"))
    first = regs.register(village, returnee(raw, 0, phone="012 345 678"))
    request = employers.record_request(village, GARMENT)
    (ref,) = employers.shortlist(village, request["id"], [first["id"]])
    employers.set_status(village, ref["id"], "interviewed")
    second = regs.register(hotline, returnee(raw, 0, phone="+855 12 345 678",
                                             channel="hotline_1297"))
    for desk in (village, hotline):
        sync_service.run(desk.data_dir)
    d = dashboard(hq)
    assert (d.totals["active"], d.totals["duplicates"], d.totals["referred"]) == (2, 0, 1)
    assert dashboard(hq, channel="field").totals["referred"] == 1

    with db.writing(hq.engine) as conn:  # the hotline's record survives: it gains the referral
        duplicates.resolve(conn, first["id"], second["id"], same=True, actor="Sophea",
                           now=fixed_now, survivor_id=second["id"])
    d = dashboard(hq)
    assert (d.totals["registrations"], d.totals["active"], d.totals["duplicates"]) == (2, 1, 1)
    assert dashboard(hq, channel="field").totals["referred"] == 0
    assert dashboard(hq, channel="hotline_1297").totals["referred"] == 1
    # A later push about the duplicate's referral still counts for the survivor.
    employers.set_status(village, ref["id"], "hired")
    sync_service.run(village.data_dir)
    d = dashboard(hq, channel="hotline_1297")
    assert (d.totals["hired"], d.totals["placed"], d.totals["placement_rate"]) == (1, 1, 1.0)
    kept = stored_counts(hq)
    with db.writing(hq.engine) as conn:
        figures.rebuild(conn)
    assert stored_counts(hq) == kept
