"""Registration slips: what the window's print buttons and ``jobcentre slip`` share.

A slip printed for a record for the second time or later is marked as a reprint. How
many times each record's slip was printed is kept in the meta table under
``slip_printed.<record id>``; ``record_printed`` counts a print only once it has
happened (after the PDF is written, or after the print dialog was accepted), so a
preview never turns the real first print into a "reprint".

For the window::

    contents = slips.slips_for_numbers(desk, numbers)
    paper = slips.paper_setting(desk)
    dialog = QPrintPreviewDialog(printer)
    dialog.paintRequested.connect(lambda p: render.paint_slips(p, contents, paper))
    if dialog.exec() == QDialog.Accepted:
        slips.record_printed(desk, contents)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.domain import regno
from app.services.desk import Desk, gazetteer, reference
from app.slips.layout import PAPER_SIZES, Bilingual, SlipContent, slip_content
from app.slips.render import SlipPlacement, write_pdf
from app.store import meta
from app.store import officers as officer_store
from app.store import registrations as store
from app.store.connection import transaction

DEFAULT_PAPER = "a6"
PRINTED_KEY = "slip_printed."


def paper_setting(desk: Desk) -> str:
    """The paper chosen in Settings; A6 when unset or not a known size."""
    paper = desk.setting("slip_paper", DEFAULT_PAPER)
    return paper if paper in PAPER_SIZES else DEFAULT_PAPER


def printed_count(desk: Desk, record_id: str) -> int:
    return int(meta.get(desk.conn, PRINTED_KEY + record_id, "0") or 0)


def record_printed(desk: Desk, contents: Sequence[SlipContent]) -> None:
    """Count one more print of each slip, and put it in the audit trail, in one
    transaction."""
    from app.domain import audit as audit_rules
    from app.services import audit

    with transaction(desk.conn):
        audit.append_in_transaction(desk, [
            audit.event(desk, audit_rules.PRINT, {"id": c.record_id,
                                                  "registration_no": c.registration_no})
            for c in contents])
        for content in contents:
            key = PRINTED_KEY + content.record_id
            count = int(meta.get(desk.conn, key, "0") or 0)
            meta.put(desk.conn, key, str(count + 1))


def office_label(district_code: str) -> Bilingual:
    """ "Basedth, Kampong Speu": the district office, named as the gazetteer names it."""
    gaz = gazetteer()
    district, province = gaz.get(district_code), gaz.get(district_code[:2])
    places = [p for p in (district, province) if p is not None]
    if not places:
        return Bilingual(district_code, district_code)
    return Bilingual(", ".join(p.name_km for p in places), ", ".join(p.name_en for p in places))


def _officer_name(desk: Desk, officer_id: str | None) -> str:
    row = officer_store.by_id(desk.conn, officer_id) if officer_id else None
    return row["name"] if row is not None else ""


def _find(desk: Desk, number: str) -> dict[str, Any]:
    # Accept the number as people type it (lower case, no dashes, Khmer digits).
    parsed = regno.parse(number)
    record = store.get_by_number(desk.conn, str(parsed) if parsed else number.strip())
    if record is None:
        raise KeyError(number)
    return record


def slip_for_record(desk: Desk, record: dict[str, Any], *, reprint: bool) -> SlipContent:
    # The office that registered the person is the one in the number, which stays
    # right when a record is reprinted on another desk.
    office = office_label(record["registration_no"][:4])
    return slip_content(
        record,
        gazetteer=gazetteer(),
        reference=reference(),
        officer_name=_officer_name(desk, record.get("officer_id")),
        office_label_km=office.km,
        office_label_en=office.en,
        reprint=reprint,
        today=desk.today(),
    )


def slips_for_numbers(
    desk: Desk, numbers: Sequence[str], *, reprint: bool | None = None
) -> list[SlipContent]:
    """Slips for registration numbers, in the order given.

    ``reprint=None`` marks a slip as a reprint when that record's slip was printed
    before; True or False decides for every slip. Raises ``KeyError(number)`` for the
    first number no record has. Nothing is counted as printed here.
    """
    out = []
    for number in numbers:
        record = _find(desk, number)
        again = printed_count(desk, record["id"]) > 0 if reprint is None else reprint
        out.append(slip_for_record(desk, record, reprint=again))
    return out


def save_pdf(
    desk: Desk, numbers: Sequence[str], path: Path | str, paper: str | None = None
) -> list[SlipPlacement]:
    """Write the slips of ``numbers`` to one PDF and count them as printed."""
    paper = paper or paper_setting(desk)
    contents = slips_for_numbers(desk, numbers)
    placements = write_pdf(contents, path, paper)
    record_printed(desk, contents)
    return placements
