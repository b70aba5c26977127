"""The home screen, shown first after sign-in: the day's work at a glance.

Tiles (today's and this week's registrations, waiting to send, the last sync, refusals to
fix, open employer requests, training sessions filling up, the QR inbox), each a button
that goes to the screen it is about (``activated(key)``), and two small charts:
registrations per day over the last two weeks, and the sectors those people want.

It redraws on the app-wide change signal and after a sync, but only while shown: a
hidden home screen notes that it is out of date and re-reads when shown again. The
charts are drawn just after the screen is first shown, so they never hold up start-up.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services import home, inbox
from app.services import sync as sync_service
from app.services.desk import Desk, reference
from app.ui import events as app_events
from app.ui import preferences, record_text
from app.ui.events import AppEvents
from app.ui.home_charts import SvgChart, bar_chart

# What a tile opens (``HomeView.activated``).
TODAY, WEEK, WAITING, SYNC, TO_FIX, EMPLOYERS, TRAINING, INBOX = (
    "today", "week", "waiting", "sync", "to_fix", "employers", "training", "inbox")

FIRST_CHARTS_DELAY_MS = 150

STYLE = """
HomeView { background: #f4f6f9; }
QLabel#heading { font-size: 15pt; font-weight: bold; color: #1a3c6e; }
QPushButton#tile { background: white; border: 1px solid #c9d2dc; border-radius: 6px;
    text-align: left; padding: 0; }
QPushButton#tile:hover { border-color: #1f5f8b; background: #f7fafd; }
QPushButton#tile:focus { border: 2px solid #1f5f8b; }
QPushButton#tile[alert="true"] { border-left: 5px solid #c0392b; }
QLabel#caption { color: #37474f; }
QLabel#number { font-size: 20pt; font-weight: bold; color: #1a3c6e; }
QLabel#number[alert="true"] { color: #b03a2e; }
QLabel#detail { color: #5f6b76; }
QWidget#chartBox { background: white; border: 1px solid #c9d2dc; border-radius: 6px; }
"""


class Tile(QPushButton):
    """A clickable tile: a caption, a big number (or short word), one line of detail."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(112)
        self.caption_label = QLabel(self)
        self.caption_label.setObjectName("caption")
        self.number_label = QLabel(self)
        self.number_label.setObjectName("number")
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("detail")
        self.detail_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        for label in (self.caption_label, self.number_label, self.detail_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)

    def show_figure(self, caption: str, number: str, detail: str, *, alert: bool = False,
                    tip: str = "") -> None:
        self.caption_label.setText(caption)
        self.number_label.setText(number)
        self.detail_label.setText(detail)
        self.setToolTip(tip)
        # Screen readers read the button's name, not its child labels.
        self.setAccessibleName(f"{caption}: {number}. {detail}")
        for widget in (self, self.number_label):
            if widget.property("alert") != alert:
                widget.setProperty("alert", alert)
                widget.style().unpolish(widget)
                widget.style().polish(widget)


