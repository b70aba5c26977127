from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import OFFICE, village_in

# The installed `jobcentre` script of the venv running the tests, as a user runs it.
from tests.console import documented, initialised, jobcentre

ROOT = Path(__file__).resolve().parent.parent




@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return initialised(tmp_path / "desk")


def rows(n: int) -> list[dict]:
    village = village_in(OFFICE)
    out = []
    for i in range(n):
        out.append({
            "name_km": "សុខ ដារ៉ា" if i % 2 else "ចាន់ ធីតា",
            "name_latin": f"Person {chr(65 + i % 26)}{chr(65 + i // 26 % 26)}",
            "sex": "male" if i % 2 else "female",
            "age": 20 + i % 40,
            "phone": f"012 {100000 + i:06d}",
            "home_village_code": village,
            "preferred_province_codes": ["05"],
            "sectors": ["garment", "construction"],
            "expected_salary_usd": 200 + i,
            "training_interests": [],
            "channel": "walk_in",
            "consent": True,
        })
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


@documented("jobcentre --data-dir DIR init --office 0502 --officer Sokha --password-stdin")
def test_init_twice_is_refused(data_dir):
    again = jobcentre(data_dir, "init", "--office", OFFICE, "--officer", "X",
                      "--password-stdin", stdin="secret123\n")
    assert again.returncode != 0
    assert "already set up" in again.stderr


def test_init_refuses_an_unknown_office(tmp_path):
    done = jobcentre(tmp_path / "d", "init", "--office", "9999", "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n")
    assert done.returncode == 1
    assert "9999" in done.stderr


def test_commands_before_init_say_so(tmp_path):
    done = jobcentre(tmp_path / "empty", "search", "sok")
    assert done.returncode == 1
    assert "jobcentre init" in done.stderr


@documented("jobcentre --data-dir DIR import returnees.csv")
def test_import_then_export_gives_back_the_same_records(data_dir, tmp_path):
    source = rows(30)
    src = write_jsonl(tmp_path / "in.jsonl", source)
    done = jobcentre(data_dir, "import", str(src))
    assert done.returncode == 0, done.stderr
    assert "saved 30" in done.stdout

    out = tmp_path / "out.jsonl"
    assert jobcentre(data_dir, "export", "--out", str(out)).returncode == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 30
    by_name = {r["name_latin"]: r for r in exported}
    for original in source:
        got = by_name[original["name_latin"]]
        assert got["name_km"] == original["name_km"]
        assert got["sectors"] == original["sectors"]
        assert got["phone"] == "+85512" + original["phone"][4:]
        assert got["version"] == 1 and got["registration_no"] and got["id"]

    # The export re-imports on another desk as new records with new numbers.
    other = tmp_path / "other"
    jobcentre(other, "init", "--office", "0102", "--officer", "Dara", "--password-stdin",
              stdin="secret123\n")
    again = jobcentre(other, "import", str(out))
    assert again.returncode == 0, again.stderr
    out2 = tmp_path / "out2.jsonl"
    jobcentre(other, "export", "--out", str(out2))
    second = [json.loads(line) for line in out2.read_text(encoding="utf-8").splitlines()]
    keys = ("name_km", "name_latin", "sex", "age", "phone", "sectors", "expected_salary_usd")
    assert sorted(tuple(json.dumps(r[k]) for k in keys) for r in second) == sorted(
        tuple(json.dumps(r[k]) for k in keys) for r in exported)
    assert not {r["id"] for r in second} & {r["id"] for r in exported}
    assert all(r["registration_no"].startswith("0102-") for r in second)


def test_import_reports_bad_rows_by_line_and_saves_the_good(data_dir, tmp_path):
    good = rows(3)
    lines = [
        json.dumps(good[0], ensure_ascii=False),
        json.dumps(good[1] | {"age": 12}, ensure_ascii=False),
        "{not json",
        json.dumps(good[2] | {"phone": "12", "sectors": []}, ensure_ascii=False),
    ]
    src = tmp_path / "mixed.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = jobcentre(data_dir, "import", str(src))
    assert done.returncode == 1
    assert "saved 1, not saved 3" in done.stdout
    assert f"{src}:2: Age: Age must be between 15 and 70" in done.stderr
    assert f"{src}:3: Line: This line is not a readable record" in done.stderr
    assert f"{src}:4: Phone:" in done.stderr and f"{src}:4: Sectors:" in done.stderr


