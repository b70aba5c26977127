"""Cambodia's provinces, districts, communes and villages, from the gazetteer file.

The file is resources/gazetteer/gazetteer.json, built and checked by
scripts/build_gazetteer.py (format in resources/gazetteer/README.md). Codes are NCDD
codes: 2 digits for a province, 4 for a district, 6 for a commune, 8 for a village, and
a place's parent is the place whose code is the prefix of its code.

Finding the file is not this module's job: the app passes the path, e.g.
``Gazetteer.from_file(resource_path("gazetteer/gazetteer.json"))``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("province", "district", "commune", "village")
CODE_LENGTHS: dict[str, int] = {"province": 2, "district": 4, "commune": 6, "village": 8}


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name_km: str
    name_en: str
    level: str  # "province", "district", "commune" or "village"

    def name(self, lang: str = "km") -> str:
        """The name in ``lang``: "km" (Khmer) or "en" (English)."""
        if lang == "km":
            return self.name_km
        if lang == "en":
            return self.name_en
        raise ValueError(f"unknown language {lang!r}: 'km' or 'en'")


class Gazetteer:
    """Read-only lookups over one gazetteer file. Lists come sorted by code."""

    version: str
    source: str

    def __init__(self, version: str, source: str, places: dict[str, list[list[str]]]):
        """``places`` maps "provinces", "districts", "communes", "villages" to lists of
        [code, name_km, name_en], as in the file."""
        self.version = version
        self.source = source
        self._by_code: dict[str, Place] = {}
        self._children: dict[str, list[Place]] = {}
        self._provinces: list[Place] = []
        self._districts: list[Place] = []
        by_code = self._by_code
        children = self._children
        for level in LEVELS:
            rows = sorted(places[level + "s"], key=lambda row: row[0])
            length = CODE_LENGTHS[level]
            parent_length = length - 2
            for code, name_km, name_en in rows:
                if len(code) != length or code in by_code:
                    raise ValueError(f"bad or repeated {level} code {code!r}")
                place = Place(code, name_km, name_en, level)
                by_code[code] = place
                if parent_length:
                    parent = code[:parent_length]
                    if parent not in by_code:
                        raise ValueError(f"{level} {code} has no parent {parent}")
                    children.setdefault(parent, []).append(place)
            if level == "province":
                self._provinces = [by_code[r[0]] for r in rows]
            elif level == "district":
                self._districts = [by_code[r[0]] for r in rows]

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Gazetteer:
        """Load a gazetteer.json. Raises OSError if it cannot be read and ValueError if
        it is not a gazetteer file."""
        with open(path, encoding="utf-8") as fh:
            try:
                data = json.load(fh)
                return cls(data["version"], data["source"],
                           {level + "s": data[level + "s"] for level in LEVELS})
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{os.fspath(path)}: not a gazetteer file ({exc})") from exc

    # --- lists ------------------------------------------------------------------------

    def provinces(self) -> list[Place]:
        return list(self._provinces)

    def all_districts(self) -> list[Place]:
        """Every district of every province."""
        return list(self._districts)

    def districts(self, province_code: str) -> list[Place]:
        """Districts of a province; [] for a code that is not a province."""
        return self._children_of(province_code, "province")

    def communes(self, district_code: str) -> list[Place]:
        """Communes of a district; [] for a code that is not a district."""
        return self._children_of(district_code, "district")

    def villages(self, commune_code: str) -> list[Place]:
        """Villages of a commune; [] for a code that is not a commune."""
        return self._children_of(commune_code, "commune")

    def _children_of(self, code: str, level: str) -> list[Place]:
        place = self.get(code)
        if place is None or place.level != level:
            return []
        return list(self._children.get(code, ()))

    # --- single places ----------------------------------------------------------------

    def get(self, code: str) -> Place | None:
        """The place with this code, at any level; None if there is none."""
        return self._by_code.get(code) if isinstance(code, str) else None

    def is_village(self, code: str) -> bool:
        place = self.get(code)
        return place is not None and place.level == "village"

    def parents(self, village_code: str) -> tuple[Place, Place, Place]:
        """(province, district, commune) of a village. KeyError if it is not a village."""
        if not self.is_village(village_code):
            raise KeyError(village_code)
        by_code = self._by_code
        return (by_code[village_code[:2]], by_code[village_code[:4]], by_code[village_code[:6]])

    def label(self, code: str, lang: str = "km") -> str:
        """The place's name in "km" or "en"; the code itself for an unknown code (a code
        stored before a gazetteer update still shows as something). ValueError for
        another language."""
        if lang not in ("km", "en"):
            raise ValueError(f"unknown language {lang!r}: 'km' or 'en'")
        place = self.get(code)
        return code if place is None else place.name(lang)
