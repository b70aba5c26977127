"""Import reads, checks and saves a file a chunk at a time in one transaction: a file
refused far into it, or a cancel, leaves the desk exactly as it was; likely duplicates
are still found across the whole file; progress is told as the file is read."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from app.domain import datafile
from app.domain.registration import _cambodian_e164, normalise_phone
from app.services import registrations, transfer
from app.store import registrations as store


def _rows(raw: dict[str, Any], n: int) -> list[dict[str, Any]]:
    out = []
    rng = random.Random(n)
    for i in range(n):
        row = dict(raw)
        # Distinct people: a phone and a name of their own.
        row["phone"] = f"012 {100000 + i:06d}"
        row["name_latin"] = " ".join(
            "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=9)) for _ in range(2))
        row["name_km"] = ""
        out.append(row)
    return out


def _write(path: Path, rows: list[dict[str, Any]], tail: bytes = b"") -> Path:
    with path.open("wb") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        fh.write(tail)
    return path


def _count(desk) -> int:
    return desk.conn.execute("SELECT count(*) FROM registrations").fetchone()[0]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(transfer, "CHUNK_ROWS", 7)


def test_a_file_refused_after_many_chunks_saves_nothing(desk, raw, tmp_path, small_chunks):
    registrations.register(desk, raw | {"phone": "097 777 7777"})
    path = _write(tmp_path / "late-nul.jsonl", _rows(raw, 40), tail=b'{"name_latin": "A\x00"}\n')
    with pytest.raises(datafile.FileRefused) as refused:
        transfer.import_file(desk, path)
    assert refused.value.rule == "nul_byte" and refused.value.line == 41
    assert _count(desk) == 1
    assert store.last_rid(desk.conn) == 1


def test_cancel_part_way_saves_nothing_and_numbers_stay_free(desk, raw, tmp_path,
                                                            small_chunks):
    path = _write(tmp_path / "many.jsonl", _rows(raw, 40))
    seen: list[tuple[int, int]] = []
    with pytest.raises(transfer.ImportCancelled):
        transfer.import_file(desk, path, progress=lambda done, total: seen.append((done, total)),
                             cancelled=lambda: len(seen) >= 3)
    assert _count(desk) == 0
    assert len(seen) == 3
    # The next save takes the first number, as if the import had never begun.
    saved = registrations.register(desk, raw)
    assert saved["registration_no"].split("-")[2] == "00001"


def test_progress_rises_to_the_file_size(desk, raw, tmp_path, small_chunks):
    path = _write(tmp_path / "many.jsonl", _rows(raw, 40))
    seen: list[tuple[int, int]] = []
    report = transfer.import_file(desk, path, progress=lambda d, t: seen.append((d, t)))
    assert len(report.saved) == 40 and _count(desk) == 40
    assert len(seen) == 6  # 40 rows, 7 a chunk
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)


def test_duplicates_are_found_across_chunks_and_against_saved_records(desk, raw, tmp_path,
                                                                      small_chunks):
    saved = registrations.register(desk, raw | {"phone": "097 777 7777"})
    rows = _rows(raw, 30)
    rows[25]["phone"] = rows[2]["phone"]  # line 26 repeats line 3, four chunks later
    rows[28]["phone"] = "097 777 7777"  # line 29 is the saved record again
    path = _write(tmp_path / "dups.jsonl", rows)
    report = transfer.import_file(desk, path)
    refused = {p.line: p.errors[0] for p in report.problems}
    assert sorted(refused) == [26, 29]
    assert refused[26].params == {"of": [], "lines": [3], "reasons": ["same_phone"]}
    assert refused[29].params["of"] == [saved["registration_no"]]
    assert len(report.saved) == 28


def test_check_file_saves_nothing_and_reports_what_import_would(desk, raw, tmp_path,
                                                               small_chunks):
    rows = _rows(raw, 20)
    rows[4]["sex"] = "robot"
    rows[11]["phone"] = rows[0]["phone"]
    path = _write(tmp_path / "check.jsonl", rows)
    checked = transfer.check_file(desk, path)
    assert _count(desk) == 0
    assert checked.good == 18 and checked.saved == []
    assert [(p.line, p.errors[0].field, p.errors[0].rule) for p in checked.problems] == [
        (5, "sex", "invalid_choice"), (12, "record", "likely_duplicate")]
    assert [line for line, _ in checked.first_rows] == list(range(1, 21))
    report = transfer.import_file(desk, path)
    assert len(report.saved) == checked.good
    assert [p.line for p in report.problems] == [p.line for p in checked.problems]


def test_the_quick_phone_reading_agrees_with_phonenumbers(monkeypatch):
    """The usual shapes are read without phonenumbers' parser; whatever they give must be
    what the parser gives (and anything else still goes to the parser)."""
    from app.domain import registration

    rng = random.Random(18)
    texts = []
    for _ in range(4000):
        nsn = str(rng.randint(1, 9)) + "".join(rng.choices("0123456789", k=rng.randint(6, 10)))
        text = rng.choice(["0", "+855", "+ 855", "855", "+8550", "00"]) + nsn
        if rng.random() < 0.6:
            sep = rng.choice([" ", "-", ".", " - "])
            text = "".join(ch + (sep if rng.random() < 0.25 else "") for ch in text)
        texts.append(text)
    quick = [normalise_phone(t) for t in texts]
    assert sum(_cambodian_e164(t) is not None for t in texts) > 100  # the quick path ran
    monkeypatch.setattr(registration, "_cambodian_e164", lambda text: None)
    assert quick == [normalise_phone(t) for t in texts]
    assert quick.count(None) > 100  # and invalid numbers were among them
    assert normalise_phone("012 345 678") == "+85512345678"
    assert _cambodian_e164("+855 97 777 7777") == "+855977777777"
    assert _cambodian_e164("012 34") is None
