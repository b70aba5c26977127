"""Employer requests, matching returnees to them, and referrals: the use cases the
window and the command line share."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.domain import matching
from app.domain.employers import (
    REFERRED,
    WorkPlaces,
    can_move,
    validate_referral,
    validate_request,
)
from app.domain.errors import FieldError, ValidationFailed
from app.domain.registration import display_phone
from app.services.desk import Desk, gazetteer
from app.store import employers as store
from app.store.connection import transaction

# Registrations read per kind of fit before ranking: enough for any shortlist, few
# enough that ranking stays well under the time an officer notices.
CANDIDATES_PER_FIT = 600


@cache
def work_places() -> WorkPlaces:
    gaz = gazetteer()
    provinces = {p.code for p in gaz.provinces()}
    districts = {d.code for d in gaz.all_districts()}
    return WorkPlaces(is_province=provinces.__contains__, is_district=districts.__contains__)


def check_request(desk: Desk, raw: Mapping[str, Any]
                  ) -> tuple[dict[str, Any], list[FieldError]]:
    return validate_request(raw, today=desk.today(), places=work_places())


def record_request(desk: Desk, raw: Mapping[str, Any], *,
                   within: Callable[[sqlite3.Connection, str], None] | None = None
                   ) -> dict[str, Any]:
    """Validate and save a new employer request (queued for headquarters).
    ``within(conn, record_id)`` runs in the saving transaction, as for registrations."""
    officer = desk.require_officer()
    rec, errors = check_request(desk, raw)
    if errors:
        raise ValidationFailed(errors)
    now = desk.now_iso()
    rec |= {"id": str(uuid.uuid4()), "version": 1, "created_at": now, "updated_at": now,
            "device_id": desk.device_id, "officer_id": officer.officer_id}
    with transaction(desk.conn):
        store.insert_request(desk.conn, rec)
        if within is not None:
            within(desk.conn, rec["id"])
    saved = store.get_request(desk.conn, rec["id"])
    assert saved is not None
    return saved


def edit_request(desk: Desk, record_id: str, raw: Mapping[str, Any], *,
                 expected_version: int) -> dict[str, Any]:
    """Save changes to a request this desk made; only its owner edits it."""
    officer = desk.require_officer()
    current = store.get_request(desk.conn, record_id)
    if current is None:
        raise KeyError(record_id)
    if current["device_id"] != desk.device_id:
        raise PermissionError("only the desk that made a request edits it")
    rec, errors = check_request(desk, raw)
    if errors:
        raise ValidationFailed(errors)
    with transaction(desk.conn):
        if not store.update_request(desk.conn, record_id, rec,
                                    expected_version=expected_version,
                                    updated_at=desk.now_iso(),
                                    officer_id=officer.officer_id):
            raise ValidationFailed([FieldError("version", "edited_elsewhere")])
    saved = store.get_request(desk.conn, record_id)
    assert saved is not None
    return saved


def get_request(desk: Desk, record_id: str) -> dict[str, Any] | None:
    return store.get_request(desk.conn, record_id)


def list_requests(desk: Desk, status: str | None = None) -> list[dict[str, Any]]:
    return store.list_requests(desk.conn, status=status)


@dataclass(frozen=True)
class RequestProgress:
    needed: int
    hired_here: int  # hired among this desk's referrals
    hired_hq: int  # headquarters' count, from every district (as of the last pull)
    filled: bool

    @property
    def hired(self) -> int:
        return max(self.hired_here, self.hired_hq)


def progress(desk: Desk, record_id: str) -> RequestProgress:
    req = store.get_request(desk.conn, record_id)
    if req is None:
        raise KeyError(record_id)
    here = sum(1 for r in store.shortlist(desk.conn, record_id) if r["status"] == "hired")
    return RequestProgress(req["workers_needed"], here, req["hired"],
                           bool(req["filled"]) or here >= req["workers_needed"])


# --- matching -----------------------------------------------------------------------


def match(desk: Desk, request_id: str, *, filters: matching.Filters | None = None,
          limit: int | None = 200, conn: Any = None) -> list[matching.Match]:
    """This desk's returnees that fit a request, best first, with reasons.

    ``conn``: a reader connection for a worker thread; the desk's own by default."""
    db = conn or desk.conn
    req = store.get_request(db, request_id)
    if req is None:
        raise KeyError(request_id)
    return match_request(db, req, today=desk.today(), filters=filters, limit=limit)


def match_request(conn: Any, req: Mapping[str, Any], *, today: Any,
                  filters: matching.Filters | None = None, limit: int | None = 200
                  ) -> list[matching.Match]:
    gender = req["gender"]
    sexes = ("male", "female") if gender == "any" else (gender,)
    found = store.match_candidates(
        conn, sexes=sexes, salary_max=matching.salary_bound(int(req["salary_usd"])),
        province=req["province_code"], sector=req["sector"], limit=CANDIDATES_PER_FIT,
        home_district=filters.home_district_code if filters else None)
    store.with_referrals(conn, found, req.get("id"))
    return matching.rank(req, found, today=today, filters=filters, limit=limit)


