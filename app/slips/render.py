"""Drawing registration slips on paper: PDF files, printers and print preview.

One painting routine (``paint_slips``) serves every paint device, so the PDF that
``jobcentre slip`` writes, the print preview and the printed page are the same slip.

Paper (``paper`` is one of layout.PAPER_SIZES):

- ``a6``: one slip is one A6 page; several slips go four to an A4 sheet (two by two),
  each in a 105 x 148.5 mm quarter, with dashed cut lines between them.
- ``a5``: one slip is one A5 page; several go two to a landscape A4 sheet (side by side),
  with a dashed cut line between them. District offices keep A4 paper in their laser
  printers far more often than A5, and half an A4 sheet is exactly A5.
- ``receipt80``: 80 mm receipt paper, one slip per page; the page is as long as the
  slip's text needs, and nothing is shrunk.

On A6 and A5 the slip's text never overflows: long names and lists wrap, and when the
whole slip would still be too tall every font (and the QR code, a little) shrinks
together until it fits. Drawing is clipped to the slip's own area as a last guard, so a
slip can never print over its neighbour on a shared sheet.

Everything is drawn in the shipped Noto Sans Khmer (it has Latin letters too), so the
PDF embeds that one font and reads the same on a laptop with no Khmer font installed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from app.fonts import khmer_family
from app.slips.layout import LABELS, PAPER_SIZES, SlipContent, SlipField

PDF_DPI = 300
MM_PER_INCH = 25.4

INK = "#000000"
# English lines and labels sit under the Khmer ones in a softer ink, so the eye finds
# the Khmer first. Receipt printers are thermal and print grey as a speckle: black there.
SOFT_INK = "#3a3a3a"
LABEL_INK = "#555555"


@dataclass(frozen=True)
class PaperSpec:
    key: str
    width_mm: float
    height_mm: float | None  # None: as long as the slip needs (receipt rolls)
    frame_inset_mm: float  # border line, inside the cut edge; 0 for none
    padding_mm: float  # text starts this far from the cut edge (left and right)
    padding_v_mm: float  # ... and from the top and bottom edges
    font_scale: float  # type size relative to the A6 design
    qr_mm: float
    per_sheet: int  # slips on one sheet when printing several
    grey: bool  # soft ink for secondary lines; False on thermal printers


PAPERS: dict[str, PaperSpec] = {
    # Frames sit 4 mm in from the cut edge: the printable area of most laser printers
    # starts 4-5 mm from the paper's edge, and the quarter of a sheet has no margin of
    # its own. Text then keeps another 3 mm inside the frame.
    "a6": PaperSpec("a6", 105.0, 148.5, 4.0, 7.0, 6.5, 1.0, 25.0, 4, True),
    "a5": PaperSpec("a5", 148.5, 210.0, 5.0, 10.0, 9.0, 1.38, 32.0, 2, True),
    # 80 mm rolls print about 72 mm wide.
    "receipt80": PaperSpec("receipt80", 80.0, None, 0.0, 4.0, 4.0, 1.05, 26.0, 1, False),
}
assert set(PAPERS) == set(PAPER_SIZES)

# Type sizes in points for A6; other papers scale them by font_scale.
PT = {
    "kingdom": 7.2, "motto": 6.6, "kingdom_en": 5.2,
    "ministry": 8.2, "ministry_en": 6.0,
    "title": 10.0, "title_en": 7.0,
    "mark": 7.5, "mark_en": 6.8,
    "number_label": 6.2, "number": 17.0,
    "name_label": 6.0, "name_km": 11.0, "name_latin": 9.5,
    "label": 6.6, "label_en": 5.2, "value": 7.4, "value_en": 6.4,
    "next_title": 6.8, "next": 6.6, "next_en": 6.0,
    "issued": 6.2, "issued_en": 5.6,
    "footer": 4.8,
}
GAP_MM = 1.4  # between blocks at font_scale 1
MIN_SHRINK = 0.45  # the smallest a slip's type may get, as a share of its design size
QR_MIN_SHARE = 0.8  # the QR code shrinks at most this far, so phones still read it
QR_QUIET_MODULES = 4  # the standard's quiet zone
# Short fields that sit beside the QR code, where the names leave room.
IDENTITY_KEYS = ("sex_age", "phone")


@dataclass(frozen=True)
class SlipPlacement:
    """Where a slip went, and how it fitted; tests and the print preview use it."""

    registration_no: str
    page: int  # 0-based page (sheet) number
    rect_mm: tuple[float, float, float, float]  # x, y, width, height on the page
    content_height_mm: float  # height the laid-out text and QR code take
    available_height_mm: float  # what the slip's paper leaves for them
    shrink: float  # 1.0 = design size
    fits: bool


@dataclass
class _Block:
    """A laid-out piece of the slip, placed at ``y`` (device pixels) from the content top."""

    kind: str
    height: float
    docs: list[tuple[QTextDocument, float, float]] = field(default_factory=list)  # doc, x, y
    y: float = 0.0
    extra: dict = field(default_factory=dict)


# Room under a line of Khmer followed by another line, in ems of its largest text.
KHMER_BELOW_EM = 0.15


def _has_khmer(text: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" for ch in text)


class _Units:
    def __init__(self, device: QPagedPaintDevice):
        self.device = device
        self.px_per_mm = device.logicalDpiX() / MM_PER_INCH

    def px(self, mm: float) -> float:
        return mm * self.px_per_mm

    def mm(self, px: float) -> float:
        return px / self.px_per_mm


@dataclass(frozen=True)
class _Run:
    """A stretch of text in one size, weight and ink."""

    text: str
    pt: float
    bold: bool = False
    color: str = INK


_Line = Sequence[_Run]


def slip_font(family: str, pt: float, *, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPointSizeF(pt)
    if bold:
        font.setWeight(QFont.Weight.Bold)
        # The shipped Noto Sans Khmer is a variable font with one registered style:
        # asking for Bold alone gets a smeared synthetic bold, faint in PDFs. Setting
        # the weight axis draws, and embeds, the font's real bold instance.
        font.setVariableAxis(QFont.Tag("wght"), 700)
    return font


class _SlipPainter:
    """Lays out one slip at a given shrink factor and paints it."""

    def __init__(self, content: SlipContent, spec: PaperSpec, units: _Units, family: str,
                 width_mm: float, shrink: float):
        self.c = content
        self.spec = spec
        self.u = units
        self.family = family
        self.shrink = shrink
        self.scale = spec.font_scale * shrink
        self.soft = SOFT_INK if spec.grey else INK
        self.label_ink = LABEL_INK if spec.grey else INK
        self.width = units.px(width_mm - 2 * spec.padding_mm)
        self.gap = units.px(GAP_MM * self.scale)
        self.blocks: list[_Block] = []
        self._formats: dict[tuple[float, bool, str], QTextCharFormat] = {}
        self._base_font = slip_font(family, 4.0)
        self._wrap = QTextOption()
        # Khmer writes words without spaces, and a 100-letter Latin name may have none:
        # break between words where possible, anywhere (between whole clusters) if not.
        self._wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._layout()

    # --- measuring ------------------------------------------------------------------

    def pt(self, key: str) -> float:
        return PT[key] * self.scale

    def run(self, text: str, key: str, *, bold: bool = False, ink: str = INK) -> _Run:
        return _Run(text, self.pt(key), bold, ink)

    def _format(self, run: _Run) -> QTextCharFormat:
        key = (run.pt, run.bold, run.color)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setFont(slip_font(self.family, run.pt, bold=run.bold))
            fmt.setForeground(QColor(run.color))
            self._formats[key] = fmt
        return fmt

    def _doc(self, lines: Sequence[_Line], width: float,
             align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QTextDocument:
        """A wrapped text block, one paragraph per line.

        Built with a cursor rather than HTML: rich text cannot ask for the variable
        font's bold instance, and skipping the HTML parser keeps a slip fast.
        """
        doc = QTextDocument()
        # Lay out with the printer's or PDF's own metrics, not the screen's: text
        # measured for the screen would wrap differently on paper.
        doc.documentLayout().setPaintDevice(self.u.device)
        doc.setDocumentMargin(0)
        # Small, so that nothing sized by the default font (paragraph ends) adds height.
        doc.setDefaultFont(self._base_font)
        doc.setDefaultTextOption(self._wrap)
        cursor = QTextCursor(doc)
        px_per_pt = self.u.device.logicalDpiY() / 72.0
        for index, line in enumerate(lines):
            block = QTextBlockFormat()
            block.setAlignment(align)
            if index < len(lines) - 1 and any(_has_khmer(part.text) for part in line):
                # A subscript consonant with a vowel sign under it reaches further below
                # the line than the font's descent allows for: room, so it never touches
                # the (English) line beneath.
                block.setBottomMargin(KHMER_BELOW_EM * max(p.pt for p in line) * px_per_pt)
            if index:
                cursor.insertBlock(block)
            else:
                cursor.setBlockFormat(block)
            for part in line:
                cursor.insertText(part.text, self._format(part))
        doc.setTextWidth(max(width, 1.0))
        return doc

    def _add(self, kind: str, lines: Sequence[_Line], *, gap_before: bool = True,
             align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> _Block:
        doc = self._doc(lines, self.width, align)
        block = _Block(kind, doc.size().height(), [(doc, 0.0, 0.0)])
        block.extra["gap_before"] = gap_before
        self.blocks.append(block)
        return block

    def _number_font(self) -> QFont:
        """The registration number on one line, as large as the design wants or fits."""
        size = self.pt("number")
        while True:
            font = slip_font(self.family, size, bold=True)
            advance = QFontMetricsF(font, self.u.device).horizontalAdvance(self.c.registration_no)
            if advance <= self.width or size <= 4:
                return font
            size *= 0.95

    def _qr_px(self) -> float:
        # The code shrinks less than the text: below about 20 mm on A6, phone cameras
        # in a dim office start to struggle.
        share = max(QR_MIN_SHARE, min(1.0, self.shrink))
        return self.u.px(self.spec.qr_mm * share)

    def _layout(self) -> None:
        c, run = self.c, self.run
        center = Qt.AlignmentFlag.AlignHCenter
        self._add("header", [
            [run(c.kingdom_km, "kingdom", bold=True)],
            [run(c.motto_km, "motto", bold=True)],
            [run(c.kingdom_en, "kingdom_en", ink=self.soft)],
        ], gap_before=False, align=center)
        ministry = self._add("ministry", [
            [run(c.ministry.km, "ministry", bold=True)],
            [run(c.ministry.en, "ministry_en", ink=self.soft)],
        ], align=center)
        ministry.extra["rule_below"] = True
        self._add("title", [
            [run(c.title.km, "title", bold=True)],
            [run(c.title.en, "title_en", bold=True, ink=self.soft)],
        ], align=center)
        for kind, mark in (("reprint", c.reprint), ("withdrawn", c.withdrawn)):
            if mark is not None:
                self._add_mark(kind, mark.km, mark.en)
        self._add("number_label", [
            [run(f"{c.number_label.km} · {c.number_label.en}", "number_label",
                 ink=self.label_ink)],
        ], align=center)
        font = self._number_font()
        number = _Block("number", QFontMetricsF(font, self.u.device).height())
        number.extra.update(font=font, gap_before=False)
        self.blocks.append(number)
        self._add_identity()
        self._add_fields()
        self._add("issued", [
            [run(c.issued.km, "issued")],
            [run(c.issued.en, "issued_en", ink=self.soft)],
        ])
        self._add_next_steps()
        self._add("footer", [[run(c.footer, "footer", ink=self.label_ink)]], align=center)

    def _add_mark(self, kind: str, km: str, en: str) -> None:
        """REPRINT or WITHDRAWN: bold, boxed, under the title where nobody misses it."""
        pad = self.u.px(1.0 * self.scale)
        doc = self._doc([[self.run(km, "mark", bold=True)],
                         [self.run(en, "mark_en", bold=True)]],
                        self.width - 2 * pad, Qt.AlignmentFlag.AlignHCenter)
        block = _Block(kind, doc.size().height() + 2 * pad, [(doc, pad, pad)])
        block.extra.update(gap_before=True, boxed=True, heavy=True)
        self.blocks.append(block)

    def _add_identity(self) -> None:
        """The QR code beside the names, sex, age and phone; on a receipt, above them."""
        c, run = self.c, self.run
        label_km, label_en = LABELS["name"]
        lines: list[_Line] = [[run(f"{label_km} · {label_en}", "name_label",
                                   ink=self.label_ink)]]
        if c.name_km:
            lines.append([run(c.name_km, "name_km", bold=True)])
        if c.name_latin:
            lines.append([run(c.name_latin.upper(), "name_latin", bold=True)])
        for key in IDENTITY_KEYS:
            lines += self._inline(c.field(key))
        qr = self._qr_px()
        gap = self.u.px(3.0 * self.scale)
        if self.width - qr - gap >= self.u.px(40):
            doc = self._doc(lines, self.width - qr - gap)
            height = max(qr, doc.size().height())
            # Centre the text against the code when it is shorter than the code.
            doc_y = max(0.0, (qr - doc.size().height()) / 2)
            block = _Block("identity", height, [(doc, qr + gap, doc_y)])
            block.extra.update(qr=(0.0, 0.0, qr))
        else:
            doc = self._doc(lines, self.width, Qt.AlignmentFlag.AlignHCenter)
            block = _Block("identity", qr + gap / 2 + doc.size().height(),
                           [(doc, 0.0, qr + gap / 2)])
            block.extra.update(qr=((self.width - qr) / 2, 0.0, qr))
        block.extra["gap_before"] = True
        self.blocks.append(block)

    def _inline(self, item: SlipField) -> list[_Line]:
        """A short field as label and value on one line (two when the value differs
        between the languages)."""
        run, label = self.run, self.label_ink
        if item.value.km == item.value.en:
            return [[run(f"{item.label.km} · {item.label.en}   ", "label_en", ink=label),
                     run(item.value.km, "value")]]
        return [
            [run(f"{item.label.km}   ", "label_en", ink=label), run(item.value.km, "value")],
            [run(f"{item.label.en}   ", "label_en", ink=label),
             run(item.value.en, "value_en", ink=self.soft)],
        ]

    def _value_lines(self, item: SlipField) -> list[_Line]:
        lines: list[_Line] = [[self.run(item.value.km, "value")]]
        if item.value.en != item.value.km:
            lines.append([self.run(item.value.en, "value_en", ink=self.soft)])
        return lines

    def _label_lines(self, item: SlipField) -> list[_Line]:
        return [[self.run(item.label.km, "label", bold=True, ink=self.label_ink)],
                [self.run(item.label.en, "label_en", ink=self.label_ink)]]

    def _add_fields(self) -> None:
        """The longer fields as a ruled table: label left, value right."""
        row_pad = self.u.px(0.6 * self.scale)
        label_w = self.width * 0.28
        col_gap = self.u.px(2.0 * self.scale)
        docs: list[tuple[QTextDocument, float, float]] = []
        rules: list[float] = []
        y = 0.0
        rows = [item for item in self.c.fields if item.key not in IDENTITY_KEYS]
        for index, item in enumerate(rows):
            if index:
                rules.append(y)
            y += row_pad
            label = self._doc(self._label_lines(item), label_w)
            value = self._doc(self._value_lines(item), self.width - label_w - col_gap)
            docs += [(label, 0.0, y), (value, label_w + col_gap, y)]
            y += max(label.size().height(), value.size().height()) + row_pad
        block = _Block("fields", y, docs)
        block.extra.update(gap_before=True, rules=rules, top_rule=True)
        self.blocks.append(block)

    def _add_next_steps(self) -> None:
        c, run = self.c, self.run
        pad = self.u.px(1.4 * self.scale)
        doc = self._doc([
            [run(f"{c.next_steps_title.km} · {c.next_steps_title.en}", "next_title",
                 bold=True)],
            [run(c.next_steps.km, "next")],
            [run(c.next_steps.en, "next_en", ink=self.soft)],
        ], self.width - 2 * pad)
        block = _Block("next_steps", doc.size().height() + 2 * pad, [(doc, pad, pad)])
        block.extra.update(gap_before=True, boxed=True, bottom=True)
        self.blocks.append(block)

    def content_height(self) -> float:
        total = 0.0
        for block in self.blocks:
            if block.extra.get("gap_before"):
                total += self.gap
            total += block.height
        return total

    def place(self, available: float | None) -> None:
        """Stack the blocks; with room to spare, the next steps and footer go to the
        bottom of the slip, as on a printed form."""
        y = 0.0
        for block in self.blocks:
            if block.extra.get("gap_before"):
                y += self.gap
            block.y = y
            y += block.height
        if available is None:
            return
        spare = available - y
        if spare > 0:
            moving = False
            for block in self.blocks:
                moving = moving or block.extra.get("bottom", False)
                if moving:
                    block.y += spare

    # --- painting -------------------------------------------------------------------

    def paint(self, painter: QPainter, origin: QPointF) -> None:
        left, right = origin.x(), origin.x() + self.width
        thin = QPen(QColor(self.label_ink))
        thin.setWidthF(self.u.px(0.15))
        firm = QPen(QColor(INK))
        firm.setWidthF(self.u.px(0.3))
        heavy = QPen(QColor(INK))
        heavy.setWidthF(self.u.px(0.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for block in self.blocks:
            top = origin.y() + block.y
            if block.extra.get("boxed"):
                painter.setPen(heavy if block.extra.get("heavy") else firm)
                painter.drawRect(QRectF(left, top, self.width, block.height))
            for doc, dx, dy in block.docs:
                painter.save()
                painter.translate(left + dx, top + dy)
                doc.drawContents(painter)
                painter.restore()
            if block.kind == "number":
                painter.setFont(block.extra["font"])
                painter.setPen(QColor(INK))
                painter.drawText(QRectF(left, top, self.width, block.height),
                                 Qt.AlignmentFlag.AlignCenter, self.c.registration_no)
            if "qr" in block.extra:
                x, y, size = block.extra["qr"]
                paint_qr(painter, self.c.qr_payload, QRectF(left + x, top + y, size, size))
            if block.extra.get("rule_below"):
                painter.setPen(firm)
                rule_y = top + block.height + self.gap / 2
                inset = self.width * 0.3
                painter.drawLine(QPointF(left + inset, rule_y), QPointF(right - inset, rule_y))
            if block.extra.get("top_rule"):
                painter.setPen(firm)
                painter.drawLine(QPointF(left, top), QPointF(right, top))
                painter.drawLine(QPointF(left, top + block.height),
                                 QPointF(right, top + block.height))
            painter.setPen(thin)
            for rule_y in block.extra.get("rules", []):
                painter.drawLine(QPointF(left, top + rule_y), QPointF(right, top + rule_y))


def paint_qr(painter: QPainter, payload: str, rect: QRectF) -> None:
    """A standard QR code (never Micro QR) filling ``rect``, quiet zone included.

    The dark modules go into one path filled at once: separate squares would leave
    hairline seams where a PDF viewer anti-aliases their shared edges, and seams confuse
    scanners.
    """
    qr = segno.make(payload, error="m", micro=False)
    matrix = qr.matrix
    count = len(matrix) + 2 * QR_QUIET_MODULES
    module = min(rect.width(), rect.height()) / count
    left = rect.x() + QR_QUIET_MODULES * module
    top = rect.y() + QR_QUIET_MODULES * module
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for row_index, row in enumerate(matrix):
        start = None
        for col, dark in enumerate(list(row) + [0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.addRect(QRectF(left + start * module, top + row_index * module,
                                    (col - start) * module, module))
                start = None
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(INK))
    painter.drawPath(path)
    painter.restore()


def _fit(content: SlipContent, spec: PaperSpec, units: _Units, family: str,
         width_mm: float, available: float | None) -> _SlipPainter:
    """The largest type (up to the design size) at which the slip fits its paper."""
    def at(shrink: float) -> _SlipPainter:
        return _SlipPainter(content, spec, units, family, width_mm, shrink)

    first = at(1.0)
    if available is None or first.content_height() <= available:
        return first
    # Height follows type size roughly in proportion, so interpolating between a size
    # that is too tall and one that fits finds the largest fitting size in a few
    # layouts (a bisection would take eight).
    too_tall = (1.0, first.content_height())
    fits: tuple[float, float, _SlipPainter] | None = None
    shrink = max(MIN_SHRINK, available / first.content_height())
    for _ in range(8):
        trial = at(shrink)
        height = trial.content_height()
        if height <= available:
            fits = (shrink, height, trial)
            if height >= available * 0.98:
                break  # within 2% of the paper: a larger size would not show
        else:
            too_tall = (shrink, height)
            if shrink <= MIN_SHRINK:
                return trial  # even the smallest type is too tall: clipping keeps it put
        if fits is None:
            shrink = max(MIN_SHRINK, shrink * available / height)
            continue
        (low, low_h, _), (high, high_h) = fits, too_tall
        if high - low < 0.01:
            break
        shrink = low + (high - low) * (available * 0.99 - low_h) / (high_h - low_h)
        shrink = min(max(shrink, low + 0.004), high - 0.004)
    return fits[2] if fits else trial


@dataclass(frozen=True)
class _Sheet:
    size_mm: tuple[float, float]  # width, height of the page as printed
    page_size: QPageSize
    orientation: QPageLayout.Orientation
    slots: tuple[tuple[float, float, float, float], ...]  # x, y, width, height in mm
    cuts: tuple[tuple[float, ...], tuple[float, ...]] = ((), ())  # x and y of cut lines, mm


def _sheets(spec: PaperSpec, heights_mm: Sequence[float]) -> list[_Sheet]:
    """The pages to print ``len(heights_mm)`` slips on (heights matter on receipts)."""
    count = len(heights_mm)
    portrait = QPageLayout.Orientation.Portrait
    if spec.height_mm is None:
        return [
            _Sheet((spec.width_mm, h), QPageSize(QSizeF(spec.width_mm, h),
                   QPageSize.Unit.Millimeter, "Receipt 80 mm",
                   # Never let Qt round a receipt to the nearest standard paper.
                   QPageSize.SizeMatchPolicy.ExactMatch), portrait,
                   ((0.0, 0.0, spec.width_mm, h),))
            for h in heights_mm
        ]
    if count == 1:
        # A lone slip is a page of its own size (105 x 148 or 148 x 210 mm).
        own = QPageSize(QPageSize.PageSizeId.A6 if spec.key == "a6" else QPageSize.PageSizeId.A5)
        size = own.size(QPageSize.Unit.Millimeter)
        w, h = size.width(), size.height()
        return [_Sheet((w, h), own, portrait, ((0.0, 0.0, w, h),))]
    a4 = QPageSize(QPageSize.PageSizeId.A4)
    w, h = spec.width_mm, spec.height_mm
    if spec.key == "a6":  # two by two on a portrait A4
        size, orientation = (210.0, 297.0), portrait
        slots = ((0.0, 0.0, w, h), (w, 0.0, w, h), (0.0, h, w, h), (w, h, w, h))
    else:  # side by side on a landscape A4
        size, orientation = (297.0, 210.0), QPageLayout.Orientation.Landscape
        slots = ((0.0, 0.0, w, h), (w, 0.0, w, h))
    # Cut lines cover the whole grid, even on a last sheet with empty places.
    cuts = ((w,), (h,)) if spec.key == "a6" else ((w,), ())
    sheets = []
    for first in range(0, count, len(slots)):
        used = min(len(slots), count - first)
        sheets.append(_Sheet(size, a4, orientation, slots[:used], cuts))
    return sheets


def _cut_lines(painter: QPainter, units: _Units, sheet: _Sheet) -> None:
    pen = QPen(QColor("#9a9a9a"))
    pen.setWidthF(units.px(0.2))
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    width, height = sheet.size_mm
    xs, ys = sheet.cuts
    for x in xs:
        painter.drawLine(QPointF(units.px(x), 0), QPointF(units.px(x), units.px(height)))
    for y in ys:
        painter.drawLine(QPointF(0, units.px(y)), QPointF(units.px(width), units.px(y)))


def _frame(painter: QPainter, units: _Units, spec: PaperSpec, rect: QRectF) -> None:
    """A double rule round the slip, as on printed certificates and ministry cards."""
    if not spec.frame_inset_mm:
        return
    inset = units.px(spec.frame_inset_mm)
    outer = QPen(QColor(INK))
    outer.setWidthF(units.px(0.5))
    inner = QPen(QColor(INK))
    inner.setWidthF(units.px(0.15))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(outer)
    painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
    inset += units.px(0.8)
    painter.setPen(inner)
    painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))


def paint_slips(device: QPagedPaintDevice, contents: Sequence[SlipContent],
                paper: str = "a6") -> list[SlipPlacement]:
    """Paint slips on a QPdfWriter or QPrinter (also the one QPrintPreviewDialog passes
    to ``paintRequested``). Sets the device's page size and margins itself, page by
    page; the device must not be painting yet. Returns where each slip went.
    """
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected one of {PAPER_SIZES}")
    if not contents:
        return []
    spec = PAPERS[paper]
    units = _Units(device)
    family = khmer_family()
    if hasattr(device, "setFullPage"):
        # A QPrinter: draw from the paper's corner, not from the driver's margins;
        # the slip keeps its own margins.
        device.setFullPage(True)

    pad_v = units.px(spec.padding_v_mm)
    if spec.height_mm is None:
        # Receipts: lay out first, then cut the page to the slip's length.
        laid = [_fit(c, spec, units, family, spec.width_mm, None) for c in contents]
        sheets = _sheets(spec, [units.mm(s.content_height() + 2 * pad_v) for s in laid])
    else:
        sheets = _sheets(spec, [spec.height_mm] * len(contents))
        slots = [slot for sheet in sheets for slot in sheet.slots]
        laid = [_fit(c, spec, units, family, w, units.px(h) - 2 * pad_v)
                for c, (_, _, w, h) in zip(contents, slots, strict=True)]

    placements: list[SlipPlacement] = []
    painter = QPainter()
    slips = iter(laid)
    for page, sheet in enumerate(sheets):
        device.setPageLayout(QPageLayout(sheet.page_size, sheet.orientation,
                                         QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
        if page == 0:
            if not painter.begin(device):
                raise OSError("could not start painting (is the file writable?)")
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        elif not device.newPage():
            raise OSError("could not start a new page")
        _cut_lines(painter, units, sheet)
        for x_mm, y_mm, w_mm, h_mm in sheet.slots:
            slip = next(slips)
            rect = QRectF(units.px(x_mm), units.px(y_mm), units.px(w_mm), units.px(h_mm))
            available = rect.height() - 2 * pad_v
            slip.place(None if spec.height_mm is None else available)
            painter.save()
            # The last guard against overflow: nothing of a slip lands on its neighbour.
            painter.setClipRect(rect)
            _frame(painter, units, spec, rect)
            slip.paint(painter, QPointF(rect.x() + units.px(spec.padding_mm), rect.y() + pad_v))
            painter.restore()
            used = slip.content_height()
            placements.append(SlipPlacement(
                registration_no=slip.c.registration_no, page=page,
                rect_mm=(x_mm, y_mm, w_mm, h_mm),
                content_height_mm=units.mm(used), available_height_mm=units.mm(available),
                shrink=slip.shrink, fits=used <= available + 0.5,
            ))
    painter.end()
    return placements


_app: QGuiApplication | None = None


def ensure_gui_application() -> None:
    """Fonts and QPdfWriter need a QGuiApplication; ``jobcentre slip`` has no window.

    Without a display (a server, a test run, an SSH session) Qt's offscreen platform
    draws the same PDF.
    """
    global _app
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["jobcentre"])


def write_pdf(contents: Sequence[SlipContent], path: Path | str,
              paper: str = "a6") -> list[SlipPlacement]:
    """Write the slips to a PDF file (300 dpi) with the Khmer font embedded."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Job Centre Desk")
    writer.setTitle("Registration slips" if len(contents) != 1
                    else f"Registration slip {contents[0].registration_no}")
    return paint_slips(writer, contents, paper)
