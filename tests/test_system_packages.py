"""The system libraries the window needs: one apt line in README.md, installed by .ci/run,
printed by `make run` when Qt cannot load its platform plugin, and enough to open the
real window on a real X server (Xvfb, the xcb platform), not only offscreen."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from app.qt_platform import APT_LINE, WINDOW_PACKAGES
from tests.console import english, jobcentre

ROOT = Path(__file__).resolve().parent.parent
QT = Path(PySide6.__file__).parent / "Qt"


def readme_apt_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("sudo apt-get install ")]


def test_readme_has_one_apt_line_and_it_is_make_runs() -> None:
    assert readme_apt_lines() == [APT_LINE]


def test_ci_installs_exactly_the_readme_line_and_what_the_tests_use() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assign = next(line for line in ci.splitlines() if line.startswith("WINDOW_PACKAGES="))
    # Run .ci/run's own extraction over the README.
    got = subprocess.run(["bash", "-c", f"{assign}; echo \"$WINDOW_PACKAGES\""], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    assert got == WINDOW_PACKAGES
    assert re.search(r"^apt-get install .*\$WINDOW_PACKAGES", ci, re.M)
    tests_line = next(line for line in ci.splitlines() if line.startswith("TEST_PACKAGES="))
    for package in ("poppler-utils", "zbar-tools", "postgresql", "chromium",
                    "chromium-driver", "xvfb"):
        assert package in tests_line.split('"')[1].split(), package
    assert re.search(r"^apt-get install .*\$TEST_PACKAGES", ci, re.M)


@pytest.mark.skipif(not shutil.which("dpkg"), reason="not a Debian-family system")
def test_every_library_qts_xcb_plugin_links_is_in_the_apt_line() -> None:
    # The libraries the plugin and Qt's X11 glue load, by the Debian package holding them:
    # each X11/xcb/xkb one must be named in the line (libxcb-cursor0 once was not).
    linked = subprocess.run(
        ["ldd", str(QT / "plugins" / "platforms" / "libqxcb.so"),
         str(QT / "lib" / "libQt6XcbQpa.so.6"), str(QT / "lib" / "libQt6Gui.so.6")],
        capture_output=True, text=True, check=True).stdout
    assert "not found" not in linked, linked
    files = {m for m in re.findall(r"=> (/\S+)", linked) if "site-packages" not in m}
    owners = set()
    for path in files:
        done = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True,
                              text=True)
        if done.returncode != 0:
            done = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
        owners |= {line.split(":")[0] for line in done.stdout.splitlines()}
    direct = {p for p in owners if re.match(r"lib(xcb|xkbcommon|x11-xcb|egl1|gl1|fontconfig1"
                                            r"|glib2|dbus)", p) and p != "libxcb-util1"}
    assert direct, owners
    assert direct <= set(WINDOW_PACKAGES), sorted(direct - set(WINDOW_PACKAGES))


needs_xvfb = pytest.mark.skipif(
    not shutil.which("xvfb-run") and not os.environ.get("CI"),
    reason="no xvfb-run (apt-get install xvfb xauth)")


@needs_xvfb
def test_window_opens_on_a_real_x_server_with_the_xcb_platform(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    done = jobcentre(data, "init", "--office", "0502", "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    env = english({"QT_QPA_PLATFORM": "xcb"})
    env.pop("DISPLAY", None)
    check = ("from PySide6.QtWidgets import QApplication; "
             "print(QApplication([]).platformName())")
    shown = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "sh", "-c",
         f"{sys.executable} -c \"{check}\" && "
         f"{Path(sys.executable).parent / 'jobcentre'} --data-dir {data} gui --quit-after-show"],
        capture_output=True, text=True, env=env, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split()[0] == "xcb"
    assert "qt.qpa" not in shown.stderr and "Traceback" not in shown.stderr, shown.stderr


def test_make_run_prints_the_apt_line_instead_of_qts_abort(tmp_path: Path) -> None:
    # No display with the xcb platform: Qt would abort (status 134). make run must stop
    # before the window with the line to run.
    env = english({"QT_QPA_PLATFORM": "xcb", "DATA_DIR": str(tmp_path / "data")})
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    venv = Path(sys.executable).parents[1]
    done = subprocess.run(["make", "--no-print-directory", "run", f"VENV={venv}"], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode not in (0, 134, -6)
    assert "Qt cannot open the window on this machine." in done.stderr
    assert "    " + APT_LINE in done.stderr.splitlines()
    assert "core dumped" not in done.stderr and "Aborted" not in done.stderr
    assert not (tmp_path / "data").exists()  # the window never started
