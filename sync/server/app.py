"""The headquarters API: FastAPI over SQLAlchemy Core.

Bad input never gets a 500: a body that is not gzip, not JSON or not the right shape
gets 422 with the reason in words; one over the size limit (counted after
decompression, while decompressing, so a gzip bomb stops at the limit) gets 413; a busy
or unreachable database gets 503 with Retry-After. Every answer but /v1/health needs the
protocol header (426 otherwise) and every one but enrolment a device token (401, or 403
once the device is revoked).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Query, Request, Security
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from pydantic import TypeAdapter, ValidationError
from pydantic.json_schema import models_json_schema
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from app.domain.registration import Places
from sync import protocol as p
from sync.server import console, pages, public, qr_submissions, records
from sync.server import devices as dev
from sync.server import models as m
from sync.server.errors import ApiError, readable
from sync.server.errors import install as install_error_answers
from sync.server.errors import json_answer as _answer
from sync.server.ratelimit import RateLimiter, client_address

log = logging.getLogger("jobcentre.hq")


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 16 * 1024 * 1024  # decompressed
    max_records: int = 5000
    max_pull: int = 1000
    retry_after_s: int = 5


@cache
def default_places() -> Places:
    from app.resources import bundled_gazetteer

    gaz = bundled_gazetteer()
    provinces = {prov.code for prov in gaz.provinces()}
    return Places(is_village=gaz.is_village, is_province=provinces.__contains__)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, gunzipped when it says so; 413 past ``limit`` bytes."""
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("gzip", "identity"):
        raise ApiError(415, "unsupported_encoding", f"Content-Encoding {encoding!r}: use gzip")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "body_too_large", f"the request is over {limit} bytes")
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding == "gzip" else None
    out = bytearray()
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise ApiError(413, "body_too_large", f"the request is over {limit} bytes")
            if inflate is None:
                out += chunk
                continue
            data = chunk
            while data:
                # max_length caps what one call may produce: a bomb stops at the limit.
                out += inflate.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise ApiError(413, "body_too_large",
                                   f"the request is over {limit} bytes once decompressed")
                data = inflate.unconsumed_tail
        if inflate is not None:
            out += inflate.flush()
            if not inflate.eof:
                raise ApiError(422, "malformed_body", "the gzip stream is cut short")
    except zlib.error as exc:
        raise ApiError(422, "malformed_body", f"the body is not valid gzip ({exc})") from None
    if len(out) > limit:
        raise ApiError(413, "body_too_large", f"the request is over {limit} bytes")
    return bytes(out)


def require_protocol(request: Request) -> int:
    raw = request.headers.get(p.PROTOCOL_HEADER, "")
    version = int(raw) if raw.strip().isdigit() else None
    if version not in p.SUPPORTED_PROTOCOLS:
        raise ApiError(426, "protocol_unsupported",
                       f"protocol {raw or '(none)'} is not spoken here; update the app",
                       supported=sorted(p.SUPPORTED_PROTOCOLS))
    return version


Protocol = Annotated[int, Depends(require_protocol)]


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


# Declared so the OpenAPI document says which operations take the token; the header is
# read below, so a missing or malformed one gets the documented 401 body.
device_token = HTTPBearer(auto_error=False, scheme_name="deviceToken",
                          description="the token /v1/enrol answered")


def current_device(request: Request, _v: Protocol,
                   _declared: Annotated[Any, Security(device_token)] = None) -> dev.Device:
    """The device whose bearer token came with the request: never one the body names."""
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "unauthorized", "a device token is required",
                       {"WWW-Authenticate": "Bearer"})
    engine = request.app.state.engine
    with engine.connect() as conn:
        device = dev.by_token(conn, token)
    if device is None:
        raise ApiError(401, "unauthorized", "unknown device token",
                       {"WWW-Authenticate": "Bearer"})
    if device.revoked:
        raise ApiError(403, "device_revoked", "this device has been revoked")
    if device.holds_retired_token:
        # The desk got its new token: the one it rotated away from is now worthless.
        dev.forget_retired_token(engine, device.device_id)
    return device


CurrentDevice = Annotated[dev.Device, Depends(current_device)]


def too_many(wait: int, why: str) -> ApiError:
    """429 with Retry-After: the desk waits at least that long before trying again."""
    return ApiError(429, "rate_limited", f"{why}; try again in {wait} s",
                    {"Retry-After": str(wait)})


