"""Ending quietly when the reader of our output goes away (`jobcentre export | head`).

Python turns the closed pipe into BrokenPipeError, at the next write or at the final
flush when the interpreter exits, and prints a traceback or "Exception ignored". The
commands run their work through ``run_quietly``: output is flushed while the error can
still be caught, and on a closed pipe standard output is pointed at the null device so
that nothing more is written (Python's documented recipe, signal module notes).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# What a shell reports for a process ended by SIGPIPE (128 + 13).
BROKEN_PIPE_STATUS = 141


def run_quietly(work: Callable[[], int]) -> int:
    """``work()``'s exit status, or ``BROKEN_PIPE_STATUS`` if the reader went away."""
    try:
        status = work()
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return BROKEN_PIPE_STATUS
