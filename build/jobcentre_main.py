"""Entry point of the frozen app: the same `jobcentre` command as `python -m app`.

A windowed Windows executable starts with no standard streams (sys.stdout and
sys.stderr are None); give them a sink so a command run from it cannot crash on a
write. Command-line use on Windows goes through jobcentre-cli.exe, which has a console.
"""

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from app.cli import main  # noqa: E402

sys.exit(main())
