"""The desk's home screen at 1,000,000 registrations: reading every tile's and chart's
numbers (what each save, sync and import redraws), beside the same numbers counted from
the registrations themselves; drawing its two charts; and what pygal costs to import.

`python bench/bench_home.py` prints the markdown section bench/run.py puts into
BENCHMARKS.md. The desk is the cached demo desk of bench/common.py (demo registrations
spread over 150 days, so 14 days hold about 93,000 of them).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SCALE = int(os.environ.get("JCD_BENCH_HOME_SCALE", "1000000"))
RUNS = 30
BUDGET_MS = 50  # the figures of one redraw


def _ms(fn, runs: int = RUNS) -> list[float]:  # noqa: ANN001
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _from_rows(desk, first: str) -> None:  # noqa: ANN001
    """The day and sector counts straight from the registrations (the created-on index,
    then each row), for comparison."""
    desk.conn.execute(
        "SELECT created_on, count(*) FROM registrations INDEXED BY registrations_created_on"
        " WHERE created_on >= ? AND withdrawn = 0 GROUP BY created_on", (first,)).fetchall()
    desk.conn.execute(
        "SELECT j.value, count(*) FROM registrations r INDEXED BY registrations_created_on,"
        " json_each(r.sectors) j WHERE r.created_on >= ? AND r.withdrawn = 0"
        " GROUP BY j.value", (first,)).fetchall()


def _import_ms(module: str) -> float:
    """Median wall time of a fresh interpreter importing ``module``, less a bare one."""
    def run(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        return (time.perf_counter() - started) * 1000
    bare = statistics.median(run("pass") for _ in range(5))
    return statistics.median(run(f"import {module}") for _ in range(5)) - bare


def main() -> str:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from app.services import home
    from app.ui.app import make_application
    from app.ui.home_charts import CHART_SIZE, SvgChart, bar_chart
    from bench.common import cached_desk, discard, pct

    make_application()
    desk = cached_desk(SCALE)
    try:
        figures = home.figures(desk)
        kept = _ms(lambda: home.figures(desk))
        first = (desk.today() - timedelta(days=home.CHART_DAYS - 1)).isoformat()
        rows = _ms(lambda: _from_rows(desk, first), runs=5)
        in_days = sum(n for _, n in figures.by_day)
    finally:
        discard(desk)

    days = [str(d.day) for d, _ in figures.by_day]
    counts = [n for _, n in figures.by_day]
    sectors = [code for code, _ in figures.sectors[:6]]
    wanted = [n for _, n in figures.sectors[:6]]

    def draw() -> None:
        chart = SvgChart()
        chart.resize(CHART_SIZE)
        for svg in (bar_chart("Registrations per day", days, counts, empty="none"),
                    bar_chart("Sectors", sectors, wanted, empty="none", horizontal=True)):
            chart.set_svg(svg)
            image = QImage(CHART_SIZE, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            chart.renderer.render(painter)
            painter.end()

    draw()  # pygal's import and first use
    charts = _ms(draw, runs=10)
    QApplication.processEvents()
    pygal_ms = _import_ms("pygal")
    verdict = "ok" if pct(kept, 95) < BUDGET_MS else "OVER"
    return "\n".join([
        "## Home screen (desk)",
        "",
        f"Every number of the desk's home screen (`app.services.home.figures`: today, this "
        f"week, waiting, refused, open requests, sessions filling up, the last sync and "
        f"both charts' numbers) on the cached demo desk of {SCALE:,} registrations "
        f"({in_days:,} of them in the charts' {home.CHART_DAYS} days), {RUNS} reads, on a "
        "shared 2-core machine busy with other work. The home screen reads them "
        "after every save, sync and import while shown. Beside it, the same day and "
        "sector counts taken from the registrations (the created-on index, then each row) "
        "instead of the counts migration 0010's triggers keep.",
        "",
        "| what | p50 | p95 | budget |",
        "|---|---|---|---|",
        f"| every home screen number, from the kept counts | {pct(kept, 50):.1f} ms | "
        f"{pct(kept, 95):.1f} ms | {verdict} (p95 under {BUDGET_MS} ms) |",
        f"| the day and sector counts alone, from the registrations | {pct(rows, 50):.0f} ms"
        f" | {pct(rows, 95):.0f} ms | (comparison) |",
        f"| both charts: pygal SVG made and drawn by QtSvg at "
        f"{CHART_SIZE.width()}x{CHART_SIZE.height()} | {pct(charts, 50):.0f} ms | "
        f"{pct(charts, 95):.0f} ms | drawn after the first show |",
        "",
        f"Importing pygal takes {pygal_ms:.0f} ms in a fresh interpreter (median of 5): "
        "the home screen imports it and draws its charts only after the window has been "
        "shown, so start-up does not wait for it.",
    ])


if __name__ == "__main__":
    print(main())
