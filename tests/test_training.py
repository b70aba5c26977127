"""The training catalogue (reference data, and newer sets from headquarters) and
enrolling returnees in its sessions."""

from __future__ import annotations

import copy
import json
import logging
from datetime import date
from pathlib import Path

import pytest

from app.domain.codes import COURSES
from app.domain.errors import ValidationFailed
from app.domain.reference import is_newer
from app.resources import resource_path
from app.services import desk as desk_service
from app.services import registrations as regs
from app.services import training
from app.services.desk import Desk, check_reference_data, reference, use_newest_reference
from app.store import outbox
from app.store.connection import transaction
from tests.test_employers_store import returnee

BUNDLED = json.loads(Path(resource_path("reference/reference.json")).read_text("utf-8"))
FIRST = "AGP-2027-01-KSP"  # agricultural processing, Kampong Speu


@pytest.fixture(autouse=True)
def bundled_again():
    """Tests here make pulled catalogues current: leave the bundled one for the next."""
    yield
    desk_service._reference_in_use = None


def newer(**changes) -> dict:
    data = copy.deepcopy(BUNDLED) | {"version": "2099.1"}
    data.update(changes)
    return data


def pull(desk: Desk, data: dict, version: int = 1) -> None:
    with transaction(desk.conn):
        outbox.store_pulled(desk.conn, [{"type": "reference_data", "id": "reference",
                                         "version": version, "data": data}], "now")
    use_newest_reference(desk.conn)


def test_bundled_catalogue_is_valid_and_runs_every_course():
    assert check_reference_data(BUNDLED) == []
    ref = desk_service.bundled_reference()
    for course in COURSES:
        sessions = ref.sessions_of(course)
        assert sessions, course
        assert all(s.end_date > s.start_date and s.seats > 0 for s in sessions)
    # courses in catalogue order, the soonest session first within each
    order = [(COURSES.index(s.course), s.start_date) for s in ref.sessions]
    assert order == sorted(order)
    first = ref.session(FIRST)
    assert (first.province_code, first.start_date) == ("05", date(2027, 1, 11))
    assert first.place("en") == "Kampong Speu Provincial Training Centre"
    assert "កំពង់ស្ពឺ" in first.place("km")


@pytest.mark.parametrize(("change", "problem"), [
    ({"version": "next"}, "version"),
    ({"courses": BUNDLED["courses"][:-1]}, "courses: missing air_conditioning"),
    ({"courses": [*BUNDLED["courses"], {"code": "welding", "km": "ផ្សារ", "en": "Welding"}]},
     "courses: unknown to this app version: welding"),
    ({"sectors": [{"code": "garment", "km": "", "en": "Garment"}]}, "sectors[0]"),
])
def test_a_broken_data_set_is_named_key_by_key(change, problem):
    problems = check_reference_data(newer(**change))
    assert any(p.startswith(problem) for p in problems), problems


@pytest.mark.parametrize(("session", "problem"), [
    ({"code": "agp 1"}, "sessions[0].code"),
    ({"course": "welding"}, "sessions[0].course"),
    ({"province_code": "99"}, "sessions[0].province_code"),
    ({"district_code": "1201"}, "sessions[0].district_code"),  # Phnom Penh, not Kampong Speu
    ({"start_date": "11/01/2027"}, "sessions[0].start_date"),
    ({"end_date": "2027-01-01"}, "sessions[0].end_date: before the start date"),
    ({"seats": 0}, "sessions[0].seats"),
    ({"place_km": " "}, "sessions[0].place_km"),
])
def test_a_broken_session_is_named(session, problem):
    sessions = copy.deepcopy(BUNDLED["sessions"])
    sessions[0].update(session)
    problems = check_reference_data(newer(sessions=sessions))
    assert any(p.startswith(problem) for p in problems), problems


def test_a_session_code_used_twice_is_refused():
    sessions = copy.deepcopy(BUNDLED["sessions"])
    sessions[1]["code"] = sessions[0]["code"]
    assert any("used twice" in p for p in check_reference_data(newer(sessions=sessions)))


def test_versions_compare_as_numbers():
    assert is_newer("2026.10", "2026.9")
    assert is_newer("2027.1", "2026.12")
    assert not is_newer("2026.1", "2026.1")
    assert not is_newer("2026", "2025.1")


def test_desk_uses_a_newer_pulled_catalogue_and_ignores_older_or_broken(desk, caplog):
    sessions = [*copy.deepcopy(BUNDLED["sessions"]), {
        "code": "AC-2099-01-KEP", "course": "air_conditioning", "province_code": "23",
        "place_km": "កែប", "place_en": "Kep", "start_date": "2099-01-05",
        "end_date": "2099-02-05", "seats": 10}]
    pull(desk, newer(sessions=sessions))
    assert reference().version == "2099.1"
    assert reference().session("AC-2099-01-KEP").place("en") == "Kep"
    # a second desk on the same folder starts with it too
    Desk(desk.data_dir).close()
    assert reference().version == "2099.1"

    pull(desk, newer(version="2020.1"), version=2)  # older than the bundled file
    assert reference().version == BUNDLED["version"]

    broken = copy.deepcopy(BUNDLED["sessions"])
    broken[0]["seats"] = "many"
    with caplog.at_level(logging.WARNING, logger="jobcentre.desk"):
        pull(desk, newer(version="2099.2", sessions=broken), version=3)
    assert reference().version == BUNDLED["version"]
    assert "left unused" in caplog.text and "sessions[0].seats" in caplog.text


