"""The staff console under `/console`: sign-in, the national dashboard, devices,
duplicates, employer requests and training. Server-rendered (Jinja2), working without
JavaScript, every view of personal data audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from sync.server.console import dashboard, duplicates
from sync.server.ratelimit import RateLimiter


def install(app: FastAPI, engine: Engine, *, now: Callable[[], datetime],
            limiter: RateLimiter) -> None:
    """Add the console's pages to ``app``."""
    for module in (dashboard, duplicates):
        app.include_router(module.router, prefix="/console", include_in_schema=False)
