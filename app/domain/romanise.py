"""Khmer names in Latin letters, for matching across scripts (never shown to people).

``romanise(key)`` takes a Khmer search key (``textnorm.normalise_name``) and gives how
the name is likely spelt in Latin letters: a whole name word known in the table
(resources/romanisation/khmer_latin.csv, with its sources in the README beside it) gives
its common spellings; other words are spelt syllable by syllable by the UNGEGN/ALA-LC
letter rules of the same table. Only the sound key of the result is ever compared
(``namematch.sound_key``), so the rules need to be close, not exact.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

from app.resources import resource_path

# Bump with any change of the table or the rules below: search keys and headquarters'
# duplicate keys hold romanisations.
ROMANISATION_VERSION = 1

_COENG = "\u17d2"
_MUUSIKATOAN = "\u17c9"
_TRIISAP = "\u17ca"
_BANTOC = "\u17cb"
_ROBAT = "\u17cc"
_SKIPPED = frozenset([_MUUSIKATOAN, _TRIISAP, _ROBAT, "\u17cd", "\u17ce", "\u17cf", "\u17d1"])
# Second-series consonants that decide a cluster's series when written below a
# first-series one (the sonorants ង ញ ន ម យ រ ល វ do not).
_SERIES_FROM_SUBSCRIPT = frozenset("គឃជឈឌឍទធពភ")


@dataclass(frozen=True)
class Table:
    consonants: dict[str, tuple[str, int]]
    finals: dict[str, str]
    independent: dict[str, str]
    vowels: dict[str, tuple[str, str]]
    names: dict[str, tuple[str, ...]]
    longest_name: int


@cache
def table() -> Table:
    consonants: dict[str, tuple[str, int]] = {}
    finals: dict[str, str] = {}
    independent: dict[str, str] = {}
    vowels: dict[str, tuple[str, str]] = {}
    names: dict[str, tuple[str, ...]] = {}
    from app.domain.textnorm import normalise_name

    path = resource_path("romanisation/khmer_latin.csv")
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            kind, khmer = row["kind"], row["khmer"]
            first, second = row["first_series"], row["second_series"]
            if kind == "consonant":
                consonants[khmer] = (first, int(second))
            elif kind == "final":
                finals[khmer] = first
            elif kind == "independent":
                independent[khmer] = first
            elif kind == "vowel":
                vowels[_vowel_key(khmer)] = (first, second)
            elif kind == "name":
                names[normalise_name(khmer)] = tuple(first.split("|"))
    return Table(consonants, finals, independent, vowels, names,
                 max((len(k) for k in names), default=0))


def _vowel_key(marks: str) -> str:
    return "".join(sorted(ch for ch in marks if ch not in _SKIPPED))


@dataclass
class _Syllable:
    base: str
    subscripts: list[str]
    marks: str

    @property
    def bare(self) -> bool:
        """A consonant with nothing but a bantoc: it can close the syllable before it."""
        return not self.subscripts and all(ch == _BANTOC for ch in self.marks)


def _syllables(word: str, consonants: dict[str, tuple[str, int]],
               independent: dict[str, str]) -> list[_Syllable]:
    out: list[_Syllable] = []
    i, n = 0, len(word)
    while i < n:
        base = word[i]
        i += 1
        subs: list[str] = []
        marks = []
        while i < n:
            ch = word[i]
            if ch == _COENG and i + 1 < n:
                subs.append(word[i + 1])
                i += 2
            elif "\u17b6" <= ch <= "\u17d1" or ch == "\u17d3" or ch == "\u17dd":
                marks.append(ch)
                i += 1
            else:
                break
        if base in consonants or base in independent:
            out.append(_Syllable(base, subs, "".join(marks)))
    return out


def _spell_rules(word: str, t: Table) -> str:
    syls = _syllables(word, t.consonants, t.independent)
    parts: list[str] = []
    from_cluster: set[int] = set()  # syllables opened by the subscripts of a cluster
    i = 0
    while i < len(syls):
        syl = syls[i]
        if syl.base in t.independent:
            parts.append(t.independent[syl.base])
            i += 1
            continue
        last = i == len(syls) - 1
        if last and i in from_cluster and not syl.marks:
            break  # a learned word's last cluster consonant is not read (ពិសិដ្ឋ: piset)
        letters = [syl.base, *syl.subscripts]
        series = t.consonants[syl.base][1]
        if series == 1 and any(c in _SERIES_FROM_SUBSCRIPT for c in syl.subscripts):
            series = 2
        if _MUUSIKATOAN in syl.marks:
            series = 1
        elif _TRIISAP in syl.marks:
            series = 2
        onset = "".join(t.consonants.get(c, ("", 1))[0] for c in letters)
        vowel_marks, final, step = syl.marks, "", 1
        nxt = None if last else syls[i + 1]
        after = syls[i + 2] if i + 2 < len(syls) else None
        if nxt is not None and nxt.bare and nxt.base in t.finals and (
            after is None or not (after.bare or after.subscripts)
        ):
            # A bare consonant closes this syllable unless it opens one of its own
            # (with the bare consonant or the cluster after it as that one's final).
            final = t.finals.get(nxt.base, "")
            vowel_marks += nxt.marks  # a bantoc on the final shortens this vowel
            step = 2
        elif (nxt is not None and nxt.subscripts and nxt.base in t.finals
              and nxt.subscripts[0] in t.consonants):
            # A stacked cluster: its base closes this syllable, its subscripts open the next.
            final = t.finals[nxt.base]
            syls[i + 1] = _Syllable(nxt.subscripts[0], nxt.subscripts[1:], nxt.marks)
            from_cluster.add(i + 1)
        key = _vowel_key(vowel_marks)
        vowel = (t.vowels.get(key) or t.vowels.get(key.replace(_BANTOC, ""))
                 or t.vowels.get(key[:1]) or t.vowels[""])
        parts.append(onset + (vowel[0] if series == 1 else vowel[1]) + final)
        i += step
    return "".join(parts)


@lru_cache(maxsize=1 << 15)
def romanise_word(word: str) -> tuple[str, ...]:
    """Likely Latin spellings of one Khmer word of a search key, the usual one first."""
    t = table()
    if word in t.names:
        return t.names[word]
    # Compound given names (ស្រីនាង) are known words joined: take the longest known word
    # at each point, and spell what is left letter by letter.
    out: list[str] = []
    i, unknown_from = 0, 0
    while i < len(word):
        for j in range(min(len(word), i + t.longest_name), i, -1):
            if word[i:j] in t.names and (j == len(word) or not _is_mark(word[j])):
                if unknown_from < i:
                    out.append(_spell_rules(word[unknown_from:i], t))
                out.append(t.names[word[i:j]][0])
                i = unknown_from = j
                break
        else:
            i += 1
    if unknown_from < len(word):
        out.append(_spell_rules(word[unknown_from:], t))
    return ("".join(out),)


def _is_mark(ch: str) -> bool:
    return "\u17b6" <= ch <= "\u17d3" or ch == "\u17dd"


def is_khmer_word(word: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" for ch in word)


def romanise(key: str) -> list[str]:
    """Latin spellings of each Khmer word of a search key (other words as they are),
    the usual spelling of every word first: ["sok dara"]."""
    words = key.split()
    if not any(is_khmer_word(w) for w in words):
        return []
    options = [romanise_word(w) if is_khmer_word(w) else (w,) for w in words]
    usual = " ".join(o[0] for o in options)
    out = [usual]
    for i, opts in enumerate(options):
        for alt in opts[1:]:
            out.append(" ".join([*(o[0] for o in options[:i]), alt,
                                 *(o[0] for o in options[i + 1:])]))
    return out
