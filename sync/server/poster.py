"""A district's A4 QR poster as a PDF (``jobcentre-hq poster``), drawn with Qt.

The words and the address come from app/domain/poster.py; this module only lays them
out: Khmer first in the shipped Noto Sans Khmer (so the PDF embeds the font and shapes
the same everywhere), English under each Khmer line, the QR code large in the middle.
The QR code is painted by the same routine as the desks' slips (standard QR, quiet zone,
one filled path), so a phone reads it as it reads a slip.

When the words need more height than the page has (a long district name), every font
and the code shrink together until the whole poster fits: nothing is clipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from app.domain.poster import EMPLOYERS, RETURNEES, PosterError, PosterText, poster_text, poster_url
from app.fonts import khmer_family
from app.slips.render import ensure_gui_application, paint_qr

DPI = 300
PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
MARGIN_MM = 14.0
QR_MM = 100.0
INK, SOFT, ACCENT = "#000000", "#333333", "#1a3c6e"


@dataclass(frozen=True)
class Poster:
    district_code: str
    page: str  # RETURNEES or EMPLOYERS
    url: str
    text: PosterText


def make_poster(district_code: str, base_url: str, *, employers: bool = False) -> Poster:
    """The poster's content for a district of the gazetteer; ``PosterError`` names the
    field when the district or the address will not do."""
    from sync.server.public import gazetteer

    page = EMPLOYERS if employers else RETURNEES
    url = poster_url(base_url, district_code, page)
    gaz = gazetteer()
    district = gaz.get(district_code)
    if district is None or district.level != "district":
        raise PosterError("district", f"no district {district_code} in the gazetteer "
                                      f"(version {gaz.version})")
    province = gaz.get(district_code[:2])
    assert province is not None
    return Poster(district_code, page, url, poster_text(
        page, url, district_km=district.name_km, district_en=district.name_en,
        province_km=province.name_km, province_en=province.name_en))


class _Painter:
    def __init__(self, painter: QPainter, family: str, scale: float):
        self.p, self.family, self.scale = painter, family, scale
        self.px_per_mm = DPI / 25.4
        self.left = MARGIN_MM * self.px_per_mm
        self.width = (PAGE_W_MM - 2 * MARGIN_MM) * self.px_per_mm

    def mm(self, value: float) -> float:
        return value * self.px_per_mm

    def font(self, pt: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(pt * self.scale)
        font.setBold(bold)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        return font

    def block(self, y: float, text: str, pt: float, *, bold: bool = False, ink: str = INK,
              draw: bool = True, left: float | None = None, width: float | None = None,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter) -> float:
        """Wrapped text from ``y``; returns the y below it."""
        font = self.font(pt, bold)
        x = self.left if left is None else left
        w = self.width if width is None else width
        flags = int(align) | int(Qt.TextFlag.TextWordWrap)
        # Metrics of the paint device, so the measured height is the drawn height.
        metrics = QFontMetricsF(font, self.p.device())
        rect = metrics.boundingRect(QRectF(x, y, w, self.mm(400)), flags, text)
        if draw:
            self.p.setFont(font)
            self.p.setPen(QColor(ink))
            self.p.drawText(QRectF(x, y, w, rect.height()), flags, text)
        return y + rect.height()

    def pair(self, y: float, km: str, en: str, km_pt: float, en_pt: float, *,
             bold: bool = False, draw: bool = True, gap_mm: float = 1.0, **kw: object
             ) -> float:
        y = self.block(y, km, km_pt, bold=bold, draw=draw, **kw)
        y += self.mm(gap_mm) * self.scale
        return self.block(y, en, en_pt, ink=SOFT, draw=draw, **kw)


def _paint(poster: Poster, painter: QPainter, family: str, scale: float, draw: bool
           ) -> float:
    """Lay the poster out (drawing it when ``draw``); returns the height used, in px."""
    t, d = poster.text, _Painter(painter, family, scale)
    gap = d.mm(4) * scale
    y = d.mm(MARGIN_MM)
    y = d.pair(y, t.ministry.km, t.ministry.en, 15, 11, bold=True, draw=draw)
    y += d.mm(2.5) * scale
    if draw:
        painter.setPen(QPen(QColor(ACCENT), d.mm(1.2)))
        painter.drawLine(int(d.left), int(y), int(d.left + d.width), int(y))
    y += gap
    y = d.pair(y, t.headline.km, t.headline.en, 28, 19, bold=True, draw=draw, gap_mm=2)
    y += d.mm(3) * scale
    y = d.pair(y, t.who.km, t.who.en, 15, 12, draw=draw)
    y += gap

    qr = d.mm(QR_MM) * scale
    if draw:
        paint_qr(painter, poster.url, QRectF(d.left + (d.width - qr) / 2, y, qr, qr))
    y += qr
    y = d.block(y, poster.url, 12, ink=SOFT, draw=draw)
    y += gap
    y = d.pair(y, t.place.km, t.place.en, 18, 12, bold=True, draw=draw)
    y += gap

    number_w = d.mm(12)
    for n, step in enumerate(t.steps, start=1):
        top = y
        d.block(top, str(n), 20, bold=True, ink=ACCENT, draw=draw, left=d.left + d.mm(14),
                width=number_w, align=Qt.AlignmentFlag.AlignLeft)
        y = d.pair(top, step.km, step.en, 14, 11, draw=draw, left=d.left + d.mm(14) + number_w,
                   width=d.width - d.mm(28) - number_w, align=Qt.AlignmentFlag.AlignLeft,
                   gap_mm=0.5)
        y += d.mm(2.5) * scale
    y += gap * 0.6

    box_top = y
    y += d.mm(3)
    y = d.pair(y, t.hotline.km, t.hotline.en, 18, 13, bold=True, draw=draw)
    y += d.mm(3)
    if draw:
        painter.setPen(QPen(QColor(ACCENT), d.mm(0.8)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(d.left, box_top, d.width, y - box_top), d.mm(3),
                                d.mm(3))
    return y


def write_pdf(poster: Poster, path: Path | str) -> float:
    """Write the poster to ``path`` (one A4 page); returns the scale its text needed
    (1.0 unless it had to shrink to fit)."""
    ensure_gui_application()
    family = khmer_family()
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(poster.text.headline.en)
    writer.setCreator("Job Centre Desk headquarters")
    target = Path(path)
    if not target.parent.is_dir():
        raise OSError(f"no folder {target.parent}")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"{target} cannot be opened for writing")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bottom = (PAGE_H_MM - MARGIN_MM) * DPI / 25.4
        scale = 1.0
        while scale > 0.5 and _paint(poster, painter, family, scale, draw=False) > bottom:
            scale *= 0.95
        _paint(poster, painter, family, scale, draw=True)
    finally:
        painter.end()
    return scale
