"""Every query of the seeded corpus (tests/search_corpus.py: 120 returnees, over 1,000
queries in eleven categories) finds its returnee in the top 10, among 20,000 demo
registrations. The figures per category are in BENCHMARKS.md (bench_search_corpus)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.services import demo, officers, registrations
from app.services.desk import Desk
from tests import search_corpus
from tests.conftest import OFFICE

DISTRACTORS = 20_000


@pytest.fixture(scope="module")
def corpus_desk(tmp_path_factory) -> Iterator[Desk]:
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    desk = Desk(tmp_path_factory.mktemp("corpus") / "data", clock=lambda: now)
    officers.setup(desk, OFFICE, "Sokha", "secret123")
    demo.generate(desk, DISTRACTORS, seed=21)
    search_corpus.load(desk, search_corpus.returnees(), OFFICE)
    yield desk
    desk.close()


def test_the_corpus_is_big_enough() -> None:
    people = search_corpus.returnees()
    found = search_corpus.queries(people)
    assert len(people) >= 100 and len({p.key for p in people}) == len(people)
    assert len(found) >= 1000
    assert set(Counter(q.category for q in found)) == set(search_corpus.CATEGORIES)


@pytest.mark.slow
def test_every_query_finds_its_returnee_in_the_top_10(corpus_desk: Desk) -> None:
    missed = []
    for q in search_corpus.queries(search_corpus.returnees()):
        top = [r["notes"] for r in registrations.search(corpus_desk, q.text, limit=10)]
        if q.returnee not in top:
            missed.append((q.category, q.text, q.returnee))
    assert missed == []
