"""The counts the list, status bar and Training tab show come from tables that triggers
keep; they must equal what counting the rows themselves gives, after every kind of
write (save, import in bulk, edit, withdraw, enrol, marking sent)."""

from __future__ import annotations

import itertools

import pytest

from app.services import demo, registrations, training
from app.store import outbox
from app.store import registrations as store
from app.store import training as training_store
from app.store.connection import transaction


def _counted(desk, f: store.ListFilter) -> int:
    where, args = store._where(f)
    return desk.conn.execute(f"SELECT count(*) FROM registrations{where}", args).fetchone()[0]


def _plans(desk, action) -> list[str]:
    """SQLite's plan of each SELECT that ``action()`` sends on the desk's connection."""
    sent: list[str] = []
    desk.conn.set_trace_callback(sent.append)
    try:
        action()
    finally:
        desk.conn.set_trace_callback(None)
    return [" | ".join(row[-1] for row in desk.conn.execute("EXPLAIN QUERY PLAN " + sql))
            for sql in sent if sql.lstrip().upper().startswith("SELECT")]


def _demand_counted(desk) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for rec in store.iter_all(desk.conn):
        if not rec["withdrawn"]:
            for course in rec["training_interests"]:
                key = (rec["home_district_code"], course)
                found[key] = found.get(key, 0) + 1
    return found


@pytest.fixture
def busy_desk(desk, raw):
    """Demo rows over several days, then edits that move records between counts."""
    demo.generate(desk, 400, seed=5)
    mine = registrations.register(desk, raw)
    registrations.edit(desk, mine["id"], store.export_view(mine) | {
        "sex": "female", "sectors": ["garment", "retail"], "preferred_province_codes": ["12"],
        "training_interests": ["mechanics"]}, expected_version=1)
    rows = registrations.page(desk, registrations.list_filter(), 0, 60)
    for row in rows[:20]:
        current = registrations.get(desk, row["id"])
        registrations.withdraw(desk, row["id"], "moved abroad",
                               expected_version=current["version"])
    with transaction(desk.conn):
        outbox.mark_sent(desk.conn, [(r["id"], registrations.get(desk, r["id"])["version"])
                                     for r in rows[20:50]])
    return desk


