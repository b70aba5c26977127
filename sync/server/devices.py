"""Devices at headquarters: one-time enrolment codes, tokens (stored hashed), revocation.

A device enrols with a code that headquarters made for a district and gets a bearer
token. Only the token's SHA-256 is kept: tokens are 256 random bits, so a fast hash is
enough (a slow password hash protects guessable secrets, which these are not).

Device ids are not secret (they travel with pulled employer requests and stand in every
export row), so enrolling an id that headquarters already knows needs proof that the
caller is that device (docs/api.md, "Threat model"):

- its current token (``Authorization: Bearer``): sent alone, the token is rotated, the
  old one stops working for push and pull at once, and stays good for ``/v1/enrol``
  alone until the new one is first used, in case the answer carrying the new one was
  lost; sent with a code, the code must be good (and is used up) and the token is what
  lets a district's code enrol this known device again;
- or a re-enrolment code issued for that device id (``jobcentre-hq enrolment-code
  --device``, audited), for a laptop that lost its token;
- or the district code that enrolled it, redeemed again by the same device within 24
  hours (the first answer may have been lost); it then gets a fresh token and the one it
  never received stops working.

A district's code enrols only a device id headquarters does not know, and only for a
desk whose office is in that district. A refused attempt changes nothing: the device's
token keeps working and the code stays unused.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.domain import regno
from sync.protocol import utc_stamp
from sync.server import audit
from sync.server.db import devices, enrolment_codes, writing

log = logging.getLogger("jobcentre.hq")

CODE_GROUPS = 3  # 3 groups of 4 Crockford characters: 60 random bits, easy to read out
CODE_VALID = timedelta(days=7)  # an unused code expires
REDEEM_AGAIN_FOR = timedelta(hours=24)
TOKEN_PREFIX = "jcd1_"


class EnrolmentRefused(Exception):
    """Carries the HTTP status and a stable error code for the answer."""

    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


@dataclass(frozen=True)
class Device:
    device_id: str
    device_tag: str
    district_code: str
    revoked: bool
    max_seq: int
    # A rotated-away token is still held for /v1/enrol: the first use of the new token
    # forgets it.
    holds_retired_token: bool = False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """Upper case, no spaces or dashes, look-alikes (I, L, O) read as 1 and 0."""
    return regno.compact(code)


def _raw_code() -> str:
    return "".join(secrets.choice(regno.ALPHABET) for _ in range(4 * CODE_GROUPS))


def _readable_code(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def new_code(engine: Engine, district_code: str, now: datetime, *,
             actor: str = audit.CLI) -> str:
    """Make a one-time enrolment code for a new device in ``district_code``; only its
    hash is stored, and the issue is audited."""
    if not (len(district_code) == 4 and district_code.isascii() and district_code.isdigit()):
        raise ValueError(f"district code must be 4 digits: {district_code!r}")
    raw = _raw_code()
    with writing(engine) as conn:
        conn.execute(sa.insert(enrolment_codes).values(
            code_hash=token_hash(raw), district_code=district_code,
            created_at=utc_stamp(now), expires_at=utc_stamp(now + CODE_VALID),
        ))
        audit.record(conn, now, actor, "enrolment_code", target=district_code,
                     detail="a new device")
    return _readable_code(raw)


class UnknownDevice(ValueError):
    """No such device, or one that cannot be enrolled again (revoked)."""


def new_device_code(engine: Engine, device_id: str, now: datetime, *,
                    actor: str = audit.CLI) -> tuple[str, str]:
    """Make a one-time re-enrolment code for the existing ``device_id`` (a laptop that
    lost its token); returns the code and the device's district. Audited."""
    raw = _raw_code()
    with writing(engine) as conn:
        row = conn.execute(sa.select(devices.c.district_code, devices.c.revoked_at)
                           .where(devices.c.device_id == device_id)).first()
        if row is None:
            raise UnknownDevice(f"no device {device_id}")
        if row.revoked_at is not None:
            raise UnknownDevice(f"device {device_id} has been revoked")
        conn.execute(sa.insert(enrolment_codes).values(
            code_hash=token_hash(raw), district_code=row.district_code,
            created_at=utc_stamp(now), expires_at=utc_stamp(now + CODE_VALID),
            device_id=device_id,
        ))
        audit.record(conn, now, actor, "reenrolment_code", target=device_id,
                     detail=f"district {row.district_code}")
    return _readable_code(raw), str(row.district_code)


def _free_tag(conn: Connection, wanted: str) -> str:
    if regno.is_device_tag(wanted) and conn.execute(
        sa.select(devices.c.device_id).where(devices.c.device_tag == wanted)
    ).first() is None:
        return wanted
    while True:
        tag = regno.new_device_tag()
        if conn.execute(
            sa.select(devices.c.device_id).where(devices.c.device_tag == tag)
        ).first() is None:
            return tag


