"""CSV export is safe to open in a spreadsheet, and the desk's import reads it back to
exactly the original text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.domain.registration import csv_cell
from app.domain.spreadsheet import formula_safe, from_formula_safe
from tests.conftest import OFFICE, village_in
from tests.console import jobcentre

RISKY = ["=1+2", '=HYPERLINK("http://evil.example","click")', "@SUM(A1:A9)", "+cook",
         "-2+3", "+", "-", "\tindented", "\rcarriage", "=", "'=already quoted", "''@x"]
PLAIN = ["+85512345678", "-5", "+3.5", "-1,000", "Sok Dara", "", "'apostrophe first",
         "a=b", "1-2", "ដារ៉ា", "'"]


@pytest.mark.parametrize("text", RISKY)
def test_a_formula_is_written_behind_an_apostrophe(text: str) -> None:
    cell = formula_safe(text)
    assert cell == "'" + text
    assert from_formula_safe(cell) == text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_and_plain_numbers_are_untouched(text: str) -> None:
    assert formula_safe(text) == text
    assert from_formula_safe(text) == text


def test_lists_are_guarded_as_one_cell() -> None:
    assert csv_cell(["=x", "y"]) == "'=x;y"
    assert csv_cell(True) == "true" and csv_cell(None) == ""


def test_export_neutralises_formulas_and_import_reads_back_the_original(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for d in (first, second):
        done = jobcentre(d, "init", "--office", OFFICE, "--officer", "Sokha",
                         "--password-stdin", stdin="secret123\n")
        assert done.returncode == 0, done.stderr
    person = {"name_latin": "Sok Dara", "sex": "male", "age": 30, "phone": "012 345 678",
              "home_village_code": village_in(OFFICE), "preferred_province_codes": ["05"],
              "sectors": ["garment"], "channel": "walk_in", "consent": True,
              "previous_job": '=HYPERLINK("http://evil.example","pay")',
              "skills": "@SUM(A1) and -2+3", "notes": "'=quoted on purpose"}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(person) + "\n", encoding="utf-8")
    assert jobcentre(first, "import", src).returncode == 0

    out = tmp_path / "all.csv"
    assert jobcentre(first, "export", "--format", "csv", "--out", out).returncode == 0
    row = next(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert row["previous_job"] == "'" + person["previous_job"]
    assert row["skills"] == "'" + person["skills"]
    assert row["notes"] == "''=quoted on purpose"
    assert row["phone"] == "+85512345678"  # a plain number: left alone

    done = jobcentre(second, "import", out)
    assert done.returncode == 0, done.stderr
    back = json.loads(jobcentre(second, "export").stdout)
    for key in ("previous_job", "skills", "notes"):
        assert back[key] == person[key], key
