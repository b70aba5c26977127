"""Reference data at headquarters: the bundled gazetteer and reference set, the one in
use (published, else bundled), and publishing a newer one after the desks' own checks.

``jobcentre-hq reference publish`` and the console's upload form both go through
``check_publishable`` and ``publish``, so they refuse the same files for the same
reasons. Only app.domain is used here (never app.services).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from app.domain.reference import Reference, check_reference_in, is_newer
from app.resources import bundled_gazetteer, bundled_reference
from sync.server import audit, records

REFERENCE_ID = "reference"  # the id desks pull it under (app.services.desk.REFERENCE_ID)

log = logging.getLogger("jobcentre.hq")


gazetteer = bundled_gazetteer
bundled = bundled_reference


def check(data: object) -> list[str]:
    """The desks' own check of a reference data set, against the bundled gazetteer."""
    return check_reference_in(data, gazetteer())


def in_use(engine: Engine) -> Reference:
    """What desks use: the published set when it passes and is newer, else the bundled."""
    published = records.published_reference(engine, REFERENCE_ID)
    if published is None:
        return bundled()
    problems = check(published)
    if problems:
        log.warning("published reference data left unused: %s", "; ".join(problems[:5]))
        return bundled()
    return (Reference.from_data(published)
            if is_newer(str(published["version"]), bundled().version) else bundled())


def check_publishable(engine: Engine, data: Any) -> list[str]:
    """Every reason not to publish ``data``: the desks' check, and a version that is not
    newer than both the published set and the bundled one (desks would ignore it)."""
    problems = check(data)
    if problems:
        return problems
    current = records.published_reference(engine, REFERENCE_ID)
    for label, other in (("published", current and current.get("version")),
                         ("bundled", bundled().version)):
        if other and not is_newer(str(data["version"]), str(other)):
            problems.append(f"version: {data['version']} is not newer than the {label} "
                            f"{other}; desks would keep the one they have")
    return problems


def publish(engine: Engine, data: dict[str, Any], now: datetime, actor: str = audit.CLI
            ) -> int:
    """Publish a set that ``check_publishable`` passed; audited as ``actor``."""
    return records.publish_reference(engine, REFERENCE_ID, data, now, actor=actor)
