"""Driving real widgets as an officer does: typing (Khmer too) and ticking options."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app import i18n


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Key presses for ``text``. QTest only knows ASCII keys, so other characters (Khmer
    letters and digits) go as key events carrying the text, as a Khmer layout sends them."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def tick(qtbot, checklist, code: str) -> None:
    """Click an option's words, as an officer with a mouse would."""
    for row in range(checklist.count()):
        item = checklist.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == code:
            checklist.scrollToItem(item)
            rect = checklist.visualItemRect(item)
            qtbot.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"no option {code}")


@contextmanager
def no_language_change_broadcast() -> Iterator[None]:
    """Inside, a translator installed app-wide tells no window: the windows of earlier
    tests, whose data folders are closed, would otherwise get the posted language change."""
    app = QCoreApplication.instance()

    class Quiet(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            return watched is app and event.type() == QEvent.Type.LanguageChange

    quiet = Quiet()
    app.installEventFilter(quiet)
    try:
        yield
    finally:
        app.removeEventFilter(quiet)


def quiet_translator(language: str) -> None:
    """Install the app-wide translator of ``language`` without telling any window.
    English source text when the .qm is not built."""
    with no_language_change_broadcast():
        i18n.install_translator(language)


def main_window(qtbot, desk):  # noqa: ANN001, ANN201
    """The real main window at the laptops' 1366x768, shown and exposed."""
    from app.ui.main_window import MainWindow

    win = MainWindow(desk)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win
