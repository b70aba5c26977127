"""The illustrated guide to a day's work (F1, Help menu), in the window's language.

The text is plain HTML in ``resources/guide/<language>.html`` so translators edit it
without touching code; its pictures are in ``resources/guide/images/``
(``scripts/guide_screenshots.py`` remakes them from the real window).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.resources import resource_path
from app.ui import preferences

# Fits a 1366x768 screen with the window's title bar and the taskbar.
GUIDE_SIZE = (860, 660)


def guide_file(language: str) -> Path:
    """The guide's page in ``language``, English where that language has none."""
    path = resource_path(f"guide/{language}.html")
    return path if path.exists() else resource_path("guide/en.html")


class GuideDialog(QDialog):
    def __init__(self, language: str = preferences.DEFAULT_LANGUAGE,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.language = language
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(resource_path("guide"))])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_file(language))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Guide to the day's work"))
        self.resize(*GUIDE_SIZE)

    def title(self) -> str:
        """The guide page's own title (its <title>), in its language."""
        return self.browser.documentTitle()
