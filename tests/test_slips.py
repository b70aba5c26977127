"""Registration slips: their text, their PDF, their QR code, and that they fit the paper.

The PDFs are checked with the tools a person would use: pdftotext and pdffonts
(poppler-utils) for the text and the embedded font, pdftoppm to render a page, and
zbarimg (zbar-tools) to read the QR code off the rendered page as a scanner would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.codes import COURSES, SECTORS
from app.domain.registration import display_phone
from app.services import officers, registrations, slips, training
from app.services.desk import Desk, gazetteer, reference
from app.slips.layout import (
    PAPER_SIZES,
    REPRINT_EN,
    REPRINT_KM,
    qr_payload,
    slip_content,
)
from app.slips.render import PAPERS, SlipPlacement, paint_slips, write_pdf

PT_PER_MM = 72 / 25.4
TOOLS = ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm", "zbarimg")


@pytest.fixture(autouse=True)
def _tools_and_qt(qapp) -> None:
    """Every test here draws with Qt (pytest-qt's ``qapp``) and reads PDFs with tools."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"missing {', '.join(missing)} (apt: poppler-utils, zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def pdf_text(pdf: Path) -> str:
    return run("pdftotext", "-layout", pdf, "-")


def pdf_pages(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) of each page, in whole millimetres."""
    info = run("pdfinfo", "-f", "1", "-l", "999", pdf)
    return [(round(float(w) / PT_PER_MM), round(float(h) / PT_PER_MM)) for w, h in
            re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def qr_codes(pdf: Path, tmp_path: Path, page: int | None = None) -> list[str]:
    """Decode every QR code on the rendered pages; Micro QR codes are reported apart."""
    prefix = tmp_path / f"page-{pdf.stem}"
    pages = ["-f", str(page), "-l", str(page)] if page else []
    run("pdftoppm", "-r", "200", *pages, "-png", pdf, prefix)
    codes = []
    for png in sorted(tmp_path.glob(f"{prefix.name}*.png")):
        result = subprocess.run(["zbarimg", "--quiet", png], capture_output=True, text=True,
                                timeout=60)
        codes += result.stdout.splitlines()
        png.unlink()
    return codes


def word_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, word) for every word pdftotext finds, in points."""
    html = run("pdftotext", "-bbox", pdf, "-")
    boxes = []
    for page_no, page in enumerate(html.split("<page ")[1:]):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', page):
            boxes.append((page_no, *(float(v) for v in m.groups()[:4]), m.group(5)))
    return boxes


# --- records ---------------------------------------------------------------------------


def longest_village() -> str:
    """The village whose names, with its commune, district and province, are longest."""
    gaz = gazetteer()

    def length(code: str) -> int:
        places = (gaz.get(code), *gaz.parents(code))
        return sum(len(p.name_km) + len(p.name_en) for p in places)

    villages = (v.code for d in gaz.all_districts() for c in gaz.communes(d.code)
                for v in gaz.villages(c.code))
    return max(villages, key=length)


def extreme(raw: dict[str, Any], *, latin: str) -> dict[str, Any]:
    """The most a slip can be asked to hold: every limit validation allows."""
    # 100 Khmer letters without a space: nowhere to break but between clusters.
    name_km = ("សុខសម្បត្តិចន្ទមុន្នីរតនា" * 5)[:100]
    return raw | {
        "name_km": name_km,
        "name_latin": latin,
        "sex": "female",
        "date_of_birth": None,
        "age": 70,
        "phone": "096 123 4567",
        "home_village_code": longest_village(),
        "preferred_province_codes": [p.code for p in gazetteer().provinces()],
        "sectors": list(SECTORS),
        "training_interests": list(COURSES),
        # the three sessions with the longest names
        "training_enrolments": sorted(
            (x.code for x in reference().sessions),
            key=lambda c: -len(reference().session(c).place_km))[:3],
        "expected_salary_usd": 5000,
    }


LONG_LATIN = ("Chhoeurng Sreymom Keomonyroth Vichheka " * 3)[:100]
WIDE_LATIN = "W" * 100  # the widest letter, and no space to break at


@pytest.fixture
def ordinary(desk: Desk, raw: dict[str, Any]) -> dict[str, Any]:
    return registrations.register(desk, raw)


@pytest.fixture
def long_officer(desk: Desk) -> officers.Officer:
    name = ("ហេង សុវណ្ណារិទ្ធ " * 8)[:100].strip()
    return officers.add_officer(desk, name, "secret123")


@pytest.fixture
def longest(desk: Desk, raw: dict[str, Any], long_officer) -> dict[str, Any]:
    desk.officer = long_officer
    return registrations.register(desk, extreme(raw, latin=LONG_LATIN))


# --- the slip's text -------------------------------------------------------------------


def test_slip_content_shows_the_record_in_khmer_and_english(desk, ordinary):
    (content,) = slips.slips_for_numbers(desk, [ordinary["registration_no"]])

    assert content.registration_no == ordinary["registration_no"]
    assert content.registration_no.isascii()
    assert content.qr_payload == f"JCD1|{ordinary['registration_no']}|{ordinary['id']}"
    assert content.name_km == "សុខ ដារ៉ា" and content.name_latin == "Sok Dara"
    # Born 1995-04-12, registered 2026-11-25 (the desk's fixed clock).
    assert content.field("sex_age").value.km == "ប្រុស · ៣១ ឆ្នាំ"
    assert content.field("sex_age").value.en == "Male · 31 years"
    assert content.field("phone").value.en == "012 345 678"
    village = gazetteer().get(ordinary["home_village_code"])
    assert content.field("home").value.km.startswith(village.name_km)
    assert content.field("provinces").value.en == "Kampong Speu, Phnom Penh"
    assert content.field("sectors").value.km == reference().label("sectors", "construction", "km")
    assert content.field("salary").value.en == "US$250 per month"
    assert content.field("training").value.en == "Electrical wiring"
    assert "២៥ វិច្ឆិកា ២០២៦" in content.issued.km and "Sokha" in content.issued.km
    assert "25 November 2026" in content.issued.en
    assert "Office Chbar Mon, Kampong Speu" in content.issued.en  # district 0502
    assert "1297" in content.next_steps.en and "១២៩៧" in content.next_steps.km
    assert "Job Search – MLVT" in content.next_steps.km
    assert content.reprint is None and content.withdrawn is None
    assert "enrolled" not in [f.key for f in content.fields]  # not enrolled: no line


def test_the_slip_says_where_and_when_to_go_for_training(desk, ordinary):
    training.enrol(desk, ordinary["id"], "MECH-2027-01-PNP", expected_version=1)
    (content,) = slips.slips_for_numbers(desk, [ordinary["registration_no"]])
    assert content.field("enrolled").value.en == (
        "Mechanics, National Technical Training Institute, Phnom Penh, 18 January 2027")
    assert content.field("enrolled").value.km == (
        "មេកានិក, វិទ្យាស្ថានជាតិបណ្តុះបណ្តាលបច្ចេកទេស ភ្នំពេញ, ១៨ មករា ២០២៧")


def test_age_on_a_slip_is_the_age_when_registered():
    record = {
        "id": "00000000-0000-4000-8000-000000000001", "registration_no": "0502-ABCDEF-00001-X",
        "sex": "female", "date_of_birth": "2000-06-30", "age": None, "phone": None,
        "home_village_code": "00000000", "created_at": "2026-06-29T17:30:00.000Z",
    }
    content = slip_content(
        record, gazetteer=gazetteer(), reference=reference(), officer_name="",
        office_label_km="", office_label_en="", reprint=True, today=date(2027, 8, 1),
    )
    # 17:30 UTC on 29 June is 00:30 on 30 June in Phnom Penh: her 26th birthday.
    assert content.field("sex_age").value.en == "Female · 26 years"
    assert "30 June 2026" in content.issued.en
    assert content.reprint.en == f"{REPRINT_EN} 1 August 2027"
    assert content.reprint.km.startswith(REPRINT_KM)


@pytest.mark.parametrize(("e164", "local"), [
    ("+85512345678", "012 345 678"),
    ("+855961234567", "096 123 4567"),
    (None, ""),
])
def test_phone_numbers_are_shown_as_people_dial_them(e164, local):
    assert display_phone(e164) == local


def test_unknown_number_is_named_in_the_error(desk, ordinary):
    with pytest.raises(KeyError, match="0502-ZZZZZZ-99999"):
        slips.slips_for_numbers(desk, [ordinary["registration_no"], "0502-ZZZZZZ-99999-0"])


def test_numbers_are_found_as_people_type_them(desk, ordinary):
    typed = ordinary["registration_no"].replace("-", "").lower()
    (content,) = slips.slips_for_numbers(desk, [typed])
    assert content.record_id == ordinary["id"]


def test_paper_comes_from_settings_and_defaults_to_a6(desk):
    assert slips.paper_setting(desk) == "a6"
    desk.set_setting("slip_paper", "receipt80")
    assert slips.paper_setting(desk) == "receipt80"
    desk.set_setting("slip_paper", "letter")
    assert slips.paper_setting(desk) == "a6"


# --- the PDF ---------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPER_SIZES)
def test_pdf_has_the_text_the_embedded_khmer_font_and_a_readable_qr_code(
    desk, ordinary, tmp_path, paper
):
    pdf = tmp_path / f"slip-{paper}.pdf"
    slips.save_pdf(desk, [ordinary["registration_no"]], pdf, paper)

    text = pdf_text(pdf)
    assert "SOK DARA" in text  # Latin names are printed in capitals, as on ID cards
    assert ordinary["registration_no"] in text
    assert "012 345 678" in text
    assert "1297" in text

    fonts = run("pdffonts", pdf).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    assert any("NotoSansKhmer" in line for line in fonts)
    # Every font is embedded (the "emb" column), so the slip prints on a laptop
    # without a Khmer font.
    assert all(line.split()[-5] == "yes" for line in fonts), fonts

    payload = qr_payload(ordinary["registration_no"], ordinary["id"])
    assert qr_codes(pdf, tmp_path) == [f"QR-Code:{payload}"]


def test_a_lone_slip_is_a_page_of_its_own_paper(desk, ordinary, tmp_path):
    sizes = {}
    for paper in PAPER_SIZES:
        pdf = tmp_path / f"{paper}.pdf"
        slips.save_pdf(desk, [ordinary["registration_no"]], pdf, paper)
        sizes[paper] = pdf_pages(pdf)
    assert sizes["a6"] == [(105, 148)]
    assert sizes["a5"] == [(148, 210)]
    ((width, height),) = sizes["receipt80"]
    assert width == 80 and 100 < height < 250


def _assert_inside(placements: list[SlipPlacement], pdf: Path, paper: str) -> None:
    """Every word lies inside its own slip, within the frame (or the receipt's margins)."""
    spec = PAPERS[paper]
    assert placements and all(p.fits for p in placements), placements
    boxes = word_boxes(pdf)
    assert boxes
    inset = (spec.frame_inset_mm or spec.padding_mm) * PT_PER_MM
    for page, x0, y0, x1, y1, word in boxes:
        slots = [p.rect_mm for p in placements if p.page == page]
        assert any(
            sx * PT_PER_MM + inset - 0.5 <= x0 and x1 <= (sx + sw) * PT_PER_MM - inset + 0.5
            and sy * PT_PER_MM + inset - 0.5 <= y0 and y1 <= (sy + sh) * PT_PER_MM - inset + 0.5
            for sx, sy, sw, sh in slots
        ), f"{word!r} at {(x0, y0, x1, y1)} is outside its slip on page {page + 1}"


@pytest.mark.parametrize("paper", PAPER_SIZES)
def test_the_longest_record_stays_inside_the_slip(desk, longest, tmp_path, paper):
    pdf = tmp_path / f"long-{paper}.pdf"
    placements = slips.save_pdf(desk, [longest["registration_no"]], pdf, paper)

    _assert_inside(placements, pdf, paper)
    text = pdf_text(pdf)
    assert longest["registration_no"] in text
    assert "096 123 4567" in text
    # The last item of each list ("Air-" may end a line).
    assert "Tboung Khmum" in text and "conditioning" in text
    assert qr_codes(pdf, tmp_path) == [f"QR-Code:JCD1|{longest['registration_no']}|"
                                       f"{longest['id']}"]
    if paper == "receipt80":
        # A receipt grows instead of shrinking its type.
        assert placements[0].shrink == 1.0


def test_a_name_with_nowhere_to_break_still_fits(desk, raw, long_officer, tmp_path):
    desk.officer = long_officer
    record = registrations.register(desk, extreme(raw, latin=WIDE_LATIN))
    pdf = tmp_path / "wide.pdf"
    placements = slips.save_pdf(desk, [record["registration_no"]], pdf, "a6")
    _assert_inside(placements, pdf, "a6")
    assert "WWWWWWWWWW" in pdf_text(pdf)


def test_several_a6_slips_print_four_to_an_a4_sheet(desk, raw, longest, tmp_path):
    people = [("Chan Vuthy", "ចាន់ វុទ្ធី"), ("Keo Sophea", "កែវ សុភា"),
              ("Lim Bunthoeun", "លឹម ប៊ុនធឿន"), ("Meas Rithy", "មាស ឫទ្ធី")]
    records = [longest]
    for i, (latin, khmer) in enumerate(people):
        records.append(registrations.register(desk, raw | {
            "name_latin": latin, "name_km": khmer, "phone": f"015 77{i} 888",
            "date_of_birth": f"19{70 + 8 * i}-0{i + 1}-1{i}",
        }))
    numbers = [r["registration_no"] for r in records]
    pdf = tmp_path / "five.pdf"
    placements = slips.save_pdf(desk, numbers, pdf, "a6")

    assert pdf_pages(pdf) == [(210, 297)] * 2
    assert [p.page for p in placements] == [0, 0, 0, 0, 1]
    assert [p.registration_no for p in placements] == numbers
    _assert_inside(placements, pdf, "a6")
    first_sheet = qr_codes(pdf, tmp_path, page=1)
    assert sorted(first_sheet) == sorted(
        f"QR-Code:JCD1|{r['registration_no']}|{r['id']}" for r in records[:4])
    assert qr_codes(pdf, tmp_path, page=2) == [
        f"QR-Code:JCD1|{records[4]['registration_no']}|{records[4]['id']}"]


def test_several_a5_slips_print_two_to_a_landscape_a4_sheet(desk, raw, ordinary, longest,
                                                           tmp_path):
    numbers = [ordinary["registration_no"], longest["registration_no"]]
    pdf = tmp_path / "two.pdf"
    placements = slips.save_pdf(desk, numbers, pdf, "a5")
    assert pdf_pages(pdf) == [(297, 210)]
    _assert_inside(placements, pdf, "a5")
    assert len(qr_codes(pdf, tmp_path)) == 2


def test_receipts_are_one_slip_per_page_as_long_as_each_needs(desk, ordinary, longest,
                                                              tmp_path):
    pdf = tmp_path / "receipts.pdf"
    slips.save_pdf(desk, [ordinary["registration_no"], longest["registration_no"]], pdf,
                   "receipt80")
    (w1, h1), (w2, h2) = pdf_pages(pdf)
    assert w1 == w2 == 80
    assert h2 > h1


def test_second_print_is_marked_as_a_reprint(desk, ordinary, tmp_path):
    number = ordinary["registration_no"]
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"

    # Building slips (for a preview) does not count as printing.
    slips.slips_for_numbers(desk, [number])
    assert slips.printed_count(desk, ordinary["id"]) == 0

    slips.save_pdf(desk, [number], first)
    assert slips.printed_count(desk, ordinary["id"]) == 1
    assert REPRINT_EN not in pdf_text(first)

    slips.save_pdf(desk, [number], second)
    assert slips.printed_count(desk, ordinary["id"]) == 2
    assert f"{REPRINT_EN} 25 November 2026" in pdf_text(second)


def test_withdrawn_record_slip_says_it_is_no_longer_valid(desk, ordinary, tmp_path):
    registrations.withdraw(desk, ordinary["id"], "moved abroad again", expected_version=1)
    pdf = tmp_path / "withdrawn.pdf"
    slips.save_pdf(desk, [ordinary["registration_no"]], pdf)
    assert "WITHDRAWN" in pdf_text(pdf)


def test_printer_path_paints_the_same_slip(desk, ordinary, tmp_path):
    """The window prints through a QPrinter; draw on one that writes a PDF file."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    pdf = tmp_path / "printer.pdf"
    printer.setOutputFileName(str(pdf))
    contents = slips.slips_for_numbers(desk, [ordinary["registration_no"]])
    placements = paint_slips(printer, contents, "a6")

    assert placements[0].fits
    assert pdf_pages(pdf) == [(105, 148)]
    assert qr_codes(pdf, tmp_path) == [f"QR-Code:{contents[0].qr_payload}"]


def test_unknown_paper_is_refused(desk, ordinary, tmp_path):
    contents = slips.slips_for_numbers(desk, [ordinary["registration_no"]])
    with pytest.raises(ValueError, match="letter"):
        write_pdf(contents, tmp_path / "x.pdf", "letter")


# --- Khmer below the line ---------------------------------------------------------------


def _ink(block) -> tuple[float, float]:
    """Top and bottom of what a paragraph's glyphs draw, in its document's coordinates."""
    layout = block.layout()
    origin = layout.position()
    tops, bottoms = [], []
    runs = [run for i in range(layout.lineCount()) for run in layout.lineAt(i).glyphRuns()]
    for run in runs:
        font = run.rawFont()
        for glyph, at in zip(run.glyphIndexes(), run.positions(), strict=True):
            ink = font.boundingRect(glyph)
            if not ink.isEmpty():
                tops.append(at.y() + ink.top())
                bottoms.append(at.y() + ink.bottom())
    return origin.y() + min(tops), origin.y() + max(bottoms)


@pytest.mark.parametrize("paper", ["a6", "receipt80"])
def test_khmer_below_the_line_never_touches_the_line_beneath(desk, raw, tmp_path, paper):
    from PySide6.QtGui import QPdfWriter

    from app.slips import render

    # Subscripts with vowels under them, the deepest Khmer goes: ្រុ, ្ញុំ, ្ត្រ.
    rec = registrations.register(desk, raw | {"name_km": "ស្រ្តី ញ៉ុញ ខ្ញុំ ក្រុង",
                                              "name_latin": "Srey Nhonh"})
    (content,) = slips.slips_for_numbers(desk, [rec["registration_no"]])
    render.ensure_gui_application()
    writer = QPdfWriter(str(tmp_path / "measure.pdf"))
    writer.setResolution(300)
    units = render._Units(writer)
    spec = render.PAPERS[paper]
    painter = render._fit(content, spec, units, render.khmer_family(), spec.width_mm, None)
    checked = 0
    for block in painter.blocks:
        for doc, _x, _y in block.docs:
            paragraph = doc.begin()
            while paragraph.isValid() and paragraph.next().isValid():
                below = paragraph.next()
                if render._has_khmer(paragraph.text()) and below.text().strip():
                    assert _ink(paragraph)[1] < _ink(below)[0], (paragraph.text(), below.text())
                    checked += 1
                paragraph = below
    assert checked >= 5  # the headings, the name, the labels: Khmer over English
