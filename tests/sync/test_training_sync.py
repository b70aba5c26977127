"""Training through headquarters: enrolments reach it with the registration, and a
newer course catalogue published with ``jobcentre-hq reference publish`` reaches every
desk on its next sync."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.resources import resource_path
from app.services import desk as desk_service
from app.services import registrations, training
from app.services import sync as sync_service
from app.services.desk import reference
from sync.server import db as hq_db
from sync.server.cli import main as hq_main
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_end_to_end import register_some

BUNDLED = json.loads(Path(resource_path("reference/reference.json")).read_text("utf-8"))
SESSION = "MOTO-2027-01-SVR"


@pytest.fixture(autouse=True)
def bundled_again():
    yield
    desk_service._reference_in_use = None


def stored_schemas(hq: LiveServer) -> dict[str, int]:
    with hq.engine.connect() as conn:
        return dict(conn.execute(sa.select(hq_db.registrations.c.id,
                                           hq_db.registrations.c.schema)).all())


def test_enrolments_reach_headquarters_with_the_registration(hq: LiveServer, make_desk,
                                                             raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    plain, student = register_some(desk, raw, 2)
    training.enrol(desk, student["id"], SESSION, expected_version=1)
    assert sync_service.run(desk.data_dir).counts["stored"] == 2

    exported = {r["id"]: r for r in hq.export()}
    assert exported[student["id"]]["training_enrolments"] == [SESSION]
    assert exported[student["id"]]["version"] == 2
    assert exported[plain["id"]]["training_enrolments"] == []
    # without enrolments a record hashes as the first schema, as older desks send it
    assert stored_schemas(hq) == {plain["id"]: 1, student["id"]: 2}

    training.unenrol(desk, student["id"], SESSION, expected_version=2)
    assert sync_service.run(desk.data_dir).counts["stored"] == 1
    assert {r["id"]: r for r in hq.export()}[student["id"]]["training_enrolments"] == []
    assert registrations.get(desk, student["id"])["sync_state"] == "sent"


def write(tmp_path: Path, data: dict) -> str:
    path = tmp_path / f"reference-{data['version']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_published_catalogue_reaches_the_desk(hq: LiveServer, hq_db_url: str, make_desk,
                                                tmp_path: Path, capsys) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    newer = copy.deepcopy(BUNDLED) | {"version": "2027.1"}
    newer["sessions"].append({
        "code": "AC-2027-06-KEP", "course": "air_conditioning", "province_code": "23",
        "place_km": "មជ្ឈមណ្ឌលបណ្តុះបណ្តាលវិជ្ជាជីវៈខេត្តកែប",
        "place_en": "Kep Provincial Training Centre", "start_date": "2027-06-07",
        "end_date": "2027-08-27", "seats": 15})

    broken = copy.deepcopy(newer)
    broken["sessions"][-1]["end_date"] = "2027-01-01"
    assert hq_main(["--db", hq_db_url, "reference", "publish", write(tmp_path, broken)]) == 1
    assert "sessions[13].end_date: before the start date" in capsys.readouterr().err
    old = copy.deepcopy(newer) | {"version": "2025.9"}
    assert hq_main(["--db", hq_db_url, "reference", "publish", write(tmp_path, old)]) == 1
    assert "not newer than the bundled 2026.1" in capsys.readouterr().err

    assert hq_main(["--db", hq_db_url, "reference", "publish", write(tmp_path, newer)]) == 0
    assert "2027.1 with 14 training sessions" in capsys.readouterr().out
    assert hq_main(["--db", hq_db_url, "reference", "publish", write(tmp_path, newer)]) == 1
    assert "not newer than the published 2027.1" in capsys.readouterr().err

    assert reference().version == BUNDLED["version"]
    report = sync_service.run(desk.data_dir)
    assert report.pulled >= 1
    assert reference().version == "2027.1"
    assert reference().session("AC-2027-06-KEP").place("en") == "Kep Provincial Training Centre"
    assert "AC-2027-06-KEP" in [row.session.code for row in training.sessions(desk)]


def everywhere(desk, code: str = SESSION) -> int | None:
    return {r.session.code: r.enrolled_everywhere for r in training.sessions(desk)}[code]


def test_seats_are_counted_over_every_district(hq: LiveServer, make_desk, raw) -> None:
    one = enrolled(make_desk("one"), hq.url, hq.code())
    two = enrolled(make_desk("two", office="2006"), hq.url, hq.code("2006"))
    a, b = register_some(one, raw, 2)
    (c,) = register_some(two, raw, 1, start=5)
    for desk, rec in ((one, a), (one, b), (two, c)):
        training.enrol(desk, rec["id"], SESSION, expected_version=1)
    sync_service.run(one.data_dir)
    assert everywhere(one) == 2
    sync_service.run(two.data_dir)  # pushes, then pulls the count with its own seat in it
    assert everywhere(two) == 3
    sync_service.run(one.data_dir)
    assert everywhere(one) == 3
    assert training.sessions(one)[0].enrolled_everywhere is None  # no one on that session

    # taken off one session and withdrawn: both seats come back; a replay moves nothing
    training.unenrol(one, a["id"], SESSION, expected_version=2)
    registrations.withdraw(one, b["id"], "went back to Thailand", expected_version=2)
    sync_service.run(one.data_dir)
    sync_service.run(two.data_dir)
    assert everywhere(one) == 1 and everywhere(two) == 1
    registrations.edit(two, c["id"], registrations.get(two, c["id"]) | {"skills": "welding"},
                       expected_version=2)
    sync_service.run(two.data_dir)
    assert everywhere(two) == 1  # an edit that keeps the seat keeps the count


def test_headquarters_reports_demand_and_seats_over_every_district(
        hq: LiveServer, hq_db_url: str, make_desk, raw, capsys) -> None:
    import csv
    import io

    from tests.conftest import village_in

    one = enrolled(make_desk("one"), hq.url, hq.code())
    two = enrolled(make_desk("two", office="2006"), hq.url, hq.code("2006"))
    for i, (desk, village, courses) in enumerate((
            (one, village_in("0502"), ["agro_processing", "mechanics"]),
            (one, village_in("0502"), ["agro_processing"]),
            (two, village_in("2006"), ["motorcycle_repair"]),
            (two, village_in("2006"), ["mechanics"]))):
        (rec,) = register_some(desk, raw, 1, start=i)
        rec = registrations.edit(desk, rec["id"], rec | {"home_village_code": village,
                                                         "training_interests": courses},
                                 expected_version=1)
        if i == 2:
            training.enrol(desk, rec["id"], SESSION, expected_version=rec["version"])
        if i == 3:
            registrations.withdraw(desk, rec["id"], "moved away", expected_version=2)
    for desk in (one, two):
        sync_service.run(desk.data_dir)

    assert hq_main(["--db", hq_db_url, "training", "demand", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [(r["district_code"], r["district"], r["total"]) for r in rows] == [
        ("0502", "Chbar Mon", "3"), ("2006", "Svay Rieng", "1")]  # withdrawn left out
    assert (rows[0]["agro_processing"], rows[0]["mechanics"]) == ("2", "1")
    assert rows[1]["motorcycle_repair"] == "1" and rows[1]["mechanics"] == "0"

    assert hq_main(["--db", hq_db_url, "training", "seats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["session", "course", "place"]
    seats = next(line for line in lines if line.startswith(SESSION))
    assert seats.split()[-3:] == ["20", "1", "19"]  # seats, enrolled, left
