"""Job Centre Desk: the offline-first registration desk."""

from __future__ import annotations

from importlib import metadata

# Kept equal to pyproject.toml's version; used where no package metadata exists.
_SOURCE_VERSION = "0.1.0"


def app_version() -> str:
    """The installed package's version, or the source tree's when run uninstalled."""
    try:
        return metadata.version("jobcentre-desk")
    except metadata.PackageNotFoundError:
        return _SOURCE_VERSION
