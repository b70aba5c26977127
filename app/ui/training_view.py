"""Training demand: how many returnees in each home district want each course, most
wanted first, so courses can be planned near home."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import COURSES
from app.services import training
from app.services.desk import Desk, gazetteer, reference
from app.ui import preferences


class TrainingView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COURSES) + 2, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        lang = preferences.language(self.desk)
        self.heading.setText(self.tr(
            "Returnees who want each course, by home district (most wanted first)"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("District")]
            + [reference().label("courses", code, lang) for code in COURSES]
            + [self.tr("Total")])

    def refresh(self) -> None:
        lang = preferences.language(self.desk)
        rows = training.demand(self.desk)
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            cells = [gazetteer().label(row.district_code, lang) or row.district_code]
            cells += [str(row.by_course[code]) for code in COURSES] + [str(row.total)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)
