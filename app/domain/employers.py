"""Employer requests for workers, and referrals of returnees to them.

``validate_request`` is the one place a request's rules live (the form, the
headquarters import and the push check all call it); ``validate_referral`` and
``can_move`` do the same for referrals. Like registrations, nothing here raises on bad
input: errors come back as ``FieldError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.codes import SECTORS
from app.domain.digits import parse_int, to_ascii_digits
from app.domain.errors import FieldError
from app.domain.registration import (
    NOTES_MAX,
    SALARY_MAX,
    clean_multiline,
    clean_text,
    normalise_phone,
    parse_bool,
    parse_date,
)

EMPLOYER_MAX = 200
PERSON_MAX = 100
JOB_TITLE_MAX = 200
WORKERS_MIN, WORKERS_MAX = 1, 10_000
OFFER_MIN = 1
START_AHEAD_DAYS = 3 * 366  # a start date further ahead is a typing slip

GENDERS = ("male", "female", "any")
# What the officer sets; "filled" is computed by headquarters from hired referrals.
REQUEST_STATUSES = ("open", "closed")
FILLED = "filled"

REQUEST_FIELDS = (
    "employer_name",
    "contact_person",
    "contact_phone",
    "province_code",
    "district_code",
    "sector",
    "job_title",
    "workers_needed",
    "gender",
    "salary_usd",
    "start_date",
    "accommodation",
    "transport",
    "notes",
    "status",
)
REQUEST_EXPORT_FIELDS = (
    ("id", "version") + REQUEST_FIELDS
    + ("created_at", "updated_at", "device_id", "officer_id")
)

REFERRED, INTERVIEWED, HIRED, DECLINED = "referred", "interviewed", "hired", "declined"
REFERRAL_STATUSES = (REFERRED, INTERVIEWED, HIRED, DECLINED)
# Where a referral may go next. Hired and declined are final; a wrong click is fixed
# by the officer moving it on, never by going back.
TRANSITIONS: dict[str, frozenset[str]] = {
    REFERRED: frozenset({INTERVIEWED, HIRED, DECLINED}),
    INTERVIEWED: frozenset({HIRED, DECLINED}),
    HIRED: frozenset(),
    DECLINED: frozenset(),
}
REFERRAL_FIELDS = ("registration_id", "request_id", "status", "status_date", "notes")
REFERRAL_EXPORT_FIELDS = (
    ("id", "version") + REFERRAL_FIELDS
    + ("created_at", "updated_at", "device_id", "officer_id")
)

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class WorkPlaces:
    """What request validation needs to know of the gazetteer."""

    is_province: Callable[[str], bool]
    is_district: Callable[[str], bool]


def _text(errors: list[FieldError], rec: dict[str, Any], raw: Mapping[str, Any], key: str,
          limit: int, *, required: bool, multiline: bool = False) -> None:
    text = (clean_multiline if multiline else clean_text)(raw.get(key))
    rec[key] = text
    if required and not text:
        errors.append(FieldError(key, "required"))
    elif len(text) > limit:
        errors.append(FieldError(key, "too_long", {"max": limit, "length": len(text)}))
    elif any(ord(ch) < 32 and ch != "\n" for ch in text):
        errors.append(FieldError(key, "control_characters"))


def _whole(errors: list[FieldError], rec: dict[str, Any], raw: Mapping[str, Any], key: str,
           low: int, high: int) -> None:
    rec[key] = None
    value = raw.get(key)
    if value in (None, ""):
        errors.append(FieldError(key, "required"))
        return
    number = parse_int(value)
    if number is None:
        errors.append(FieldError(key, "not_a_whole_number"))
    elif not low <= number <= high:
        errors.append(FieldError(key, "out_of_range", {"min": low, "max": high}))
    else:
        rec[key] = number


def _choice(errors: list[FieldError], rec: dict[str, Any], raw: Mapping[str, Any], key: str,
            allowed: tuple[str, ...], default: str | None = None) -> None:
    value = clean_text(raw.get(key)).lower() or (default or "")
    rec[key] = value
    if not value:
        errors.append(FieldError(key, "required"))
    elif value not in allowed:
        errors.append(FieldError(key, "invalid_choice", {"allowed": list(allowed)}))


def validate_request(
    raw: Mapping[str, Any], *, today: date, places: WorkPlaces
) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean an employer request (form, JSON or CSV values) and check every rule.

    Returns the cleaned record (the keys of ``REQUEST_FIELDS``) and the errors; the
    record is fit to save only when the list is empty.
    """
    errors: list[FieldError] = []
    rec: dict[str, Any] = {}
    _text(errors, rec, raw, "employer_name", EMPLOYER_MAX, required=True)
    _text(errors, rec, raw, "contact_person", PERSON_MAX, required=False)

    phone = clean_text(raw.get("contact_phone"))
    rec["contact_phone"] = normalise_phone(phone) if phone else None
    if not phone:
        errors.append(FieldError("contact_phone", "required"))
    elif rec["contact_phone"] is None:
        errors.append(FieldError("contact_phone", "invalid_phone"))

    province = to_ascii_digits(clean_text(raw.get("province_code")))
    rec["province_code"] = province
    if not province:
        errors.append(FieldError("province_code", "required"))
    elif not places.is_province(province):
        errors.append(FieldError("province_code", "unknown_code", {"codes": [province]}))
    district = to_ascii_digits(clean_text(raw.get("district_code")))
    rec["district_code"] = district or None
    if district and (not places.is_district(district) or not district.startswith(province)):
        errors.append(FieldError("district_code", "unknown_code", {"codes": [district]}))

    _choice(errors, rec, raw, "sector", SECTORS)
    _text(errors, rec, raw, "job_title", JOB_TITLE_MAX, required=True)
    _whole(errors, rec, raw, "workers_needed", WORKERS_MIN, WORKERS_MAX)
    _choice(errors, rec, raw, "gender", GENDERS)
    _whole(errors, rec, raw, "salary_usd", OFFER_MIN, SALARY_MAX)

    rec["start_date"] = None
    raw_start = raw.get("start_date")
    if raw_start not in (None, ""):
        start = parse_date(raw_start)
        if start is None:
            errors.append(FieldError("start_date", "invalid_date"))
        elif (start - today).days > START_AHEAD_DAYS:
            errors.append(FieldError("start_date", "too_far_ahead",
                                     {"days": START_AHEAD_DAYS}))
        else:
            rec["start_date"] = start.isoformat()

    for key in ("accommodation", "transport"):
        value = parse_bool(raw.get(key))
        rec[key] = bool(value)
        if value is None:
            errors.append(FieldError(key, "invalid_boolean"))

    _text(errors, rec, raw, "notes", NOTES_MAX, required=False, multiline=True)
    _choice(errors, rec, raw, "status", REQUEST_STATUSES, default="open")
    return rec, errors


