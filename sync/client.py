"""The desk's side of the wire: push the outbox in batches, pull changes, over requests.

No Qt and no SQL here: the desk hands in an ``Outbox`` (app.services.sync adapts the
local store to it) and gets a ``SyncReport`` back.

Transport rules (docs/api.md, DESIGN.md "Sync"):

- HTTPS with certificate checks; plain HTTP only to a loopback address.
- Every request has a connect and a read timeout (``HqSession``).
- Only a 2xx whose body is the expected JSON counts as success; a captive portal's 200
  HTML page, a cut-off body or an answer that does not match the batch is a failure
  (``error_for`` and ``HqClient._expect`` turn each into a ``SyncError``).
- Failures that may pass (timeouts, resets, 5xx, 429, odd answers) are retried with
  exponential backoff and full jitter, never sooner than a Retry-After. A run gives up
  after ``give_up_after`` seconds without a successful request, or at once when a
  Retry-After asks for longer than what is left; what was sent stays sent. When no
  connection opens at all (refused, unknown host, no network) it gives up after
  ``give_up_no_connection`` seconds instead: nobody is there to answer.
- Batch size adapts to the link: halved after a timeout (and after 413), grown by half
  after a batch answered quickly.

Retries live in this loop, not in urllib3's ``Retry``: only the loop knows the give-up
clock and can shrink the next batch after a timeout instead of resending the same one.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NameResolutionError, NewConnectionError

from sync import protocol as p

USER_AGENT = "JobCentreDesk/1"


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jobcentre-desk")
    except PackageNotFoundError:  # a frozen bundle without the metadata
        return "unknown"


APP_VERSION = _app_version()
MAX_PASSES = 10
# Request bodies are gzipped at this level, chosen by bench/bench_outbox.py: on push
# bodies of 200 registrations, level 3 gives ~176 bytes a record in ~6 µs, level 6 ~153
# bytes in ~12.5 µs, level 9 ~149 bytes in ~27 µs (BENCHMARKS.md).
GZIP_LEVEL = 3


# --- errors -----------------------------------------------------------------------------


class SyncError(Exception):
    """A sync step failed. ``code`` is stable (the window words it), ``transient`` says
    whether trying again later may help."""

    code = "sync_failed"
    transient = False

    def __init__(self, detail: str = "", *, retry_after: float | None = None,
                 status: int | None = None, **params: Any):
        super().__init__(detail or self.code)
        self.detail = detail
        self.retry_after = retry_after
        self.status = status
        self.params = params


class Unreachable(SyncError):
    code, transient = "unreachable", True


class TimedOut(Unreachable):
    code = "timed_out"


class NoConnection(Unreachable):
    """No connection could be opened at all: refused, unknown host, no network. Worth a
    few seconds of retries (a server restarting), not the full give-up time."""

    code = "unreachable"


class ConnectionRefused(NoConnection):
    code = "connection_refused"


class UnknownHost(NoConnection):
    code = "unknown_host"


class ServerBusy(SyncError):
    code, transient = "server_busy", True


class RateLimited(ServerBusy):
    """429: headquarters counts too many tries from this address (wrong enrolment codes,
    a flood of pushes); ``retry_after`` says how long to wait."""

    code = "rate_limited"


class TooManyWrongCodes(RateLimited):
    """429 to an enrolment: this address has had too many refused enrolment codes."""

    code = "enrol_rate_limited"


class BadAnswer(SyncError):
    """A 2xx that is not the answer asked for: a captive portal, a cut body, a proxy."""

    code, transient = "bad_answer", True


class TooLarge(SyncError):
    code, transient = "too_large", True


class ProtocolTooOld(SyncError):
    code = "update_needed"


class NotEnrolled(SyncError):
    code = "not_enrolled"


class Unauthorized(SyncError):
    code = "unauthorized"


class Revoked(SyncError):
    code = "revoked"


class Refused(SyncError):
    code = "refused"


class AlreadyTaken(Refused):
    """A QR submission another desk took first; ``params["taken_by"]`` says which
    (``{"district_code", "device_tag"}``, or None if headquarters did not say)."""

    code = "already_taken"


class AlreadyDeclined(Refused):
    """A QR submission a desk turned down; ``params["declined_by"]`` says which."""

    code = "already_declined"


class NotFound(Refused):
    """No such QR submission for this desk (or the reference's check does not fit)."""

    code = "not_found"


class InsecureServer(SyncError):
    code = "insecure_server"


class Redirected(SyncError):
    """Headquarters' address answered with a redirect: never followed, since a request
    re-sent elsewhere could carry returnees' data and the token to another host."""

    code = "redirected"


class GaveUp(SyncError):
    code = "gave_up"


class Cancelled(SyncError):
    code = "cancelled"


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None


def _error_body(response: requests.Response) -> tuple[str, str]:
    try:
        body = response.json()
    except ValueError:
        return "", response.text[:200]
    if isinstance(body, dict):
        return str(body.get("error", "")), str(body.get("detail", ""))
    return "", ""


def _who(response: requests.Response, key: str) -> dict[str, str] | None:
    """The desk an error answer names (``taken_by``, ``declined_by``), if well formed."""
    try:
        value = response.json().get(key)
    except (ValueError, AttributeError):
        return None
    if isinstance(value, dict) and all(isinstance(value.get(k), str)
                                       for k in ("district_code", "device_tag")):
        return {"district_code": value["district_code"], "device_tag": value["device_tag"]}
    return None


def error_for(response: requests.Response) -> SyncError:
    """The one place a failed HTTP answer becomes a domain error."""
    status = response.status_code
    code, detail = _error_body(response)
    retry = _retry_after(response)
    if 300 <= status < 400:
        where = response.headers.get("Location", "")[:200]
        return Redirected(where or f"HTTP {status}", status=status, location=where)
    if status == 401:
        return Unauthorized(detail, status=status)
    if status == 403 and code == "device_revoked":
        return Revoked(detail, status=status)
    if status == 409 and code == "already_taken":
        return AlreadyTaken(detail, status=status, error=code,
                            taken_by=_who(response, "taken_by"))
    if status == 409 and code == "already_declined":
        return AlreadyDeclined(detail, status=status, error=code,
                               declined_by=_who(response, "declined_by"))
    if status == 404 and code == "not_found":
        return NotFound(detail, status=status, error=code)
    if status == 403 or status == 409 or status == 404:
        return Refused(detail, status=status, error=code)
    if status == 413:
        return TooLarge(detail, status=status)
    if status == 426:
        return ProtocolTooOld(detail, status=status)
    if status == 429:
        return RateLimited(detail or "too many requests", status=status, retry_after=retry)
    if status >= 500:
        return ServerBusy(detail or f"HTTP {status}", status=status, retry_after=retry)
    if 200 <= status < 300:
        return BadAnswer(detail or "unexpected answer", status=status)
    return Refused(detail or f"HTTP {status}", status=status, error=code)


# --- transport --------------------------------------------------------------------------


def check_server_url(url: str) -> str:
    """The base URL without a trailing slash; HTTPS, or HTTP only to a loopback address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InsecureServer(f"not a server address: {url!r}")
    if parts.scheme == "http":
        host = parts.hostname
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise InsecureServer("plain http is allowed only to this computer; use https")
    return url.strip().rstrip("/")


@dataclass
class ClientSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    give_up_after: float = 90.0
    batch_size: int = 200
    min_batch: int = 10
    max_batch: int = 2000
    quick_answer: float = 2.0  # a batch answered faster than this makes the next bigger
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    pull_limit: int = 500
    in_flight: int = 2  # batches on the wire at once
    # No connection at all (refused, unknown host, no network): give up this soon.
    give_up_no_connection: float = 4.0


class HqSession(requests.Session):
    """requests with a default timeout on every call, no hidden retries, and no
    redirects followed: only the configured address is ever contacted."""

    def __init__(self, timeout: tuple[float, float]):
        super().__init__()
        self.timeout = timeout
        self.verify = True
        self.headers["User-Agent"] = USER_AGENT
        self.headers[p.PROTOCOL_HEADER] = str(p.PROTOCOL_VERSION)
        adapter = HTTPAdapter(max_retries=0, pool_connections=1, pool_maxsize=4)
        self.mount("https://", adapter)
        self.mount("http://", adapter)
        self.max_redirects = 0

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", self.timeout)
        kwargs["allow_redirects"] = False  # a 3xx is an error (``Redirected``)
        return super().request(method, url, **kwargs)

    def get_redirect_target(self, resp: requests.Response) -> None:  # type: ignore[override]
        return None  # never a second hop, whoever calls ``resolve_redirects``


def _jsonable(response: requests.Response) -> dict[str, Any]:
    kind = response.headers.get("Content-Type", "")
    if not kind.startswith("application/json"):
        raise BadAnswer(f"expected JSON, got {kind or 'no content type'}",
                        status=response.status_code)
    try:
        body = response.json()
    except ValueError:
        raise BadAnswer("the answer is not complete JSON", status=response.status_code) from None
    if not isinstance(body, dict) or body.get("protocol") != p.PROTOCOL_VERSION:
        raise BadAnswer("the answer is not from a Job Centre server",
                        status=response.status_code)
    return body


class HqClient:
    """One call per method, no retries: ``Syncer`` decides what to try again."""

    def __init__(self, base_url: str, token: str | None = None,
                 settings: ClientSettings | None = None):
        self.base_url = check_server_url(base_url)
        self.token = token
        self.settings = settings or ClientSettings()
        self.session = HqSession((self.settings.connect_timeout, self.settings.read_timeout))
        self.bytes_sent = 0
        # Records waiting in the outbox, as last counted (the sync loop keeps it);
        # reported to headquarters with every call so its devices page can show it.
        self.pending: int | None = None

    def close(self) -> None:
        self.session.close()

    def _call(self, method: str, path: str, *, body: Any = None, auth: bool = True,
              params: Mapping[str, Any] | None = None, raw: bytes | None = None
              ) -> requests.Response:
        """``body`` is sent as JSON; ``raw``, JSON already written (a push body)."""
        headers = {"Accept": "application/json"}
        if auth:
            if not self.token:
                raise NotEnrolled("this desk has not been enrolled")
            headers["Authorization"] = f"Bearer {self.token}"
            headers[p.APP_VERSION_HEADER] = APP_VERSION
            headers[p.CLIENT_TIME_HEADER] = p.utc_stamp(datetime.now(UTC))
            if self.pending is not None:
                headers[p.PENDING_HEADER] = str(self.pending)
        data = None
        if body is not None:
            raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if raw is not None:
            data = gzip.compress(raw, GZIP_LEVEL)
            headers["Content-Type"] = "application/json"
            headers["Content-Encoding"] = "gzip"
        try:
            response = self.session.request(method, self.base_url + path, data=data,
                                            headers=headers, params=params)
            response.content  # noqa: B018  read it all now, inside the timeout
        except requests.exceptions.Timeout as exc:
            raise TimedOut(str(exc)) from None
        except requests.exceptions.SSLError as exc:
            raise InsecureServer(f"the server's certificate could not be verified: {exc}") from None
        except requests.exceptions.ConnectionError as exc:
            raise self._connection_failure(exc) from None
        except requests.exceptions.RequestException as exc:
            # Refused, reset, dropped mid-answer, cut body (ChunkedEncodingError).
            raise Unreachable(str(exc)) from None
        if data is not None:
            self.bytes_sent += len(data)
        if not 200 <= response.status_code < 300:
            raise error_for(response)
        return response

    def _connection_failure(self, exc: requests.exceptions.ConnectionError) -> SyncError:
        """Refused, unknown host, no network (nothing was sent: the connection never
        opened) apart from a connection reset or dropped mid-answer."""
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        host = urlsplit(self.base_url).hostname or self.base_url
        if isinstance(reason, NameResolutionError):
            return UnknownHost(host)
        if isinstance(reason, NewConnectionError):
            if isinstance(reason.__cause__, ConnectionRefusedError) or "refused" in str(reason):
                return ConnectionRefused(self.base_url)
            return NoConnection(str(exc))
        return Unreachable(str(exc))

    def health(self) -> dict[str, Any]:
        body = _jsonable(self._call("GET", "/v1/health", auth=False))
        if body.get("status") != "ok":
            raise BadAnswer("the server is not ready")
        return body

    def enrol(self, code: str | None, device_id: str, device_tag: str, office_code: str
              ) -> dict[str, Any]:
        """Redeem ``code``; with a token (an enrolled desk) it goes along as proof that
        this is the same device, and headquarters rotates it."""
        try:
            answer = self._call("POST", "/v1/enrol", auth=bool(self.token), body={
                "code": code or None, "device_id": device_id, "device_tag": device_tag,
                "office_code": office_code,
            })
        except RateLimited as exc:
            raise TooManyWrongCodes(exc.detail, status=exc.status,
                                    retry_after=exc.retry_after) from None
        body = _jsonable(answer)
        for key, kind in (("token", str), ("device_tag", str), ("hq_max_seq", int)):
            if not isinstance(body.get(key), kind):
                raise BadAnswer(f"enrolment answer without {key}")
        return body

    def push(self, records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        body = _jsonable(self._call("POST", "/v1/push", raw=p.push_body(records)))
        results = body.get("results")
        if not isinstance(results, list) or len(results) != len(records) or not isinstance(
                body.get("hq_max_seq"), int):
            raise BadAnswer("the answer does not match the batch")
        for sent, got in zip(records, results, strict=True):
            if not isinstance(got, dict) or got.get("id") != sent["id"] or got.get(
                    "status") not in p.STATUSES:
                raise BadAnswer("the answer does not match the batch")
            if got["status"] in (p.STALE, p.CONFLICT) and not isinstance(got.get("version"), int):
                raise BadAnswer("a stale or conflict answer without the server's version")
        return body

    def changes(self, cursor: int, limit: int) -> dict[str, Any]:
        body = _jsonable(self._call("GET", "/v1/changes",
                                    params={"cursor": cursor, "limit": limit}))
        if not isinstance(body.get("cursor"), int) or not isinstance(
                body.get("changes"), dict) or not isinstance(body.get("more"), bool):
            raise BadAnswer("the changes answer is incomplete")
        return body

    def _decision(self, ref: str, action: str, body: dict[str, Any], status: str
                  ) -> dict[str, Any]:
        answer = _jsonable(self._call("POST", f"/v1/qr/{quote(ref, safe='')}/{action}",
                                      body=body))
        row = answer.get("submission")
        if answer.get("status") != status or not isinstance(row, dict) or not isinstance(
                row.get("data"), dict) or not p.is_uuid(row.get("id")) or not isinstance(
                row.get("version"), int) or row["data"].get("status") != status:
            raise BadAnswer(f"the {action} answer is incomplete")
        return answer

    def take(self, ref: str) -> dict[str, Any]:
        """Take a QR submission for this desk. The answer carries ``submission`` (the
        pull row); ``AlreadyTaken``, ``AlreadyDeclined`` or ``NotFound`` otherwise.
        Safe to retry: headquarters answers the same to the device that has it."""
        return self._decision(ref, "take", {}, "taken")

    def decline(self, ref: str, reason: str) -> dict[str, Any]:
        """Turn a QR submission down with a reason; safe to retry, like ``take``."""
        return self._decision(ref, "decline", {"reason": reason}, "declined")

    def fetch(self, record_type: str, record_id: str) -> dict[str, Any]:
        body = _jsonable(self._call("GET", f"/v1/records/{record_type}/{record_id}"))
        record = body.get("record")
        if not isinstance(record, dict) or record.get("id") != record_id:
            raise BadAnswer("the record answer is incomplete")
        return record


# --- one call, retried like the sync loop's ---------------------------------------------


def retried(client: HqClient, call: Callable[[], dict[str, Any]], *,
            give_up_after: float | None = None,
            cancel: threading.Event | None = None) -> dict[str, Any]:
    """``call()`` with the sync loop's retry rules (backoff with jitter, Retry-After,
    giving up), for one-off requests such as taking a QR submission. ``give_up_after``
    shortens the client's setting for someone waiting at the window."""
    settings = client.settings
    if give_up_after is not None and give_up_after < settings.give_up_after:
        settings = replace(settings, give_up_after=give_up_after)
    runner = Syncer(client, _NO_OUTBOX, cancel=cancel)
    runner.settings = settings
    try:
        return runner._call(call)
    finally:
        if runner._pool is not None:
            runner._pool.shutdown(wait=False, cancel_futures=True)


