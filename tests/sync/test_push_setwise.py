"""A push stores its batch set-wise at headquarters (SQLite and PostgreSQL): the
dashboard's counts move by one upsert of the batch's summed deltas, and the duplicate
keys and pairs come from one join of the batch's keys with everyone's. What batches of
new, edited, withdrawn, replayed, stale and twice-sent records leave must be what
counting and pairing every stored registration afresh gives."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from typing import Any

import sqlalchemy as sa

from app.domain import dashboard_figures as f
from app.domain import duplicates as dup
from app.services.desk import gazetteer
from sync.server import db, duplicates, figures
from tests.conftest import OFFICE
from tests.sync.conftest import LiveServer
from tests.sync.test_dashboard_figures import stored_counts
from tests.sync.test_server_api import enrol, push, record, statuses


def villages(count: int) -> list[str]:
    """The first village of ``count`` communes of the office's district."""
    gaz = gazetteer()
    return [gaz.villages(c.code)[0].code for c in gaz.communes(OFFICE)[:count]]


def open_pairs(hq: LiveServer) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    with hq.engine.connect() as conn:
        return {(x.id_a, x.id_b): (x.score, x.reasons)
                for x in duplicates.pairs(conn, limit=10_000)}


def pairs_afresh(hq: LiveServer) -> dict[tuple[str, str], tuple[int, tuple[str, ...]]]:
    """Every likely pair among the stored registrations, by the domain's rules applied to
    each two of them (no keys, no SQL): what the pushes' pairs must equal while no record
    has more look-alikes than a push keeps."""
    r = db.registrations.c
    with hq.engine.connect() as conn:
        people = [duplicates.person_of(row.id, row.data if isinstance(row.data, dict)
                                       else json.loads(row.data))
                  for row in conn.execute(sa.select(r.id, r.data))]
    out = {}
    for a, b in itertools.combinations([x for x in people if x is not None], 2):
        why = dup.reasons(a, b)
        if why:
            key = tuple(sorted((a.ref, b.ref)))
            out[key] = (dup.pair_score(a, b, why), tuple(why))
    return out


def test_pairs_found_within_one_batch_and_across_batches_are_every_likely_pair(
        hq: LiveServer) -> None:
    first, second = enrol(hq, tag="AAAAAA"), enrol(hq, tag="BBBBBB")
    home, other_home, third_home = villages(3)
    batch = [
        record(first, 1, phone="+85512345678", home_village_code=home),
        # The same phone in the same batch: paired with the first.
        record(first, 2, phone="+85512345678", name_km="ចាន់ ធី", name_latin="Chan Thy",
               home_village_code=other_home),
        # Same name, sex, commune, a birth year one off: paired by name with the first.
        record(first, 3, date_of_birth="1996-02-01", home_village_code=home),
        # Same name but another commune, and one with no phone or ID at all: no pair.
        record(first, 4, home_village_code=third_home, sex="female"),
        record(first, 5, name_km="ស៊ុន វី", name_latin="Sun Vy", home_village_code=third_home,
               national_id="123456789"),
    ]
    assert statuses(push(hq, first["token"], batch)) == ["stored"] * 5
    assert open_pairs(hq) == pairs_afresh(hq) and len(open_pairs(hq)) == 2

    # Another desk, a later batch: its records pair with the first desk's stored ones
    # and with each other.
    later = [
        # The same national ID, living elsewhere now: paired by the ID alone.
        record(second, 1, national_id="123456789", name_km="ស៊ុន វី", name_latin="Sun Vy",
               home_village_code=home),
        record(second, 2, name_km="ស៊ុន វី", name_latin="SUN Vy", national_id=None,
               home_village_code=third_home, date_of_birth="1994-10-10"),
        record(second, 3, phone="+85599888777", home_village_code=other_home,
               name_km="កែវ មាលា", name_latin="Keo Mealea", sex="female"),
    ]
    assert statuses(push(hq, second["token"], later[:1])) == ["stored"]
    assert open_pairs(hq) == pairs_afresh(hq) and len(open_pairs(hq)) == 3
    assert statuses(push(hq, second["token"], later[1:])) == ["stored"] * 2
    found = open_pairs(hq)
    assert found == pairs_afresh(hq)
    assert found[tuple(sorted((batch[4]["id"], later[0]["id"])))][1] == ("same_national_id",)

    # A batch of edits: one record leaves the phone (its pair by phone goes), one is
    # withdrawn (all its pairs go), and a new one joins a phone: the pairs are the rules'
    # again, and an unchanged replay in the same batch moves nothing.
    edits = [
        record(first, 2, version=2, phone=None, name_km="ចាន់ ធី", name_latin="Chan Thy",
               home_village_code=other_home),
        record(first, 3, version=2, date_of_birth="1996-02-01", home_village_code=home,
               withdrawn=True, withdrawn_reason="moved away"),
        record(first, 6, phone="+85599888777", name_km="កែវ មាលា", name_latin="Keo Mealea",
               sex="female", home_village_code=third_home),
        batch[0],
    ]
    assert statuses(push(hq, first["token"], edits)) == ["stored"] * 3 + ["already_had"]
    found = open_pairs(hq)
    assert found == pairs_afresh(hq)
    ids = {x for pair in found for x in pair}
    assert batch[2]["id"] not in ids and tuple(sorted((batch[0]["id"], batch[1]["id"]))) \
        not in found
    assert tuple(sorted((later[2]["id"], edits[2]["id"]))) in found


