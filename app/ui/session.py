"""Who is at the desk: one main window per signed-in officer. Signing out closes that
window (nothing of the officer's screens survives) and offers the sign-in again; the
next officer gets a new window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.services.desk import Desk
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import MainWindow


class Session(QObject):
    """``finished(int)``: nobody signed in again after a sign-out (the exit status)."""

    finished = Signal(int)

    def __init__(self, desk: Desk, place: Callable[[QWidget], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._place = place or (lambda w: w.show())
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None

    def open_window(self) -> MainWindow:
        """The main window for the officer signed in now, with sync started."""
        window = MainWindow(self._desk)
        window.signed_out.connect(lambda: self._signed_out(window))
        self.window = window
        self._place(window)
        window.sync.start()
        return window

    def stop(self) -> None:
        if self.window is not None:
            self.window.sync.stop()

    def _signed_out(self, window: MainWindow) -> None:
        # The sign-in is up before the window closes, so the app never has no window.
        login = LoginDialog(self._desk)
        self.login = login
        login.accepted.connect(self._signed_in)
        login.rejected.connect(lambda: self.finished.emit(0))
        login.show()
        if self.window is window:
            self.window = None
        window.deleteLater()

    def _signed_in(self) -> None:
        if self.login is not None:
            self.login.deleteLater()
            self.login = None
        self.open_window()