# --- the sync loop ----------------------------------------------------------------------


class Outbox(Protocol):
    """What the sync loop needs of the desk's store (app.services.sync implements it)."""

    def next_batch(self, after: int, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """Up to ``limit`` pending records past position ``after``, oldest first, as
        (position, wire record); an empty list when none are left."""

    def record_results(self, sent: Sequence[Mapping[str, Any]], answer: Mapping[str, Any],
                       server_copies: Mapping[str, Mapping[str, Any]]) -> None:
        """Apply a push answer: mark sent (only if unchanged since read), quarantine
        rejected ones, settle stale and conflict ones with the server's copies."""

    def cursor(self) -> int: ...

    def record_changes(self, answer: Mapping[str, Any]) -> None:
        """Store pulled rows by (type, id, version) and the new cursor, together."""

    def record_server(self, answer: Mapping[str, Any], offset_s: float) -> None:
        """The sequence floor and device tag headquarters reported; the clock offset."""

    def waiting(self) -> int:
        """How many records are waiting to be sent (reported to headquarters)."""


class _NoOutbox:
    """What ``retried`` gives the loop: one-off calls read and write no outbox."""

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no outbox for a single call ({name})")


_NO_OUTBOX: Any = _NoOutbox()


@dataclass
class SyncReport:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(p.STATUSES, 0))
    batches: int = 0
    pulled: int = 0
    batch_size: int = 0
    retries: int = 0
    clock_offset_s: float | None = None
    to_send: int | None = None  # records waiting when the run started, if known
    # Audit events headquarters took (stored or already had); not records, so not counted
    # in ``counts``, which the officer reads as what happened to the records.
    audit_events: int = 0

    @property
    def pushed(self) -> int:
        return sum(self.counts.values())


