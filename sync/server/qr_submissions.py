"""QR submissions at headquarters: returnees' self-registrations and employers' worker
requests made on the public pages, waiting for a district's desk to take or decline them.

A submission is stored only once its fields pass the same rules as a desk's record
(``registration_fields``, ``employer_fields``). It is routed by place: a registration to
the desks of its home village's district, an employer request to every desk of its
workplace province. Desks pull them by cursor (type ``qr_submission``) and take or
decline them online; one ``UPDATE ... WHERE status = 'waiting'`` decides which desk
gets it, so two desks pressing "accept" at once cannot both win.

A repeat is the same row, never a second one: the same phone registering again the
same day (Phnom Penh), or the same employer request sent twice the same day, gets the
first submission's reference. The unique key ``(kind, dedupe_key, submitted_day)``
decides, in the inserting statement itself (``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from app.domain import qrref
from app.domain.employers import REQUEST_FIELDS, WorkPlaces, validate_request
from app.domain.errors import FieldError
from app.domain.khmerdate import PHNOM_PENH
from app.domain.registration import REASON_MAX, Places, clean_text, validate_registration
from sync import protocol as p
from sync.server.db import qr_submissions, writing
from sync.server.devices import Device

REGISTRATION = "registration"
EMPLOYER_REQUEST = "employer_request"
KINDS = (REGISTRATION, EMPLOYER_REQUEST)
WAITING, TAKEN, DECLINED = "waiting", "taken", "declined"
QR_CHANNEL = "qr"

# What a returnee fills in on /join: the registration's import/export keys.
REGISTRATION_KEYS = (
    "name_km", "name_latin", "sex", "date_of_birth", "age", "phone", "home_village_code",
    "preferred_province_codes", "sectors", "expected_salary_usd", "training_interests",
    "consent", "channel",
)
# What an employer fills in on /hire: the employer request's keys but its status, which
# the desk that takes it sets.
EMPLOYER_KEYS = tuple(k for k in REQUEST_FIELDS if k != "status")


def registration_fields(raw: Mapping[str, Any], *, today: date, places: Places
                        ) -> tuple[dict[str, Any], list[FieldError]]:
    """A self-registration's fields cleaned by the desks' rules, and what they break.

    A phone is required here (an officer must be able to call back), and the channel is
    always ``qr`` whatever the form sent."""
    data = {k: raw.get(k) for k in REGISTRATION_KEYS} | {"channel": QR_CHANNEL}
    rec, errors = validate_registration(data, today=today, places=places)
    if not clean_text(raw.get("phone")):
        errors.append(FieldError("phone", "required"))
    return {k: rec.get(k) for k in REGISTRATION_KEYS}, errors


def employer_fields(raw: Mapping[str, Any], *, today: date, places: WorkPlaces
                    ) -> tuple[dict[str, Any], list[FieldError]]:
    """An employer's worker request cleaned by the employer-request rules."""
    data = {k: raw.get(k) for k in EMPLOYER_KEYS} | {"status": "open"}
    rec, errors = validate_request(data, today=today, places=places)
    return {k: rec.get(k) for k in EMPLOYER_KEYS}, errors


@dataclass(frozen=True)
class Submission:
    id: str
    ref: str
    kind: str
    new: bool  # False when this was a repeat and the first submission's ref came back


def _routing(kind: str, fields: Mapping[str, Any]) -> tuple[str, str | None]:
    if kind == REGISTRATION:
        village = str(fields["home_village_code"])
        return village[:2], village[:4]
    return str(fields["province_code"]), fields.get("district_code") or None


def _dedupe_key(kind: str, fields: Mapping[str, Any]) -> str:
    if kind == REGISTRATION:
        return str(fields["phone"])
    return p.hash_of(p.canonical_json(dict(fields)))


