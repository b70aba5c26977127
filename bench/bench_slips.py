"""How long one registration slip takes to render to PDF (budget: 200 ms).

Warm timings: the font is registered and Qt's caches are filled by a few slips first,
as they are after the first print of the day. Each run lays out one slip (shrinking it
to fit when it must), draws it and writes the PDF file.

`python bench/bench_slips.py` prints the markdown section bench/run.py puts into
BENCHMARKS.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BUDGET_MS = 200
WARMUP = 3
RUNS = 40


def _records() -> dict[str, dict]:
    from app.domain.codes import COURSES, SECTORS
    from app.services.desk import gazetteer

    gaz = gazetteer()
    ordinary = {
        "id": "6f1c2b9e-3d4a-4b5c-9e8f-0123456789ab", "version": 1,
        "registration_no": "0502-7KQ2MX-00017-4", "name_km": "សុខ ដារ៉ា",
        "name_latin": "Sok Dara", "sex": "male", "date_of_birth": "1995-04-12", "age": None,
        "phone": "+85512345678", "home_village_code": gaz.villages(
            gaz.communes("0502")[0].code)[0].code,
        "preferred_province_codes": ["05", "12"], "sectors": ["construction"],
        "expected_salary_usd": 250, "training_interests": ["electrical_wiring"],
        "created_at": "2026-11-25T03:00:00.000Z", "withdrawn": False,
    }
    longest = ordinary | {
        "name_km": ("សុខសម្បត្តិចន្ទមុន្នីរតនា" * 5)[:100],
        "name_latin": ("Chhoeurng Sreymom Keomonyroth Vichheka " * 3)[:100],
        "sex": "female", "date_of_birth": None, "age": 70, "phone": "+855961234567",
        "home_village_code": "12091807",
        "preferred_province_codes": [p.code for p in gaz.provinces()],
        "sectors": list(SECTORS), "training_interests": list(COURSES),
        "expected_salary_usd": 5000,
    }
    return {"ordinary": ordinary, "longest": longest}


def _timings(content, paper: str, folder: Path) -> list[float]:
    from app.slips.render import write_pdf

    out = []
    for index in range(WARMUP + RUNS):
        started = time.perf_counter()
        write_pdf([content], folder / f"slip-{index % 2}.pdf", paper)
        if index >= WARMUP:
            out.append((time.perf_counter() - started) * 1000)
    return out


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.services.desk import gazetteer, reference
    from app.slips.layout import PAPER_SIZES, slip_content
    from app.slips.render import ensure_gui_application

    ensure_gui_application()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, record in _records().items():
            content = slip_content(
                record, gazetteer=gazetteer(), reference=reference(), officer_name="Sokha",
                office_label_km="ច្បារមន, កំពង់ស្ពឺ", office_label_en="Chbar Mon, Kampong Speu",
                reprint=False, today=date(2026, 11, 25),
            )
            for paper in PAPER_SIZES:
                times = _timings(content, paper, Path(tmp))
                p50, p95 = statistics.median(times), _percentile(times, 0.95)
                verdict = "ok" if p95 < BUDGET_MS else "over budget"
                rows.append(f"| {name} record, {paper} | {RUNS} | {p50:.1f} | {p95:.1f} | "
                            f"{verdict} |")
    return "\n".join([
        "## Registration slips: one slip to PDF",
        "",
        f"Warm, {RUNS} runs after {WARMUP} warm-up slips; budget {BUDGET_MS} ms. "
        "'longest' has every field at the limit validation allows and is shrunk to fit.",
        "",
        "| slip | runs | p50 ms | p95 ms | within budget |",
        "|---|---|---|---|---|",
        *rows,
    ])


if __name__ == "__main__":
    print(main())