def counted_afresh(hq: LiveServer) -> dict[tuple[str, ...], int]:
    """The counts of every stored registration (none has referrals or a mark here) by the
    domain's rules, each also summed over every day: no SQL but the read."""
    r = db.registrations.c
    out: Counter[tuple[str, ...]] = Counter()
    with hq.engine.connect() as conn:
        for row in conn.execute(sa.select(r.data, r.created_at)):
            data = row.data if isinstance(row.data, dict) else json.loads(row.data)
            for count, n in f.counts_of(data, row.created_at).items():
                out[tuple(count)] += n
                out[tuple(count._replace(day=figures.ALL_DAYS))] += n
    return {k: n for k, n in out.items() if n}


def test_counts_after_a_mixed_batch_equal_a_recount(hq: LiveServer) -> None:
    device = enrol(hq)
    token = device["token"]
    homes = villages(3)
    first = [record(device, seq, home_village_code=homes[seq % 3],
                    channel=("field", "qr", "hotline_1297")[seq % 3],
                    sectors=[("garment", "construction", "agriculture")[seq % 3]],
                    preferred_province_codes=[["05"], ["05", "12"], ["12"]][seq % 3],
                    training_interests=[[], ["electrical_wiring"], []][seq % 3],
                    created_at=f"2026-11-{10 + seq % 5}T20:00:00.000Z")
             for seq in range(1, 31)]
    assert statuses(push(hq, token, first)) == ["stored"] * 30
    mixed: list[dict[str, Any]] = [
        *(record(device, seq, home_village_code=homes[seq % 3]) for seq in range(31, 41)),
        # Edits moving province, channel, sectors and the day's counts.
        *(record(device, seq, version=2, home_village_code=homes[(seq + 1) % 3],
                 channel="qr", sectors=["construction", "garment"], expected_salary_usd=None,
                 created_at=f"2026-11-{10 + seq % 5}T20:00:00.000Z")
          for seq in range(1, 8)),
        # Withdrawals.
        *(record(device, seq, version=2, withdrawn=True, withdrawn_reason="found work",
                 home_village_code=homes[seq % 3], channel=("field", "qr", "hotline_1297")[seq % 3],
                 created_at=f"2026-11-{10 + seq % 5}T20:00:00.000Z")
          for seq in range(8, 12)),
        first[20],  # a replay
        record(device, 21, notes="another version 1"),  # a conflict
        # One id twice: a new record and its edit in one batch.
        record(device, 41, channel="field"),
        record(device, 41, version=2, channel="qr", sectors=["garment"]),
    ]
    got = statuses(push(hq, token, mixed))
    assert got == ["stored"] * 21 + ["already_had", "conflict", "stored", "stored"]
    stale = record(device, 41, channel="field")
    assert statuses(push(hq, token, [stale])) == ["stale"]
    kept = stored_counts(hq)
    assert kept == counted_afresh(hq)
    with db.writing(hq.engine) as conn:
        assert figures.rebuild(conn) == 41
    assert stored_counts(hq) == kept
