"""The registrations list at 100,000 records: how long until the first rows are on screen.

The real list screen (RegistrationsView: its model and QTableView) runs off screen at
1366x768. Each sample changes what the list shows and then repaints the table
synchronously, so the time covers the count, the page read, formatting and painting of
every visible row. Measured: a search (several kinds of query, without the typing
pause), a filter change, and a jump to the last row (scrollToBottom) with the page cache
emptied first.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.services import registrations  # noqa: E402
from bench.common import discard, new_desk, p50, pct  # noqa: E402

COUNT = int(os.environ.get("JCD_BENCH_LIST_COUNT", "100000"))
REPEATS = int(os.environ.get("JCD_BENCH_LIST_REPEATS", "5"))
NAME_QUERIES = ["ស្រីមុំ", "សុខ", "ដារ៉ា", "sreymom", "sok d", "chan", "so"]


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> str:
    from PySide6.QtWidgets import QAbstractSlider

    from app.ui.app import make_application
    from app.ui.events import AppEvents
    from app.ui.registrations_view import RegistrationsView

    started = time.perf_counter()
    desk = new_desk(COUNT, seed=11)
    made_s = time.perf_counter() - started
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

    sample = registrations.page(desk, registrations.list_filter(), 4321, 3)
    phone = "0" + next(r["phone"] for r in sample if r["phone"])[4:]
    number = sample[0]["registration_no"]
    queries = NAME_QUERIES + [f"{phone[:3]} {phone[3:6]} {phone[6:]}", number,
                              number.replace("-", "").lower()]

    def search(text: str) -> Callable[[], None]:
        def change() -> None:
            view.search.setText(text)
            view.apply_filter()
        return change

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
    counts: dict[str, int] = {}

    search_ms = []
    per_query: dict[str, list[float]] = {text: [] for text in queries}
    for _ in range(REPEATS):
        for text in queries:
            ms = shown_after(search(text))
            search_ms.append(ms)
            per_query[text].append(ms)
            counts[text] = model.total()
    rows.append(("search, first rows shown", search_ms, f"{len(queries)} queries"))

    filter_ms = [shown_after(change) for _ in range(REPEATS) for change in filter_changes]
    rows.append(("filter change, first rows shown", filter_ms,
                 f"{len(filter_changes)} filters"))

    jump_ms = []
    per_jump: dict[str, list[float]] = {}
    for name, setup in (("all", filters()), ("female", filters(sex="female")),
                        ("search `so`", search("so"))):
        per_jump[name] = []
        for _ in range(REPEATS):
            setup()
            table.scrollToTop()
            model.refresh()  # empty page cache: the last page must be read
            app.processEvents()
            ms = shown_after(to_bottom)
            jump_ms.append(ms)
            per_jump[name].append(ms)
    rows.append(("jump to last row", jump_ms, "all, one filter, one search"))

    fetches_before = model.page_fetches
    view.clear_filters()
    scrolled = 0
    bar = table.verticalScrollBar()
    for _ in range(200):  # 200 PageDowns from the top
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        table.viewport().repaint()
        scrolled += 1
    pages_read = model.page_fetches - fetches_before

    view.close()
    discard(desk)
    lines = [
        "## Registrations list",
        "",
        f"{COUNT:,} demo registrations (made in {made_s:.0f} s); the list screen off screen "
        f"at 1366x768 ({table.height()} px of table); each sample "
        "includes count, page read, formatting and a synchronous repaint. "
        f"{REPEATS} rounds.",
        "",
        "| what | samples | p50 ms | p95 ms | max ms | of |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, samples, what in rows:
        lines.append(
            f"| {name} | {len(samples)} | {p50(samples):.1f} | {pct(samples, 95):.1f} | "
            f"{max(samples):.1f} | {what} |"
        )
    lines += [
        "",
        f"Paging down {scrolled} screens from the top read {pages_read} pages of 200 rows.",
        "",
        "Per query (matches, p50 ms): "
        + ", ".join(f"`{q}` {counts[q]:,} {p50(ms):.0f}" for q, ms in per_query.items())
        + ".",
        "",
        "Jump to the last row (p50 ms): "
        + ", ".join(f"{name} {p50(ms):.0f}" for name, ms in per_jump.items())
        + ". The last page is read with OFFSET, so a jump costs a walk over the"
        " matching rows; paging and scrolling near the top do not.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # `python bench/run.py bench_list` writes BENCHMARKS.md
    print(main())
