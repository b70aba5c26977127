"""Employer requests and referrals between desks and a real headquarters on loopback:
the done-means flow (30 female garment workers in Kampong Speu at 220 USD, ten
shortlisted, three hired) reaches headquarters, hire counts come back by pull, and a
request is filled once enough are hired, counting every district's referrals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.services import employers
from app.services import registrations as regs
from app.services import sync as sync_service
from app.services.desk import Desk
from app.store import employers as emp_store
from sync import protocol as p
from sync.server import records
from sync.server.cli import main as hq_main
from sync.server.db import employer_requests, referrals
from tests.conftest import village_in
from tests.sync.conftest import LiveServer, enrolled
from tests.test_employers_store import GARMENT, returnee


def hq_rows(hq: LiveServer, table: sa.Table) -> dict[str, dict[str, Any]]:
    with hq.engine.connect() as conn:
        rows = conn.execute(sa.select(table)).mappings().all()
    out = {}
    for row in rows:
        data = row["data"] if isinstance(row["data"], dict) else json.loads(row["data"])
        out[row["id"]] = dict(row) | {"data": data}
    return out


def register_women(desk: Desk, raw: dict[str, Any], n: int) -> list[dict[str, Any]]:
    return [regs.register(desk, returnee(raw, i)) for i in range(n)]


def test_request_referrals_and_statuses_reach_headquarters(hq: LiveServer, make_desk, raw):
    desk = enrolled(make_desk(), hq.url, hq.code())
    register_women(desk, raw, 12)
    request = employers.record_request(desk, GARMENT)
    found = employers.match(desk, request["id"])
    assert len(found) == 12
    made = employers.shortlist(desk, request["id"], [m.registration_id for m in found[:10]])
    for ref in made[:3]:
        employers.set_status(desk, ref["id"], "hired")
    employers.set_status(desk, made[3]["id"], "declined")

    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 12 + 1 + 10
    assert report.counts[p.REJECTED] == 0

    held = hq_rows(hq, employer_requests)[request["id"]]
    assert held["data"]["workers_needed"] == 30 and held["data"]["gender"] == "female"
    assert held["data"]["hired"] == 3 and held["data"]["filled"] is False
    assert held["status"] == "open"
    refs = hq_rows(hq, referrals)
    assert len(refs) == 10
    statuses = sorted(r["data"]["status"] for r in refs.values())
    assert statuses.count("hired") == 3 and statuses.count("declined") == 1
    assert emp_store.sync_counts(desk.conn)["referral"] == {"sent": 10}

    # Syncing again sends nothing more and changes nothing.
    again = sync_service.run(desk.data_dir)
    assert again.counts[p.STORED] == 0
    assert employers.get_request(desk, request["id"])["hired"] == 3


def test_second_desk_pulls_the_request_and_filled_counts_every_district(
        hq: LiveServer, make_desk, raw):
    first = enrolled(make_desk("first"), hq.url, hq.code())
    second = enrolled(make_desk("second", office="0502"), hq.url, hq.code())
    small = employers.record_request(first, GARMENT | {"workers_needed": 2})
    sync_service.run(first.data_dir)

    sync_service.run(second.data_dir)
    pulled = employers.get_request(second, small["id"])
    assert pulled is not None and pulled["sync_state"] == "pulled"
    assert pulled["employer_name"] == GARMENT["employer_name"]

    # Each district hires one of its own returnees: together they fill the request.
    for desk in (first, second):
        person = regs.register(desk, returnee(raw, 0))
        ref = employers.shortlist(desk, small["id"], [person["id"]])[0]
        employers.set_status(desk, ref["id"], "hired")
        sync_service.run(desk.data_dir)
    sync_service.run(first.data_dir)

    held = hq_rows(hq, employer_requests)[small["id"]]
    assert held["data"]["hired"] == 2 and held["data"]["filled"] is True
    assert held["status"] == "filled"
    for desk in (first, second):
        seen = employers.get_request(desk, small["id"])
        assert seen["hired"] == 2 and seen["filled"] is True
        assert employers.progress(desk, small["id"]).filled


def test_another_desk_cannot_overwrite_a_request(hq: LiveServer, make_desk):
    first = enrolled(make_desk("first"), hq.url, hq.code())
    other = enrolled(make_desk("other"), hq.url, hq.code())
    request = employers.record_request(first, GARMENT)
    sync_service.run(first.data_dir)
    sync_service.run(other.data_dir)
    # As if the other desk's copy had been edited behind the service's owner check.
    changed, _ = employers.check_request(other, GARMENT | {"salary_usd": 100})
    emp_store.update_request(other.conn, request["id"], changed,
                             expected_version=1, updated_at=other.now_iso(),
                             officer_id="x")
    other.conn.commit()
    report = sync_service.run(other.data_dir)
    assert report.counts[p.REJECTED] == 1
    assert hq_rows(hq, employer_requests)[request["id"]]["data"]["salary_usd"] == 220


def test_hq_adds_requests_every_desk_pulls_and_matches_anywhere(
        hq: LiveServer, hq_db_url: str, make_desk, raw, tmp_path: Path, capsys):
    desk = enrolled(make_desk(), hq.url, hq.code())
    people = register_women(desk, raw, 3)
    # Neither prefers nor lives in the province, nor wants the sector: never listed.
    regs.register(desk, returnee(raw, 5, sectors=["construction"],
                                 preferred_province_codes=["12"],
                                 home_village_code=village_in("1201")))
    sync_service.run(desk.data_dir)
    src = tmp_path / "requests.jsonl"
    src.write_text(json.dumps(GARMENT) + "\n" + json.dumps(GARMENT | {"gender": "x"}) + "\n",
                   encoding="utf-8")
    assert hq_main(["--db", hq_db_url, "requests", "add", str(src)]) == 1
    out = capsys.readouterr()
    new_id = out.out.strip()
    assert p.is_uuid(new_id)
    assert f"{src}:2: gender: invalid_choice (Choose one of the options)" in out.err

    sync_service.run(desk.data_dir)
    assert employers.get_request(desk, new_id)["device_id"] == records.HQ_OWNER
    assert len(employers.match(desk, new_id)) == 3

    assert hq_main(["--db", hq_db_url, "match", new_id, "--json", "--limit", "2"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert len(lines) == 2
    assert {line["registration_id"] for line in lines} <= {p_["id"] for p_ in people}
    assert "sector_fits" in lines[0]["reasons"]
    assert hq_main(["--db", hq_db_url, "match", new_id, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {line["registration_id"] for line in listed} == {p_["id"] for p_ in people}
    assert hq_main(["--db", hq_db_url, "match", "00000000-0000-4000-8000-000000000000"]) == 1


def test_headquarters_refuses_a_referral_moved_back_from_hired(hq: LiveServer, make_desk, raw):
    desk = enrolled(make_desk(), hq.url, hq.code())
    person = register_women(desk, raw, 1)[0]
    request = employers.record_request(desk, GARMENT)
    ref = employers.shortlist(desk, request["id"], [person["id"]])[0]
    interviewed = employers.set_status(desk, ref["id"], "interviewed")
    assert sync_service.run(desk.data_dir).counts[p.REJECTED] == 0
    # Interviewed, then hired between two syncs: headquarters sees the two steps as one.
    hired = employers.set_status(desk, ref["id"], "hired")
    assert hired["version"] == interviewed["version"] + 1
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 1
    assert hq_rows(hq, referrals)[ref["id"]]["data"]["status"] == "hired"
    assert hq_rows(hq, employer_requests)[request["id"]]["data"]["hired"] == 1

    # As if the desk's copy had been moved back behind the service's transition check.
    assert emp_store.set_referral_status(
        desk.conn, ref["id"], "referred", desk.today().isoformat(),
        expected_version=hired["version"], updated_at=desk.now_iso(), officer_id="x")
    desk.conn.commit()
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.REJECTED] == 1 and report.counts[p.STORED] == 0
    held = hq_rows(hq, referrals)[ref["id"]]
    assert held["data"]["status"] == "hired" and held["version"] == hired["version"]
    assert hq_rows(hq, employer_requests)[request["id"]]["data"]["hired"] == 1
    assert emp_store.sync_counts(desk.conn)["referral"] == {"quarantined": 1}
    errors = json.loads(desk.conn.execute("SELECT sync_errors FROM referrals WHERE id = ?",
                                          (ref["id"],)).fetchone()[0])
    assert errors == [{"field": "status", "rule": "invalid_transition",
                       "params": {"from": "hired", "to": "referred"}}]
