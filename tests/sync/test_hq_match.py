"""Matching at headquarters (``records.match``, what ``jobcentre-hq match`` runs) over
registrations and referrals synced from desks in two districts: the right people, in
the desk's order, found through ``registration_fits`` (PostgreSQL) as pushes and edits
leave it, or by reading each registration (SQLite)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from app.domain.matching import rank, salary_bound
from app.services import employers
from app.services import registrations as regs
from app.services import sync as sync_service
from sync.server import records
from sync.server.db import referrals, registration_fits, registrations
from tests.conftest import village_in
from tests.sync.conftest import LiveServer, enrolled
from tests.test_employers_store import GARMENT, returnee

OTHER = "1201"  # the second desk's district, in Phnom Penh


def _json(value: Any) -> Any:
    return value if isinstance(value, (dict, list)) else json.loads(value)


def scanned(hq: LiveServer, request_id: str, today: date, per_fit: int) -> list[Any]:
    """The ranking headquarters gave before ``registration_fits``: every registration and
    referral read, the fits tested on the whole record, the newest ``per_fit`` of each."""
    req = records.get_request(hq.engine, request_id)
    with hq.engine.connect() as conn:
        rows = conn.execute(sa.select(registrations.c.id, registrations.c.data,
                                      registrations.c.created_at, registrations.c.change_no)
                            .order_by(registrations.c.change_no.desc())).all()
        refs = conn.execute(sa.select(referrals.c.registration_id, referrals.c.request_id,
                                      referrals.c.data)).all()
    sexes = ["male", "female"] if req["gender"] == "any" else [req["gender"]]
    bound = salary_bound(int(req["salary_usd"]))
    kept = [r for r in rows if _json(r.data).get("sex") in sexes
            and (_json(r.data).get("expected_salary_usd") is None
                 or _json(r.data)["expected_salary_usd"] <= bound)]
    province, sector = req["province_code"], req["sector"]
    fits = [
        [r for r in kept if province in (_json(r.data).get("preferred_province_codes") or [])
         or str(_json(r.data).get("home_village_code") or "").startswith(province)],
        [r for r in kept if sector in (_json(r.data).get("sectors") or [])],
    ]
    picked = {r.id: r for fit in fits for r in fit[:per_fit]}
    cands = []
    for r in picked.values():
        mine = [x for x in refs if x.registration_id == r.id]
        village = str(_json(r.data).get("home_village_code") or "")
        cands.append(dict(_json(r.data)) | {
            "id": r.id, "created_on": str(r.created_at)[:10],
            "home_province_code": village[:2], "home_district_code": village[:4],
            "hired": any(_json(x.data).get("status") == "hired" for x in mine),
            "referral_count": len(mine),
            "on_request": any(x.request_id == request_id for x in mine)})
    return rank(req, cands, today=today, limit=None)


def test_headquarters_matches_every_district_in_the_desks_order(
        hq: LiveServer, make_desk, raw, fixed_now: datetime):
    first = enrolled(make_desk("first"), hq.url, hq.code())
    other = enrolled(make_desk("other", office=OTHER), hq.url, hq.code(OTHER))
    home_other = village_in(OTHER)

    def person(desk: Any, i: int, **changes: Any) -> str:
        return regs.register(desk, returnee(raw, i, **changes))["id"]

    both = person(first, 0)  # prefers Kampong Speu, wants garment work
    home_only = person(first, 1, preferred_province_codes=["12"], sectors=["construction"],
                       previous_job="", skills="")
    sector_only = person(first, 2, preferred_province_codes=["12"],
                         home_village_code=home_other)
    no_salary = person(first, 3, expected_salary_usd=None)
    slightly_above = person(first, 4, expected_salary_usd=250)
    man = person(first, 5, sex="male")
    too_dear = person(first, 6, expected_salary_usd=300)
    elsewhere = person(first, 7, preferred_province_codes=["12"], sectors=["construction"],
                       home_village_code=home_other, previous_job="", skills="")
    hired = person(first, 8)
    shortlisted = person(first, 9)
    moved_in = person(first, 10, preferred_province_codes=["12"], sectors=["construction"],
                      home_village_code=home_other, previous_job="", skills="")
    moved_away = person(first, 11)
    far = person(other, 12, home_village_code=home_other)
    far_referred = person(other, 13, home_village_code=home_other)
    sync_service.run(first.data_dir)
    sync_service.run(other.data_dir)

    # Edits after the first push: one now fits, one no longer does.
    regs.edit(first, moved_in, returnee(raw, 10), expected_version=1)
    regs.edit(first, moved_away, returnee(raw, 11, preferred_province_codes=["12"],
                                          sectors=["construction"], previous_job="",
                                          skills="", home_village_code=home_other),
              expected_version=1)
    # One hired through the first desk's own request; one referred by the other
    # district's desk to a request of its own.
    own = employers.record_request(first, GARMENT | {"workers_needed": 1})
    ref = employers.shortlist(first, own["id"], [hired])[0]
    employers.set_status(first, ref["id"], "hired")
    theirs = employers.record_request(other, GARMENT)
    employers.shortlist(other, theirs["id"], [far_referred])
    # The request matched at headquarters, pulled by the first desk, which lists one.
    request_id, errors = records.add_request(hq.engine, GARMENT, fixed_now)
    assert not errors and request_id
    sync_service.run(first.data_dir)
    employers.shortlist(first, request_id, [shortlisted])
    sync_service.run(first.data_dir)
    sync_service.run(other.data_dir)

    today = first.today()
    found = records.match(hq.engine, request_id, today=today, limit=None)
    ids = [m.registration_id for m in found]
    by_id = {m.registration_id: m for m in found}
    # Fits the province and the sector, salary within the offer (not referred): first;
    # those who fit one way only, or ask more, or were referred elsewhere come later.
    assert set(ids) == {both, home_only, sector_only, no_salary, slightly_above, moved_in,
                        far, far_referred}
    assert ids[-1] == home_only
    assert "already_referred" in by_id[far_referred].reasons
    assert "not_referred" in by_id[far].reasons
    assert by_id[home_only].reasons[0] == "home_province"
    assert "sector_fits" in by_id[sector_only].reasons
    assert "salary_unknown" in by_id[no_salary].reasons
    assert "salary_slightly_above" in by_id[slightly_above].reasons
    assert by_id[both].score > by_id[far_referred].score > by_id[home_only].score
    for left_out in (man, too_dear, elsewhere, hired, shortlisted, moved_away):
        assert left_out not in by_id
    # Whole records, as the command prints them.
    assert by_id[far].candidate["registration_no"].startswith(OTHER)
    assert by_id[far].candidate["name_latin"] == returnee(raw, 12)["name_latin"]
    assert by_id[moved_in].candidate["preferred_province_codes"] == ["05"]

    assert [(m.registration_id, m.score, m.reasons, dict(m.candidate)) for m in found] == [
        (m.registration_id, m.score, m.reasons, dict(m.candidate))
        for m in scanned(hq, request_id, today, records.HQ_CANDIDATES_PER_FIT)]
    # Only the newest of each kind of fit are read: two per fit here.
    few = records.match(hq.engine, request_id, today=today, limit=None, per_fit=2)
    assert [(m.registration_id, m.reasons) for m in few] == [
        (m.registration_id, m.reasons) for m in scanned(hq, request_id, today, 2)]
    assert len(few) < len(found)
    assert records.match(hq.engine, request_id, today=today, limit=3) == found[:3]

    if hq.engine.dialect.name == "postgresql":  # SQLite reads the JSON, no fits kept
        with hq.engine.connect() as conn:
            kept = conn.execute(
                sa.select(registration_fits.c.kind, registration_fits.c.code,
                          registration_fits.c.change_no)
                .where(registration_fits.c.registration_id == moved_away)).all()
            change_no = conn.execute(sa.select(registrations.c.change_no)
                                     .where(registrations.c.id == moved_away)).scalar_one()
        assert sorted(kept) == [("province", "12", change_no),
                                ("sector", "construction", change_no)]


# A SQLite headquarters keeps no registration_fits.
@pytest.mark.parametrize("hq_db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_the_migration_fills_fits_for_registrations_already_held(
        hq_db_url: str, monkeypatch, raw):
    from sync.server import db

    engine = db.make_engine(hq_db_url)
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[:1])
    db.migrate(engine)
    rec = returnee(raw, 0, preferred_province_codes=["05", "12"],
                   sectors=["garment", "construction"])
    with db.writing(engine) as conn:
        conn.execute(sa.insert(db.devices).values(
            device_id="d1", device_tag="AAAAAA", district_code="0502",
            enrolled_at="2026-11-25T03:00:00.000Z"))
        conn.execute(sa.insert(registrations).values(
            id="r1", version=1, hash="0" * 64, schema=1, registration_no="0502-AAAAAA-00001-X",
            device_id="d1", data=rec, created_at="2026-11-25T03:00:00.000Z",
            updated_at="2026-11-25T03:00:00.000Z", received_at="2026-11-25T03:00:00.000Z",
            change_no=7))
    monkeypatch.undo()
    assert db.migrate(engine)[0] == "0002_registration_fits"
    with engine.connect() as conn:
        rows = conn.execute(sa.select(registration_fits)).all()
    engine.dispose()
    assert sorted((r.kind, r.code) for r in rows) == [
        ("province", "05"), ("province", "12"), ("sector", "construction"), ("sector", "garment")]
    assert {(r.registration_id, r.sex, int(r.salary), r.change_no) for r in rows} == {
        ("r1", "female", 200, 7)}