def store(engine: Engine, kind: str, fields: Mapping[str, Any], now: datetime) -> Submission:
    """Store a submission whose fields have passed their rules; a repeat the same day
    returns the first one. Callers validate first (``registration_fields``,
    ``employer_fields``): this stores what it is given."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of submission: {kind!r}")
    province, district = _routing(kind, fields)
    key = _dedupe_key(kind, fields)
    day = now.astimezone(PHNOM_PENH).date().isoformat()
    with writing(engine) as conn:
        insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
            qr_submissions)
        for _attempt in range(5):
            row_id, ref = str(uuid.uuid4()), qrref.new_ref()
            try:
                with conn.begin_nested():
                    inserted = conn.execute(insert.values(
                        id=row_id, ref=ref, kind=kind, status=WAITING,
                        province_code=province, district_code=district,
                        fields=dict(fields), dedupe_key=key, submitted_day=day,
                        submitted_at=p.utc_stamp(now), version=1,
                        change_no=_change_number(conn),
                    ).on_conflict_do_nothing(
                        index_elements=["kind", "dedupe_key", "submitted_day"],
                    ).returning(qr_submissions.c.id)).first()
            except sa.exc.IntegrityError:
                continue  # the random ref is taken (one in 34 billion): draw another
            if inserted is not None:
                return Submission(row_id, ref, kind, True)
            first = conn.execute(
                sa.select(qr_submissions.c.id, qr_submissions.c.ref).where(
                    qr_submissions.c.kind == kind, qr_submissions.c.dedupe_key == key,
                    qr_submissions.c.submitted_day == day)).first()
            if first is not None:
                return Submission(first.id, first.ref, kind, False)
    raise RuntimeError("could not find a free reference code")


def submit_registration(engine: Engine, raw: Mapping[str, Any], *, now: datetime,
                        places: Places | None = None
                        ) -> tuple[Submission | None, list[FieldError]]:
    """Validate and store a returnee's self-registration, as ``POST /join`` does."""
    fields, errors = registration_fields(raw, today=now.astimezone(PHNOM_PENH).date(),
                                         places=places or _default_places())
    if errors:
        return None, errors
    return store(engine, REGISTRATION, fields, now), []


def submit_employer_request(engine: Engine, raw: Mapping[str, Any], *, now: datetime,
                            places: WorkPlaces | None = None
                            ) -> tuple[Submission | None, list[FieldError]]:
    """Validate and store an employer's worker request, as ``POST /hire`` does."""
    fields, errors = employer_fields(raw, today=now.astimezone(PHNOM_PENH).date(),
                                     places=places or _default_work_places())
    if errors:
        return None, errors
    return store(engine, EMPLOYER_REQUEST, fields, now), []


def _default_places() -> Places:
    from sync.server.app import default_places

    return default_places()


def _default_work_places() -> WorkPlaces:
    from sync.server.records import default_work_places

    return default_work_places()


# --- what desks pull ----------------------------------------------------------------------

