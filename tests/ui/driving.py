"""Driving real widgets as an officer does: typing (Khmer too) and ticking options."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


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
