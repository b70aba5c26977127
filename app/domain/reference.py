"""Reference labels (sectors, training courses, countries) in Khmer and English."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Label:
    code: str
    km: str
    en: str

    def text(self, lang: str) -> str:
        return self.km if lang == "km" else self.en


@dataclass(frozen=True)
class Reference:
    version: str
    sectors: tuple[Label, ...]
    courses: tuple[Label, ...]
    countries: tuple[Label, ...]

    @classmethod
    def from_file(cls, path: Path) -> Reference:
        data = json.loads(Path(path).read_text(encoding="utf-8"))

        def labels(key: str) -> tuple[Label, ...]:
            return tuple(Label(d["code"], d["km"], d["en"]) for d in data[key])

        return cls(data["version"], labels("sectors"), labels("courses"), labels("countries"))

    def label(self, kind: str, code: str, lang: str) -> str:
        for item in getattr(self, kind):
            if item.code == code:
                return item.text(lang)
        return code
