"""Reading the files people bring (import CSV and JSON Lines, employer requests, reference
data) without ever ending in a traceback.

Two kinds of outcome, both as codes (app/messages.py has the words):

- ``FileRefused``: the file as a whole cannot be read (not UTF-8, binary, empty, a NUL
  byte, a CSV field over the csv module's limit, an unknown or doubled column, the wrong
  separator). Nothing from it is saved.
- ``LineProblem``: one line cannot be read (JSON Lines: not JSON, nested too deep, a
  number with thousands of digits, a line over ``MAX_LINE_CHARS``); the other lines go on.

Pure: it reads from binary streams the caller opened and knows nothing of where records go.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator
from typing import IO, Any

# A registration is at most a few kilobytes; a megabyte a line is no record.
MAX_LINE_CHARS = 1_000_000
# JSON numbers people type: a salary, an age. Longer ones are not numbers we keep.
MAX_NUMBER_CHARS = 30
CSV_FIELD_LIMIT = csv.field_size_limit()
HEAD_BYTES = 64 * 1024

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)


class FileRefused(Exception):
    """The whole file is refused: ``rule`` says why, ``line`` and ``field`` where."""

    def __init__(self, rule: str, *, line: int | None = None, field: str | None = None,
                 **params: Any):
        super().__init__(rule)
        self.rule, self.line, self.field, self.params = rule, line, field, params


class LineProblem(Exception):
    """One line is unreadable; ``rule`` says why."""

    def __init__(self, rule: str, **params: Any):
        super().__init__(rule)
        self.rule, self.params = rule, params


def sniff(head: bytes) -> str:
    """What encoding the start of a file looks like: "utf-8", "utf-16-le", "utf-16-be",
    "utf-32-le", "utf-32-be" (with or without a byte-order mark), "latin-1" (which
    includes Windows-1252, what older spreadsheet programs save), or "binary"."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    sample = head[:4096]
    if sample and b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    # A stray NUL or two is a damaged text file (reported by line); many is binary.
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    if controls > max(2, len(sample) // 100):
        return "binary"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a character cut by the sample's end
            return "utf-8"
    return "latin-1"


def text_lines(stream: IO[bytes]) -> Iterator[tuple[int, str]]:
    """(line number, text with its line ending) for each line of a UTF-8 file (a leading
    byte-order mark is dropped). Raises ``FileRefused`` for an empty file, another
    encoding, a binary file or a NUL byte, naming the line."""
    head = stream.read(HEAD_BYTES)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileRefused("empty_file")
    looks = sniff(head)
    if looks not in ("utf-8", "latin-1"):
        raise FileRefused("binary_file" if looks == "binary" else "not_utf8", encoding=looks,
                          line=1)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    rest = _lines_after(head, stream)
    for number, raw in enumerate(rest, start=1):
        if b"\x00" in raw:
            raise FileRefused("nul_byte", line=number)
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            again = sniff(raw)
            raise FileRefused("binary_file" if again == "binary" else "not_utf8",
                              encoding="latin-1" if again == "utf-8" else again,
                              line=number) from None


def _lines_after(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """The stream's lines, the first ones from the bytes already read."""
    pending = head
    while True:
        cut = pending.find(b"\n")
        if cut >= 0:
            yield pending[:cut + 1]
            pending = pending[cut + 1:]
            continue
        more = stream.read(HEAD_BYTES)
        if not more:
            if pending:
                yield pending
            return
        pending += more


def _number(text: str) -> float | int:
    if len(text) > MAX_NUMBER_CHARS:
        raise LineProblem("number_too_long", length=len(text))
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise LineProblem("number_too_long", length=len(text))
    return value


def _no_constant(text: str) -> Any:
    raise LineProblem("not_json")


# One decoder for every line (``json.loads`` with hooks builds a new one per call).
_DECODER = json.JSONDecoder(parse_int=_number, parse_float=_number,
                            parse_constant=_no_constant)


def json_value(text: str) -> Any:
    """One JSON value, or ``LineProblem``: not JSON, nested too deep, a number with
    thousands of digits (or NaN / Infinity), a line over ``MAX_LINE_CHARS``."""
    if len(text) > MAX_LINE_CHARS:
        raise LineProblem("line_too_long", max=MAX_LINE_CHARS, length=len(text))
    try:
        return _DECODER.decode(text)
    except RecursionError:
        raise LineProblem("nested_too_deep") from None
    except json.JSONDecodeError as exc:
        raise LineProblem("not_json", column=exc.colno) from None
    except ValueError:  # e.g. int() over its digit limit
        raise LineProblem("number_too_long") from None


def json_lines(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | LineProblem]]:
    """(line number, object or why not) for each non-blank line of a JSON Lines file."""
    for number, text in text_lines(stream):
        if not text.strip():
            continue
        try:
            value = json_value(text)
        except LineProblem as problem:
            yield number, problem
            continue
        yield number, value if isinstance(value, dict) else LineProblem("not_an_object")


def json_document(stream: IO[bytes]) -> Any:
    """A whole file as one JSON value; any problem refuses the file."""
    text = "".join(t for _, t in text_lines(stream))
    try:
        return json.loads(text, parse_int=_number, parse_float=_number,
                          parse_constant=_no_constant)
    except RecursionError:
        raise FileRefused("nested_too_deep") from None
    except LineProblem as problem:
        raise FileRefused(problem.rule, **problem.params) from None
    except json.JSONDecodeError as exc:
        raise FileRefused("not_json", line=exc.lineno, column=exc.colno) from None
    except ValueError:
        raise FileRefused("number_too_long") from None


def _header_problem(header: list[str], known: Iterable[str]) -> FileRefused | None:
    allowed = set(known)
    seen: set[str] = set()
    for name in header:
        if not name.strip():
            return FileRefused("empty_column_name", line=1)
        if name in seen:
            return FileRefused("duplicate_column", line=1, field=name)
        seen.add(name)
    unknown = [n for n in header if n not in allowed]
    if unknown:
        for separator in (";", "\t", "|"):
            if len(header) == 1 and separator in header[0]:
                parts = [p.strip().strip('"') for p in header[0].split(separator)]
                if all(p in allowed for p in parts if p):
                    return FileRefused("wrong_separator", line=1, separator=separator)
        return FileRefused("unknown_column", line=1, field=unknown[0])
    return None


def csv_rows(stream: IO[bytes], known: Iterable[str]
             ) -> Iterator[tuple[int, dict[str, str] | LineProblem]]:
    """(line number, {column: text} or why not) for each row of a comma-separated UTF-8
    file whose header names only ``known`` columns, each once. The line number is the
    row's first line (a quoted field may span several)."""
    lines = text_lines(stream)
    where = {"line": 1}

    def texts() -> Iterator[str]:
        for number, text in lines:
            where["line"] = number
            yield text

    reader = csv.reader(texts())
    try:
        header = next(reader, None)
        if header is None:
            raise FileRefused("empty_file")
        problem = _header_problem(header, known)
        if problem:
            raise problem
        start = where["line"] + 1
        rows = 0
        for cells in reader:
            if any(c.strip() for c in cells):
                rows += 1
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                    yield start, LineProblem("too_many_cells", count=len(cells),
                                             columns=len(header))
                else:
                    yield start, dict(zip(header, cells, strict=False))
            start = where["line"] + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise FileRefused("field_too_large", line=where["line"],
                              max=CSV_FIELD_LIMIT) from None
        raise FileRefused("unreadable_csv", line=where["line"], detail=str(exc)) from None
    if rows == 0:
        raise FileRefused("no_rows", line=1)
