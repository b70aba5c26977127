"""The console's dashboard page(s)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
