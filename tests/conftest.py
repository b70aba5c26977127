"""Shared fixtures: every test gets fresh, real SQLite data folders."""

from __future__ import annotations

import os
import runpy

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The password of the officer the fixtures and every test's `jobcentre init` make: the
# commands and windows the tests start sign in with it (tests/console.py too).
os.environ.setdefault("JOBCENTRE_PASSWORD", "secret123")
# Argon2 at a small cost, here and in every Python the tests start (its docstring says why).
CHEAP_ARGON2 = os.path.join(os.path.dirname(__file__), "cheap_argon2")
if CHEAP_ARGON2 not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [CHEAP_ARGON2, *filter(None, [os.environ.get("PYTHONPATH")])])
runpy.run_path(os.path.join(CHEAP_ARGON2, "sitecustomize.py"))

from collections.abc import Iterator  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from app.services import officers  # noqa: E402
from app.services.desk import Desk, gazetteer  # noqa: E402

pytest_plugins = ["tests.browser"]

OFFICE = "0502"  # Chbar Mon, Kampong Speu


def village_in(district: str) -> str:
    gaz = gazetteer()
    commune = gaz.communes(district)[0]
    return gaz.villages(commune.code)[0].code


@pytest.fixture(scope="session", autouse=True)
def qt_application() -> Iterator[object]:
    """One QApplication for the whole run, made before any test runs.

    Headquarters makes a plain QCoreApplication when its app is created (the pages'
    translations need one), and so do the commands run in-process in Khmer; a widget
    test after one of them would find that instead of a QApplication and abort the
    interpreter. Made first, this one is what every later instance() returns."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["jobcentre-tests"])
    yield app


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """Start every test (widget tests and the sync and console ones that open windows)
    from the English source text, with the windows of earlier tests gone.

    Accepting Settings installs the app-wide translator of the chosen language (Khmer
    by default, once ``make translations`` has built the .qm). Take it away after the
    test, quietly: a language change would otherwise reach the finished test's windows
    as posted events, after their data folder is closed.
    """
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    from app import i18n
    from tests.ui.driving import quiet_translator

    # pytest-qt closes the test's windows and asks Qt to delete them later, which a bare
    # processEvents() never does: delete them now, so a later test's language change
    # cannot reach a window whose data folder is closed.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    if i18n.installed_language() != i18n.SOURCE_LANGUAGE:
        quiet_translator(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def fixed_now() -> datetime:
    return datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@pytest.fixture
def desk(tmp_path: Path, fixed_now: datetime) -> Iterator[Desk]:
    """A set-up desk at office 0502 with a supervisor signed in; the clock is fixed."""
    d = Desk(tmp_path / "data", clock=lambda: fixed_now)
    officers.setup(d, OFFICE, "Sokha", "secret123")
    yield d
    d.close()


@pytest.fixture
def raw() -> dict[str, Any]:
    """A valid registration as a form would hand it over."""
    return {
        "name_km": "សុខ ដារ៉ា",
        "name_latin": "Sok Dara",
        "sex": "male",
        "date_of_birth": "1995-04-12",
        "phone": "012 345 678",
        "national_id": "",
        "home_village_code": village_in(OFFICE),
        "preferred_province_codes": ["05", "12"],
        "sectors": ["construction"],
        "expected_salary_usd": "250",
        "returned_from": "TH",
        "return_date": "2026-07-01",
        "previous_job": "Construction worker in Bangkok",
        "skills": "Bricklaying",
        "training_interests": ["electrical_wiring"],
        "channel": "field",
        "consent": True,
        "notes": "",
    }