def test_every_list_filter_counts_what_the_rows_say(busy_desk):
    desk = busy_desk
    days = sorted({r[0] for r in desk.conn.execute("SELECT created_on FROM registrations")})
    f = registrations.list_filter
    combos = itertools.product(
        (None, "garment", "construction"), (None, "12", "05"), (None, "female"),
        (True, False), ((None, None), (days[0], days[len(days) // 2]), (days[-1], None)))
    checked = 0
    for sector, province, sex, withdrawn, (start, end) in combos:
        chosen = f(sector=sector, province_code=province, sex=sex, include_withdrawn=withdrawn,
                   created_from=start, created_to=end)
        assert store._kept_count(desk.conn, chosen) is not None
        assert registrations.count(desk, chosen) == _counted(desk, chosen), chosen
        checked += 1
    assert checked == 108
    for state, withdrawn in itertools.product(("pending", "sent", "quarantined"),
                                              (True, False)):
        chosen = f(sync_state=state, include_withdrawn=withdrawn)
        assert store._kept_count(desk.conn, chosen) is not None
        assert registrations.count(desk, chosen) == _counted(desk, chosen), chosen
    assert registrations.sync_counts(desk) == {"pending": 401 - 30, "sent": 30,
                                               "quarantined": 0}
    assert registrations.count(desk, f(include_withdrawn=False)) == 401 - 20
    assert registrations.count(desk, f(sex="female", sector="garment")) > 0


def test_sending_counts_follow_every_push(busy_desk):
    counts = registrations.sync_counts(busy_desk)
    scanned = dict(busy_desk.conn.execute(
        "SELECT sync_state, count(*) FROM registrations GROUP BY sync_state").fetchall())
    assert counts == {"pending": 0, "sent": 0, "quarantined": 0} | scanned
    sent = registrations.page(busy_desk, registrations.list_filter(sync_state="sent"), 0, 1)[0]
    current = registrations.get(busy_desk, sent["id"])
    registrations.withdraw(busy_desk, sent["id"], "gone", expected_version=current["version"])
    assert registrations.sync_counts(busy_desk)["sent"] == counts["sent"] - 1  # pending again
    assert registrations.sync_counts(busy_desk)["pending"] == counts["pending"] + 1


def test_training_demand_and_members_follow_edits(busy_desk):
    desk = busy_desk
    kept = {(d, c): n for d, c, n in training_store.demand_by_district(desk.conn)}
    assert kept == _demand_counted(desk)
    session = next(s for s in training.reference().sessions)
    target = next(r for r in registrations.page(desk, registrations.list_filter(), 0, 200)
                  if not r["withdrawn"] and desk.device_id)
    current = registrations.get(desk, target["id"])
    if session.code in current["training_enrolments"]:
        current = training.unenrol(desk, target["id"], session.code,
                                   expected_version=current["version"])
    before = len(training.enrolled_in(desk, session.code))
    current = training.enrol(desk, target["id"], session.code,
                             expected_version=current["version"])
    listed = training.enrolled_in(desk, session.code)
    assert len(listed) == before + 1 and target["id"] in {r["id"] for r in listed}
    registrations.withdraw(desk, target["id"], "found work", expected_version=current["version"])
    assert target["id"] not in {r["id"] for r in training.enrolled_in(desk, session.code)}
    kept = {(d, c): n for d, c, n in training_store.demand_by_district(desk.conn) if n}
    assert kept == _demand_counted(desk)
    by_session = training_store.enrolled_counts(desk.conn)
    scanned: dict[str, int] = {}
    for rec in store.iter_all(desk.conn):
        if not rec["withdrawn"]:
            for code in rec["training_enrolments"]:
                scanned[code] = scanned.get(code, 0) + 1
    assert {k: v for k, v in by_session.items() if v} == scanned


def test_counts_are_filled_for_a_folder_saved_before_they_were_kept(tmp_path, raw, fixed_now):
    from app.services import officers
    from app.services.desk import Desk
    from app.store import schema  # noqa: F401

    with Desk(tmp_path / "data", clock=lambda: fixed_now) as d:
        officers.setup(d, "0502", "Sokha", "secret123")
        demo.generate(d, 150, seed=3)
        expected = {state: _counted(d, registrations.list_filter(sync_state=state))
                    for state in ("pending",)}
        garment = _counted(d, registrations.list_filter(sector="garment", province_code="12"))
        d.conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0010_kept_counts'")
        for name in ("registration_counts", "registration_sync_counts", "training_demand",
                     "training_members"):
            d.conn.execute(f"DROP TABLE {name}")
        for (name,) in d.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            d.conn.execute(f"DROP TRIGGER {name}")
    with Desk(tmp_path / "data", clock=lambda: fixed_now) as again:
        assert registrations.sync_counts(again)["pending"] == expected["pending"] == 150
        assert registrations.count(
            again, registrations.list_filter(sector="garment", province_code="12")) == garment
        kept = {(d, c): n for d, c, n in training_store.demand_by_district(again.conn)}
        assert kept == _demand_counted(again) and kept


def test_matching_fits_follow_every_edit_and_withdrawal(busy_desk):
    """``registration_fits`` lists, for every registration not withdrawn, each province
    it prefers or lives in and each sector it wants, with its sex, salary and district."""
    expected = set()
    for rec in store.iter_all(busy_desk.conn):
        if rec["withdrawn"]:
            continue
        common = (rec["sex"], rec["rid"], rec["expected_salary_usd"], rec["home_district_code"])
        for code in {*rec["preferred_province_codes"], rec["home_province_code"]}:
            expected.add(("province", code, *common))
        for code in rec["sectors"]:
            expected.add(("sector", code, *common))
    kept = {tuple(r) for r in busy_desk.conn.execute("SELECT * FROM registration_fits")}
    assert kept == expected and len(kept) > 1000


@pytest.mark.parametrize("start", [{"below": 9}, {"above": 0}])
def test_a_list_page_is_read_from_the_list_index_alone(desk, start):
    """Every column the list shows is in ``registrations_list`` (migration 0015), so a
    page of it never reads the wide rows; a column added to the list and not to the
    index fails here. The plan is asked of the query the window's page sends."""
    (plan,) = _plans(desk, lambda: registrations.page(
        desk, registrations.list_filter(include_withdrawn=False), 0, 200, **start))
    assert "COVERING INDEX registrations_list" in plan


def test_a_sending_state_with_the_withdrawn_hidden_is_counted_without_its_rows(busy_desk):
    """The window's default hides the withdrawn; counting "waiting to send" then reads
    the kept count and the withdrawn few (migration 0016), never each pending row."""
    desk = busy_desk
    counted: list[int] = []
    plans = _plans(desk, lambda: counted.append(registrations.count(
        desk, registrations.list_filter(sync_state="pending", include_withdrawn=False))))
    assert counted == [401 - 30 - 20]
    on_rows = [plan for plan in plans if "registrations " in plan + " "]
    assert on_rows == ["SEARCH registrations USING COVERING INDEX registrations_withdrawn"
                       " (sync_state=?)"], plans


def test_a_date_range_lists_its_rows_newest_first_by_row_id(busy_desk):
    """A date filter's page is read by row id within the span of its dates, and holds
    exactly the rows a plain query finds, also when a later row carries an earlier date
    (an imported file's, or a copy pulled from headquarters)."""
    desk = busy_desk
    days = sorted({r[0] for r in desk.conn.execute("SELECT created_on FROM registrations")})
    assert len(days) > 3
    newest = desk.conn.execute("SELECT max(rid) FROM registrations").fetchone()[0]
    desk.conn.execute("UPDATE registrations SET created_on = ? WHERE rid = ?", (days[0], newest))
    for start, end in ((days[0], days[1]), (days[1], days[-2]), (days[-1], None),
                       (None, days[0]), ("1999-01-01", "1999-12-31")):
        f = registrations.list_filter(created_from=start, created_to=end,
                                      include_withdrawn=False)
        where, args = store._where(f)
        expected = [r[0] for r in desk.conn.execute(
            f"SELECT rid FROM registrations{where} ORDER BY rid DESC", args)]
        got: list[int] = []
        while True:
            rows = registrations.page(desk, f, 0, 7, below=got[-1] if got else None)
            if not rows:
                break
            got += [r["rid"] for r in rows]
        assert got == expected, (start, end)
        assert [r["rid"] for r in registrations.page(desk, f, 0, 7, above=0)] == \
            expected[-7:]
    assert expected == [] and newest in [
        r["rid"] for r in registrations.page(desk, registrations.list_filter(
            created_to=days[0]), 0, 200)]
    plan = _plans(desk, lambda: registrations.page(desk, registrations.list_filter(
        created_from=days[1], created_to=days[-1], include_withdrawn=False), 0, 200))[-1]
    assert "registrations_created_on" not in plan and "TEMP B-TREE" not in plan, plan


def test_a_province_lists_its_rows_through_the_fits_newest_first(busy_desk):
    """With the withdrawn hidden, a province's page is read through its entries in
    ``registration_fits`` (one walk per sex, merged in row-id order): the pages down,
    the page up from the oldest row and a page at an offset hold exactly the rows a
    plain query finds, and someone who only lives in the province is not listed."""
    desk = busy_desk
    days = sorted({r[0] for r in desk.conn.execute("SELECT created_on FROM registrations")})
    (moved,) = desk.conn.execute(
        "SELECT id FROM registrations WHERE withdrawn = 0 AND home_province_code = '12'"
        " ORDER BY rid DESC LIMIT 1").fetchone()
    rec = registrations.get(desk, moved)
    moved_rid = registrations.edit(desk, moved, store.export_view(rec) | {
        "preferred_province_codes": ["05"]}, expected_version=rec["version"])["rid"]
    combos = itertools.product(("12", "05"), (None, "female"), (None, "garment"),
                               ((None, None), (days[1], days[-2])))
    for province, sex, sector, (start, end) in combos:
        f = registrations.list_filter(province_code=province, sex=sex, sector=sector,
                                      created_from=start, created_to=end,
                                      include_withdrawn=False)
        where, args = store._where(f)
        expected = [r[0] for r in desk.conn.execute(
            f"SELECT rid FROM registrations{where} ORDER BY rid DESC", args)]
        assert expected, f
        got: list[int] = []
        while rows := registrations.page(desk, f, 0, 7, below=got[-1] if got else None):
            got += [r["rid"] for r in rows]
        assert got == expected, f
        assert (moved_rid in got) == (province == "05" and sex in (None, rec["sex"])
                                      and sector in (None, *rec["sectors"])
                                      and (start is None or start <= rec["created_on"] <= end)), f
        assert [r["rid"] for r in registrations.page(desk, f, 0, 7, above=0)] == \
            expected[-7:]
        assert [r["rid"] for r in registrations.page(desk, f, 3, 5, below=expected[1])] == \
            expected[5:10]
        assert [tuple(r) for r in store.page(desk.conn, f, 0, 7)] == [
            tuple(r) for r in desk.conn.execute(
                f"SELECT {store.LIST_COLUMNS} FROM registrations{where}"
                " ORDER BY rid DESC LIMIT 7", args)]
    plan = _plans(desk, lambda: registrations.page(desk, registrations.list_filter(
        province_code="05", include_withdrawn=False), 0, 200))[-1]
    assert "registration_fits" in plan and "TEMP B-TREE" not in plan, plan
    # The page's keyset bound reaches the fits' key (carried over rid = fit_rid), so a
    # page far down the list starts its walks there instead of at the newest entry.
    plan = _plans(desk, lambda: registrations.page(desk, registrations.list_filter(
        province_code="05", include_withdrawn=False), 0, 200, below=moved_rid))[-1]
    assert plan.count("registration_fits USING PRIMARY KEY (kind=? AND code=? AND sex=?"
                      " AND rid<?)") == 2, plan
