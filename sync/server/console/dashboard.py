"""The console's national dashboard: ``GET /console/`` (also ``/console/dashboard``), for
every signed-in role from viewer up. Counts only: no name, phone or record is shown, so
viewing it is not audited.

Each chart is a pygal SVG made on the server, at ``/console/dashboard/<chart>.svg``, with
its numbers as a table beside it and as CSV at ``/console/dashboard/<chart>.csv``; all
three take the page's filters (``?from=&to=&province=&channel=``). The page shows each
SVG in an ``<iframe>``: as its own document it loads the Khmer font headquarters serves
(an SVG shown through ``<img>`` may load nothing, and the console's policy forbids the
inline styles an SVG written into the page needs), and nothing on the page runs script.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlencode

import pygal
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pygal.style import Style

from app.domain import dashboard_figures as df
from app.domain.codes import CHANNELS, COURSES
from app.domain.digits import to_khmer_digits
from app.domain.khmerdate import format_date
from sync.server import figures
from sync.server.console.auth import Viewer
from sync.server.console.web import render, secure, state
from sync.server.i18n import Catalogue, request_language

router = APIRouter()

WORDS = Catalogue({
    "dashboard": ("ផ្ទាំងព័ត៌មានជាតិ", "National dashboard"),
    "lead": ("ចំនួនអ្នកចុះឈ្មោះស្វែងរកការងារទូទាំងប្រទេស តាមទិន្នន័យដែលកុំព្យូទ័រទាំងអស់បានបញ្ជូនមក។",
             "Returnees registered for work across the country, as every desk has synced."),
    "filters": ("តម្រង", "Filters"),
    "from": ("ចាប់ពីថ្ងៃ", "From"),
    "to": ("ដល់ថ្ងៃ", "To"),
    "province": ("ខេត្តរស់នៅ", "Home province"),
    "channel": ("មធ្យោបាយចុះឈ្មោះ", "Channel"),
    "all": ("ទាំងអស់", "All"),
    "show": ("បង្ហាញ", "Show"),
    "clear": ("លុបតម្រង", "Clear filters"),
    "date_hint": ("ឆ្នាំ-ខែ-ថ្ងៃ ឧ. 2026-11-01", "YYYY-MM-DD, e.g. 2026-11-01"),
    "filter_problem": ("តម្រងមិនត្រឹមត្រូវ៖", "These filters cannot be used:"),
    "invalid_date": ("«{field}»៖ មិនមែនជាកាលបរិច្ឆេទ (សរសេរ ឆ្នាំ-ខែ-ថ្ងៃ)",
                     "“{field}”: not a date (write YYYY-MM-DD)"),
    "before_start": ("«{field}»៖ នៅមុនថ្ងៃចាប់ផ្តើម", "“{field}”: is before the start day"),
    "unknown_code": ("«{field}»៖ មិនមែនជាជម្រើសមួយក្នុងបញ្ជី", "“{field}”: not one of the choices"),
    "registrations": ("ការចុះឈ្មោះទាំងអស់", "Registrations"),
    "active": ("កំពុងស្វែងរកការងារ", "Looking for work"),
    "withdrawn": ("បានដកឈ្មោះចេញ", "Withdrawn"),
    "duplicates": ("ចុះឈ្មោះស្ទួន", "Duplicates"),
    "placed": ("បានទទួលការងារ", "Placed in work"),
    "placement_rate": ("អត្រាទទួលបានការងារ", "Placement rate"),
    "counts_note": ("ក្រាហ្វខាងក្រោម (លើកលែងតែការចុះឈ្មោះប្រចាំថ្ងៃ) រាប់តែអ្នកកំពុងស្វែងរកការងារ៖ "
                    "មិនរាប់អ្នកដកឈ្មោះចេញ ឬការចុះឈ្មោះស្ទួនទេ។ សំណើរបស់និយោជកត្រូវបានរាប់តាមស្ថានភាពបច្ចុប្បន្ន "
                    "ដោយមិនគិតតម្រង។",
                    "The charts below (but the registrations per day) count returnees looking "
                    "for work: withdrawn and duplicate registrations are left out. Employer "
                    "requests are counted as they stand, whatever the filters."),
    "nothing": ("មិនទាន់មានការចុះឈ្មោះត្រូវនឹងតម្រងនេះទេ។",
                "No registrations match these filters yet."),
    "download_csv": ("ទាញយកជា CSV", "Download as CSV"),
    "chart_of": ("ក្រាហ្វ៖ {title}", "Chart: {title}"),
    "table_of": ("តារាង៖ {title}", "Table: {title}"),
    "top_gaps": ("ក្រាហ្វបង្ហាញគម្លាតធំបំផុត {n}", "The chart shows the {n} largest gaps"),
    # chart titles
    "per_day": ("ការចុះឈ្មោះប្រចាំថ្ងៃ តាមមធ្យោបាយ", "Registrations per day, by channel"),
    "provinces": ("តាមខេត្តរស់នៅ និងខេត្តដែលចង់ធ្វើការ", "By home province and preferred province"),
    "sector_gap": ("វិស័យដែលចង់ធ្វើ ធៀបនឹងកម្មករដែលនិយោជកត្រូវការ",
                   "Sectors wanted against workers employers need"),
    "sector_gap_by_province": ("គម្លាតតាមខេត្តកន្លែងធ្វើការ និងវិស័យ",
                               "The gap by workplace province and sector"),
    "sex_age": ("ភេទ និងអាយុ", "Sex and age"),
    "salary": ("ប្រាក់ខែរំពឹងទុក (ដុល្លារ ក្នុងមួយខែ)", "Expected salary (USD a month)"),
    "funnel": ("បានបញ្ជូន → បានសម្ភាសន៍ → បានជួល", "Referred → interviewed → hired"),
    "training": ("តម្រូវការវគ្គបណ្តុះបណ្តាល ធៀបនឹងចំនួនកន្លែង តាមខេត្ត",
                 "Training demand against seats, by province"),
    # columns
    "col_day": ("ថ្ងៃ", "Day"),
    "col_total": ("សរុប", "Total"),
    "col_province": ("ខេត្ត", "Province"),
    "col_home": ("រស់នៅ", "Living there"),
    "col_preferred": ("ចង់ធ្វើការនៅទីនោះ", "Want to work there"),
    "col_sector": ("វិស័យ", "Sector"),
    "col_wanted": ("អ្នកចង់ធ្វើ", "Returnees wanting it"),
    "col_requested": ("និយោជកត្រូវការ", "Workers employers need"),
    "col_gap": ("គម្លាត", "Gap"),
    "col_age_band": ("អាយុ", "Age"),
    "col_male": ("ប្រុស", "Male"),
    "col_female": ("ស្រី", "Female"),
    "col_band": ("ប្រាក់ខែ (ដុល្លារ)", "Salary (USD)"),
    "col_registrations": ("ចំនួនអ្នក", "Returnees"),
    "col_stage": ("ដំណាក់កាល", "Stage"),
    "col_count": ("ចំនួន", "Count"),
    "col_demand": ("សំណើចូលរៀន", "Course requests"),
    "col_seats": ("ចំនួនកន្លែង", "Seats"),
    "col_enrolled": ("បានចុះឈ្មោះចូលរៀន", "Enrolled"),
    "col_seats_left": ("កន្លែងនៅសល់", "Seats left"),
    # values
    "ch_field": ("ចុះមូលដ្ឋាន", "Field visit"),
    "ch_hotline_1297": ("ខ្សែទូរស័ព្ទ 1297", "Hotline 1297"),
    "ch_walk_in": ("មកដោយផ្ទាល់", "Walk-in"),
    "ch_telegram": ("តេឡេក្រាម", "Telegram"),
    "ch_qr": ("កូដ QR", "QR code"),
    "stage_referred": ("បានបញ្ជូន", "Referred"),
    "stage_interviewed": ("បានសម្ភាសន៍", "Interviewed"),
    "stage_hired": ("បានជួល", "Hired"),
    "unknown": ("មិនដឹង", "Unknown"),
    "not_given": ("មិនបានបញ្ជាក់", "Not given"),
})
assert all(f"ch_{c}" in WORDS.words for c in CHANNELS)

TOP_GAPS = 15
SVG_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; "
              "img-src 'self' data:; frame-ancestors 'self'")


# --- labels ------------------------------------------------------------------------------

@cache
def _places() -> dict[str, tuple[str, str]]:
    from app.resources import bundled_gazetteer

    gaz = bundled_gazetteer()
    return {p.code: (p.name_km, p.name_en) for p in gaz.provinces()}


def province_name(code: str, lang: str) -> str:
    names = _places().get(code)
    return (names[0] if lang == "km" else names[1]) if names else code


def sector_name(code: str, lang: str) -> str:
    return figures.bundled_reference().label("sectors", code, lang)


def course_name(code: str, lang: str) -> str:
    return figures.bundled_reference().label("courses", code, lang)


def digits(lang: str, value: Any) -> str:
    text = str(value)
    return to_khmer_digits(text) if lang == "km" else text


def band_label(code: str, lang: str) -> str:
    if code in (df.UNKNOWN, df.NOT_GIVEN):
        return WORDS(lang, code)
    return digits(lang, code.replace("-", "–"))


def column_label(column: str, lang: str) -> str:
    if column in CHANNELS:
        return WORDS(lang, f"ch_{column}")
    if column in COURSES:
        return course_name(column, lang)
    return WORDS(lang, f"col_{column}")


# Code columns and how each reads (by language) in tables, CSV name columns and charts.
NAMED: dict[str, Callable[[str, str], str]] = {
    "province": province_name,
    "sector": sector_name,
    "age_band": band_label,
    "band": band_label,
    "stage": lambda code, lang: WORDS(lang, f"stage_{code}"),
}


def cell(column: str, value: Any, lang: str) -> str:
    """A table cell for people: names for codes, Khmer digits on Khmer pages."""
    if column in NAMED:
        return NAMED[column](str(value), lang)
    if column == "day":
        return format_date(date.fromisoformat(value), lang)
    return digits(lang, value)


# --- filters -----------------------------------------------------------------------------

def _filters(request: Request) -> tuple[figures.Filters, list[str], dict[str, str]]:
    """The page's filters, the problems with them in the reader's words, and the raw
    values (to keep them in the form)."""
    lang = request_language(request)
    raw = {k: request.query_params.get(k, "").strip() for k in ("from", "to", "province",
                                                                "channel")}
    found, errors = figures.parse_filters(raw, figures.province_codes())
    problems = [WORDS(lang, e.rule, field=WORDS(lang, e.field)) for e in errors]
    return found, problems, raw


def _query(filters: figures.Filters, lang: str) -> str:
    pairs = {k: v for k, v in filters.as_dict().items() if v} | {"lang": lang}
    return urlencode(pairs)


# --- charts ------------------------------------------------------------------------------

def _style(lang: str) -> Style:
    family = "'Noto Sans Khmer', sans-serif" if lang == "km" else (
        "'Noto Sans Khmer', 'Noto Sans', Arial, sans-serif")
    return Style(
        background="white", plot_background="white", foreground="#222",
        foreground_strong="#111", foreground_subtle="#ccc", opacity=".9",
        opacity_hover="1", font_family=family, label_font_family=family,
        major_label_font_family=family, legend_font_family=family,
        value_font_family=family, title_font_family=family, tooltip_font_family=family,
        label_font_size=13, major_label_font_size=13, legend_font_size=14,
        value_font_size=12, colors=("#1f5f8b", "#d9822b", "#3c8d40", "#8e44ad", "#c0392b",
                                    "#7f8c8d"),
        # pygal's default (64 px) runs a Khmer "nothing yet" line off the chart.
        no_data_font_size=18)


def _chart(kind: type, lang: str, **config: Any) -> Any:
    font = "inline:@font-face{font-family:'Noto Sans Khmer';src:url(/static/fonts/NotoSansKhmer.ttf)}"
    base: dict[str, Any] = {
        "style": _style(lang), "js": [], "css": ["file://style.css", "file://graph.css", font],
        "width": 720, "height": 380, "legend_at_bottom": True, "truncate_label": 40,
        "truncate_legend": 40, "margin": 12, "show_y_guides": True,
        "formatter": lambda v: digits(lang, f"{v:,.0f}" if isinstance(v, int | float) else v),
        "value_formatter": lambda v: digits(lang, f"{v:,.0f}"),
        "no_data_text": WORDS(lang, "nothing"),
    }
    return kind(**(base | config))


def integer_ticks(low: float, top: float, most: int = 8) -> list[int]:
    """Whole-number ticks covering ``low``..``top`` (and 0) at a round step (1, 2, 5 x
    10^n): counts have no fractions, so neither does their axis."""
    low, top = min(low, 0), max(top, 1)
    step = 1
    while (top - low) / step > most:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if (top - low) / step <= most:
                break
    first = -(-int(-low) // step) * -step  # round away from zero, to a step
    last = -(-int(top) // step) * step
    return list(range(first, last + 1, step))


def _values_axis(chart: Any, values: list[float]) -> None:
    ticks = integer_ticks(min(values, default=0), max(values, default=0))
    chart.y_labels = ticks
    chart.range = (ticks[0], ticks[-1])


def chart_svg(table: figures.Table, lang: str) -> str:
    """The pygal chart of one table, as a standalone SVG document."""
    rows = table.as_dicts()
    name = table.name
    # A horizontal chart draws its first label lowest: reversed, it reads as the table.
    flipped = rows[::-1]
    if name == "per_day":
        # A bar a day for a month; past that stacked areas: five shapes read (and draw)
        # better than hundreds of bars.
        every = {"show_minor_x_labels": False, "x_labels_major_every": max(1, len(rows) // 8)}
        chart = (_chart(pygal.StackedBar, lang, **every) if len(rows) <= 31 else
                 _chart(pygal.StackedLine, lang, fill=True, show_dots=False, **every))
        chart.x_labels = [digits(lang, f"{r['day'][8:10]}/{r['day'][5:7]}") for r in rows]
        for channel in CHANNELS:
            chart.add(WORDS(lang, f"ch_{channel}"), [r[channel] for r in rows])
    elif name == "provinces":
        chart = _chart(pygal.HorizontalBar, lang, height=max(380, 28 * len(rows) + 120))
        chart.x_labels = [province_name(r["province"], lang) for r in flipped]
        chart.add(column_label("home", lang), [r["home"] for r in flipped])
        chart.add(column_label("preferred", lang), [r["preferred"] for r in flipped])
    elif name == "sector_gap":
        chart = _chart(pygal.HorizontalBar, lang, height=max(380, 34 * len(rows) + 120))
        chart.x_labels = [sector_name(r["sector"], lang) for r in flipped]
        chart.add(column_label("wanted", lang), [r["wanted"] for r in flipped])
        chart.add(column_label("requested", lang), [r["requested"] for r in flipped])
    elif name == "sector_gap_by_province":
        top = sorted(rows, key=lambda r: (-abs(r["gap"]), r["province"], r["sector"]))[:TOP_GAPS]
        top = top[::-1]
        chart = _chart(pygal.HorizontalBar, lang, height=max(380, 28 * len(top) + 120),
                       show_legend=False)
        chart.x_labels = [f"{province_name(r['province'], lang)} · {sector_name(r['sector'], lang)}"
                          for r in top]
        chart.add(column_label("gap", lang), [r["gap"] for r in top])
    elif name == "sex_age":
        chart = _chart(pygal.Bar, lang)
        chart.x_labels = [band_label(r["age_band"], lang) for r in rows]
        chart.add(column_label("male", lang), [r["male"] for r in rows])
        chart.add(column_label("female", lang), [r["female"] for r in rows])
    elif name == "salary":
        chart = _chart(pygal.Bar, lang, show_legend=False)
        chart.x_labels = [band_label(r["band"], lang) for r in rows]
        chart.add(column_label("registrations", lang), [r["registrations"] for r in rows])
    elif name == "funnel":
        chart = _chart(pygal.HorizontalBar, lang, show_legend=False, height=260)
        chart.x_labels = [WORDS(lang, f"stage_{r['stage']}") for r in flipped]
        chart.add(column_label("count", lang), [r["count"] for r in flipped])
    elif name == "training":
        chart = _chart(pygal.HorizontalBar, lang, height=max(380, 40 * len(rows) + 120))
        chart.x_labels = [province_name(r["province"], lang) for r in flipped]
        for column in ("demand", "seats", "enrolled"):
            chart.add(column_label(column, lang), [r[column] for r in flipped])
    else:  # pragma: no cover - CHARTS and this list are one
        raise KeyError(name)
    _values_axis(chart, _plotted(chart, stacked=name == "per_day"))
    svg = chart.render(is_unicode=True)
    # No script runs in the chart (the console's policy forbids it anyway).
    return re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)


def _plotted(chart: Any, *, stacked: bool) -> list[float]:
    """The values the chart draws (the stacked sums for a stacked one)."""
    series = [[v or 0 for v in values] for values, _ in chart.raw_series]
    if stacked and series:
        return [sum(column) for column in zip(*series, strict=True)]
    return [v for s in series for v in s]


def csv_text(table: figures.Table, lang: str) -> str:
    """A chart's table as CSV: the codes, with a name column beside each code column in
    the reader's language; a byte-order mark so spreadsheet programs show Khmer."""
    header: list[str] = []
    for column in table.columns:
        header.append(column)
        if column in ("province", "sector"):
            header.append(f"{column}_name")
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in table.as_dicts():
        line: list[Any] = []
        for column in table.columns:
            line.append(row[column])
            if column in ("province", "sector"):
                line.append(NAMED[column](str(row[column]), lang))
        writer.writerow(line)
    return out.getvalue()


