"""Output piped into `head` ends quietly: no BrokenPipeError traceback, no "Exception
ignored" when the reader goes away early."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.console import english, jobcentre, script


@pytest.fixture(scope="module")
def busy_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("pipes") / "desk"
    assert jobcentre(d, "init", "--office", "0502", "--officer", "Sokha", "--password-stdin",
                     stdin="secret123\n").returncode == 0
    # Far more than a pipe's 64 KiB buffer, so the writer really meets the closed pipe.
    assert jobcentre(d, "demo-data", "--count", "1500", "--seed", "5").returncode == 0
    return d


@pytest.mark.parametrize("args", [["export"], ["export", "--format", "csv"]])
def test_piping_into_head_ends_quietly(busy_desk: Path, args: list[str]) -> None:
    writer = subprocess.Popen([str(script("jobcentre")), "--data-dir", str(busy_desk), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=english())
    head = subprocess.run(["head", "-n", "2"], stdin=writer.stdout, capture_output=True,
                          timeout=120)
    writer.stdout.close()
    stderr = writer.stderr.read().decode("utf-8", "replace")
    writer.wait(timeout=120)
    assert len(head.stdout.splitlines()) == 2
    assert stderr == ""
    assert writer.returncode in (0, 141)
