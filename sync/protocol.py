"""What crosses the wire between a desk and headquarters, defined once for both sides.

A wire record is ``{"type", "id", "version", "hash", "schema", "data"}``. ``hash`` is the
content hash: SHA-256 of the canonical JSON of the record's *content* fields for its
schema version (never id, version, timestamps or who made it), so "the same content" is
decided the same way on a laptop and at headquarters, whatever the key order, Unicode
normalisation form or JSON library.

Nothing here imports Qt, SQL or HTTP: the desk's outbox, the client and the FastAPI
server all build and read these shapes.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from app.domain.employers import (
    REFERRAL_EXPORT_FIELDS,
    REFERRAL_FIELDS,
    REQUEST_EXPORT_FIELDS,
    REQUEST_FIELDS,
)
from app.domain.registration import EXPORT_FIELDS, FIELDS

PROTOCOL_VERSION = 1
# Versions this code can answer. Headquarters answers 426 to anything else, and the
# desk tells the officer to update the app.
SUPPORTED_PROTOCOLS = frozenset({1})
PROTOCOL_HEADER = "X-JCD-Protocol"
# What a desk reports about itself on each push and pull (headquarters' devices page):
# its app version, the registrations waiting in its outbox, and its clock (UTC ISO 8601).
APP_VERSION_HEADER = "X-JCD-App-Version"
PENDING_HEADER = "X-JCD-Pending"
CLIENT_TIME_HEADER = "X-JCD-Client-Time"

# Record types the protocol names. Desks push registrations, employer requests and
# referrals; headquarters serves requests (with hire counts) and referrals in pulls.
REGISTRATION = "registration"
EMPLOYER_REQUEST = "employer_request"
REFERRAL = "referral"
OFFICER = "officer"
REFERENCE_DATA = "reference_data"
# Pulled only: a training session's enrolments counted over every district,
# ``{"id": session code, "data": {"enrolled": n}}``.
TRAINING_SESSION = "training_session"
# Pulled only: a returnee's or employer's submission from the public QR pages, waiting
# for a desk of its district (registrations) or province (employer requests); see
# sync/server/qr_submissions.py and docs/api.md.
QR_SUBMISSION = "qr_submission"
# Pulled only, by the desk that owns the registration: headquarters found it to be the
# same person as another, ``{"id": registration id, "version": n, "data": {"duplicate_of":
# survivor's id, "duplicate_of_no": its registration number, "marked_at": UTC stamp}}``.
DUPLICATE_MARK = "duplicate_mark"
# Pushed only: one act on personal data at a desk (who searched, opened, printed,
# exported, edited or withdrew which record; app.domain.audit). Never changed, so always
# version 1. Headquarters keeps these apart from its own staff audit log.
AUDIT_EVENT = "audit_event"
AUDIT_EVENT_FIELDS = ("at", "officer_id", "action", "record_id", "registration_no",
                      "result_count", "query_kind")
RECORD_TYPES = (REGISTRATION, EMPLOYER_REQUEST, REFERRAL, OFFICER, AUDIT_EVENT)

# The fields a content hash covers, per (type, schema version). A new schema version
# adds an entry; old entries stay so records made by older desks still verify.
# Registration schema 2 added ``training_enrolments``.
_REGISTRATION_1 = tuple(f for f in FIELDS if f != "training_enrolments")
CONTENT_FIELDS: dict[tuple[str, int], tuple[str, ...]] = {
    (REGISTRATION, 1): _REGISTRATION_1 + ("withdrawn", "withdrawn_reason"),
    (REGISTRATION, 2): FIELDS + ("withdrawn", "withdrawn_reason"),
    (EMPLOYER_REQUEST, 1): REQUEST_FIELDS,
    (REFERRAL, 1): REFERRAL_FIELDS,
    (AUDIT_EVENT, 1): AUDIT_EVENT_FIELDS,
}
CURRENT_SCHEMA = {REGISTRATION: 2, EMPLOYER_REQUEST: 1, REFERRAL: 1}

# The ``data`` of a wire registration: the export's keys, less those the envelope
# carries (id, version) and the device, which headquarters takes from the token.
REGISTRATION_DATA_KEYS = tuple(
    k for k in EXPORT_FIELDS if k not in ("id", "version", "device_id")
)

# The ``data`` of a wire employer request and referral, likewise.
REQUEST_DATA_KEYS = tuple(
    k for k in REQUEST_EXPORT_FIELDS if k not in ("id", "version", "device_id"))
REFERRAL_DATA_KEYS = tuple(
    k for k in REFERRAL_EXPORT_FIELDS if k not in ("id", "version", "device_id"))
DATA_KEYS = {REGISTRATION: REGISTRATION_DATA_KEYS, EMPLOYER_REQUEST: REQUEST_DATA_KEYS,
             REFERRAL: REFERRAL_DATA_KEYS, AUDIT_EVENT: AUDIT_EVENT_FIELDS}

# Push answers, one per record.
STORED = "stored"  # new, or a newer version of a record this device owns
ALREADY_HAD = "already_had"  # same id, version and hash: a replay
STALE = "stale"  # headquarters holds a newer version (answer carries it)
CONFLICT = "conflict"  # same version, other content (answer carries the version)
REJECTED = "rejected"  # broken rule: answer carries field, rule and parameters
STATUSES = (STORED, ALREADY_HAD, STALE, CONFLICT, REJECTED)

# Rule codes headquarters adds to the domain's own (app.domain.registration).
RULE_REGISTRATION_NO_TAKEN = "registration_no_taken"
RULE_WRONG_DEVICE_TAG = "wrong_device_tag"
RULE_INVALID_REGISTRATION_NO = "invalid_registration_no"
RULE_NOT_OWNER = "owned_by_other_device"
RULE_HASH_MISMATCH = "hash_mismatch"
RULE_SCHEMA_UNSUPPORTED = "schema_unsupported"
RULE_TYPE_UNSUPPORTED = "type_unsupported"
RULE_INVALID_TIMESTAMP = "invalid_timestamp"
RULE_INVALID_ID = "invalid_id"
# An employer request or referral whose version headquarters holds with other content.
RULE_VERSION_TAKEN = "version_taken"
# A registration number whose district is not the device's (its district is fixed at
# enrolment), or whose sequence is too far above the highest headquarters holds.
RULE_WRONG_DISTRICT = "wrong_district"
RULE_SEQUENCE_TOO_FAR = "sequence_too_far"
# An officer id another device sent first: officers are bound to their device.
RULE_OFFICER_OF_OTHER_DEVICE = "officer_of_other_device"
# A referral naming a registration headquarters does not hold, one another device owns,
# or an employer request headquarters does not hold.
RULE_UNKNOWN_REGISTRATION = "unknown_registration"
RULE_NOT_OWN_REGISTRATION = "not_own_registration"
RULE_UNKNOWN_REQUEST = "unknown_request"

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
MAX_DEPTH = 8


class NotCanonical(ValueError):
    """A value that canonical JSON does not admit (too deep, or not a JSON value)."""


def _text(value: str) -> str:
    # ASCII is always NFC; most values are ASCII, so skip the lookup for them.
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _normalise(value: Any, depth: int = 0) -> Any:
    # Exact type checks first: this runs for every field of every record pushed.
    kind = type(value)
    if kind is str:
        return _text(value)
    if value is None or kind is bool or kind is int:
        return value
    if depth >= MAX_DEPTH:
        raise NotCanonical("nested too deeply")
    if kind is list or kind is tuple:
        return [_normalise(v, depth + 1) for v in value]
    if kind is dict or isinstance(value, Mapping):
        return {_text(str(k)): _normalise(v, depth + 1) for k, v in value.items()}
    if isinstance(value, str):
        return _text(str(value))
    if isinstance(value, bool | int):
        return int(value) if not isinstance(value, bool) else bool(value)
    if isinstance(value, float):
        # JSON numbers that are whole stay whole: 250.0 and 250 hash alike.
        if value != value or value in (float("inf"), float("-inf")):
            raise NotCanonical("not a finite number")
        return int(value) if value.is_integer() else value
    raise NotCanonical(f"not a JSON value: {type(value).__name__}")


def canonical_json(value: Any) -> str:
    """Sorted keys, NFC text, no spaces, characters as themselves (not \\u escapes)."""
    return json.dumps(
        _normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_fields(record_type: str, schema: int) -> tuple[str, ...]:
    try:
        return CONTENT_FIELDS[(record_type, schema)]
    except KeyError:
        raise NotCanonical(f"no schema {schema} for {record_type}") from None


def content_json(record_type: str, data: Mapping[str, Any], schema: int | None = None) -> str:
    """The canonical JSON of a record's content fields; a missing field counts as null,
    so omitting a null and sending it hash alike."""
    schema = CURRENT_SCHEMA.get(record_type, 1) if schema is None else schema
    return canonical_json({key: data.get(key) for key in content_fields(record_type, schema)})


def hash_of(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def content_hash(record_type: str, data: Mapping[str, Any], schema: int | None = None) -> str:
    """SHA-256 (hex) of ``content_json``: the hash a wire record carries."""
    return hash_of(content_json(record_type, data, schema))


def registration_schema(data: Mapping[str, Any]) -> int:
    """The oldest schema that holds a registration's content: a record without training
    enrolments hashes as schema 1, the same as a desk that predates them made it, so an
    upgrade in the middle of a push never turns a replay into a conflict."""
    return 2 if data.get("training_enrolments") else 1


def wire_registration(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A desk registration (export keys) as the wire record a push carries."""
    data = {key: rec.get(key) for key in REGISTRATION_DATA_KEYS}
    schema = registration_schema(data)
    return {
        "type": REGISTRATION,
        "id": rec["id"],
        "version": rec["version"],
        "hash": content_hash(REGISTRATION, data, schema),
        "schema": schema,
        "data": data,
    }


