"""The registrations list at 1,000,000 records: how long until the first rows are on screen.

The real list screen (RegistrationsView: its model and QTableView) runs off screen at
1366x768. Each sample changes what the list shows and then repaints the table
synchronously, so the time covers the count, the page read, formatting and painting of
every visible row. Measured (searching is bench_search's): a filter change, and a jump to the last row (scrollToBottom) with the page cache
emptied first. Beside each, in the same run, what the list did before: count the
matching rows themselves and read the last page with OFFSET. The window's peak memory
(resident set) is read at the end.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.store import registrations as store  # noqa: E402
from bench.common import cached_desk, discard, p50, pct  # noqa: E402

COUNT = int(os.environ.get("JCD_BENCH_LIST_COUNT", "1000000"))
REPEATS = int(os.environ.get("JCD_BENCH_LIST_REPEATS", "5"))


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _count_before(desk, f: store.ListFilter) -> int:
    where, args = store._where(f)
    return desk.conn.execute(f"SELECT count(*) FROM registrations{where}", args).fetchone()[0]


def _last_page_before(desk, f: store.ListFilter, total: int) -> list:
    where, args = store._where(f)
    offset = max(total - total % 200 if total % 200 else total - 200, 0)
    return desk.conn.execute(
        f"SELECT {store.LIST_COLUMNS} FROM registrations{where} ORDER BY rid DESC"
        " LIMIT 200 OFFSET ?", [*args, offset]).fetchall()


def main() -> str:
    from PySide6.QtWidgets import QAbstractSlider

    from app.ui.app import make_application
    from app.ui.events import AppEvents
    from app.ui.registrations_view import RegistrationsView

    desk = cached_desk(COUNT)
    app = make_application()
    view = RegistrationsView(desk, AppEvents())
    view.resize(1346, 640)  # the list's share of a maximised 1366x768 window
    view.show()
    app.processEvents()
    table, model = view.table, view.model

    def shown_after(change: Callable[[], None]) -> float:
        def run() -> None:
            change()
            table.viewport().repaint()  # paints (and so reads) every visible row

        ms = _ms(run)
        app.processEvents()
        return ms

    def filters(**chosen: object) -> Callable[[], None]:
        def change() -> None:
            view.clear_filters()
            for name, code in chosen.items():
                if name == "show_withdrawn":
                    view.show_withdrawn.setChecked(bool(code))
                elif name in ("date_from", "date_to"):
                    getattr(view, name).setText(str(code))
                else:
                    combo = getattr(view, name)
                    combo.setCurrentIndex(combo.findData(code))
            view.apply_filter()
        return change

    today = desk.today()
    month_ago = today.replace(day=1).isoformat()
    filter_changes = [
        filters(sex="female"),
        filters(sector="construction"),
        filters(province="12"),
        filters(sync_state="pending"),
        filters(date_from=month_ago, date_to=today.isoformat()),
        filters(sex="male", sector="garment", province="05"),
        filters(show_withdrawn=False),
    ]

    def to_bottom() -> None:
        table.scrollToBottom()

    rows: list[tuple[str, list[float], str]] = []

    filter_ms: list[float] = []
    before_filter_ms: list[float] = []
    for _ in range(REPEATS):
        for change in filter_changes:
            filter_ms.append(shown_after(change))
            before_filter_ms.append(_ms(lambda: _count_before(desk, model.filter())))
    rows.append(("filter change, first rows shown", filter_ms,
                 f"{len(filter_changes)} filters"))

    jump_ms: list[float] = []
    before_jump_ms: list[float] = []
    per_jump: dict[str, list[float]] = {}
    for name, setup in (("all", filters()), ("female", filters(sex="female")),
                        ("withdrawn hidden", filters(show_withdrawn=False))):
        per_jump[name] = []
        for _ in range(REPEATS):
            setup()
            table.scrollToTop()
            model.refresh()  # empty page cache: the last page must be read
            app.processEvents()
            ms = shown_after(to_bottom)
            jump_ms.append(ms)
            per_jump[name].append(ms)
            before_jump_ms.append(_ms(lambda: _last_page_before(desk, model.filter(),
                                                                model.total())))
    rows.append(("jump to last row", jump_ms, "all, two filters"))

    fetches_before = model.page_fetches
    view.clear_filters()
    scrolled = 0
    bar = table.verticalScrollBar()
    for _ in range(200):  # 200 PageDowns from the top
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        table.viewport().repaint()
        scrolled += 1
    pages_read = model.page_fetches - fetches_before

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    view.close()
    discard(desk)
    before = {"filter change, first rows shown": before_filter_ms,
              "jump to last row": before_jump_ms}
    lines = [
        "## Registrations list",
        "",
        f"{COUNT:,} demo registrations (a cached demo desk, made once); the list screen "
        f"off screen at 1366x768 ({table.height()} px of table); each sample "
        "includes count, page read, formatting and a synchronous repaint. "
        f"{REPEATS} rounds. Taken on a shared machine busy with other work (2 cores), so "
        "compare the two columns of one row, measured in the same run: *before* is the "
        "count and the last page read the way the list read them before migration 0010 "
        "(counting the matching rows; OFFSET over every row above the last page), "
        "store only, no painting.",
        "",
        "| what | samples | p50 ms | p95 ms | max ms | before: p50 / p95 ms | of |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name, samples, what in rows:
        old = before.get(name)
        was = f"{p50(old):.1f} / {pct(old, 95):.1f}" if old else "–"
        lines.append(
            f"| {name} | {len(samples)} | {p50(samples):.1f} | {pct(samples, 95):.1f} | "
            f"{max(samples):.1f} | {was} | {what} |"
        )
    lines += [
        "",
        f"Paging down {scrolled} screens from the top read {pages_read} pages of 200 rows.",
        "",
        "Jump to the last row (p50 ms): "
        + ", ".join(f"{name} {p50(ms):.0f}" for name, ms in per_jump.items())
        + ". The last page is read upwards from the oldest row (keyset paging), so a jump"
        " costs one page whatever the count.",
        "",
        f"Peak memory of the process holding the window (resident set): {peak_mb:.0f} MB"
        " (target: under 500 MB).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # `python bench/run.py bench_list` writes BENCHMARKS.md
    print(main())
