"""The audit trail's rules: which acts on personal data are recorded, and what a search
event may say about the search.

A search is recorded by who ran it, when, how many records it found and what kind of
thing was searched for (a name, a phone, a registration number), never by the text
typed: a phone number or a name typed into the search box is itself personal data, and
the trail goes to headquarters. What was then looked at is recorded by the record's id
and number when it is opened, printed, edited or withdrawn.
"""

from __future__ import annotations

from app.domain.search import parse_query

SEARCH = "search"
OPEN = "open"
PRINT = "print"
EXPORT = "export"
EDIT = "edit"
WITHDRAW = "withdraw"
ACTIONS = (SEARCH, OPEN, PRINT, EXPORT, EDIT, WITHDRAW)

# What kind of thing a search looked for: the search index it went to.
QUERY_KINDS = ("name", "phone", "number")
_KIND_OF = {"name": "name", "digits": "phone", "number": "number"}


def query_kind(text: str) -> str | None:
    """"name", "phone" or "number" for what the search box reads ``text`` as; None when
    it reads nothing searchable."""
    query = parse_query(text)
    return None if query is None else _KIND_OF.get(query.kind)
