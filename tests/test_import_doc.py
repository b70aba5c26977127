"""docs/import.md is true: its sample file imports cleanly through the installed
command, every column an import knows is documented there, and nothing else is."""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.domain.registration import FIELDS
from app.services.transfer import KNOWN_COLUMNS
from tests.console import ROOT, documented, jobcentre

DOC = ROOT / "docs" / "import.md"
SAMPLE = ROOT / "docs" / "sample-import.csv"


@documented("jobcentre --data-dir DIR import docs/sample-import.csv")
def test_the_sample_file_imports_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    assert jobcentre(data, "init", "--office", "0502", "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n").returncode == 0
    done = jobcentre(data, "import", SAMPLE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "saved 3, not saved 0"
    assert not done.stderr
    saved = {r["name_latin"]: r for r in map(json.loads,
                                              jobcentre(data, "export").stdout.splitlines())}
    # The forms the doc promises: DD/MM/YYYY, Khmer digits, lists joined with ";".
    assert saved["Sok Dara"]["date_of_birth"] == "1995-04-12"
    assert saved["Chan Thida"]["return_date"] == "2026-06-15"
    assert saved["Chan Thida"]["expected_salary_usd"] == 220
    assert saved["Keo Sophal"]["sectors"] == ["mechanics"]
    assert saved["Keo Sophal"]["training_interests"] == ["motorcycle_repair", "mechanics"]


def test_every_column_is_documented_and_only_those() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `(\w+)`(?:, `(\w+)`)? \|", text, re.M))
    documented_columns = {c for pair in table for c in pair if c}
    assert documented_columns == set(FIELDS) - {"registration_no"}
    ignored = re.search(r"accepted and ignored.*?:(.*?)\.\n", text, re.S)
    assert ignored
    assert set(re.findall(r"`(\w+)`", ignored[1])) | documented_columns == KNOWN_COLUMNS


def test_the_readme_points_to_the_import_doc() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/import.md" in readme and "docs/sample-import.csv" in readme
