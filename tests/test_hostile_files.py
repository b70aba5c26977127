"""No file ends in a traceback. The corpus in tests/data/hostile (and the big cases made
here at run time) goes through every command that reads files: the desk's `import`, and
headquarters' `requests add` and `reference publish`. Each file gets one clear message
naming the file (and the line, and the column, where there is one), exit status 1, and
nothing from a file refused as a whole is saved; a JSON Lines file's readable good lines
are still saved, as for any bad line."""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from pathlib import Path

import pytest

from app.store.connection import DB_FILENAME
from tests.console import database, documented, initialised, jobcentre, jobcentre_hq

CORPUS = Path(__file__).parent / "data" / "hostile"
SAVE_AS = "in Excel choose File, Save As, CSV UTF-8 (Comma delimited)"

# file: (where the message points, what it says, lines of it the desk still saves)
EXPECTED: dict[str, tuple[str, str, int]] = {
    "utf16-bom.csv": (":1: ", "it looks like UTF-16 (Unicode text). Save it as UTF-8", 0),
    "utf16-bom.jsonl": (":1: ", "it looks like UTF-16 (Unicode text)", 0),
    "utf16-no-bom.csv": (":1: ", "it looks like UTF-16 (Unicode text)", 0),
    "utf16-no-bom.jsonl": (":1: ", "it looks like UTF-16 (Unicode text)", 0),
    "latin1.csv": (":2: ", "it looks like Latin-1 or Windows-1252", 0),
    "latin1.jsonl": (":1: ", "it looks like Latin-1 or Windows-1252", 0),
    "xlsx-renamed.csv": (":1: ", "This is not a text file", 0),
    "binary.jsonl": (":1: ", "This is not a text file", 0),
    "nested-too-deep.jsonl": (":2: ", "Line: This line is nested too deeply", 1),
    "thousands-of-digits.jsonl": (":2: ", "Line: This line has a number too long", 1),
    "nul-byte.csv": (":2: ", "The line has a NUL byte", 0),
    "nul-byte.jsonl": (":2: ", "The line has a NUL byte", 0),
    "unknown-column.csv": (":1: ", "phone_number is not a column an import knows", 0),
    "unknown-column.jsonl": (":1: ", "phone_number: Not a field of a registration", 0),
    "duplicated-header.csv": (":1: ", "The column name_latin appears twice", 0),
    "empty.csv": (": ", "The file is empty.", 0),
    "empty.jsonl": (": ", "The file is empty.", 0),
    "only-a-header.csv": (":1: ", "The file has a header line but no rows.", 0),
    "semicolons.csv": (":1: ", 'The columns are separated by ";", but a CSV file must', 0),
    # made by big_files()
    "ten-megabyte-line.jsonl": (":1: ", "longer than 1000000 characters", 0),
    "ten-megabyte-line.csv": (":2: ", "A cell is longer than 131072 characters", 0),
    "cell-over-csv-limit.csv": (":2: ", "A cell is longer than 131072 characters", 0),
}


def big_files(folder: Path) -> None:
    """The big cases, made here rather than kept in git."""
    header = (CORPUS / "unknown-column.csv").read_text("utf-8").splitlines()[0]
    header = header.replace("phone_number", "phone")
    (folder / "ten-megabyte-line.jsonl").write_text(
        json.dumps({"notes": "x" * 10_000_000}) + "\n", encoding="utf-8")
    (folder / "ten-megabyte-line.csv").write_text(
        header + "\n" + "y" * 10_000_000 + "\n", encoding="utf-8")
    (folder / "cell-over-csv-limit.csv").write_text(
        header + '\nSok Dara,male,30,"' + "z" * 200_000 + '"\n', encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for path in CORPUS.iterdir():
        shutil.copy(path, folder / path.name)
    big_files(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXPECTED)
    return folder


@pytest.fixture(scope="module")
def desk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("desk") / "data"
    done = jobcentre(d, "init", "--office", "0502", "--officer", "Sokha", "--password-stdin",
                     stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    return d


def records_on(desk_dir: Path) -> int:
    with closing(database(desk_dir)) as conn:
        return conn.execute("SELECT count(*) FROM registrations").fetchone()[0]


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "Error:" not in stderr.replace("error: ", ""), stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_gives_one_clear_message_and_saves_nothing_bad(
        name: str, corpus: Path, desk_dir: Path) -> None:
    before = records_on(desk_dir)
    path = corpus / name
    done = jobcentre(desk_dir, "import", path)
    where, says, saved = EXPECTED[name]
    assert done.returncode == 1
    no_traceback(done.stderr)
    lines = done.stderr.splitlines()
    assert any(line.startswith(("error: " + str(path) + where, str(path) + where))
               and says in line for line in lines), done.stderr
    if "UTF" in says or "Latin" in says or "not a text file" in says:
        assert SAVE_AS in done.stderr
    assert records_on(desk_dir) == before + saved


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".jsonl")))
def test_headquarters_requests_add_refuses_with_words(name: str, corpus: Path,
                                                       tmp_path: Path) -> None:
    db_url = f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}"
    path = corpus / name
    done = jobcentre_hq(db_url, "requests", "add", path)
    assert done.returncode == 1
    no_traceback(done.stderr)
    assert str(path) in done.stderr
    assert not done.stdout.strip()  # no request added: none of these is one