# --- pages -------------------------------------------------------------------------------

def _read(request: Request, filters: figures.Filters) -> figures.Dashboard:
    return figures.read_cached(state(request).engine, filters)


@router.get("/", response_class=HTMLResponse)
@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, staff: Viewer) -> HTMLResponse:
    lang = request_language(request)
    filters, problems, raw = _filters(request)
    found = _read(request, filters)
    query = _query(filters, lang)
    charts = []
    for name in figures.CHARTS:
        table = found.tables[name]
        charts.append({
            "name": name, "title": WORDS(lang, name),
            "columns": [column_label(c, lang) for c in table.columns],
            "numeric": [c not in NAMED and c != "day" for c in table.columns],
            "rows": [[cell(c, v, lang) for c, v in zip(table.columns, row, strict=True)]
                     for row in table.rows],
            "svg": f"/console/dashboard/{name}.svg?{query}",
            "csv": f"/console/dashboard/{name}.csv?{query}",
            "height": _frame_height(table),
        })
    rate = found.totals["placement_rate"]
    totals = [(WORDS(lang, k), digits(lang, f"{found.totals[k]:,}"))
              for k in ("registrations", "active", "withdrawn", "duplicates", "placed")]
    totals.append((WORDS(lang, "placement_rate"), digits(lang, f"{rate:.1%}")))
    return render(
        request, "console/dashboard.html", staff, words=WORDS, charts=charts, totals=totals,
        problems=problems, raw=raw, empty=found.totals["registrations"] == 0,
        provinces=[(code, province_name(code, lang)) for code in figures.province_codes()],
        channels=[(c, WORDS(lang, f"ch_{c}")) for c in CHANNELS], top_gaps=TOP_GAPS)


