"""The home screen's small charts: pygal SVGs (as headquarters' dashboard draws), shown by
Qt's own SVG renderer, with labels in the bundled Khmer font.

pygal is imported only when a chart is first drawn, after the window is up: the import
alone takes about a tenth of a second.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.fonts import khmer_family

SVG_NS = "http://www.w3.org/2000/svg"
COLOURS = ("#1f5f8b", "#d9822b", "#3c8d40", "#8e44ad", "#c0392b")
# The size charts are drawn at; the widget scales them, keeping their proportions.
CHART_SIZE = QSize(640, 340)


def _style() -> Any:
    from pygal.style import Style

    family = khmer_family()
    return Style(
        background="white", plot_background="white", foreground="#37474f",
        foreground_strong="#1a3c6e", foreground_subtle="#c9d2dc", opacity=".9",
        guide_stroke_color="#e3e8ee", major_guide_stroke_color="#c9d2dc",
        font_family=family, label_font_family=family, major_label_font_family=family,
        value_font_family=family, title_font_family=family, legend_font_family=family,
        no_data_font_family=family, title_font_size=15, label_font_size=13,
        major_label_font_size=13, value_font_size=12, no_data_font_size=16,
        colors=COLOURS)


def _config(**extra: Any) -> dict[str, Any]:
    return {"style": _style(), "js": [], "width": CHART_SIZE.width(),
            "height": CHART_SIZE.height(), "show_legend": False, "margin": 8,
            "explicit_size": True, "disable_xml_declaration": True, "print_values": True,
            "print_values_position": "top", "print_zeroes": False, **extra}


def _for_qt(svg: bytes | str) -> bytes:
    """Qt's SVG renderer does not apply pygal's stylesheet rule that right-aligns the
    y axis' labels, so a horizontal bar chart's names would run over its bars: give
    those labels the attribute itself."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    for group in root.iter(f"{{{SVG_NS}}}g"):
        classes = group.get("class", "").split()
        if "axis" in classes and "y" in classes:
            for text in group.iter(f"{{{SVG_NS}}}text"):
                text.set("text-anchor", "end")
    return ET.tostring(root, encoding="unicode").encode()


def integer_ticks(top: int) -> list[int]:
    """At most six whole-number ticks from 0 to at least ``top``."""
    steps = (1, 2, 5)
    i = 0
    while top / (steps[i % 3] * 10 ** (i // 3)) > 5:
        i += 1
    step = steps[i % 3] * 10 ** (i // 3)
    last = -(-max(top, 1) // step) * step
    return list(range(0, last + 1, step))


def bar_chart(title: str, labels: Sequence[str], values: Sequence[int], *,
              empty: str, horizontal: bool = False, formatter: Any = str) -> bytes:
    """A one-series bar chart (horizontal: one bar per label, top to bottom), as SVG."""
    import pygal

    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(**_config(title=title, no_data_text=empty,
                           value_formatter=lambda v: formatter(int(v)) if v else ""))
    if horizontal:
        # pygal draws the first label at the bottom; people read the largest first.
        labels, values = list(reversed(labels)), list(reversed(values))
    chart.x_labels = list(labels)
    top = max(values, default=0)
    if top:
        chart.y_labels = [{"value": t, "label": formatter(t)} for t in integer_ticks(top)]
        chart.add("", list(values))
    return _for_qt(chart.render())


class SvgChart(QWidget):
    """Draws one SVG, scaled to the widget and keeping its proportions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = QSvgRenderer(self)
        self.svg = b""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)

    def set_svg(self, svg: bytes) -> None:
        self.svg = svg
        self.renderer.load(QByteArray(svg))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return CHART_SIZE

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not self.renderer.isValid():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        size = self.renderer.defaultSize().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - size.width()) / 2
        top = (self.height() - size.height()) / 2
        self.renderer.render(painter, QRectF(left, top, size.width(), size.height()))
        painter.end()
