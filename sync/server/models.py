"""Request and answer shapes of the headquarters API, for checking bodies and for the
OpenAPI document. The records themselves are checked by app.domain's rules
(sync.server.records.check_record); these models only check the envelope."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    TypeAdapter,
)
from typing_extensions import TypedDict

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _whole_number(value: Any) -> Any:
    # JSON has one number type: 3.0 is the integer 3 (JSON Schema says so, and the
    # content hash writes whole floats as integers). Fractions, text and booleans stay
    # as they are, for StrictInt to refuse.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[StrictInt, BeforeValidator(_whole_number)]


class WireRecord(BaseModel):
    """One record as a desk pushes it (see sync/protocol.py)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    type: StrictStr = Field(max_length=40, examples=["registration"])
    id: StrictStr = Field(max_length=64, description="client-made UUID")
    version: WholeNumber = Field(ge=1, le=2**31 - 1)
    hash: StrictStr = Field(max_length=64, description="content hash, sync/protocol.py")
    schema_: WholeNumber = Field(alias="schema", ge=1, le=1000)
    data: dict[str, Any] = Field(description="the export's keys but id, version, device_id")


class PushRequest(BaseModel):
    """A batch of records, sent as gzip JSON (``Content-Encoding: gzip``)."""

    model_config = ConfigDict(extra="ignore")

    records: list[WireRecord]


class _WireRecordBody(TypedDict):
    """``WireRecord`` as the dict the push endpoint reads: the same rules, checked in one
    pass over the body with nothing to dump afterwards."""

    __pydantic_config__ = ConfigDict(extra="ignore")  # type: ignore[misc]

    type: Annotated[StrictStr, Field(max_length=40)]
    id: Annotated[StrictStr, Field(max_length=64)]
    version: Annotated[WholeNumber, Field(ge=1, le=2**31 - 1)]
    hash: Annotated[StrictStr, Field(max_length=64)]
    schema: Annotated[WholeNumber, Field(ge=1, le=1000)]
    data: dict[str, Any]


class _PushBody(TypedDict):
    __pydantic_config__ = ConfigDict(extra="ignore")  # type: ignore[misc]

    records: list[_WireRecordBody]


# What /v1/push validates its body with; ``PushRequest`` documents it in the OpenAPI
# document (tests/sync/test_server_api.py keeps the two alike).
PUSH_BODY = TypeAdapter(_PushBody)


class EnrolRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: StrictStr | None = Field(
        None, min_length=1, max_length=40, examples=["K7QM-2XRT-9ABC"],
        description="a one-time enrolment code; not needed when the device sends its "
                    "current token (Authorization: Bearer) to rotate it")
    device_id: StrictStr = Field(min_length=36, max_length=36, pattern=UUID_PATTERN,
                                 description="the desk's device id, a lower-case UUID")
    device_tag: StrictStr = Field(min_length=6, max_length=6)
    office_code: StrictStr = Field(min_length=4, max_length=4, pattern=r"^[0-9]{4}$",
                                   description="the desk's 4-digit district code")


class FieldErrorOut(BaseModel):
    field: str
    rule: str
    params: dict[str, Any] = {}


class RecordResult(BaseModel):
    id: str
    status: Literal["stored", "already_had", "stale", "conflict", "rejected"]
    version: int | None = Field(None, description="headquarters' version (stale, conflict)")
    errors: list[FieldErrorOut] | None = Field(None, description="why (rejected)")


class PushAnswer(BaseModel):
    protocol: int
    server_time: str
    hq_max_seq: int = Field(description="highest sequence headquarters has seen from this device")
    device_tag: str
    results: list[RecordResult] = Field(description="one per pushed record, in order")


class EnrolAnswer(BaseModel):
    protocol: int
    server_time: str
    device_id: str
    device_tag: str = Field(description="the desk's tag confirmed, or a free one issued")
    district_code: str
    token: str = Field(description="bearer token; headquarters keeps only its hash")
    hq_max_seq: int


class PulledRecord(BaseModel):
    type: str
    id: str
    version: int
    data: dict[str, Any]


class ChangesAnswer(BaseModel):
    protocol: int
    server_time: str
    cursor: int = Field(description="ask with this next time")
    more: bool
    changes: dict[str, list[PulledRecord]] = Field(
        description="by type: reference_data, employer_request, referral, training_session,"
        " qr_submission")


class DeclineRequest(BaseModel):
    # A reason needs one character that is neither white space nor a control character.
    # Python's and JavaScript's ``\s`` differ (Python counts U+001C-U+001F and U+0085,
    # JavaScript U+FEFF), so the class names those itself and means the same to a client
    # validating the published schema as to this server (Python's engine, for ``\s``).
    model_config = ConfigDict(extra="ignore", regex_engine="python-re")

    reason: StrictStr = Field(min_length=1, max_length=500,
                              pattern=r"[^\s\x00-\x1f\x7f-\x9f\ufeff]",
                              description="why the submission is turned down, in words:"
                              " at least one character that is not a space or a control"
                              " character")


class Decider(BaseModel):
    district_code: str
    device_tag: str


class QrDecisionAnswer(BaseModel):
    ref: str = Field(examples=["Q7KQ2-MXA4"])
    status: Literal["taken", "declined"]
    taken_by: Decider | None = None
    declined_by: Decider | None = None
    submission: PulledRecord = Field(description="the qr_submission row as a pull sends it")


class RecordAnswer(BaseModel):
    protocol: int
    server_time: str
    record: WireRecord


class HealthAnswer(BaseModel):
    status: Literal["ok"]
    protocol: int
    supported_protocols: list[int]
    server_time: str


class ErrorAnswer(BaseModel):
    error: str = Field(description="stable code, e.g. device_revoked, body_too_large")
    detail: str = Field(description="readable reason")
