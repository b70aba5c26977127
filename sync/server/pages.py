"""What the public pages and the console share: one Jinja2 environment (autoescaped,
templates under sync/server/templates/) and the static files headquarters serves itself,
the Khmer font included, so no page loads anything from outside."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.resources import resource_path

HERE = Path(__file__).resolve().parent


@cache
def templates() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"),
                       autoescape=select_autoescape(default=True), trim_blocks=True,
                       lstrip_blocks=True)


def mount_static(app: FastAPI) -> None:
    """`/static/...` from sync/server/static, `/static/fonts/...` from resources/fonts."""
    app.mount("/static/fonts", StaticFiles(directory=resource_path("fonts")), name="fonts")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
