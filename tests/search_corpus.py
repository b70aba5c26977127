"""A seeded corpus for forgiving search: returnees and the ways officers type them.

``returnees(seed)`` makes 120 returnees with names from lists of their own (not the demo
data's), each unique among them; ``queries(people, seed)`` makes, for each category, the
queries an officer would type for them, each with the returnee it must find. Used by
tests/test_search_corpus.py (every query finds its returnee in the top 10 among 20,000
demo registrations) and by bench/bench_search_corpus.py (the figures per category).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FAMILIES = [
    ("ទូច", "Touch"), ("អ៊ុក", "Ouk"), ("ណុប", "Nob"), ("ង៉ែត", "Ngeth"), ("ឈាង", "Chheang"),
    ("ទិត្យ", "Tith"), ("ឡាយ", "Lay"), ("ហ៊ាន", "Hean"), ("ស៊ាង", "Seang"), ("អ៊ិត", "Ith"),
    ("វ៉ាន់", "Van"), ("ម៉េង", "Meng"), ("ឡុង", "Long"),
]
GIVEN = [
    ("ផល្លា", "Phalla"), ("ម៉ូនី", "Mony"), ("ស៊ីណា", "Sina"), ("សុផាត", "Sophat"),
    ("ចិន្តា", "Chenda"), ("ឧត្តម", "Oudom"), ("ពេជ្រ", "Pich"), ("សុជាតិ", "Socheat"),
    ("ភារម្យ", "Phearum"), ("សុធារី", "Sotheary"), ("លីដា", "Lida"), ("ណារី", "Nary"),
    ("សុខា", "Sokha"), ("ម៉ារ៉ា", "Mara"), ("គន្ធា", "Kunthea"), ("ចិត្រា", "Chetra"),
    ("រស្មី", "Reaksmey"), ("ពន្លក", "Ponlok"),
]
# Given names of two Latin words, written joined or split.
COMPOUNDS = [("Chan", "Mony"), ("Meng", "Hour"), ("Srey", "Leak"), ("Sok", "Chea"),
             ("Bun", "Thoeun"), ("Chan", "Thy"), ("Vann", "Dy"), ("Srey", "Nich")]

CATEGORIES = (
    "as stored", "word order", "latin joins", "romanisation", "typo", "khmer near-miss",
    "khmer encoding", "legacy spelling", "latin finds khmer", "khmer finds latin", "phone",
)
ZWSP = "\u200b"
_SHIFTERS = ("\u17c9", "\u17ca")
_LONG_SHORT = {"\u17b8": "\u17b7", "\u17b7": "\u17b8", "\u17bc": "\u17bb", "\u17bb": "\u17bc",
               "\u17ba": "\u17b9", "\u17b9": "\u17ba"}


@dataclass(frozen=True)
class Returnee:
    key: str  # unique within the corpus, carried in the record's notes
    name_km: str
    name_latin: str
    phone: str  # as saved: 0XX XXX XXX
    compound: str  # "" or "split" / "joined": how a compound given name was saved


@dataclass(frozen=True)
class Query:
    category: str
    text: str
    returnee: str  # Returnee.key


def load(desk, people: list[Returnee], office: str = "0502") -> None:
    """Register the returnees on ``desk`` as an officer would (each one's key in notes)."""
    from app.services import registrations
    from app.services.desk import gazetteer

    gaz = gazetteer()
    village = gaz.villages(gaz.communes(office)[0].code)[0].code
    base = {
        "sex": "female", "date_of_birth": "1994-02-03", "national_id": "",
        "home_village_code": village, "preferred_province_codes": [office[:2]],
        "sectors": ["construction"], "expected_salary_usd": "250", "returned_from": "TH",
        "return_date": "2026-10-01", "previous_job": "", "skills": "",
        "training_interests": [], "channel": "walk_in", "consent": True,
        "duplicate_override_reason": "corpus",
    }
    for p in people:
        registrations.register(desk, base | {
            "name_km": p.name_km, "name_latin": p.name_latin, "phone": p.phone,
            "notes": p.key})


def returnees(seed: int = 14) -> list[Returnee]:
    rng = random.Random(seed)
    combos = [(f, g) for f in FAMILIES for g in GIVEN]
    rng.shuffle(combos)
    out: list[Returnee] = []
    for i, (family, given) in enumerate(combos[:100]):
        script = rng.choices(("both", "khmer", "latin"), (6, 2, 2))[0]
        out.append(Returnee(
            f"r{i:03d}",
            f"{family[0]} {given[0]}" if script != "latin" else "",
            f"{family[1]} {given[1]}" if script != "khmer" else "",
            _phone(rng), ""))
    pairs = [(f, c) for f in FAMILIES for c in COMPOUNDS]
    rng.shuffle(pairs)
    for i, (family, (a, b)) in enumerate(pairs[:20]):
        how = "split" if i % 2 else "joined"
        given = f"{a} {b}" if how == "split" else a + b.lower()
        out.append(Returnee(f"c{i:03d}", "", f"{family[1]} {given}", _phone(rng), how))
    return out


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("012", "017", "077", "089", "070", "015", "011", "061"))
    rest = "".join(rng.choice("0123456789") for _ in range(6))
    return f"{prefix} {rest[:3]} {rest[3:]}"