def _refuse_revoked(existing: Any) -> None:
    if existing is not None and existing["revoked_at"] is not None:
        raise EnrolmentRefused(403, "device_revoked", "this device has been revoked")


def _check_district(district_code: str, office_code: str) -> None:
    if district_code != office_code:
        raise EnrolmentRefused(
            409, "district_mismatch",
            f"this code is for district {district_code}, the desk's office is {office_code}")


def enrol(
    engine: Engine, *, code: str | None, device_id: str, device_tag: str, office_code: str,
    now: datetime, token: str | None = None,
) -> tuple[Device, str]:
    """Enrol ``device_id`` with ``code``, or rotate its token when ``token`` is its
    current (or just rotated-away) one; returns the device and its new token."""
    stamp = utc_stamp(now)
    new_token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with writing(engine) as conn:
        existing = conn.execute(
            sa.select(devices).where(devices.c.device_id == device_id).with_for_update()
        ).mappings().first()
        shown = token_hash(token) if token else None
        proven = existing is not None and shown is not None and shown in (
            existing["token_hash"], existing["retired_token_hash"])
        if proven and not code:
            _refuse_revoked(existing)
            _check_district(existing["district_code"], office_code)
            conn.execute(sa.update(devices).where(devices.c.device_id == device_id).values(
                token_hash=token_hash(new_token), retired_token_hash=shown,
                enrolled_at=stamp))
            return _device(existing), new_token
        # A code sent is always checked (a mistyped one is refused even with a good
        # token); the token, when it is this device's, lets a district code re-enrol it.
        if not code:
            raise EnrolmentRefused(403, "enrolment_code_invalid",
                                   "an enrolment code is required")
        code_key = token_hash(normalise_code(code))
        row = conn.execute(
            sa.select(enrolment_codes).where(enrolment_codes.c.code_hash == code_key)
            .with_for_update()
        ).mappings().first()
        if row is None or (row["redeemed_by"] is None and row["expires_at"] < stamp):
            raise EnrolmentRefused(403, "enrolment_code_invalid",
                                   "this enrolment code is unknown or has expired")
        redeemed_here = row["redeemed_by"] == device_id
        if row["redeemed_by"] is not None and (
            not redeemed_here or row["redeemed_at"] < utc_stamp(now - REDEEM_AGAIN_FOR)
        ):
            raise EnrolmentRefused(409, "enrolment_code_used",
                                   "this enrolment code has already been used")
        if row["device_id"] is not None and row["device_id"] != device_id:
            raise EnrolmentRefused(409, "enrolment_code_other_device",
                                   "this re-enrolment code was issued for another device")
        _check_district(row["district_code"], office_code)
        if existing is not None:
            _check_district(existing["district_code"], office_code)
        _refuse_revoked(existing)
        if existing is not None and row["device_id"] is None and not (redeemed_here or proven):
            raise EnrolmentRefused(
                409, "device_already_enrolled",
                "this device is already enrolled: enrol again with its current token, or"
                " with a re-enrolment code headquarters issues for this device")
        if existing is None:
            tag = _free_tag(conn, device_tag)
            conn.execute(sa.insert(devices).values(
                device_id=device_id, device_tag=tag, district_code=office_code,
                token_hash=token_hash(new_token), enrolled_at=stamp, max_seq=0,
            ))
            device = Device(device_id, tag, office_code, False, 0)
        else:
            # A device keeps its tag and sequence floor for life; a code for it only
            # replaces its token (a lost laptop token, a lost answer).
            conn.execute(sa.update(devices).where(devices.c.device_id == device_id).values(
                token_hash=token_hash(new_token), retired_token_hash=None,
                enrolled_at=stamp))
            device = _device(existing)
        if row["redeemed_by"] is None:
            conn.execute(sa.update(enrolment_codes)
                         .where(enrolment_codes.c.code_hash == code_key)
                         .values(redeemed_by=device_id, redeemed_at=stamp))
    return device, new_token


def _device(row: Any) -> Device:
    return Device(row["device_id"], row["device_tag"], row["district_code"],
                  row["revoked_at"] is not None, int(row["max_seq"]),
                  row["retired_token_hash"] is not None)


def by_token(conn: Connection, token: str) -> Device | None:
    """The device whose current token this is (a rotated-away one is no longer any)."""
    row = conn.execute(
        sa.select(devices).where(devices.c.token_hash == token_hash(token))
    ).mappings().first()
    return None if row is None else _device(row)


def forget_retired_token(engine: Engine, device_id: str) -> None:
    """The new token has been used: the rotated-away one stops working for enrolment too."""
    with writing(engine) as conn:
        conn.execute(sa.update(devices)
                     .where(devices.c.device_id == device_id,
                            devices.c.retired_token_hash.is_not(None))
                     .values(retired_token_hash=None))