def wire_record(record_type: str, rec: Mapping[str, Any]) -> dict[str, Any]:
    """A desk record of any pushed type as the wire record a push carries."""
    data = {key: rec.get(key) for key in DATA_KEYS[record_type]}
    return {
        "type": record_type,
        "id": rec["id"],
        "version": rec["version"],
        "hash": content_hash(record_type, data, 1),
        "schema": 1,
        "data": data,
    }


# How a push body is written: compact, characters as themselves (headquarters reads it
# with any JSON parser; the hash is over the canonical content JSON, not these bytes).
_BODY_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def data_json(data: Mapping[str, Any]) -> str:
    """A wire record's ``data`` as it is written in a push body."""
    return _BODY_JSON(data)


class StoredWire(Mapping[str, Any]):
    """A wire registration whose ``data`` JSON and content hash were made when the record
    was saved (the desk keeps them beside the row), so a push only joins text.

    Reads as the plain wire record; ``data`` is parsed only if someone asks for it."""

    __slots__ = ("_envelope", "data_json", "_data")

    def __init__(self, record_id: str, version: int, hash_: str, schema: int,
                 data_text: str):
        self._envelope = {"type": REGISTRATION, "id": record_id, "version": version,
                          "hash": hash_, "schema": schema}
        self.data_json = data_text
        self._data: dict[str, Any] | None = None

    def __getitem__(self, key: str) -> Any:
        if key == "data":
            if self._data is None:
                self._data = json.loads(self.data_json)
            return self._data
        return self._envelope[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._envelope
        yield "data"

    def __len__(self) -> int:
        return len(self._envelope) + 1

    def json(self) -> str:
        """The record as ``record_json`` of the plain wire record writes it."""
        e = self._envelope
        return (f'{{"type":"{REGISTRATION}","id":{_BODY_JSON(e["id"])},'
                f'"version":{int(e["version"])},"hash":"{e["hash"]}",'
                f'"schema":{int(e["schema"])},"data":{self.data_json}}}')


def record_json(record: Mapping[str, Any]) -> str:
    """One wire record as a push body carries it."""
    if isinstance(record, StoredWire):
        return record.json()
    return _BODY_JSON(record)


def push_body(records: Sequence[Mapping[str, Any]]) -> bytes:
    """``{"records": [...]}`` as the desk sends it (uncompressed): the same bytes as
    ``json.dumps`` of the plain wire records with compact separators."""
    return ('{"records":[' + ",".join(map(record_json, records)) + "]}").encode("utf-8")


def is_uuid(text: Any) -> bool:
    return isinstance(text, str) and bool(_UUID.match(text))


def is_hash(text: Any) -> bool:
    return isinstance(text, str) and bool(_HASH.match(text))


def parse_timestamp(text: Any) -> datetime | None:
    """An ISO 8601 timestamp with a zone (``Z`` allowed), as UTC; None if it is not one."""
    if not isinstance(text, str) or not 10 <= len(text) <= 40:
        return None
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        return None
    return stamp.astimezone(UTC)


def utc_stamp(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds and ``Z``: how both sides write times."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
