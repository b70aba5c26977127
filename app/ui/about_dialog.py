"""About: the app's version, this desk's identity and where its data lives, and the
notices the shipped data and font require (the MEF gazetteer's attribution, the Noto
Sans Khmer licence).

When a supervisor helps an officer by phone, this is the screen that answers "which
version, which laptop, where are the files".
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import app_version
from app.resources import resource_path
from app.services.desk import Desk, gazetteer, reference
from app.ui import preferences, record_text

APP_TITLE = "Job Centre Desk"


def font_notice() -> str:
    """The font's copyright line and licence name, from the shipped OFL.txt."""
    try:
        lines = resource_path("fonts/OFL.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    copyright_line = next((ln for ln in lines if ln.startswith("Copyright")), "")
    return "\n".join(
        part
        for part in (
            "Noto Sans Khmer. " + copyright_line,
            "Licensed under the SIL Open Font License, Version 1.1 (resources/fonts/OFL.txt).",
        )
        if part
    )


class AboutDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        app_title = self.tr("Job Centre Desk")
        self.setWindowTitle(self.tr("About {app}").format(app=app_title))
        self.setMinimumWidth(720)

        title = QLabel(f"<b style='font-size:15pt; color:#1a3c6e'>{html.escape(app_title)}</b>",
                       self)
        subtitle = QLabel(
            self.tr("Registering returning migrant workers for jobs and training. "
                    "Ministry of Labour and Vocational Training."),
            self,
        )
        subtitle.setWordWrap(True)

        gaz = gazetteer()
        language = preferences.language(desk)
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, str] = {
            "version": app_version(),
            "data_dir": str(desk.data_dir),
            "device_id": desk.device_id,
            "device_tag": desk.device_tag,
            "office": f"{record_text.office_text(desk.office_code, language)} "
            f"({desk.office_code})",
            "gazetteer": gaz.version,
            "reference": reference().version,
        }
        captions = {
            "version": self.tr("Version"),
            "data_dir": self.tr("Data folder"),
            "device_id": self.tr("Device id"),
            "device_tag": self.tr("Device tag"),
            "office": self.tr("Office"),
            "gazetteer": self.tr("Place names (gazetteer)"),
            "reference": self.tr("Sectors and courses list"),
        }
        for key, caption in captions.items():
            value = QLabel(html.escape(self.values[key]), self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(key == "data_dir")
            facts.addRow(caption, value)

        notices = QPlainTextEdit(self)
        notices.setReadOnly(True)
        notices.setPlainText(
            self.tr("Place names") + "\n" + gaz.source + "\n\n"
            + self.tr("Font") + "\n" + font_notice()
        )
        notices.setMinimumHeight(230)
        self.notices = notices

        copy_button = QPushButton(self.tr("Copy details"), self)
        copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(facts)
        layout.addWidget(QLabel(self.tr("Notices"), self))
        layout.addWidget(notices, 1)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        """Put the facts on the clipboard, to paste into a message to support."""
        text = "\n".join(f"{k}: {v}" for k, v in self.values.items())
        QGuiApplication.clipboard().setText(f"{APP_TITLE}\n{text}")