class HomeView(QWidget):
    activated = Signal(str)  # a tile's key: the main window opens its screen

    def __init__(self, desk: Desk, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._stale = True
        self._charts_stale = True
        self.figures: home.HomeFigures | None = None
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._build()
        events.changed.connect(self._on_changed)

    # --- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the figures and show them now (tiles at once, charts just after)."""
        self._stale = False
        self.figures = home.figures(self._desk)
        self._show_tiles()
        self._charts_stale = True
        # The first time, let the window paint before pygal is imported and the charts
        # drawn (a tenth of a second or more on a busy laptop); later redraws at once.
        first = not self.days_chart.renderer.isValid()
        QTimer.singleShot(FIRST_CHARTS_DELAY_MS if first else 0, self._draw_charts_if_stale)

    def mark_stale(self) -> None:
        """Something changed: re-read now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def tile(self, key: str) -> Tile:
        return self.tiles[key]

    # --- showing ------------------------------------------------------------------------

    def _show_tiles(self) -> None:
        f = self.figures
        if f is None:
            return
        shown = preferences.display(self._desk)
        n = shown.number
        self.heading.setText(self.tr("Today, {date}").format(date=shown.date(f.today)))
        self.tiles[TODAY].show_figure(
            self.tr("Registered today"), n(f.registered_today),
            self.tr("Withdrawn registrations are not counted"))
        self.tiles[WEEK].show_figure(
            self.tr("Registered this week"), n(f.registered_this_week),
            self.tr("Since Monday"))
        self.tiles[WAITING].show_figure(
            self.tr("Waiting to send"), n(f.waiting_to_send),
            self.tr("Registrations not yet at headquarters") if f.waiting_to_send
            else self.tr("Everything is at headquarters"))
        self._show_sync(shown, f.last_sync)
        self.tiles[TO_FIX].show_figure(
            self.tr("Refusals to fix"), n(f.to_fix),
            self.tr("Headquarters refused or disputes these records") if f.to_fix
            else self.tr("Nothing to fix"), alert=f.to_fix > 0)
        self.tiles[EMPLOYERS].show_figure(
            self.tr("Open employer requests"), n(f.open_requests),
            self.tr("{n} workers still wanted").format(n=n(f.workers_wanted))
            if f.open_requests else self.tr("No open request"))
        self._show_training(shown, f)
        waiting = inbox.count_open(self._desk)
        self.tiles[INBOX].show_figure(
            self.tr("QR inbox"), n(waiting),
            self.tr("Submissions from returnees and employers to take")
            if waiting else self.tr("No submission waiting"))

    def _show_sync(self, shown: preferences.Display, last: home.LastSync) -> None:
        tile = self.tiles[SYNC]
        tip = self.tr("Click to send to headquarters now (F5)")
        if not last.enrolled:
            tile.show_figure(self.tr("Last sync"), self.tr("Not set up"),
                             self.tr("Enrol this laptop in Settings to send registrations"),
                             tip=self.tr("Settings (Ctrl+,)"))
            return
        when = self._when(shown, last.last_success) if last.last_success else self.tr("Never")
        if last.worked:
            tile.show_figure(self.tr("Last sync"), when, self.tr("It worked"), tip=tip)
            return
        failed = self._when(shown, last.failed_at)
        why = sync_service.describe_last_error(last.failure or {})
        tile.show_figure(self.tr("Last sync"), when,
                         self.tr("Failed at {when}: {why}").format(when=failed, why=why),
                         alert=True, tip=tip)

    def _when(self, shown: preferences.Display, stamp: str | None) -> str:
        if not stamp:
            return ""
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return stamp
        return shown.moment(moment, today=self._desk.today())

    def _show_training(self, shown: preferences.Display, f: home.HomeFigures) -> None:
        rows = f.sessions_filling
        detail = self.tr("No session is nearly full")
        if rows:
            first = rows[0]
            course = reference().label("courses", first.session.course, shown.language)
            detail = self.tr("{course}: {n} seats left").format(
                course=course, n=shown.number(first.seats_left))
        self.tiles[TRAINING].show_figure(
            self.tr("Training sessions filling up"), shown.number(len(rows)), detail,
            tip=self.tr("Sessions with three quarters of their seats taken"))

    def _draw_charts_if_stale(self) -> None:
        if self._charts_stale and self.figures is not None and self.isVisible():
            self._draw_charts()

    def _draw_charts(self) -> None:
        f = self.figures
        if f is None:
            return
        self._charts_stale = False
        shown = preferences.display(self._desk)
        first, last = f.by_day[0][0], f.by_day[-1][0]
        self.days_chart.set_svg(bar_chart(
            self.tr("Registrations per day, {first} to {last}").format(
                first=shown.date(first), last=shown.date(last)),
            [shown.number(day.day) for day, _ in f.by_day], [n for _, n in f.by_day],
            empty=self.tr("No registration in these days"), formatter=shown.number))
        top = f.sectors[:6]
        self.sectors_chart.set_svg(bar_chart(
            self.tr("Sectors wanted, last {n} days").format(n=shown.number(home.CHART_DAYS)),
            [record_text.sector_labels([code], shown.language) for code, _ in top],
            [count for _, count in top], horizontal=True,
            empty=self.tr("No registration in these days"), formatter=shown.number))

    # --- reactions ----------------------------------------------------------------------

    def _on_changed(self, what: str) -> None:
        if what in (app_events.REGISTRATIONS, app_events.SETTINGS, app_events.OFFICERS):
            self.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()
        elif self._charts_stale:
            QTimer.singleShot(0, self._draw_charts_if_stale)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.new_button.setText(self.tr("New registration") + "  (Ctrl+N)")
            self.mark_stale()
        super().changeEvent(event)

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.new_button = QPushButton(self.tr("New registration") + "  (Ctrl+N)", self)
        self.new_button.setObjectName("newRegistration")
        self.new_button.clicked.connect(lambda: self.activated.emit("register"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.new_button)

        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, key in enumerate((TODAY, WEEK, WAITING, SYNC, TO_FIX, EMPLOYERS, TRAINING,
                                 INBOX)):
            tile = Tile(key, self)
            tile.clicked.connect(lambda _checked=False, k=key: self.activated.emit(k))
            self.tiles[key] = tile
            grid.addWidget(tile, i // 4, i % 4)
        for column in range(4):
            grid.setColumnStretch(column, 1)

        self.days_chart = SvgChart(self)
        self.days_chart.setObjectName("daysChart")
        self.sectors_chart = SvgChart(self)
        self.sectors_chart.setObjectName("sectorsChart")
        charts = QHBoxLayout()
        charts.setSpacing(10)
        for chart in (self.days_chart, self.sectors_chart):
            box = QWidget(self)
            box.setObjectName("chartBox")
            box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(6, 6, 6, 6)
            inner.addWidget(chart)
            charts.addWidget(box, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