def enrolled_person(desk, raw, i=0):
    rec = regs.register(desk, returnee(raw, i, training_interests=["agro_processing"]))
    return training.enrol(desk, rec["id"], FIRST, expected_version=rec["version"])


def test_enrolling_is_a_new_version_listed_under_the_session(desk, raw):
    rec = enrolled_person(desk, raw)
    assert rec["version"] == 2 and rec["training_enrolments"] == [FIRST]
    assert rec["sync_state"] == "pending"
    assert [h["action"] for h in regs.history(desk, rec["id"])][-1] == "edited"
    rows = {row.session.code: row for row in training.sessions(desk)}
    assert rows[FIRST].enrolled == 1
    assert rows[FIRST].seats_left == rows[FIRST].session.seats - 1
    assert rows[FIRST].wanted_in_province == 1  # lives in Kampong Speu, wants the course
    assert [r["id"] for r in training.enrolled_in(desk, FIRST)] == [rec["id"]]
    assert training.enrolled_in(desk, "MECH-2027-01-PNP") == []


def test_editing_the_person_keeps_their_enrolments(desk, raw):
    rec = enrolled_person(desk, raw)
    form_values = {k: v for k, v in rec.items() if k != "training_enrolments"}
    edited = regs.edit(desk, rec["id"], form_values | {"skills": "sewing"},
                       expected_version=rec["version"])
    assert edited["training_enrolments"] == [FIRST] and edited["skills"] == "sewing"


def rules(excinfo) -> list[str]:
    return [e.rule for e in excinfo.value.errors]


def test_enrolment_refusals_change_nothing(desk, raw):
    rec = enrolled_person(desk, raw)
    with pytest.raises(ValidationFailed) as twice:
        training.enrol(desk, rec["id"], FIRST, expected_version=rec["version"])
    assert rules(twice) == ["already_enrolled"]
    with pytest.raises(ValidationFailed) as unknown:
        training.enrol(desk, rec["id"], "XX-1999-01-KSP", expected_version=rec["version"])
    assert rules(unknown) == ["unknown_session"]
    assert regs.get(desk, rec["id"])["version"] == rec["version"]


def test_a_full_session_takes_no_one_more(desk, raw):
    sessions = copy.deepcopy(BUNDLED["sessions"])
    sessions[0]["seats"] = 1
    pull(desk, newer(sessions=sessions))
    enrolled_person(desk, raw, 0)
    other = regs.register(desk, returnee(raw, 1))
    with pytest.raises(ValidationFailed) as full:
        training.enrol(desk, other["id"], FIRST, expected_version=1)
    assert rules(full) == ["session_full"] and full.value.errors[0].params == {"seats": 1}
    assert regs.get(desk, other["id"])["training_enrolments"] == []


def test_headquarters_count_of_every_district_fills_a_session(desk, raw):
    with transaction(desk.conn):
        outbox.store_pulled(desk.conn, [
            {"type": "training_session", "id": FIRST, "version": 3, "data": {"enrolled": 25}},
            {"type": "training_session", "id": "MECH-2027-01-PNP", "version": 1,
             "data": {"enrolled": "many"}},  # not a count: no count shown
        ], "now")
    rows = {row.session.code: row for row in training.sessions(desk)}
    assert (rows[FIRST].enrolled, rows[FIRST].enrolled_everywhere) == (0, 25)
    assert rows[FIRST].seats_left == 0
    assert rows["MECH-2027-01-PNP"].enrolled_everywhere is None
    rec = regs.register(desk, returnee(raw, 0))
    with pytest.raises(ValidationFailed) as full:
        training.enrol(desk, rec["id"], FIRST, expected_version=1)
    assert rules(full) == ["session_full"]
    assert training.enrol(desk, rec["id"], "MECH-2027-01-PNP", expected_version=1)


def test_taking_someone_off_a_session(desk, raw):
    rec = enrolled_person(desk, raw)
    off = training.unenrol(desk, rec["id"], FIRST, expected_version=rec["version"])
    assert off["training_enrolments"] == [] and off["version"] == 3
    assert training.enrolled_in(desk, FIRST) == []
    assert {row.session.code: row.enrolled for row in training.sessions(desk)}[FIRST] == 0


def test_withdrawn_returnees_leave_the_session_list(desk, raw):
    rec = enrolled_person(desk, raw)
    regs.withdraw(desk, rec["id"], "found work abroad", expected_version=rec["version"])
    assert training.enrolled_in(desk, FIRST) == []


def test_only_the_registering_laptop_enrols(desk, raw):
    rec = regs.register(desk, returnee(raw, 0))
    with transaction(desk.conn):  # as if pulled from another district's laptop
        desk.conn.execute("UPDATE registrations SET device_id = 'another-laptop' WHERE id = ?",
                          (rec["id"],))
    with pytest.raises(PermissionError):
        training.enrol(desk, rec["id"], FIRST, expected_version=1)
    assert regs.get(desk, rec["id"])["training_enrolments"] == []


def test_enrolments_are_validated_like_every_field(desk, raw):
    with pytest.raises(ValidationFailed) as bad:
        regs.register(desk, returnee(raw, 0, training_enrolments=["not a code"]))
    assert [(e.field, e.rule) for e in bad.value.errors] == [
        ("training_enrolments", "unknown_code")]
    saved = regs.register(desk, returnee(raw, 1, training_enrolments="AGP-2027-01-KSP;"
                                                                      "MOTO-2027-01-BMC"))
    assert saved["training_enrolments"] == ["AGP-2027-01-KSP", "MOTO-2027-01-BMC"]
