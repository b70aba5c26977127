"""Cheap argon2 for the test run, in the test process and in every command it starts.

The desk wraps its database key with argon2id and headquarters hashes staff passwords
with it, both at RFC 9106's low-memory profile (64 MiB, 3 passes): about 0.2 s a time
here, and a run of the suite makes about a thousand of them. Django's test settings make
the same trade (a fast password hasher). Each wrapped key and each hash records the cost
it was made with, and checking reads it from there, so nothing else changes: the same
code paths run with a smaller cost. The frozen bundle does not load this (PyInstaller
ignores ``PYTHONPATH``): its test checks that the keys it makes have the real cost.

It works as ``sitecustomize``: the conftest puts this folder first on ``PYTHONPATH``,
so each Python the tests start imports it before any of the app, and imports it itself.
"""

from __future__ import annotations

import dataclasses

import argon2
import argon2.profiles

REAL = argon2.profiles.RFC_9106_LOW_MEMORY
CHEAP = dataclasses.replace(REAL, time_cost=1, memory_cost=1024, parallelism=1)


class CheapPasswordHasher(argon2.PasswordHasher):
    """``PasswordHasher()`` at the cheap cost unless a cost is given."""

    def __init__(self, time_cost: int = CHEAP.time_cost, memory_cost: int = CHEAP.memory_cost,
                 parallelism: int = CHEAP.parallelism, **kw: object) -> None:
        super().__init__(time_cost, memory_cost, parallelism, **kw)


if REAL != CHEAP:  # not yet done in this process
    argon2.profiles.RFC_9106_LOW_MEMORY = CHEAP
    argon2.PasswordHasher = CheapPasswordHasher
