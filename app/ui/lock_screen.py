"""The idle lock: after some minutes without a key or a click the main window covers
everything on it (returnees' names, phones, the record being typed) and asks the same
officer's password. What was typed stays where it was, unsaved, for when they are back;
"Sign out" instead hands the laptop to another officer.

``IdleWatch`` notices input anywhere in the application; ``LockScreen`` is the cover.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.messages import account_error_text
from app.services import officers
from app.services.desk import Desk
from app.services.officers import AccountError

# What counts as the officer being there: keys, clicks, the wheel (not mere mouse moves,
# which a bumped table makes).
_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})

CARD_WIDTH, CARD_MARGIN = 480, 24

STYLE = """
LockScreen { background: #1a3c6e; }
QFrame#lockCard { background: #ffffff; border-radius: 6px; }
QLabel#lockTitle { font-size: 14pt; font-weight: bold; color: #1a3c6e; }
QLabel#lockHint { color: #546e7a; }
QLabel#lockError { color: #b71c1c; font-weight: bold; }
"""


class IdleWatch(QObject):
    """Emits ``idle`` after ``minutes`` without input to the application (0: never)."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self._timer.stop()
        if minutes > 0:
            self._timer.setInterval(int(minutes * 60_000))
            self._timer.start()

    def is_armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in _INPUT and self._timer.interval() > 0 and self._timer.isActive():
            self._timer.start()  # again from the full interval
        return False

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """Covers its parent window whole. ``unlocked`` once the signed-in officer's
    password is typed; ``sign_out_requested`` for another officer."""

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget) -> None:
        super().__init__(parent)
        self._desk = desk
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setFixedWidth(CARD_WIDTH)
        self.title = QLabel(card)
        self.title.setObjectName("lockTitle")
        self.title.setWordWrap(True)
        self.hint = QLabel(card)
        self.hint.setObjectName("lockHint")
        self.hint.setWordWrap(True)
        self.password = QLineEdit(card)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        self.password.textEdited.connect(lambda _t: self.error.setText(""))
        self.error = QLabel(card)
        self.error.setObjectName("lockError")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(card)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.sign_out_button = QPushButton(card)
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(CARD_MARGIN, 20, CARD_MARGIN, 20)
        inner.setSpacing(10)
        for widget in (self.title, self.hint, self.password, self.error):
            inner.addWidget(widget)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        parent.installEventFilter(self)
        self.hide()
        self._retranslate()

    def lock(self) -> None:
        self._retranslate()
        self.password.clear()
        self.error.setText("")
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> None:
        officer = self._desk.officer
        if officer is None:
            self.sign_out_requested.emit()
            return
        try:
            officers.sign_in(self._desk, officer.name, self.password.text())
        except AccountError as error:
            if error.code == "officer_disabled":
                # Turned off meanwhile: nobody gets back in with this account.
                self.sign_out_requested.emit()
                return
            self.error.setText(account_error_text(error.code, dict(error.params)))
            self.password.clear()
            return
        self.password.clear()
        self.hide()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        officer = self._desk.officer
        name = officer.name if officer else ""
        self.title.setText(self.tr("Locked — {name}").format(name=name))
        self.hint.setText(self.tr(
            "The window locked itself because nobody used it for a while. Type your "
            "password to go on where you were; what you typed is still there."))
        self.password.setPlaceholderText(self.tr("Password of {name}").format(name=name))
        # Wrapped words in a fixed-width card: ask for the height they need there, or
        # the layout gives them one line's worth and cuts the rest.
        room = CARD_WIDTH - 2 * CARD_MARGIN
        for label in (self.title, self.hint):
            label.setMinimumHeight(label.heightForWidth(room))
        self.unlock_button.setText(self.tr("Unlock"))
        self.sign_out_button.setText(self.tr("Sign out (another officer)"))
