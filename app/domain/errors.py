"""Validation outcomes as data: the UI, CLI and quarantine view turn them into words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One broken rule: which field, which rule (a stable code) and its parameters."""

    field: str
    rule: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "rule": self.rule, "params": dict(self.params)}


class ValidationFailed(Exception):
    """Raised by services when a record breaks rules; carries every error at once."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(", ".join(f"{e.field}:{e.rule}" for e in errors))
        self.errors = errors
