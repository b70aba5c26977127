"""CSV cells a spreadsheet program will not run as formulas (CSV injection).

A cell that starts with `=`, `@`, a tab or a carriage return, or with `+` or `-` followed
by anything but a plain number, is a formula to Excel, LibreOffice and Google Sheets
(`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`). Following OWASP's advice, such a cell is written
with a leading apostrophe, which spreadsheets take as "this is text" and do not show.

The desk's import takes the apostrophe off again, so export then import gives back
exactly the original text. To keep that exact, a text that itself starts with
apostrophes before a risky start gets one more (`'=x` is written `''=x`).
Phone numbers in E.164 (`+85512345678`) and negative numbers are plain numbers: untouched.
"""

from __future__ import annotations

import re

_PLAIN_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)*")


def _risky(text: str) -> bool:
    if not text:
        return False
    if text[0] in "=@\t\r":
        return True
    if text[0] in "+-":
        return not _PLAIN_NUMBER.fullmatch(text)
    return False


def _guarded(text: str) -> bool:
    """True if ``text`` must be written behind an apostrophe."""
    return _risky(text) or (text.startswith("'") and _risky(text.lstrip("'")))


def formula_safe(text: str) -> str:
    """The cell to write for ``text``."""
    return "'" + text if _guarded(text) else text


def from_formula_safe(cell: str) -> str:
    """The text a cell written by ``formula_safe`` stands for."""
    return cell[1:] if cell.startswith("'") and _guarded(cell[1:]) else cell
