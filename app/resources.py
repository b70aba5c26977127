"""Finding files shipped with the app, from source and from a frozen bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain.gazetteer import Gazetteer
    from app.domain.reference import Reference


def resources_dir() -> Path:
    """The folder holding resources/: the bundle's unpack folder when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(relative: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("gazetteer/gazetteer.json")``."""
    return resources_dir() / relative


def khmer_font_path() -> Path:
    """Noto Sans Khmer (SIL Open Font License, resources/fonts/OFL.txt)."""
    return resource_path("fonts/NotoSansKhmer.ttf")


@cache
def bundled_gazetteer() -> Gazetteer:
    """The gazetteer shipped with this release, read once per process."""
    from app.domain.gazetteer import Gazetteer

    return Gazetteer.from_file(resource_path("gazetteer/gazetteer.json"))


@cache
def bundled_reference() -> Reference:
    """The reference data (sectors, courses, training sessions) shipped with this release."""
    from app.domain.reference import Reference

    return Reference.from_file(resource_path("reference/reference.json"))
