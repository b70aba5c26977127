"""The public QR pages: `/join` (a returnee registers on a phone) and `/hire` (an
employer asks for workers). Server-rendered, working without JavaScript, rate limited
per address. Shares app/domain's rules with the desks; never imports app.services or
app.ui."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from sync.server.ratelimit import RateLimiter


def install(app: FastAPI, engine: Engine, *, now: Callable[[], datetime],
            limiter: RateLimiter) -> None:
    """Add the public pages to ``app``."""
