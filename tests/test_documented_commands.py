"""Every `jobcentre` and `jobcentre-hq` command that README.md and docs/ show is run by a
test, through the installed scripts (tests/console.py says how to register one).

Like sqlite-utils' tests/test_docs.py, but the other way round: there a command without
documentation fails; here documentation without a test does.
"""

from __future__ import annotations

from pathlib import Path

from tests.console import ROOT, Command, command_of_line, documented_lines, registered_in

# Where commands are shown to people. docs/decisions.md records history, not usage.
DOCS = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").glob("*.md")
                                    if p.name != "decisions.md")]


def _test_files() -> list[Path]:
    return sorted(p for p in (ROOT / "tests").rglob("*.py") if p.name != "console.py")


def untested(registry: dict[str, list[Command]]) -> list[str]:
    covered = [c for commands in registry.values() for c in commands]
    missing = []
    for doc in DOCS:
        for number, line in documented_lines(doc):
            for command in command_of_line(line):
                if not any(command.covered_by(c) for c in covered):
                    missing.append(f"{doc.relative_to(ROOT)}:{number}: `{line}` "
                                   f"(the command `{command}`)")
    return missing


def test_every_documented_command_is_run_by_a_test() -> None:
    missing = untested(registered_in(_test_files()))
    assert not missing, (
        "documented commands that no test runs; decorate the test that runs each one "
        "with @documented(\"<the command as documented>\") from tests/console.py:\n  "
        + "\n  ".join(missing))


def test_a_command_is_known_by_its_words_and_options_not_its_values() -> None:
    [export] = command_of_line("jobcentre --data-dir DIR export --format csv --out all.csv")
    assert str(export) == "jobcentre export --format --out"
    [match] = command_of_line("jobcentre-hq --db URL match REQUEST_ID [--json] [--limit N]")
    assert (match.words, match.options) == (("match",), {"--json", "--limit"})
    [add] = command_of_line("jobcentre-hq requests add requests.jsonl  # employer requests")
    assert add.words == ("requests", "add") and not add.options
    # Not built yet: still a command of its own, so its missing test is reported.
    backup, restore = command_of_line("jobcentre [--data-dir DIR] backup --out FILE | restore FILE")
    assert (backup.words, restore.words) == (("backup",), ("restore",))
    assert [c.words for c in command_of_line("jobcentre inbox accept REF")] == [("inbox", "accept")]
    # A run with more options covers the documented one; fewer does not.
    ran = command_of_line("jobcentre --data-dir /tmp/d export --out x.csv --format csv")[0]
    assert export.covered_by(ran)
    assert not export.covered_by(command_of_line("jobcentre export --out x")[0])


def test_a_documented_command_without_a_test_is_named(tmp_path: Path) -> None:
    test = tmp_path / "test_x.py"
    test.write_text('@documented("jobcentre status")\ndef test_status():\n    pass\n',
                    encoding="utf-8")
    registry = {k.split("::")[-1]: v for k, v in registered_in([test], root=tmp_path).items()}
    assert [str(c) for c in registry["test_status"]] == ["jobcentre status"]
    missing = untested(registry)
    assert any("`jobcentre --data-dir DIR sync" in m and "README.md:" in m for m in missing)
    assert not any("(the command `jobcentre status`)" in m for m in missing)
