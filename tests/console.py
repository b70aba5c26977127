"""Run the installed console scripts as a user does, and know which test runs which
documented command.

Every `jobcentre ...` and `jobcentre-hq ...` command written in README.md or docs/api.md
must be run by a test (tests/test_documented_commands.py fails otherwise, naming the
command). To register yours, decorate the test that runs it:

    from tests.console import documented, jobcentre

    @documented("jobcentre inbox accept REF")
    def test_accepting_a_submission_makes_a_registration(...):
        done = jobcentre(data_dir, "inbox", "accept", ref)
        assert done.returncode == 0, done.stderr

A command is known by its script, its subcommand words and the options it uses
(`jobcentre export --format --out`); positional values and the global `--data-dir` and
`--db` do not matter. The decorated test fails unless it really ran, through `jobcentre()`
or `jobcentre_hq()`, a command with those words and at least those options, so the
registry cannot claim more than the tests do.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The venv running the tests holds the console scripts pip made from pyproject.toml.
BIN = Path(sys.executable).parent
SCRIPTS = ("jobcentre", "jobcentre-hq")
# The password of the officer every test's `jobcentre init` makes.
PASSWORD = "secret123"
# Options that say where the data is, not what the command does.
_PLACE_OPTIONS = {"--data-dir", "--db"}

# argv of every script run since the running @documented test started.
_runs: list[list[str]] = []


def path_with_the_tests() -> str:
    """``PYTHONPATH`` for a command that imports the tests' own modules (a keyring
    backend, a helper script): the repository, then what the run already has there."""
    return os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])


def script(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make .venv/.installed`")
    return path


def english(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment with an English locale (overridable by ``env``)."""
    out = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    out["LANG"] = "C.UTF-8"
    out.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Commands sign in as the desk's first supervisor with this password (the one
    # ``initialised`` and every test's ``init`` give); a test of the other password
    # sources sets it to "" in ``env``.
    out.setdefault("JOBCENTRE_PASSWORD", PASSWORD)
    out.update(env or {})
    return out


