"""Training: each session of the catalogue in use with its seats and the returnees
enrolled from every district, and demand (returnees who want each course) against the
seats, by province. Counts only: any role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.domain.codes import COURSES
from sync.server import reference
from sync.server import training as seats
from sync.server.console import web
from sync.server.console.auth import Viewer
from sync.server.i18n import request_language

router = APIRouter()


@router.get("/training", response_class=HTMLResponse)
def training_page(request: Request, staff: Viewer) -> Response:
    console = web.state(request)
    language = request_language(request)
    catalogue = reference.in_use(console.engine)
    gaz = reference.gazetteer()
    with console.engine.connect() as conn:
        enrolled = seats.counts(conn)
        wanted = seats.demand(conn)
    sessions = [{"s": s, "course": catalogue.label("courses", s.course, language),
                 "place": s.place_km if language == "km" else s.place_en,
                 "province": gaz.label(s.province_code, language),
                 "enrolled": enrolled.get(s.code, 0),
                 "left": max(s.seats - enrolled.get(s.code, 0), 0)}
                for s in catalogue.sessions]
    # Province -> course -> [returnees who want it, seats of its sessions there].
    by_province: dict[str, dict[str, list[int]]] = {}

    def cell(province: str, course: str) -> list[int]:
        return by_province.setdefault(province, {c: [0, 0] for c in COURSES})[course]

    for district, course, n in wanted:
        if course in COURSES:
            cell(district[:2], course)[0] += n
    for s in catalogue.sessions:
        if s.course in COURSES:
            cell(s.province_code, s.course)[1] += s.seats
    demand = sorted(
        ({"code": code, "name": gaz.label(code, language), "cells": cells,
          "wanted": sum(c[0] for c in cells.values()),
          "seats": sum(c[1] for c in cells.values())}
         for code, cells in by_province.items()),
        key=lambda row: (-(row["wanted"] - row["seats"]), row["code"]))
    return web.render(
        request, "console/training.html", staff, sessions=sessions, demand=demand,
        courses=[(c, catalogue.label("courses", c, language)) for c in COURSES],
        version=catalogue.version)
