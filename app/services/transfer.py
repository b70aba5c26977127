"""Import and export of registrations as JSON Lines and CSV (DESIGN.md, Import and export).

Import makes new records on this desk. Every row is validated with the form's rules and
checked for likely duplicates against the saved records and the file's earlier rows, all
at once; good rows are saved together in one transaction, bad ones reported by line.
"""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.domain import datafile
from app.domain import duplicates as dup
from app.domain.errors import FieldError
from app.domain.registration import EXPORT_FIELDS, csv_cell
from app.domain.spreadsheet import from_formula_safe
from app.services import registrations
from app.services.desk import Desk
from app.store import registrations as store
from app.store.connection import transaction

FORMATS = ("jsonl", "csv")


@dataclass(frozen=True)
class Problem:
    """Why one line of an import file was not saved."""

    line: int
    errors: list[FieldError]


@dataclass
class ImportReport:
    saved: list[str] = field(default_factory=list)  # registration numbers, in file order
    problems: list[Problem] = field(default_factory=list)
    kept_duplicates: int = 0


# Columns an import file may have: the export's, and what headquarters' export adds.
KNOWN_COLUMNS = frozenset(EXPORT_FIELDS) | {"received_at", "duplicate_of"}


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    """(line number, row or why it is unreadable) for each record of the file. Raises
    ``datafile.FileRefused`` when the file as a whole cannot be read."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise datafile.FileRefused("cannot_open", detail="a folder, not a file")
    if suffix not in (".jsonl", ".csv"):
        raise datafile.FileRefused("unsupported_file_type", suffix=suffix or path.name)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise datafile.FileRefused("cannot_open", detail=exc.strerror or str(exc)) from None
    with fh:
        rows = (datafile.csv_rows(fh, KNOWN_COLUMNS) if suffix == ".csv"
                else datafile.json_lines(fh))
        for number, row in rows:
            if isinstance(row, datafile.LineProblem):
                yield number, Problem(number, [FieldError("line", row.rule, row.params)])
                continue
            if suffix == ".csv":
                # Undo export's guard against spreadsheet formulas: the exact text again.
                row = {k: from_formula_safe(v) for k, v in row.items()}
            unknown = [k for k in row if k not in KNOWN_COLUMNS]
            if unknown:
                yield number, Problem(number, [FieldError(k, "unknown_field") for k in unknown])
                continue
            yield number, row


def import_file(desk: Desk, path: Path, *, keep_duplicates: bool = False) -> ImportReport:
    officer = desk.require_officer()
    report = ImportReport()
    good: list[tuple[int, dict[str, Any]]] = []
    for line, raw in _rows(Path(path)):
        if isinstance(raw, Problem):
            report.problems.append(raw)
            continue
        rec, errors = registrations.check(desk, raw)
        if errors:
            report.problems.append(Problem(line, errors))
        else:
            good.append((line, rec))

    people = [dup.Person.of(line, rec) for line, rec in good]
    index = dup.DuplicateIndex()
    saved_numbers: dict[Any, str] = {}
    for row in store.duplicate_candidates(
        desk.conn,
        phones=[p.phone or "" for p in people],
        national_ids=[p.national_id or "" for p in people],
        places=[(p.commune, p.sex, p.birth_year) for p in people],
    ):
        ref = ("saved", row["rid"])
        saved_numbers[ref] = row["registration_no"]
        index.add(dup.Person.of(ref, dict(row)))

    to_save = []
    for (line, rec), person in zip(good, people, strict=True):
        matches = index.matches(person)
        if matches and not rec.get("duplicate_override_reason"):
            numbers = [saved_numbers[o.ref] for o, _ in matches if o.ref in saved_numbers]
            lines = sorted(o.ref for o, _ in matches if o.ref not in saved_numbers)
            if not keep_duplicates:
                reasons = sorted({r for _, why in matches for r in why})
                report.problems.append(Problem(line, [FieldError(
                    "record", "likely_duplicate",
                    {"of": numbers, "lines": lines, "reasons": reasons},
                )]))
                continue
            # Kept in the record, where any officer may read it: codes, not sentences.
            rec["duplicate_override_reason"] = "import --keep-duplicates: " + ", ".join(
                numbers + [f"line {n}" for n in lines]
            )
            report.kept_duplicates += 1
        index.add(person)
        to_save.append(rec | {"id": str(uuid.uuid4())})

    if to_save:
        stamp = {
            "device_id": desk.device_id, "officer_id": officer.officer_id,
            "created_at": desk.now_iso(), "created_on": desk.today().isoformat(),
        }
        with transaction(desk.conn):
            report.saved = store.insert_many(
                desk.conn, to_save, district=desk.office_code, tag=desk.device_tag, stamp=stamp
            )
    return report


# The export's keys, and the survivor's id when headquarters found the record to be a
# duplicate (pulled; like headquarters' export).
EXPORT_KEYS = EXPORT_FIELDS + ("duplicate_of",)


def export_record(rec: dict[str, Any]) -> dict[str, Any]:
    """One stored record as export and ``search --json`` write it."""
    return store.export_view(rec) | {"duplicate_of": rec.get("duplicate_of")}


def export(desk: Desk, out: IO[str], fmt: str = "jsonl") -> int:
    """Write every record (withdrawn ones too) with the export keys; returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    n = 0
    writer = None
    if fmt == "csv":
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(EXPORT_KEYS)
    for rec in store.iter_all(desk.conn):
        view = export_record(rec)
        if writer is None:
            out.write(json.dumps(view, ensure_ascii=False) + "\n")
        else:
            writer.writerow([csv_cell(view[k]) for k in EXPORT_KEYS])
        n += 1
    return n
