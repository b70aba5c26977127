"""Whether Qt can open a window on this machine, checked before the window starts.

On Linux, Qt's xcb platform plugin needs system libraries that a minimal install lacks
(libxcb-cursor0 first of all); without them Qt prints a hint and aborts the process
(status 134). `make run` asks this module first: a tiny QApplication in a subprocess, so
the abort happens there, and on failure it prints the one apt line that installs
everything the window needs. README.md carries the same line and `.ci/run` installs it
from there (tests/test_system_packages.py keeps the three equal).

Run as `python -m app.qt_platform`: exit 0 when a window can open, 1 otherwise. Imports
nothing of Qt itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

# What PySide6's Qt needs from Debian 12 / Ubuntu 22.04 for the window over X11 (the
# xcb plugin and its libraries, OpenGL, fonts, D-Bus) and for printing (CUPS).
WINDOW_PACKAGES = ["libegl1", "libgl1", "libfontconfig1", "libglib2.0-0", "libdbus-1-3", "libxkbcommon0", "libxkbcommon-x11-0", "libx11-xcb1", "libxcb1", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render0", "libxcb-render-util0", "libxcb-shape0", "libxcb-shm0", "libxcb-sync1", "libxcb-xfixes0", "libxcb-xkb1", "libcups2"]

APT_LINE = "sudo apt-get install " + " ".join(WINDOW_PACKAGES)

_PROBE = "from PySide6.QtWidgets import QApplication; QApplication(['probe']).platformName()"


def probe(env: Mapping[str, str] | None = None, timeout: float = 60) -> tuple[bool, str]:
    """(True, "") when Qt's platform plugin loads; else (False, what Qt said)."""
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                              env=dict(env if env is not None else os.environ),
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, "Qt did not start within a minute"
    if done.returncode == 0:
        return True, ""
    return False, done.stderr.strip()


def advice(qt_said: str, env: Mapping[str, str]) -> str:
    """What to tell the person who typed `make run` when the probe failed."""
    lines = ["Qt cannot open the window on this machine."]
    said = [line for line in qt_said.splitlines() if line.strip() and "Aborted" not in line]
    if said:
        lines.append("Qt says: " + " ".join(said[:3]))
    if sys.platform.startswith("linux"):
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") \
                and env.get("QT_QPA_PLATFORM") in (None, "", "xcb"):
            lines.append("There is no display (DISPLAY is not set): run it in a desktop "
                         "session, or under xvfb-run.")
        lines.append("Install the system libraries the window needs with:")
        lines.append("")
        lines.append("    " + APT_LINE)
    return "\n".join(lines)


def main() -> int:
    ok, said = probe()
    if ok:
        return 0
    print(advice(said, os.environ), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