def run(name: str, *args: str | os.PathLike[str], stdin: str | bytes | None = None,
        env: Mapping[str, str] | None = None, timeout: float = 120,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run an installed console script; English unless ``env`` names another locale."""
    argv = [str(script(name)), *map(str, args)]
    _runs.append([name, *map(str, args)])
    binary = isinstance(stdin, bytes)
    done = subprocess.run(argv, input=stdin, capture_output=True, env=english(env),
                          cwd=cwd or ROOT, timeout=timeout, text=not binary,
                          **({} if binary else {"encoding": "utf-8", "errors": "replace"}))
    return done


def on_a_terminal(data_dir: Path, *args: str,
                  answers: Iterable[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """Run ``jobcentre --data-dir DATA_DIR ARGS`` on a pseudo-terminal of its own (POSIX),
    with no password in the environment, answering each prompt as it appears; returns
    the exit status and everything the terminal showed."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the command on a terminal of its own
        env = english({"JOBCENTRE_PASSWORD": "", "PYTHONPATH": path_with_the_tests()})
        exe = str(script("jobcentre"))
        os.execve(exe, [exe, "--data-dir", str(data_dir), *args], env)
    out = b""
    try:
        for prompt, answer in answers:
            while prompt not in out:
                out += os.read(fd, 1024)
            os.write(fd, answer)
        while True:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the terminal closed with the command
                break
            if not chunk:
                break
            out += chunk
    finally:
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


def start(name: str, *args: str | os.PathLike[str], env: Mapping[str, str] | None = None,
          cwd: Path | None = None) -> subprocess.Popen[str]:
    """Start an installed console script that keeps running (``jobcentre-hq serve``)."""
    _runs.append([name, *map(str, args)])
    return subprocess.Popen([str(script(name)), *map(str, args)], env=english(env),
                            cwd=cwd or ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", errors="replace")


def jobcentre(data_dir: Path, *args: str | os.PathLike[str],
              **kw: Any) -> subprocess.CompletedProcess[str]:
    return run("jobcentre", "--data-dir", data_dir, *args, **kw)


def initialised(data_dir: Path, office: str = "0502") -> Path:
    """A data folder set up by `jobcentre init`, as an officer would, with Sokha signed in."""
    done = jobcentre(data_dir, "init", "--office", office, "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    return data_dir


def database_key(data_dir: Path, name: str = "Sokha", password: str = PASSWORD) -> bytes:
    """The key of a folder a command set up, unwrapped with its officer's password."""
    from app.store import keys

    found = keys.load(Path(data_dir))
    assert found is not None, f"{data_dir} has no keys file"
    entry = found.by_name(name)
    assert entry is not None and entry.wrapped is not None, name
    return keys.unwrap_with_password(entry.wrapped, password, keys.officer_aad(entry.officer_id))


def database(data_dir: Path, name: str = "Sokha", password: str = PASSWORD) -> Any:
    """A connection to the database of a folder a command set up (it is encrypted)."""
    from app.store.connection import DB_FILENAME, connect

    return connect(Path(data_dir) / DB_FILENAME, database_key(data_dir, name, password))


def jobcentre_hq(db_url: str, *args: str | os.PathLike[str],
                 **kw: Any) -> subprocess.CompletedProcess[str]:
    return run("jobcentre-hq", "--db", db_url, *args, **kw)


# -- what a command line is -------------------------------------------------------------

@dataclass(frozen=True)
class Command:
    script: str
    words: tuple[str, ...]  # subcommands, e.g. ("requests", "add")
    options: frozenset[str]

    def __str__(self) -> str:
        return " ".join([self.script, *self.words, *sorted(self.options)])

    def covered_by(self, ran: Command) -> bool:
        return (ran.script, ran.words) == (self.script, self.words) and ran.options >= self.options


def _parser(script_name: str) -> argparse.ArgumentParser:
    if script_name == "jobcentre":
        from app.cli import build_parser
    else:
        from sync.server.cli import build_parser
    return build_parser()


def _subparsers(parser: argparse.ArgumentParser | None) -> dict[str, argparse.ArgumentParser]:
    if parser is None:
        return {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _has_subcommands(parser: argparse.ArgumentParser | None) -> bool:
    return parser is None or any(
        isinstance(a, argparse._SubParsersAction) for a in parser._actions)


def command_of(tokens: list[str]) -> Command:
    """The command a list of words runs, read with the script's own argument parser.

    A subcommand the parser does not know yet (documented before it is built) still
    counts as a subcommand word, so it is reported as untested rather than ignored.
    """
    name = Path(tokens[0]).name
    parser: argparse.ArgumentParser | None = _parser(name)
    words: list[str] = []
    options: set[str] = set()
    positional_seen = False
    i = 1
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.startswith("-") and len(token) > 1:
            option, _, inline = token.partition("=")
            action = parser._option_string_actions.get(option) if parser else None
            if action is not None:
                takes_value = action.nargs != 0
            else:
                takes_value = i < len(tokens) and not tokens[i].startswith("-")
            if takes_value and not inline:
                i += 1
            if not (not words and option in _PLACE_OPTIONS):
                options.add(option)
            continue
        if (not positional_seen and _has_subcommands(parser)
                and re.fullmatch(r"[a-z][a-z-]*", token)):
            words.append(token)
            parser = _subparsers(parser).get(token)
            continue
        positional_seen = True
    return Command(name, tuple(words), frozenset(options))


def command_of_line(line: str) -> list[Command]:
    """The commands a documented line shows: `[--json]` counts as used; `a | b` and
    `--same|--different` are each two commands."""
    tokens = shlex.split(line.replace("[", " ").replace("]", " "), comments=True)
    if not tokens:
        return []
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token == "|":
            segments.append([])
        else:
            segments[-1].append(token)
    head = segments[0]
    place = [t for i, t in enumerate(head[1:3]) if t in _PLACE_OPTIONS or (
        i == 1 and head[1] in _PLACE_OPTIONS)]
    commands: list[list[str]] = []
    for segment in segments:
        if segment and Path(segment[0]).name not in SCRIPTS:
            # `backup --out FILE | restore FILE`: the second names only the subcommand.
            segment = [head[0], *place, *segment]
        variants: list[list[str]] = [[]]
        for token in segment:
            if token.startswith("--") and "|" in token:
                variants = [v + [alt] for v in variants for alt in token.split("|")]
            else:
                variants = [v + [token] for v in variants]
        commands.extend(variants)
    return [command_of(c) for c in commands if c]


# -- the registry ---------------------------------------------------------------------

def documented(*lines: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a test as the one that runs these documented commands (see the module text)."""
    wanted = [c for line in lines for c in command_of_line(line)]

    def wrap(test: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(test)
        def checked(*args: Any, **kwargs: Any) -> Any:
            _runs.clear()
            result = test(*args, **kwargs)
            ran = [command_of(argv) for argv in _runs]
            for command in wanted:
                assert any(command.covered_by(r) for r in ran), (
                    f"{test.__name__} is registered for `{command}` but never ran it "
                    "through tests.console")
            return result

        checked.documented = wanted  # type: ignore[attr-defined]
        return checked

    return wrap


def registered_in(paths: Iterable[Path], root: Path = ROOT) -> dict[str, list[Command]]:
    """Every @documented(...) in these test files, read from the source: {where: commands}."""
    import ast

    found: dict[str, list[Command]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if (isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == "documented"):
                    lines = [a.value for a in deco.args if isinstance(a, ast.Constant)]
                    where = f"{path.relative_to(root)}::{node.name}"
                    found[where] = [c for line in lines for c in command_of_line(line)]
    return found


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def documented_lines(doc: Path) -> list[tuple[int, str]]:
    """(line number, command) for every jobcentre/jobcentre-hq command in a Markdown file:
    lines of code blocks, and inline code spans, that start with a script's name."""
    out: list[tuple[int, str]] = []
    in_block = False
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("```"):
            in_block = not in_block
            continue
        candidates = [line.strip()] if in_block else _CODE_SPAN.findall(line)
        for text in candidates:
            first = text.split(" ", 1)[0]
            if first in SCRIPTS and " " in text:
                out.append((number, text))
    return out
