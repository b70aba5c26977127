"""Finding files shipped with the app, from source and from a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


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
