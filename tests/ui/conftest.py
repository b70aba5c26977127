"""Fixtures for tests that drive real widgets: off screen, a fresh desk for each test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

# Before Qt is imported anywhere, so widget tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ctypes  # noqa: E402
import sys  # noqa: E402

import PySide6  # noqa: E402
import pytest  # noqa: E402

from app.services import officers  # noqa: E402
from app.services.desk import Desk  # noqa: E402

# PySide6 6.12.0 on Python 3.11 releases one reference to None, True or False too many
# on many calls; a few hundred widgets later the interpreter frees one of them and aborts
# ("none_dealloc", "bool_dealloc"), at the latest while shutting down. Python 3.12 made
# them immortal, and 6.11 does not have the bug. References that nothing owns keep a
# test run alive (shutdown included) until the dependency is pinned past that release.
if PySide6.__version__ == "6.12.0" and sys.version_info < (3, 12):
    for _singleton in (None, True, False):
        for _ in range(300_000):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(_singleton))


@pytest.fixture
def desk(tmp_path: Path, fixed_now: datetime) -> Iterator[Desk]:
    """A set-up desk (office 0502) in its own data folder, a supervisor signed in.

    The clock is the suite's fixed instant, so ages and "not in the future" do not
    depend on the day the tests run.
    """
    d = Desk(tmp_path / "data", clock=lambda: fixed_now)
    officers.setup(d, "0502", "Sokha", "secret123")
    yield d
    d.close()