class Syncer:
    """One push and pull run against headquarters for one outbox."""

    def __init__(self, client: HqClient, outbox: Outbox, *,
                 cancel: threading.Event | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 rng: random.Random | None = None,
                 on_progress: Callable[[SyncReport], None] | None = None):
        self.client = client
        self.outbox = outbox
        self.settings = client.settings
        self.cancel = cancel or threading.Event()
        self.monotonic = monotonic
        self.rng = rng or random.Random()
        self.on_progress = on_progress
        self.report = SyncReport(batch_size=self.settings.batch_size)
        self._last_success = monotonic()
        self._pool: ThreadPoolExecutor | None = None

    # retries ------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        cap = min(self.settings.backoff_cap, self.settings.backoff_base * 2 ** attempt)
        return self.rng.uniform(0, cap)  # "full jitter": laptops do not retry in step

    def _call(self, fn: Callable[[], dict[str, Any]],
              on_failure: Callable[[SyncError], None] | None = None,
              first_error: SyncError | None = None) -> dict[str, Any]:
        """``fn()`` until it succeeds, a failure that will not pass, or giving up.
        ``first_error``: the first try already failed so (it ran elsewhere)."""
        attempt = 0
        while True:
            if self.cancel.is_set():
                raise Cancelled("stopped")
            try:
                if first_error is not None:
                    failed, first_error = first_error, None
                    raise failed
                result = self._wait(self._executor().submit(fn))
            except SyncError as exc:
                if not exc.transient:
                    raise
                if on_failure is not None:
                    on_failure(exc)
                patience = self.settings.give_up_after
                if isinstance(exc, NoConnection):
                    patience = min(patience, self.settings.give_up_no_connection)
                left = self._last_success + patience - self.monotonic()
                wait = max(self._backoff(attempt), exc.retry_after or 0.0)
                if (exc.retry_after or 0.0) > left or wait > left:
                    raise GaveUp(str(exc), last=exc.code, status=exc.status) from exc
                self.report.retries += 1
                attempt += 1
                if self.cancel.wait(wait):
                    raise Cancelled("stopped") from None
                continue
            self._last_success = self.monotonic()
            return result

    def _note_clock(self, answer: Mapping[str, Any]) -> None:
        server = p.parse_timestamp(answer.get("server_time"))
        if server is not None:
            offset = (datetime.now(UTC) - server).total_seconds()
            self.report.clock_offset_s = offset
            self.outbox.record_server(answer, offset)

    # push ---------------------------------------------------------------------------

    def _shrink(self, exc: SyncError) -> None:
        if isinstance(exc, TimedOut | TooLarge | Unreachable):
            self.report.batch_size = max(self.settings.min_batch, self.report.batch_size // 2)

    def push(self) -> None:
        """Send every pending record, a batch at a time, up to ``in_flight`` batches on
        the wire at once.

        Batches go out on helper threads (requests releases the GIL while it waits), so
        reading and hashing the next batch here overlaps the server's work, and a server
        with several workers checks two batches at once. Batches are read one after
        another by position, so no two share a record; answers are applied in the order
        the batches left. After a failure the batches still in flight are let finish,
        the failed one is retried here (smaller after a timeout), and reading goes on
        from the end of what it sent: whatever is still pending there is read again.
        A pass that reads nothing more ends the push; another pass picks up records
        edited while their batch was in flight.
        """
        slots = max(1, self.settings.in_flight)
        in_flight: deque[tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]],
                               Future, float]] = deque()
        position, passes, sent_this_pass = 0, 1, False
        pool = self._executor()
        while True:
            while len(in_flight) < slots and position >= 0:
                if self.cancel.is_set():
                    self._drain(in_flight)
                    raise Cancelled("stopped")
                batch = self.outbox.next_batch(position, self.report.batch_size)
                if not batch:
                    position = -1  # this pass has read everything
                    break
                part = batch[: self.report.batch_size]
                sent = [wire for _, wire in part]
                if in_flight and any(w["type"] != p.REGISTRATION for w in sent):
                    # Requests and referrals name records the batches still on the wire
                    # may carry, and headquarters stores a referral only once it holds
                    # both: send them after those answers (the batch is read again).
                    break
                in_flight.append((batch, sent, pool.submit(self.client.push, sent),
                                  self.monotonic()))
                position = part[-1][0]
            if not in_flight:
                if not sent_this_pass or passes >= MAX_PASSES:
                    return
                position, passes, sent_this_pass = 0, passes + 1, False
                continue
            batch, sent, future, started = in_flight.popleft()
            try:
                answer = self._wait(future)
                self._last_success = self.monotonic()
                # A batch may have waited behind the others on the wire.
                quick = self.monotonic() - started < self.settings.quick_answer * slots
            except SyncError as exc:
                if not exc.transient:
                    self._drain(in_flight)
                    raise
                self._shrink(exc)
                self._drain(in_flight)
                done = self._call(lambda b=batch: self._push_part(b), self._shrink,
                                  first_error=exc)
                answer, sent, quick = done["answer"], done["sent"], done["quick"]
                position = batch[len(sent) - 1][0]
            if quick:
                self.report.batch_size = min(self.settings.max_batch,
                                             max(self.settings.min_batch,
                                                 self.report.batch_size * 3 // 2))
            self._apply(sent, answer)
            sent_this_pass = True

    def _drain(self, in_flight: deque) -> None:
        """Let batches still on the wire finish and apply those that succeeded."""
        while in_flight:
            _, sent, future, _ = in_flight.popleft()
            try:
                answer = self._wait(future)
            except Cancelled:
                raise
            except SyncError:
                continue  # still pending; a later pass or run sends it again
            self._apply(sent, answer)

    def _push_part(self, batch: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        # After a timeout the batch size has been halved: send only that many.
        part = [wire for _, wire in batch[: self.report.batch_size]]
        started = self.monotonic()
        answer = self.client.push(part)
        return {"answer": answer, "sent": part,
                "quick": self.monotonic() - started < self.settings.quick_answer}

    def _apply(self, sent: list[dict[str, Any]], answer: dict[str, Any]) -> None:
        copies = {}
        for got in answer["results"]:
            if got["status"] in (p.STALE, p.CONFLICT):
                copies[got["id"]] = self._call(
                    lambda i=got["id"]: self.client.fetch(p.REGISTRATION, i))
        self.outbox.record_results(sent, answer, copies)
        self._count_waiting()
        self._note_clock(answer)
        for wire, got in zip(sent, answer["results"], strict=True):
            if wire["type"] == p.AUDIT_EVENT:
                self.report.audit_events += got["status"] in (p.STORED, p.ALREADY_HAD)
            else:
                self.report.counts[got["status"]] += 1
        self.report.batches += 1
        if self.on_progress:
            self.on_progress(self.report)

    # pull ---------------------------------------------------------------------------

    def _count_waiting(self) -> None:
        # Here on the loop's own thread: the outbox's connection is not shared.
        counter = getattr(self.outbox, "waiting", None)
        if counter is not None:
            self.client.pending = int(counter())

    def pull(self) -> None:
        self._count_waiting()
        while True:
            cursor = self.outbox.cursor()
            answer = self._call(lambda c=cursor: self.client.changes(c, self.settings.pull_limit))
            self.outbox.record_changes(answer)
            self.report.pulled += sum(len(v) for v in answer["changes"].values()
                                      if isinstance(v, list))
            self._note_clock(answer)
            if not answer["more"] or answer["cursor"] <= cursor:
                return

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max(1, self.settings.in_flight) + 1,
                                            thread_name_prefix="sync")
        return self._pool

    def _wait(self, future: Future) -> Any:
        """The call's result; gives up waiting at once when the run is cancelled (the
        window closing), even while a request hangs on a dead link: the helper thread is
        left to hit its own timeout."""
        while True:
            try:
                return future.result(timeout=0.1)
            except FutureTimeout:
                if self.cancel.is_set():
                    raise Cancelled("stopped") from None

    def run(self) -> SyncReport:
        # Every request runs on these helper threads (push keeps ``in_flight`` batches
        # on the wire; one more for fetches and pulls), so the caller never blocks in a
        # socket it cannot interrupt.
        try:
            self._count_waiting()
            self.push()
            self.pull()
            return self.report
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=not self.cancel.is_set(), cancel_futures=True)
                self._pool = None