# --- referrals ----------------------------------------------------------------------


def shortlist(desk: Desk, request_id: str, registration_ids: Sequence[str]
              ) -> list[dict[str, Any]]:
    """Refer returnees to a request: one referral each (status ``referred``, today).
    A returnee already on this request's list is skipped."""
    officer = desk.require_officer()
    if store.get_request(desk.conn, request_id) is None:
        raise KeyError(request_id)
    today = desk.today().isoformat()
    now = desk.now_iso()
    made = []
    with transaction(desk.conn):
        already = {r["registration_id"] for r in store.shortlist(desk.conn, request_id)}
        for reg_id in registration_ids:
            if reg_id in already:
                continue
            rec, errors = validate_referral(
                {"registration_id": reg_id, "request_id": request_id, "status": REFERRED,
                 "status_date": today}, today=desk.today())
            if errors:
                raise ValidationFailed(errors)
            rec |= {"id": str(uuid.uuid4()), "version": 1, "created_at": now,
                    "updated_at": now, "device_id": desk.device_id,
                    "officer_id": officer.officer_id}
            store.insert_referral(desk.conn, rec)
            already.add(reg_id)
            made.append(rec["id"])
    return [r for r in store.shortlist(desk.conn, request_id) if r["id"] in made]


def set_status(desk: Desk, referral_id: str, status: str, status_date: str | None = None
               ) -> dict[str, Any]:
    """Move a referral on (interviewed, hired, declined) with the date it happened."""
    return _change_referral(desk, referral_id, status, status_date, redate=False)


def correct_referral(desk: Desk, referral_id: str, status: str, status_date: str
                     ) -> dict[str, Any]:
    """The officer's correction of a referral headquarters refused: a move the
    transitions allow, or another date for the status it has. Nothing changed saves
    nothing."""
    return _change_referral(desk, referral_id, status, status_date, redate=True)


def _change_referral(desk: Desk, referral_id: str, status: str, status_date: str | None,
                     *, redate: bool) -> dict[str, Any]:
    officer = desk.require_officer()
    current = store.get_referral(desk.conn, referral_id)
    if current is None:
        raise KeyError(referral_id)
    if current["device_id"] != desk.device_id:
        raise PermissionError("only the desk that made a referral changes it")
    rec, errors = validate_referral(
        current | {"status": status, "status_date": status_date or desk.today().isoformat()},
        today=desk.today(), previous=current["status"])
    same = rec["status"] == current["status"]
    if not errors and redate and same and rec["status_date"] == current["status_date"]:
        return current
    if not errors and not (redate and same) and not can_move(current["status"], rec["status"]):
        errors.append(FieldError("status", "invalid_transition",
                                 {"from": current["status"], "to": rec["status"]}))
    if errors:
        raise ValidationFailed(errors)
    with transaction(desk.conn):
        if not store.set_referral_status(desk.conn, referral_id, rec["status"],
                                         rec["status_date"],
                                         expected_version=current["version"],
                                         updated_at=desk.now_iso(),
                                         officer_id=officer.officer_id):
            raise ValidationFailed([FieldError("version", "edited_elsewhere")])
    saved = store.get_referral(desk.conn, referral_id)
    assert saved is not None
    return saved


def get_referral(desk: Desk, referral_id: str) -> dict[str, Any] | None:
    return store.get_referral(desk.conn, referral_id)


def request_shortlist(desk: Desk, request_id: str) -> list[dict[str, Any]]:
    return store.shortlist(desk.conn, request_id)


def referrals_of(desk: Desk, registration_id: str) -> list[dict[str, Any]]:
    return store.referrals_of(desk.conn, registration_id)


# --- the employer's list ------------------------------------------------------------

REFERRAL_LIST_KEYS = ("registration_no", "name_km", "name_latin", "sex", "age", "phone",
                      "status", "status_date")


def referral_list(desk: Desk, request_id: str) -> list[dict[str, Any]]:
    """The rows of the list handed to the employer: names, sex, age, phone, number."""
    today = desk.today()
    out = []
    for ref in store.shortlist(desk.conn, request_id):
        out.append({
            "registration_no": ref.get("registration_no") or "",
            "name_km": ref.get("name_km") or "", "name_latin": ref.get("name_latin") or "",
            "sex": ref.get("sex") or "", "age": matching.age_of(ref, today),
            "phone": display_phone(ref.get("phone")), "status": ref["status"],
            "status_date": ref["status_date"],
        })
    return out


def referral_list_csv(desk: Desk, request_id: str) -> str:
    """The employer's list as CSV text (UTF-8 with a byte-order mark once written, so
    spreadsheet programs show Khmer)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(REFERRAL_LIST_KEYS)
    for row in referral_list(desk, request_id):
        writer.writerow(["" if row[k] is None else row[k] for k in REFERRAL_LIST_KEYS])
    return "\ufeff" + buf.getvalue()