def _fields(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else json.loads(value)


def _decider(row: Any) -> dict[str, str] | None:
    if row.decided_device_id is None:
        return None
    return {"district_code": row.decided_district, "device_tag": row.decided_tag}


def pulled_row(row: Any) -> dict[str, Any]:
    """A stored submission as the ``qr_submission`` row a desk pulls."""
    decider = _decider(row)
    return {"type": p.QR_SUBMISSION, "id": row.id, "version": row.version, "data": {
        "ref": row.ref, "kind": row.kind, "status": row.status,
        "taken_by": decider if row.status == TAKEN else None,
        "declined_by": decider if row.status == DECLINED else None,
        "decline_reason": row.decline_reason, "submitted_at": row.submitted_at,
        "fields": _fields(row.fields)}}


def _visible_to(device: Device) -> sa.ColumnElement[bool]:
    """A device sees its district's registrations and its province's employer requests."""
    return sa.or_(
        sa.and_(qr_submissions.c.kind == REGISTRATION,
                qr_submissions.c.district_code == device.district_code),
        sa.and_(qr_submissions.c.kind == EMPLOYER_REQUEST,
                qr_submissions.c.province_code == device.district_code[:2]))


def pulled_query(device: Device, cursor: int) -> sa.Select:
    """The ``changes`` query: this device's submissions changed after ``cursor``."""
    return sa.select(qr_submissions).where(qr_submissions.c.change_no > cursor,
                                           _visible_to(device))


# --- taking and declining -----------------------------------------------------------------

class Refused(Exception):
    """A take or decline headquarters answers with 404 or 409."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any):
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra


def _by(row: Any) -> str:
    return f"district {row.decided_district} (laptop {row.decided_tag})"


def _decide(engine: Engine, device: Device, ref: str, now: datetime, status: str,
            reason: str | None) -> dict[str, Any]:
    canonical = qrref.parse(ref)
    if canonical is None:
        raise Refused(404, "not_found", f"{ref[:20]!r} is not a reference code")
    mine = sa.and_(qr_submissions.c.ref == canonical, _visible_to(device))
    with writing(engine) as conn:
        # The one statement that decides: only a waiting submission changes hands.
        changed = conn.execute(
            sa.update(qr_submissions)
            .where(mine, qr_submissions.c.status == WAITING)
            .values(status=status, decided_device_id=device.device_id,
                    decided_district=device.district_code, decided_tag=device.device_tag,
                    decided_at=p.utc_stamp(now), decline_reason=reason,
                    version=qr_submissions.c.version + 1,
                    change_no=_change_number(conn))
            .returning(qr_submissions.c.id)).first() is not None
        row = conn.execute(sa.select(qr_submissions).where(mine)).first()
    if row is None:
        raise Refused(404, "not_found", f"no submission {canonical} for this desk")
    by_me = row.decided_device_id == device.device_id
    if changed or (row.status == status and by_me):
        return {"ref": row.ref, "status": row.status,
                "taken_by": _decider(row) if row.status == TAKEN else None,
                "declined_by": _decider(row) if row.status == DECLINED else None,
                "submission": pulled_row(row)}
    decider = {"taken_by": _decider(row)} if row.status == TAKEN else {
        "declined_by": _decider(row)}
    if row.status == TAKEN:
        who = "this laptop" if by_me else _by(row)
        raise Refused(409, "already_taken", f"already taken by {who}", **decider)
    who = "this laptop" if by_me else _by(row)
    raise Refused(409, "already_declined", f"already declined by {who}: {row.decline_reason}",
                  **decider)


def _change_number(conn: Connection) -> int:
    # Taken as the first write (the counter's row lock orders commits, see
    # records.take_change_numbers); one taken for a write that then changes nothing
    # is a gap, which readers never mind. Imported here: records imports this module.
    from sync.server.records import take_change_numbers

    return take_change_numbers(conn, 1)


def take(engine: Engine, device: Device, ref: str, now: datetime) -> dict[str, Any]:
    """Give a waiting submission to ``device``; the same again for the device that has
    it (a lost answer is retried). ``Refused`` otherwise."""
    return _decide(engine, device, ref, now, TAKEN, None)


def decline(engine: Engine, device: Device, ref: str, reason: str, now: datetime
            ) -> dict[str, Any]:
    """Turn a waiting submission down with a reason (1 to 500 characters)."""
    text = clean_text(reason)
    if not 1 <= len(text) <= REASON_MAX:
        raise ValueError(f"a reason is 1 to {REASON_MAX} characters")
    return _decide(engine, device, ref, now, DECLINED, text)


def get(engine: Engine, ref: str) -> dict[str, Any] | None:
    """The pull row of the submission with this reference, or None."""
    canonical = qrref.parse(ref)
    if canonical is None:
        return None
    with engine.connect() as conn:
        row = conn.execute(sa.select(qr_submissions)
                           .where(qr_submissions.c.ref == canonical)).first()
    return None if row is None else pulled_row(row)
