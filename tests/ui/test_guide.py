"""The F1 guide: opened by F1 and from the Help menu, in the window's language, and every
picture it shows is there."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.resources import resource_path
from app.ui import preferences
from app.ui.guide_dialog import GUIDE_SIZE, guide_file
from tests.ui.driving import main_window, quiet_translator


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources += [value or "" for name, value in attrs if name == "src"]


def images_of(language: str) -> list[str]:
    parser = _Images()
    parser.feed(guide_file(language).read_text(encoding="utf-8"))
    return parser.sources


@pytest.mark.parametrize("language", preferences.LANGUAGES)
def test_every_picture_the_guide_shows_exists(language):
    assert guide_file(language).name == f"{language}.html"
    sources = images_of(language)
    assert len(sources) >= 5
    for src in sources:
        image = QImage(str(resource_path("guide") / src))
        assert not image.isNull(), src
        assert image.width() <= 1000  # committed small
    # Both languages illustrate the same steps, each with its own language's window.
    assert [s.replace(f"images/{language}-", "") for s in sources] == \
        [s.replace("images/en-", "") for s in images_of("en")]


def _open_with_f1(qtbot, desk, language):  # noqa: ANN001, ANN202
    desk.set_setting("language", language)
    quiet_translator(language)
    window = main_window(qtbot, desk)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.guide_dialog is not None
                    and window.guide_dialog.isVisible())
    return window, window.guide_dialog


def test_f1_opens_the_guide_in_english(qtbot, desk):
    window, guide = _open_with_f1(qtbot, desk, "en")
    assert guide.title() == "Guide to the day's work"
    assert guide.windowTitle() == "Guide to the day's work"
    text = guide.browser.toPlainText()
    for step in ("Register a returnee", "Print the slip", "Send to headquarters",
                 "Fix refusals", "Employers", "Training"):
        assert step in text
    # Readable on the laptops' 1366x768 screen: it fits, with room for the title bar.
    assert guide.width() <= 1366 and guide.height() <= 700
    assert (guide.width(), guide.height()) == GUIDE_SIZE
    guide.close()


def test_f1_opens_the_guide_in_khmer(qtbot, desk):
    window, guide = _open_with_f1(qtbot, desk, "km")
    assert guide.title() == "មគ្គុទ្ទេសក៍ការងារប្រចាំថ្ងៃ"
    assert guide.windowTitle() == "មគ្គុទ្ទេសក៍ការងារប្រចាំថ្ងៃ"
    assert "ចុះឈ្មោះពលករចំណាកស្រុកវិលត្រឡប់" in guide.browser.toPlainText()
    guide.close()


def test_the_help_menu_opens_the_guide(qtbot, desk):
    desk.set_setting("language", "en")
    window = main_window(qtbot, desk)
    actions = [a for a in window.help_menu.actions() if not a.isSeparator()]
    assert [a.text() for a in actions][0] == "&Guide to the day's work"
    assert actions[0].shortcut().toString() == "F1"
    actions[0].trigger()
    assert window.guide_dialog is not None and window.guide_dialog.isVisible()
    assert window.guide_dialog.title() == "Guide to the day's work"
    window.guide_dialog.close()
