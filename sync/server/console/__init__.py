"""The staff console under `/console`: sign-in, the national dashboard, devices,
duplicates, employer requests and training. Server-rendered (Jinja2), working without
JavaScript, every view of personal data audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from sync.server.ratelimit import RateLimiter


def install(app: FastAPI, engine: Engine, *, now: Callable[[], datetime],
            limiter: RateLimiter) -> None:
    """Add the console's pages to ``app``."""