def can_move(old: str, new: str) -> bool:
    """Whether a referral may go from status ``old`` to ``new``."""
    return new in TRANSITIONS.get(old, frozenset())


def validate_referral(
    raw: Mapping[str, Any], *, today: date, previous: str | None = None
) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean a referral and check its rules; ``previous`` is the status it had before
    this change (None for a new referral), so a move the transitions forbid is refused."""
    errors: list[FieldError] = []
    rec: dict[str, Any] = {}
    for key in ("registration_id", "request_id"):
        value = clean_text(raw.get(key)).lower()
        rec[key] = value
        if not value:
            errors.append(FieldError(key, "required"))
        elif not _UUID.match(value):
            errors.append(FieldError(key, "invalid_id"))
    _choice(errors, rec, raw, "status", REFERRAL_STATUSES, default=REFERRED)
    if previous is not None and rec["status"] != previous and rec["status"] in TRANSITIONS \
            and not can_move(previous, rec["status"]):
        errors.append(FieldError("status", "invalid_transition",
                                 {"from": previous, "to": rec["status"]}))
    raw_date = raw.get("status_date")
    rec["status_date"] = None
    if raw_date in (None, ""):
        errors.append(FieldError("status_date", "required"))
    else:
        when = parse_date(raw_date)
        if when is None:
            errors.append(FieldError("status_date", "invalid_date"))
        elif when > today:
            errors.append(FieldError("status_date", "future_date"))
        else:
            rec["status_date"] = when.isoformat()
    _text(errors, rec, raw, "notes", NOTES_MAX, required=False, multiline=True)
    return rec, errors


def hire_summary(workers_needed: int, statuses: list[str], status: str) -> dict[str, Any]:
    """What headquarters computes for a request from every referral's status: how many
    are hired, and the status desks show (``filled`` once enough are hired, unless the
    officer closed it)."""
    hired = sum(1 for s in statuses if s == HIRED)
    shown = status if status == "closed" else (FILLED if hired >= workers_needed else status)
    return {"hired": hired, "referred": len(statuses), "status": shown,
            "filled": hired >= workers_needed}
