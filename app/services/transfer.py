"""Import and export of registrations as JSON Lines and CSV (DESIGN.md, Import and export).

Import makes new records on this desk. Every row is validated with the form's rules and
checked for likely duplicates against the saved records and the file's earlier rows, all
at once; good rows are saved together in one transaction, bad ones reported by line.
"""

from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Callable, Iterator
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
    # What a check without saving found: how many rows would be saved, and the first
    # rows of the file as read (line number, the row's cells), for a preview.
    good: int = 0
    first_rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


class ImportCancelled(Exception):
    """The officer stopped the import; nothing of it was saved."""


# Rows are read, checked and saved this many at a time, so memory stays flat however long
# the file is; all of them go into one transaction.
CHUNK_ROWS = 2000
PREVIEW_ROWS = 20

# Columns an import file may have: the export's, and what headquarters' export adds.
KNOWN_COLUMNS = frozenset(EXPORT_FIELDS) | {"received_at", "duplicate_of"}


def _rows(path: Path, where: list[int] | None = None
          ) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    """(line number, row or why it is unreadable) for each record of the file. Raises
    ``datafile.FileRefused`` when the file as a whole cannot be read. ``where``, when
    given, is kept as [bytes read so far, file size] for a progress bar."""
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
        if where is not None:
            where[:] = [0, max(1, path.stat().st_size)]
        rows = (datafile.csv_rows(fh, KNOWN_COLUMNS) if suffix == ".csv"
                else datafile.json_lines(fh))
        for number, row in rows:
            if where is not None:
                where[0] = fh.tell()
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


def _chunks(path: Path, where: list[int], first_rows: list[tuple[int, dict[str, Any]]]
            ) -> Iterator[list[tuple[int, dict[str, Any] | Problem]]]:
    chunk: list[tuple[int, dict[str, Any] | Problem]] = []
    for line, row in _rows(path, where):
        if len(first_rows) < PREVIEW_ROWS and not isinstance(row, Problem):
            first_rows.append((line, row))
        chunk.append((line, row))
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _checked(desk: Desk, path: Path, report: ImportReport, *, keep_duplicates: bool,
             saved_before: int, progress: Callable[[int, int], None] | None,
             cancelled: Callable[[], bool] | None) -> Iterator[list[dict[str, Any]]]:
    """The records to save, a chunk at a time, each checked against the rules and for
    likely duplicates among the records saved before the import (row ids up to
    ``saved_before``) and every earlier good row of the file; problems go to ``report``."""
    index = dup.DuplicateIndex()
    saved_numbers: dict[Any, str] = {}
    where = [0, 1]
    for chunk in _chunks(Path(path), where, report.first_rows):
        if cancelled is not None and cancelled():
            raise ImportCancelled
        good: list[tuple[int, dict[str, Any]]] = []
        today = desk.today()
        for line, raw in chunk:
            if isinstance(raw, Problem):
                report.problems.append(raw)
                continue
            rec, errors = registrations.check(desk, raw, today=today)
            if errors:
                report.problems.append(Problem(line, errors))
            else:
                good.append((line, rec))
        people = [dup.Person.of(line, rec) for line, rec in good]
        if saved_before:
            for row in store.duplicate_candidates(
                desk.conn,
                phones=[p.phone or "" for p in people],
                national_ids=[p.national_id or "" for p in people],
                places=[(p.commune, p.sex, p.birth_year) for p in people],
            ):
                ref = ("saved", row["rid"])
                if row["rid"] <= saved_before and ref not in saved_numbers:
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
            to_save.append(rec)
        report.good += len(to_save)
        yield to_save
        if progress is not None:
            progress(min(where[0], where[1]), where[1])


def check_file(desk: Desk, path: Path, *, keep_duplicates: bool = False,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """What ``import_file`` would do, without saving anything: every problem by line,
    how many rows would be saved (``good``) and the file's first rows (a preview)."""
    report = ImportReport()
    saved_before = store.last_rid(desk.conn)
    for _ in _checked(desk, Path(path), report, keep_duplicates=keep_duplicates,
                      saved_before=saved_before, progress=progress, cancelled=cancelled):
        pass
    return report


def import_file(desk: Desk, path: Path, *, keep_duplicates: bool = False,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Save the good rows of a file in one transaction and report the others by line.

    The file is read, checked and saved a chunk at a time, by ``store.bulk_insert`` (the
    kept counts and matching's fits written once at the end, not per row). A file refused
    as a whole (``datafile.FileRefused``), however far into it, and a cancel
    (``cancelled()`` turning true; ``ImportCancelled``) roll the transaction back: nothing
    of the file is saved.
    ``progress(bytes read, file size)`` is called after each chunk."""
    officer = desk.require_officer()
    report = ImportReport()
    stamp = {
        "device_id": desk.device_id, "officer_id": officer.officer_id,
        "created_at": desk.now_iso(), "created_on": desk.today().isoformat(),
    }
    with transaction(desk.conn), store.bulk_insert(desk.conn) as bulk:
        saved_before = store.last_rid(desk.conn)
        for to_save in _checked(desk, Path(path), report, keep_duplicates=keep_duplicates,
                                saved_before=saved_before, progress=progress,
                                cancelled=cancelled):
            if to_save:
                for rec in to_save:
                    rec["id"] = str(uuid.uuid4())
                report.saved += bulk.insert(
                    to_save, district=desk.office_code, tag=desk.device_tag, stamp=stamp,
                )
        if cancelled is not None and cancelled():
            raise ImportCancelled
    return report


# The export's keys, and the survivor's id when headquarters found the record to be a
# duplicate (pulled; like headquarters' export).
EXPORT_KEYS = EXPORT_FIELDS + ("duplicate_of",)


def export_record(rec: dict[str, Any]) -> dict[str, Any]:
    """One stored record as export and ``search --json`` write it."""
    return store.export_view(rec) | {"duplicate_of": rec.get("duplicate_of")}


class ExportCancelled(Exception):
    """The officer stopped an export; ``export_file`` left no file behind."""


def export(desk: Desk, out: IO[str], fmt: str = "jsonl", *,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> int:
    """Write every record (withdrawn ones too) with the export keys; returns the count.
    ``progress(written, total)`` is told every ``CHUNK_ROWS`` records; ``cancelled()``
    turning true stops with ``ExportCancelled``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    total = store.count(desk.conn, store.ListFilter()) if progress is not None else 0
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
        if n % CHUNK_ROWS == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled
            if progress is not None:
                progress(n, max(total, n))
    if progress is not None:
        progress(n, max(total, n))
    from app.domain import audit as audit_rules
    from app.services import audit

    audit.record(desk, audit_rules.EXPORT, result_count=n)
    return n


def export_file(desk: Desk, path: Path, fmt: str = "jsonl", *,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> int:
    """``export`` into ``path``, written beside it first and renamed when complete, so a
    cancel or a failure leaves no half-written file (and an older file as it was)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as fh:
            n = export(desk, fh, fmt, progress=progress, cancelled=cancelled)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return n