def revoke(engine: Engine, device_id: str, now: datetime, actor: str = audit.CLI) -> bool:
    """Refuse the device from now on (403). False when there is no such device. The
    audit log records who revoked it, in the same transaction."""
    with writing(engine) as conn:
        result = conn.execute(
            sa.update(devices).where(devices.c.device_id == device_id)
            .values(revoked_at=sa.func.coalesce(devices.c.revoked_at, utc_stamp(now)))
        )
        if result.rowcount != 1:
            return False
        audit.record(conn, now, actor, "device_revoke", device_id)
        return True


# --- what desks report, and the devices page ---------------------------------------------

SILENT_AFTER = timedelta(days=3)
MAX_VERSION_CHARS = 40
MAX_OFFSET_S = 10 * 365 * 86400  # a clock years off is still stored, within an INTEGER


@dataclass(frozen=True)
class Report:
    """What a desk said about itself in the headers of one push or pull; a header that
    is missing or malformed is None and leaves the stored value as it was."""

    app_version: str | None = None
    pending: int | None = None
    client_time: datetime | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Report:
        from sync import protocol as p

        version = (headers.get(p.APP_VERSION_HEADER) or "").strip()
        version = "".join(c for c in version if c.isprintable())[:MAX_VERSION_CHARS] or None
        raw = (headers.get(p.PENDING_HEADER) or "").strip()
        pending = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
        client_time = p.parse_timestamp(headers.get(p.CLIENT_TIME_HEADER))
        return cls(version, pending, client_time)


def report_values(report: Report, now: datetime) -> dict[str, object]:
    """The ``devices`` columns an answered push or pull sets: its last sync is now, and
    what it reported is kept (the clock offset is its clock minus ours, whole seconds)."""
    values: dict[str, object] = {"last_sync_at": utc_stamp(now)}
    if report.app_version is not None:
        values["app_version"] = report.app_version
    if report.pending is not None:
        values["pending"] = report.pending
    if report.client_time is not None:
        offset = round((report.client_time - now).total_seconds())
        values["clock_offset_s"] = max(-MAX_OFFSET_S, min(MAX_OFFSET_S, offset))
    return values


def note_sync(engine: Engine, device_id: str, report: Report, now: datetime) -> None:
    """Store ``report_values`` for a pull (a push stores them in its own transaction)."""
    values = report_values(report, now)
    try:
        with writing(engine) as conn:
            conn.execute(sa.update(devices).where(devices.c.device_id == device_id)
                         .values(**values))
    except (sa.exc.OperationalError, sa.exc.TimeoutError) as exc:
        # Bookkeeping only: a busy database must not fail the push or pull it follows
        # (the records are stored; the next sync reports again).
        log.warning("device report of %s not stored: %s", device_id, exc)


@dataclass(frozen=True)
class DeviceRow:
    """One enrolled laptop as the devices page and ``jobcentre-hq devices`` show it."""

    device_id: str
    device_tag: str
    district_code: str
    enrolled_at: str
    last_sync_at: str | None
    pending: int | None
    app_version: str | None
    clock_offset_s: int | None
    revoked_at: str | None
    silent_days: int | None  # whole days since its last sync (or enrolment), when silent

    @property
    def silent(self) -> bool:
        return self.silent_days is not None

    def as_dict(self) -> dict[str, object]:
        return {"device_id": self.device_id, "device_tag": self.device_tag,
                "district_code": self.district_code, "enrolled_at": self.enrolled_at,
                "last_sync_at": self.last_sync_at, "pending": self.pending,
                "app_version": self.app_version, "clock_offset_s": self.clock_offset_s,
                "revoked": self.revoked_at is not None, "revoked_at": self.revoked_at,
                "silent": self.silent, "silent_days": self.silent_days}


def listed(conn: Connection, now: datetime, district: str | None = None) -> list[DeviceRow]:
    """Every enrolled device: the silent ones first (longest silent first), then by
    district and tag. A revoked device is never "silent": nobody expects it to sync."""
    query = sa.select(devices).order_by(devices.c.district_code, devices.c.device_tag)
    if district:
        query = query.where(devices.c.district_code.startswith(district))
    rows = []
    for row in conn.execute(query).mappings():
        since = row["last_sync_at"] or row["last_seen_at"] or row["enrolled_at"]
        quiet = now - datetime.fromisoformat(since.replace("Z", "+00:00"))
        silent = (quiet.days if row["revoked_at"] is None and quiet > SILENT_AFTER else None)
        rows.append(DeviceRow(
            row["device_id"], row["device_tag"], row["district_code"], row["enrolled_at"],
            row["last_sync_at"] or row["last_seen_at"], row["pending"], row["app_version"],
            row["clock_offset_s"], row["revoked_at"], silent))
    rows.sort(key=lambda r: (not r.silent, -(r.silent_days or 0)))
    return rows


def get(conn: Connection, device_id: str) -> Device | None:
    row = conn.execute(sa.select(devices).where(devices.c.device_id == device_id)
                       ).mappings().first()
    if row is None:
        return None
    return Device(row["device_id"], row["device_tag"], row["district_code"],
                  row["revoked_at"] is not None, int(row["max_seq"]))