def test_import_reports_likely_duplicates_with_the_saved_number(data_dir, tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", rows(2))
    assert jobcentre(data_dir, "import", str(first)).returncode == 0
    listed = json.loads(jobcentre(data_dir, "search", "012100000", "--json").stdout)
    number = listed[0]["registration_no"]

    again = rows(2)[:1] + [rows(3)[2]] + [rows(3)[2]]  # a saved person, a new one twice
    src = write_jsonl(tmp_path / "b.jsonl", again)
    done = jobcentre(data_dir, "import", str(src))
    assert done.returncode == 1
    assert f"{src}:1: Record: Likely a duplicate of {number} (same phone" in done.stderr
    assert f"{src}:3: Record: Likely a duplicate of line 2" in done.stderr
    assert "saved 1, not saved 2" in done.stdout

    kept = jobcentre(data_dir, "import", str(src), "--keep-duplicates")
    assert kept.returncode == 0, kept.stderr
    assert "likely duplicates kept 3" in kept.stdout


@documented("jobcentre --data-dir DIR export --format csv --out all.csv")
def test_csv_round_trip_with_bom_lists_and_khmer_digits(data_dir, tmp_path):
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name_km", "sex", "age", "phone", "home_village_code",
                         "preferred_province_codes", "sectors", "channel", "consent",
                         "expected_salary_usd"])
        writer.writerow(["ហេង សុភា", "female", "២៨", "០៩៧ ៧៧៧ ៨៨៨៨", village_in(OFFICE),
                         "05;12", "garment;retail", "telegram", "true", "៣២០"])
    done = jobcentre(data_dir, "import", str(src))
    assert done.returncode == 0, done.stderr

    out = tmp_path / "out.csv"
    jobcentre(data_dir, "export", "--format", "csv", "--out", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    record = next(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert record["name_km"] == "ហេង សុភា"
    assert record["age"] == "28" and record["expected_salary_usd"] == "320"
    assert record["sectors"] == "garment;retail"
    assert record["consent"] == "true" and record["withdrawn"] == "false"
    assert record["phone"] == "+855977778888"


@documented('jobcentre --data-dir DIR search "ដារ៉ា" --json')
def test_search_json_prints_export_keys_best_first(data_dir, tmp_path):
    jobcentre(data_dir, "import", str(write_jsonl(tmp_path / "a.jsonl", rows(4))))
    found = json.loads(jobcentre(data_dir, "search", "ដារ៉ា", "--json").stdout)
    assert len(found) == 2
    assert set(found[0]) >= {"id", "version", "registration_no", "name_km", "created_at",
                             "device_id", "officer_id"}
    assert "rid" not in found[0] and "sync_state" not in found[0]


@documented("jobcentre --data-dir DIR status",
            "jobcentre --data-dir DIR demo-data --count 100000 --seed 1")
def test_status_and_demo_data(data_dir):
    assert jobcentre(data_dir, "demo-data", "--count", "200", "--seed", "7").returncode == 0
    status = jobcentre(data_dir, "status")
    assert status.returncode == 0
    assert "records      200" in status.stdout
    assert "pending      200" in status.stdout
    assert "reference    2026.1 (13 training sessions)" in status.stdout


@documented("jobcentre --data-dir DIR officer add Dara --role officer --password-stdin")
def test_officer_add_then_act_as_them(data_dir, tmp_path):
    added = jobcentre(data_dir, "officer", "add", "Dara", "--role", "officer", "--password-stdin",
                      stdin="pass1234\n")
    assert added.returncode == 0, added.stderr
    # Acting as Dara is signing in as Dara, with Dara's password.
    imported = jobcentre(data_dir, "--officer", "Dara", "import",
                         str(write_jsonl(tmp_path / "a.jsonl", rows(1))),
                         env={"JOBCENTRE_PASSWORD": "pass1234"})
    assert imported.returncode == 0, imported.stderr
    exported = json.loads(jobcentre(data_dir, "export").stdout.splitlines()[0])
    officer_line = added.stdout.split()[-1]
    assert exported["officer_id"] == officer_line


@documented("jobcentre --data-dir DIR officer disable Dara")
def test_a_disabled_officer_can_no_longer_act_until_enabled(data_dir, tmp_path):
    jobcentre(data_dir, "officer", "add", "Dara", "--password-stdin", stdin="pass1234\n")
    done = jobcentre(data_dir, "officer", "disable", "Dara")
    assert done.returncode == 0, done.stderr
    assert "Dara can no longer sign in" in done.stdout
    people = str(write_jsonl(tmp_path / "a.jsonl", rows(1)))
    as_dara = {"JOBCENTRE_PASSWORD": "pass1234"}  # acting as Dara is signing in as Dara
    refused = jobcentre(data_dir, "--officer", "Dara", "import", people, env=as_dara)
    assert refused.returncode == 1
    assert "The account of Dara is disabled" in refused.stderr
    assert jobcentre(data_dir, "officer", "enable", "Dara").returncode == 0
    assert jobcentre(data_dir, "--officer", "Dara", "import", people, env=as_dara
                     ).returncode == 0


def test_short_password_is_refused(data_dir):
    done = jobcentre(data_dir, "officer", "add", "Vanna", "--password-stdin", stdin="123\n")
    assert done.returncode == 1
    assert "at least 6 characters" in done.stderr


@documented("jobcentre --data-dir DIR slip 0502-7KQ2MX-00042-B --out slips.pdf")
def test_slip_writes_a_pdf_and_names_an_unknown_number(data_dir, tmp_path):
    jobcentre(data_dir, "import", str(write_jsonl(tmp_path / "a.jsonl", rows(2))))
    numbers = [r["registration_no"] for r in
               json.loads(jobcentre(data_dir, "search", "012", "--json").stdout)]
    out = tmp_path / "slips.pdf"
    done = jobcentre(data_dir, "slip", *numbers, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert all(n in text for n in numbers)

    missing = jobcentre(data_dir, "slip", "0502-AAAAAA-00009-X", "--out", str(tmp_path / "x.pdf"))
    assert missing.returncode == 1
    assert "0502-AAAAAA-00009-X" in missing.stderr


def test_version_matches_pyproject(tmp_path):
    import tomllib

    import app

    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert wanted == app._SOURCE_VERSION
    done = jobcentre(tmp_path, "--version")
    assert done.stdout.strip() == f"jobcentre {wanted}"