def _variants_latin(word: str, rng: random.Random) -> list[str]:
    """Common romanisation variants of a Latin word (each differs by more than a typo
    would, or in a way a typo correction does not cover)."""
    w = word.lower()
    out = set()
    for old, new in (("ou", "u"), ("u", "ou"), ("ea", "ie"), ("ie", "ea"), ("i", "ee"),
                     ("ee", "i"), ("ph", "p"), ("th", "t"), ("chh", "ch"), ("ch", "chh"),
                     ("k", "ck"), ("oeu", "eu")):
        if old in w:
            out.add(w.replace(old, new, 1))
    if w[-1] in "aeiou":
        out.add(w + "h")
    if w[-1] in "nlm":
        out.add(w + w[-1])
    if len(w) > 3 and w[-1] == "h":
        out.add(w[:-1])
    for i, ch in enumerate(w[1:], 1):
        if ch in "tpk" and (i + 1 == len(w) or w[i + 1] != "h"):
            out.add(w[:i + 1] + "h" + w[i + 1:])
            break
    out.discard(w)
    picked = sorted(out)
    rng.shuffle(picked)
    return [p.capitalize() for p in picked]


def _typos(word: str, rng: random.Random, n: int) -> list[str]:
    w = word.lower()
    out: set[str] = set()
    letters = "abcdefghijklmnoprstuvy"
    while len(out) < n:
        i = rng.randrange(1, len(w))
        kind = rng.choice(("sub", "del", "ins", "swap"))
        if kind == "sub":
            t = w[:i] + rng.choice(letters) + w[i + 1:]
        elif kind == "del" and len(w) > 5:
            t = w[:i] + w[i + 1:]
        elif kind == "ins":
            t = w[:i] + rng.choice(letters) + w[i:]
        elif kind == "swap" and i + 1 < len(w):
            t = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        else:
            continue
        if t != w:
            out.add(t)
    return sorted(out)


def _near_misses(km: str) -> list[str]:
    out = set()
    for s in _SHIFTERS:
        if s in km:
            out.add(km.replace(s, "", 1))
    if "\u17cb" in km:
        out.add(km.replace("\u17cb", "", 1))
    for i, ch in enumerate(km):
        if ch in _LONG_SHORT:
            out.add(km[:i] + _LONG_SHORT[ch] + km[i + 1:])
    out.discard(km)
    return sorted(out)


def _encodings(km: str) -> list[str]:
    """The same Khmer name typed in ways that look the same on screen."""
    out = {km.replace(" ", ""), km.replace(" ", ZWSP), km.replace(" ", " " + ZWSP)}
    for s in _SHIFTERS:  # a shifter typed after the vowel that follows it
        i = km.find(s)
        if 0 <= i < len(km) - 1 and "\u17b6" <= km[i + 1] <= "\u17c5":
            out.add(km[:i] + km[i + 1] + s + km[i + 2:])
    out.discard(km)
    return sorted(out)


def _phones(phone: str) -> list[str]:
    digits = phone.replace(" ", "")
    khmer = digits.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    return [digits, f"+855 {digits[1:3]} {digits[3:6]} {digits[6:]}",
            f"+855 (0){digits[1:3]} {digits[3:]}", digits[:3] + ZWSP + digits[3:], khmer,
            f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"]


def queries(people: list[Returnee], seed: int = 18) -> list[Query]:
    rng = random.Random(seed)
    out: list[Query] = []

    def add(category: str, text: str, who: Returnee) -> None:
        out.append(Query(category, text, who.key))

    for p in people:
        family_l, _, given_l = p.name_latin.partition(" ")
        family_k, _, given_k = p.name_km.partition(" ")
        if p.name_latin:
            add("as stored", p.name_latin, p)
            add("as stored", p.name_latin.lower(), p)
            add("word order", f"{given_l} {family_l}", p)
        if p.name_km:
            add("as stored", p.name_km, p)
            add("word order", f"{given_k} {family_k}", p)
        if p.compound:
            if p.compound == "split":
                add("latin joins", f"{family_l} {given_l.replace(' ', '')}", p)
            else:
                split = next(a + " " + b for a, b in COMPOUNDS if (a + b).lower() == given_l.lower())
                add("latin joins", f"{family_l} {split}", p)
            add("latin joins", f"{family_l}{given_l.replace(' ', '')}", p)
            continue
        if p.name_latin:
            for word_i, word in enumerate((family_l, given_l)):
                for variant in _variants_latin(word, rng)[:2]:
                    words = [family_l, given_l]
                    words[word_i] = variant
                    add("romanisation", " ".join(words), p)
            if len(given_l) >= 5:
                for typo in _typos(given_l, rng, 2):
                    add("typo", f"{family_l} {typo}", p)
        if p.name_km:
            for miss in _near_misses(p.name_km)[:3]:
                add("khmer near-miss", miss, p)
            for variant in _encodings(p.name_km)[:3]:
                add("khmer encoding", variant, p)
            if "ឡ" in p.name_km:
                add("legacy spelling", p.name_km.replace("ឡ", "ទ្ប"), p)
        if p.name_km and not p.name_latin:
            latin = next(f[1] for f in FAMILIES if f[0] == family_k) + " " + next(
                g[1] for g in GIVEN if g[0] == given_k)
            add("latin finds khmer", latin, p)
            add("latin finds khmer", latin.lower(), p)
        if p.name_latin and not p.name_km:
            khmer = next(f[0] for f in FAMILIES if f[1] == family_l) + " " + next(
                g[0] for g in GIVEN if g[1] == given_l)
            add("khmer finds latin", khmer, p)
            add("khmer finds latin", khmer.replace(" ", ""), p)
    for p in people:
        for typed in rng.sample(_phones(p.phone), 3):
            add("phone", typed, p)
    return out
