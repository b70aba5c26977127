from __future__ import annotations

from app.services import registrations as regs
from app.services import training
from tests.conftest import village_in
from tests.test_employers_store import returnee


def test_demand_counts_returnees_per_district_and_course(desk, raw):
    regs.register(desk, returnee(raw, 0, training_interests=["motorcycle_repair",
                                                             "electrical_wiring"]))
    regs.register(desk, returnee(raw, 1, training_interests=["motorcycle_repair"]))
    regs.register(desk, returnee(raw, 2, training_interests=["agro_processing"],
                                 home_village_code=village_in("1201")))
    regs.register(desk, returnee(raw, 3, training_interests=[]))
    gone = regs.register(desk, returnee(raw, 4, training_interests=["mechanics"]))
    regs.withdraw(desk, gone["id"], "moved abroad", expected_version=1)

    rows = training.demand(desk)
    assert [r.district_code for r in rows] == ["0502", "1201"]
    assert rows[0].by_course == {"agro_processing": 0, "motorcycle_repair": 2,
                                 "mechanics": 0, "electrical_wiring": 1,
                                 "air_conditioning": 0}
    assert rows[0].total == 3
    assert rows[1].by_course["agro_processing"] == 1


def test_no_interest_means_no_rows(desk, raw):
    regs.register(desk, returnee(raw, 0, training_interests=[]))
    assert training.demand(desk) == []
