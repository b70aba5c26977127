"""Starting the window: the Qt application, the Khmer font, first-time setup or sign-in,
then the main window.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app import app_version
from app.fonts import khmer_family
from app.resources import resource_path
from app.services import officers
from app.services.desk import Desk, MissingKeys, peek_setting
from app.services.officers import PASSWORD_ENV
from app.services.window_lock import FolderInUse, WindowLock
from app.ui import preferences
from app.ui.about_dialog import APP_TITLE
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import DESIGN_HEIGHT, DESIGN_WIDTH, MainWindow
from app.ui.recovery_key_dialog import show_if_unseen
from app.ui.session import Session
from app.ui.setup_dialog import SetupDialog
from app.ui.translation import install_translator

# Khmer letters stack vowels and subscripts above and below the line; at the usual 9 pt
# they blur on a 1366x768 laptop panel. 10.5 pt reads well and still fits the form.
FONT_POINT_SIZE = 10.5


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the one already running, in tests), with the app's font."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    # No display name: Qt would append it to window titles that already carry it.
    app.setApplicationName(APP_TITLE)
    app.setDesktopFileName("jobcentre")  # matches build/jobcentre.desktop
    app.setWindowIcon(QIcon(str(resource_path("icons/jobcentre-256.png"))))
    app.setApplicationVersion(app_version())
    app.setOrganizationName("MLVT")
    app.setStyle("Fusion")  # the same look on Windows and Linux laptops
    font = QFont(khmer_family())
    font.setPointSizeF(FONT_POINT_SIZE)
    # Latin text in the same font family keeps one baseline in mixed-script names.
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return app


def place_main_window(window: QWidget) -> None:
    """Show at the designed size, or maximised where the screen is not larger."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else None
    if area is None or area.width() <= DESIGN_WIDTH or area.height() <= DESIGN_HEIGHT:
        window.resize(DESIGN_WIDTH, DESIGN_HEIGHT)
        window.showMaximized()
    else:
        window.resize(DESIGN_WIDTH, DESIGN_HEIGHT)
        window.show()


def sign_in(desk: Desk) -> bool:
    """Setup on a fresh data folder, sign-in otherwise; False if the officer gave up."""
    dialog: QDialog = LoginDialog(desk) if desk.is_set_up else SetupDialog(desk)
    return dialog.exec() == QDialog.DialogCode.Accepted and desk.officer is not None


def run_gui(data_dir: Path, *, quit_after_show: bool = False) -> int:
    """The desktop app. ``quit_after_show`` quits as soon as the main window has been
    shown once (timing start-up; smoke tests). Returns the exit status."""
    app = make_application()
    # Before the database opens (and perhaps migrates): one window per data folder.
    lock = WindowLock(Path(data_dir))
    try:
        lock.acquire()
    except FolderInUse as busy:
        return _refuse_folder_in_use(app, Path(data_dir), busy, quit_after_show)
    try:
        return _run_locked(app, Path(data_dir), quit_after_show)
    finally:
        lock.release()


def _refuse_with(app: QApplication, box: QMessageBox, quit_after_show: bool) -> int:
    """Show ``box`` until the officer closes it (or, with ``quit_after_show``, for one turn
    of the event loop, as the tests do); the start-up ends with exit status 1."""
    if quit_after_show:
        box.show()
        QTimer.singleShot(0, lambda: app.exit(0))
        app.exec()
        box.hide()
    else:
        box.exec()
    return 1


def _refuse_folder_in_use(app: QApplication, data_dir: Path, busy: FolderInUse,
                          quit_after_show: bool) -> int:
    """Say, in the officer's language, which window has the folder; exit status 1."""
    chosen = peek_setting(data_dir, "language")
    install_translator(chosen if chosen in preferences.LANGUAGES else
                       preferences.DEFAULT_LANGUAGE)
    holder = busy.holder
    text = QCoreApplication.translate(
        "App", "This data folder is already open in another Job Centre Desk window "
        "(process {pid}, open since {since}). Switch to that window, or close it and "
        "start again.").format(pid=holder.pid if holder.pid is not None else "?",
                               since=holder.since or "?")
    detail = QCoreApplication.translate("App", "Data folder: {folder}").format(
        folder=str(data_dir.resolve()))
    print(f"{text}\n{detail}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, text, QMessageBox.StandardButton.Ok)
    box.setObjectName("folderInUse")
    box.setInformativeText(detail)
    return _refuse_with(app, box, quit_after_show)


def _refuse_lost_keys(app: QApplication, data_dir: Path, lost: MissingKeys,
                      quit_after_show: bool) -> int:
    """The keys file is missing or damaged: say so, and that `jobcentre recover` makes it
    again, in the desk's language (Khmer when the file that keeps it is gone); exit 1."""
    from app.messages import keys_lost_text

    chosen = peek_setting(data_dir, "language")
    install_translator(chosen if chosen in preferences.LANGUAGES else
                       preferences.DEFAULT_LANGUAGE)
    text = keys_lost_text(str(data_dir.resolve()), damaged=lost.damaged)
    print(text, file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, text, QMessageBox.StandardButton.Ok)
    box.setObjectName("keysLost")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return _refuse_with(app, box, quit_after_show)


def _run_locked(app: QApplication, data_dir: Path, quit_after_show: bool) -> int:
    try:
        desk = Desk(data_dir)
    except MissingKeys as lost:
        return _refuse_lost_keys(app, data_dir, lost, quit_after_show)
    try:
        install_translator(preferences.language(desk))
        if quit_after_show:
            return _show_once(app, desk)
        if not sign_in(desk):
            return 1
        # Sync runs on its own thread with its own connection; it starts when someone is
        # signed in and stops when the window closes (or the officer signs out).
        session = Session(desk, place=place_main_window)
        session.finished.connect(app.exit)
        window = session.open_window()
        # A supervisor sees the recovery key once (after setup, or after an older data
        # folder was encrypted) until they say it is written down.
        show_if_unseen(desk, window)
        try:
            return app.exec()
        finally:
            session.stop()
    finally:
        desk.close()


def _show_once(app: QApplication, desk: Desk) -> int:
    """Show the first screen a person would see, then quit: the setup dialog on a fresh
    folder, the sign-in dialog on a set-up one, or, when ``JOBCENTRE_PASSWORD`` is set,
    the main window signed in as the desk's first supervisor (as the command line
    does, since nobody is there to type a password)."""
    password = os.environ.get(PASSWORD_ENV)
    if desk.is_set_up and password:
        name = officers.first_supervisor_name(desk)
        officers.sign_in(desk, name or "", password)
        first: QWidget = MainWindow(desk)
        place_main_window(first)
    elif desk.is_set_up:
        first = LoginDialog(desk)
        first.show()
    else:
        first = SetupDialog(desk)
        first.show()
    # exit(), not quit(): since Qt 6 quit() first asks every window to close, and the
    # main window refuses while the form holds unsaved input.
    QTimer.singleShot(0, lambda: app.exit(0))
    app.exec()
    first.hide()
    first.deleteLater()
    return 0