# One of each kind of trouble: headquarters reads the file with the same code as the desk.
FOR_PUBLISH = ["utf16-bom.jsonl", "utf16-no-bom.csv", "latin1.jsonl", "xlsx-renamed.csv",
               "nested-too-deep.jsonl", "thousands-of-digits.jsonl", "nul-byte.jsonl",
               "empty.jsonl", "ten-megabyte-line.jsonl"]


@pytest.mark.parametrize("name", FOR_PUBLISH)
def test_headquarters_reference_publish_refuses_with_words(name: str, corpus: Path,
                                                            tmp_path: Path) -> None:
    db_url = f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}"
    path = tmp_path / (name.rsplit(".", 1)[0] + ".json")
    shutil.copy(corpus / name, path)
    done = jobcentre_hq(db_url, "reference", "publish", path)
    assert done.returncode == 1
    no_traceback(done.stderr)
    assert done.stderr.startswith(f"error: {path}"), done.stderr
    assert "published" not in done.stdout


@documented("jobcentre --data-dir DIR import returnees.csv")
def test_good_lines_around_an_unreadable_one_are_saved(corpus: Path, desk_dir: Path,
                                                        tmp_path: Path) -> None:
    lines = (corpus / "thousands-of-digits.jsonl").read_text("utf-8").splitlines()
    good = json.loads(lines[0]) | {"phone": "097 111 2222", "name_latin": "Chan Thida",
                                   "sex": "female"}
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([json.dumps(good), lines[1], "[" * 50_000, "{nope"]) + "\n",
                    encoding="utf-8")
    before = records_on(desk_dir)
    done = jobcentre(desk_dir, "import", path)
    assert done.returncode == 1
    assert done.stdout.strip() == "saved 1, not saved 3"
    assert f"{path}:2: Line: This line has a number too long" in done.stderr
    assert f"{path}:3: Line: This line is nested too deeply" in done.stderr
    assert f"{path}:4: Line: This line is not a readable record" in done.stderr
    assert records_on(desk_dir) == before + 1


def test_a_damaged_database_or_a_wrong_database_url_is_said_in_words(tmp_path: Path) -> None:
    damaged = initialised(tmp_path / "desk")
    for leftover in damaged.glob(f"{DB_FILENAME}-*"):
        leftover.unlink()
    (damaged / DB_FILENAME).write_bytes(bytes(range(256)) * 20)
    done = jobcentre(damaged, "status")
    assert done.returncode == 1
    no_traceback(done.stderr)
    assert done.stderr.startswith(f"error: the database in {damaged} cannot be read (")

    hq_file = tmp_path / "hq.sqlite3"
    hq_file.write_bytes(bytes(range(256)) * 20)
    done = jobcentre_hq(f"sqlite:///{hq_file.as_posix()}", "revoke", "x")
    assert done.returncode == 1
    no_traceback(done.stderr)
    assert done.stderr.startswith("error: the database cannot be read (")
    done = jobcentre_hq("not a url", "revoke", "x")
    assert done.returncode == 1 and "is not a database URL" in done.stderr
    no_traceback(done.stderr)


def test_a_folder_given_as_the_file_is_refused(desk_dir: Path, tmp_path: Path) -> None:
    done = jobcentre(desk_dir, "import", tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {tmp_path}: The file cannot be opened")
