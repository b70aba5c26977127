"""The referral list handed to an employer, as a PDF: names, sex, age, phone and
registration numbers, headings in Khmer and English (the employer may read either)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.fonts import khmer_family

# (key, Khmer heading, English heading, share of the table's width in %)
HEADINGS = (
    ("registration_no", "លេខចុះឈ្មោះ", "Registration no.", 22),
    ("name_km", "ឈ្មោះ", "Name (Khmer)", 16),
    ("name_latin", "ឈ្មោះឡាតាំង", "Name (Latin)", 16),
    ("sex", "ភេទ", "Sex", 10),
    ("age", "អាយុ", "Age", 6),
    ("phone", "ទូរស័ព្ទ", "Phone", 14),
    ("status", "ស្ថានភាព", "Status", 16),
)
SEX = {"male": "ប្រុស / Male", "female": "ស្រី / Female"}
STATUS = {"referred": "បានបញ្ជូន / Referred", "interviewed": "បានសម្ភាសន៍ / Interviewed",
          "hired": "បានជួល / Hired", "declined": "បដិសេធ / Declined"}


def referral_list_html(request: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> str:
    # Fixed shares of the page: Qt's automatic widths squeeze columns until it breaks
    # inside Khmer words.
    head = "".join(f"<th width='{share}%'>{km}<br/>{en}</th>" for _, km, en, share in HEADINGS)
    body = []
    for row in rows:
        cells = []
        for key, *_ in HEADINGS:
            value = row.get(key)
            text = SEX.get(value, value) if key == "sex" else (
                STATUS.get(value, value) if key == "status" else value)
            wrap = " style='white-space: nowrap'" if key in ("registration_no", "phone") else ""
            cells.append(f"<td{wrap}>{escape('' if text is None else str(text))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    title = escape(f"{request['employer_name']} — {request['job_title']}")
    return (
        "<h2>បញ្ជីពលករដែលបានបញ្ជូន / Referred workers</h2>"
        f"<p><b>{title}</b><br/>"
        f"ត្រូវការ / Needed: {int(request['workers_needed'])} · "
        f"ប្រាក់ខែ / Salary: {int(request['salary_usd'])} USD</p>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        f"<tr>{head}</tr>{''.join(body)}</table>"
        "<p>ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ / "
        "Ministry of Labour and Vocational Training</p>"
    )


def write_referral_pdf(path: Path, request: Mapping[str, Any],
                       rows: Sequence[Mapping[str, Any]]) -> Path:
    """Write the employer's list as an A4 PDF with the Khmer font."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # lay out at the PDF's 300 dpi
    doc.setPageSize(QSizeF(writer.pageLayout().paintRectPixels(300).size()))
    doc.setDefaultFont(QFont(khmer_family(), 10))
    doc.setHtml(referral_list_html(request, rows))
    doc.print_(writer)
    return Path(path)
