"""Devices at headquarters: one-time enrolment codes, tokens (stored hashed), revocation.

A device enrols with a code that headquarters made for a district and gets a bearer
token. Only the token's SHA-256 is kept: tokens are 256 random bits, so a fast hash is
enough (a slow password hash protects guessable secrets, which these are not). The same
device may redeem the same code again for 24 hours, in case the first answer was lost;
it then gets a fresh token and the one it never received stops working.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.domain import regno
from sync.protocol import utc_stamp
from sync.server.db import devices, enrolment_codes, writing

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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """Upper case, no spaces or dashes, look-alikes (I, L, O) read as 1 and 0."""
    return regno.compact(code)


def new_code(engine: Engine, district_code: str, now: datetime) -> str:
    """Make a one-time enrolment code for ``district_code``; only its hash is stored."""
    if not (len(district_code) == 4 and district_code.isascii() and district_code.isdigit()):
        raise ValueError(f"district code must be 4 digits: {district_code!r}")
    raw = "".join(secrets.choice(regno.ALPHABET) for _ in range(4 * CODE_GROUPS))
    with writing(engine) as conn:
        conn.execute(sa.insert(enrolment_codes).values(
            code_hash=token_hash(raw), district_code=district_code,
            created_at=utc_stamp(now), expires_at=utc_stamp(now + CODE_VALID),
        ))
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


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


def enrol(
    engine: Engine, *, code: str, device_id: str, device_tag: str, office_code: str,
    now: datetime,
) -> tuple[Device, str]:
    """Redeem ``code`` for ``device_id``; returns the device and its new token."""
    code_key = token_hash(normalise_code(code))
    stamp = utc_stamp(now)
    with writing(engine) as conn:
        row = conn.execute(
            sa.select(enrolment_codes).where(enrolment_codes.c.code_hash == code_key)
            .with_for_update()
        ).mappings().first()
        if row is None or (row["redeemed_by"] is None and row["expires_at"] < stamp):
            raise EnrolmentRefused(403, "enrolment_code_invalid",
                                   "this enrolment code is unknown or has expired")
        if row["redeemed_by"] is not None and (
            row["redeemed_by"] != device_id
            or row["redeemed_at"] < utc_stamp(now - REDEEM_AGAIN_FOR)
        ):
            raise EnrolmentRefused(409, "enrolment_code_used",
                                   "this enrolment code has already been used")
        if row["district_code"] != office_code:
            raise EnrolmentRefused(
                409, "district_mismatch",
                f"this code is for district {row['district_code']}, the desk's office is"
                f" {office_code}")
        existing = conn.execute(
            sa.select(devices).where(devices.c.device_id == device_id).with_for_update()
        ).mappings().first()
        if existing is not None and existing["revoked_at"] is not None:
            raise EnrolmentRefused(403, "device_revoked", "this device has been revoked")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        if existing is None:
            tag = _free_tag(conn, device_tag)
            conn.execute(sa.insert(devices).values(
                device_id=device_id, device_tag=tag, district_code=office_code,
                token_hash=token_hash(token), enrolled_at=stamp, max_seq=0,
            ))
            max_seq = 0
        else:
            # A device keeps its tag and sequence floor for life; a new code only
            # replaces its token (a lost laptop token, a reinstalled app).
            tag, max_seq = existing["device_tag"], existing["max_seq"]
            conn.execute(sa.update(devices).where(devices.c.device_id == device_id).values(
                token_hash=token_hash(token), enrolled_at=stamp))
        if row["redeemed_by"] is None:
            conn.execute(sa.update(enrolment_codes)
                         .where(enrolment_codes.c.code_hash == code_key)
                         .values(redeemed_by=device_id, redeemed_at=stamp))
    return Device(device_id, tag, office_code, False, int(max_seq)), token


def by_token(conn: Connection, token: str) -> Device | None:
    row = conn.execute(
        sa.select(devices).where(devices.c.token_hash == token_hash(token))
    ).mappings().first()
    if row is None:
        return None
    return Device(row["device_id"], row["device_tag"], row["district_code"],
                  row["revoked_at"] is not None, int(row["max_seq"]))


def revoke(engine: Engine, device_id: str, now: datetime) -> bool:
    """Refuse the device from now on (403). False when there is no such device."""
    with writing(engine) as conn:
        result = conn.execute(
            sa.update(devices).where(devices.c.device_id == device_id)
            .values(revoked_at=sa.func.coalesce(devices.c.revoked_at, utc_stamp(now)))
        )
        return result.rowcount == 1