def create_app(
    engine: Engine,
    *,
    limits: Limits | None = None,
    places: Places | None = None,
    clock: Callable[[], datetime] | None = None,
    limiter: RateLimiter | None = None,
) -> FastAPI:
    limits = limits or Limits()
    limiter = limiter or RateLimiter()
    now = clock or (lambda: datetime.now(UTC))
    app = FastAPI(
        title="Job Centre Desk headquarters API",
        version=str(p.PROTOCOL_VERSION),
        description="Desks enrol, push registrations and pull changes. See docs/api.md.",
    )
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.state.engine = engine
    app.state.limiter = limiter

    def get_places() -> Places:
        return places or default_places()

    install_error_answers(app, retry_after_s=limits.retry_after_s)

    def stamp() -> str:
        return p.utc_stamp(now())

    def parse(model: type[m.BaseModel] | TypeAdapter[Any], raw: bytes) -> Any:
        try:
            if isinstance(model, TypeAdapter):
                return model.validate_json(raw)
            return model.model_validate_json(raw)
        except ValidationError as exc:
            if any(e.get("type") == "json_invalid" for e in exc.errors()):
                raise ApiError(422, "malformed_body", "the body is not valid JSON") from None
            raise ApiError(422, "malformed_body", readable(exc)) from None

    def error_answers(*codes: int) -> dict[int | str, dict[str, Any]]:
        return {code: {"model": m.ErrorAnswer} for code in codes}

    # What each operation may answer besides 200: every one is an ErrorAnswer.
    errors = error_answers(401, 403, 422, 426, 503)
    body_errors = error_answers(413, 415, 422, 426, 429, 503)

    # --- endpoints ----------------------------------------------------------------------

    @app.get("/v1/health", response_model=m.HealthAnswer, responses=error_answers(503),
             tags=["sync"])
    def health() -> JSONResponse:
        """Reachability probe: no token, no protocol header needed."""
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return _answer(200, {"status": "ok", "protocol": p.PROTOCOL_VERSION,
                             "supported_protocols": sorted(p.SUPPORTED_PROTOCOLS),
                             "server_time": stamp()})

    @app.post("/v1/enrol", response_model=m.EnrolAnswer, tags=["sync"],
              responses={**body_errors, **error_answers(403, 409)},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/EnrolRequest"}}}}})
    async def enrol(request: Request, _v: Protocol) -> JSONResponse:
        """Redeem a one-time enrolment code for a device token, or rotate the token of
        a device that proves itself with its current one (``Authorization: Bearer``)."""
        body = parse(m.EnrolRequest, await read_body(request, 64 * 1024))
        if not p.is_uuid(body.device_id):
            raise ApiError(422, "malformed_body", "device_id: must be a lower-case UUID")
        address = client_address(request)
        # Only refused enrolments count towards "enrol_failed": guessing codes.
        wait = limiter.exhausted("enrol_failed", address) or limiter.hit("enrol", address)
        if wait:
            raise too_many(wait, "too many refused enrolments from this address")
        when = now()
        try:
            device, token = await run_in_threadpool(
                _enrol_retrying, engine, body, when, bearer_token(request))
        except dev.EnrolmentRefused as exc:
            limiter.hit("enrol_failed", address)
            raise ApiError(exc.status, exc.code, exc.detail) from None
        return _answer(200, {
            "protocol": p.PROTOCOL_VERSION, "server_time": p.utc_stamp(when),
            "device_id": device.device_id, "device_tag": device.device_tag,
            "district_code": device.district_code, "token": token,
            "hq_max_seq": device.max_seq,
        })

    @app.post("/v1/push", response_model=m.PushAnswer, tags=["sync"],
              responses={**errors, **body_errors},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}}}})
    async def push(request: Request, device: CurrentDevice) -> JSONResponse:
        """Store a batch of records; one result per record, in the order sent."""
        wait = limiter.hit("push", client_address(request))
        if wait:
            raise too_many(wait, "too many pushes from this address")
        raw = await read_body(request, limits.max_body_bytes)
        wire = parse(m.PUSH_BODY, raw)["records"]
        if len(wire) > limits.max_records:
            raise ApiError(413, "too_many_records",
                           f"at most {limits.max_records} records per request")
        when = now()
        result = await run_in_threadpool(
            records.push, engine, device, wire, places=get_places(), now=when,
            reported=dev.report_values(dev.Report.from_headers(request.headers), when))
        return _answer(200, {
            "protocol": p.PROTOCOL_VERSION, "server_time": p.utc_stamp(when),
            "hq_max_seq": result.max_seq, "device_tag": device.device_tag,
            "results": [o.as_dict() for o in result.outcomes],
        })

    @app.get("/v1/changes", response_model=m.ChangesAnswer, responses=errors, tags=["sync"])
    def changes(
        request: Request,
        device: CurrentDevice,
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1)] = 500,
    ) -> JSONResponse:
        """What this desk pulls, changed after ``cursor``, oldest first."""
        with engine.connect() as conn:
            found, next_cursor, more = records.changes(
                conn, device, cursor, min(limit, limits.max_pull))
        dev.note_sync(engine, device.device_id, dev.Report.from_headers(request.headers), now())
        return _answer(200, {"protocol": p.PROTOCOL_VERSION, "server_time": stamp(),
                             "cursor": next_cursor, "more": more, "changes": found})

    @app.get("/v1/records/{record_type}/{record_id}", response_model=m.RecordAnswer,
             responses={404: {"model": m.ErrorAnswer}, **errors}, tags=["sync"])
    def fetch(record_type: str, record_id: str, device: CurrentDevice) -> JSONResponse:
        """Headquarters' copy of one of this device's records (after stale or conflict)."""
        with engine.connect() as conn:
            found = records.fetch(conn, device, record_type, record_id)
        if found is None:
            raise ApiError(404, "not_found", "no such record of this device")
        return _answer(200, {"protocol": p.PROTOCOL_VERSION, "server_time": stamp(),
                             "record": found})

    qr_errors: dict[int | str, dict[str, Any]] = {
        404: {"model": m.ErrorAnswer}, 409: {"model": m.ErrorAnswer}, **errors}

    async def qr_decision(decide: Callable[[], dict[str, Any]]
                          ) -> JSONResponse:
        try:
            answer = await run_in_threadpool(decide)
        except qr_submissions.Refused as exc:
            raise ApiError(exc.status, exc.code, exc.detail, **exc.extra) from None
        return _answer(200, {"protocol": p.PROTOCOL_VERSION, "server_time": stamp(), **answer})

    @app.post("/v1/qr/{ref}/take", response_model=m.QrDecisionAnswer, responses=qr_errors,
              tags=["qr"])
    async def qr_take(ref: str, request: Request, device: CurrentDevice) -> JSONResponse:
        """Take a waiting QR submission for this desk (idempotent for the same device)."""
        await read_body(request, 4 * 1024)  # `{}`; nothing in it is read
        return await qr_decision(
            lambda: qr_submissions.take(engine, device, ref, now()))

    @app.post("/v1/qr/{ref}/decline", response_model=m.QrDecisionAnswer, responses=qr_errors,
              tags=["qr"], openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/DeclineRequest"}}}}})
    async def qr_decline(ref: str, request: Request, device: CurrentDevice) -> JSONResponse:
        """Turn a waiting QR submission down with a reason (idempotent for the same device)."""
        body = parse(m.DeclineRequest, await read_body(request, 16 * 1024))
        reason = body.reason.strip()  # not blank: the model's pattern says so
        return await qr_decision(
            lambda: qr_submissions.decline(engine, device, ref, reason, now()))

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        _, defs = models_json_schema(
            [(m.PushRequest, "validation"), (m.EnrolRequest, "validation"),
             (m.DeclineRequest, "validation")],
            ref_template="#/components/schemas/{model}")
        schema.setdefault("components", {}).setdefault("schemas", {}).update(defs["$defs"])
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    pages.mount_static(app)
    public.install(app, engine, now=now, limiter=limiter)
    console.install(app, engine, now=now, limiter=limiter)
    return app


def _enrol_retrying(engine: Engine, body: m.EnrolRequest, when: datetime,
                    token: str | None) -> tuple[dev.Device, str]:
    # Two new devices asking for the same free tag at once: the unique key refuses the
    # second, which simply tries again and gets another tag.
    for _attempt in range(3):
        try:
            return dev.enrol(engine, code=body.code, device_id=body.device_id,
                             device_tag=body.device_tag, office_code=body.office_code,
                             now=when, token=token)
        except sa.exc.IntegrityError:
            continue
    raise ApiError(503, "busy", "enrolment raced with another; try again",
                   {"Retry-After": "1"})


def app_from_environment() -> FastAPI:
    """The app for each worker process of ``jobcentre-hq serve --workers N``: the
    database URL comes in ``JOBCENTRE_HQ_DB`` (the parent has migrated it)."""
    import os

    from sync.server.db import make_engine

    return create_app(make_engine(os.environ["JOBCENTRE_HQ_DB"]))
