"""Per-client-address rate limits for every audience headquarters serves, over the
`limits` library (moving windows; memory storage by default, or any storage URI that
`limits` knows, such as ``redis://``, so several server processes can share counts).

Each audience names its own scopes (``enrol``, ``push``, ``join``, ``login`` ...) and the
rate that applies to them; a refused hit says how many seconds to wait, which becomes
the answer's ``Retry-After``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from limits import RateLimitItem, parse, storage, strategies
from starlette.requests import Request

DEFAULT_RATES: dict[str, str] = {
    # Guessing enrolment codes: a handful of tries, then wait.
    "enrol_failed": "5/10 minutes",
    "enrol": "30/minute",
    "push": "600/minute",
    # The public QR pages: a phone submits a form a few times at most.
    "join": "20/hour",
    "hire": "20/hour",
    "page": "300/minute",
    # Staff sign-in.
    "login_failed": "10/15 minutes",
}


@dataclass
class RateLimiter:
    """``hit(scope, address)`` counts one request; ``None`` when allowed, otherwise the
    seconds until the next one would be."""

    rates: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_RATES))
    storage_uri: str = "memory://"

    def __post_init__(self) -> None:
        self._items: dict[str, RateLimitItem] = {k: parse(v) for k, v in self.rates.items()}
        self._limiter = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(self.storage_uri))

    def hit(self, scope: str, address: str) -> int | None:
        item = self._items.get(scope)
        if item is None or self._limiter.hit(item, scope, address):
            return None
        return self.retry_after(scope, address)

    def exhausted(self, scope: str, address: str) -> int | None:
        """Like ``hit`` but counts nothing: for scopes that count only failures."""
        item = self._items.get(scope)
        if item is None or self._limiter.test(item, scope, address):
            return None
        return self.retry_after(scope, address)

    def retry_after(self, scope: str, address: str) -> int:
        stats = self._limiter.get_window_stats(self._items[scope], scope, address)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def clear(self) -> None:
        self._limiter.storage.reset()


def client_address(request: Request) -> str:
    """The address limits count against. Behind a reverse proxy on this machine uvicorn
    has already put the proxy's ``X-Forwarded-For`` client here (it trusts
    ``FORWARDED_ALLOW_IPS``, 127.0.0.1 by default), so each desk counts on its own."""
    return request.client.host if request.client else "unknown"