def _frame_height(table: figures.Table) -> int:
    n = len(table.rows)
    return {"provinces": max(380, 28 * n + 120), "sector_gap": max(380, 34 * n + 120),
            "sector_gap_by_province": max(380, 28 * min(n, TOP_GAPS) + 120),
            "funnel": 260, "training": max(380, 40 * n + 120)}.get(table.name, 380)


def _table_of(request: Request, chart: str) -> tuple[figures.Table | None, str]:
    lang = request_language(request)
    if chart not in figures.CHARTS:
        return None, lang
    filters, _, _ = _filters(request)  # a bad filter is no filter, as on the page
    return _read(request, filters).tables[chart], lang


def _not_found() -> Response:
    return secure(Response("not found", status_code=404, media_type="text/plain"))


@router.get("/dashboard/{chart}.svg")
def chart_image(request: Request, chart: str, staff: Viewer) -> Response:
    table, lang = _table_of(request, chart)
    if table is None:
        return _not_found()
    response = secure(Response(chart_svg(table, lang), media_type="image/svg+xml"))
    # Its own document in the page's frame: its inline styles and the served font only.
    response.headers["Content-Security-Policy"] = SVG_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@router.get("/dashboard/{chart}.csv")
def chart_csv(request: Request, chart: str, staff: Viewer) -> Response:
    table, lang = _table_of(request, chart)
    if table is None:
        return _not_found()
    name = f"dashboard-{chart}-{date.today().isoformat()}.csv"
    return secure(Response(csv_text(table, lang).encode("utf-8"),
                           media_type="text/csv; charset=utf-8",
                           headers={"Content-Disposition": f'attachment; filename="{name}"'}))
