"""The main window: the home screen, the registration form, the registrations list and
the other screens as tabs, the menu, and the status bar.

The window wires screens together but keeps no data of its own. After any write it emits
one app-wide signal (``AppEvents.changed``) and each view refreshes itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTabWidget, QWidget

from app.services.desk import Desk, checkpoint
from app.ui import events as app_events
from app.ui import preferences
from app.ui.about_dialog import AboutDialog
from app.ui.audit_view import AuditTrailDialog
from app.ui.backup_actions import BackupActions
from app.ui.employers_view import EmployersView
from app.ui.events import AppEvents
from app.ui.guide_dialog import GuideDialog
from app.ui.home_view import HomeView
from app.ui.inbox_view import InboxView
from app.ui.lock_screen import IdleWatch, LockScreen
from app.ui.quarantine_view import QuarantineView
from app.ui.record_dialog import RecordDialog
from app.ui.registration_form import RegistrationForm
from app.ui.registrations_view import RegistrationsView
from app.ui.settings_dialog import SettingsDialog
from app.ui.slip_printing import SlipPrinting
from app.ui.status_bar import StatusBar
from app.ui.sync_controller import SyncController, bind_status_label
from app.ui.training_view import TrainingView
from app.ui.transfer_dialogs import ExportDialog, ImportDialog
from app.ui.translation import install_translator
from app.ui.widgets import ask_to_discard
from app.ui.worker import DatabaseWorker

# Saves leave the log's copy-back to the worker, this long after the last change.
CHECKPOINT_IDLE_MS = 2000

STYLE = """
QMainWindow { background: #f4f6f9; }
QTabWidget::pane { border: none; border-top: 1px solid #c9d2dc; }
QTabBar::tab { padding: 5px 18px; margin-right: 2px; color: #37474f;
    background: #e3e8ee; border: 1px solid #c9d2dc; border-bottom: none;
    border-top-left-radius: 4px; border-top-right-radius: 4px; }
QTabBar::tab:selected { background: #f4f6f9; color: #1a3c6e; font-weight: bold; }
QTabBar::tab:hover:!selected { background: #edf1f5; }
"""

# The size the window is designed for; smaller screens get it maximised.
DESIGN_WIDTH, DESIGN_HEIGHT = 1366, 768


class MainWindow(QMainWindow):
    """Signals ``print_requested(dict)``: a record whose slip the officer asked for,
    from the form or from a record dialog; it opens the print preview."""

    print_requested = Signal(dict)
    # The officer signed out (menu, shortcut, or the lock screen): whoever started the
    # window shows the sign-in again; this window closes with nothing of theirs kept.
    signed_out = Signal()

    HOME, REGISTER, LIST, REFUSED, EMPLOYERS, TRAINING, INBOX = 0, 1, 2, 3, 4, 5, 6

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.events = AppEvents(self)
        self.record_dialog: RecordDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.guide_dialog: GuideDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.audit_dialog: AuditTrailDialog | None = None
        self.quit_question: QMessageBox | None = None
        self._quit_confirmed = False
        self._signing_out = False
        self.sign_out_question: QMessageBox | None = None
        self._hidden_while_locked: list[QWidget] = []
        self._refused_count = 0  # records headquarters refused or disputes
        self.setStyleSheet(STYLE)
        # Database reads the window waits for (matches, the idle checkpoint) run here;
        # the search index's merging, a write, runs on the window's own connection
        # (``Desk.merge_search``) when idle, just before.
        self.worker = DatabaseWorker(desk.reader, self)
        desk.defer_checkpoints()
        self._checkpoint_timer = QTimer(self)
        self._checkpoint_timer.setSingleShot(True)
        self._checkpoint_timer.setInterval(CHECKPOINT_IDLE_MS)
        self._checkpoint_timer.timeout.connect(self._idle_upkeep)

        language = preferences.language(desk)
        self.form = RegistrationForm(desk, language=language)
        self.list_view = RegistrationsView(desk, self.events)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # The home screen comes first: what the day holds, each tile a way in.
        self.home = HomeView(desk, self.events)
        self.home.activated.connect(self._home_tile)
        self.tabs.addTab(self.home, "")
        self.tabs.addTab(self.form, "")
        self.tabs.addTab(self.list_view, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self.status = StatusBar(desk, self.events, self)
        self.setStatusBar(self.status)

        self.form.saved.connect(lambda _rec: self.events.registrations_changed())
        self.form.print_requested.connect(self.print_requested)
        self.form.open_record_requested.connect(self.open_record)
        self.list_view.open_record.connect(self.open_record)
        self.events.changed.connect(self._on_changed)
        self.events.changed.connect(lambda _what: self._checkpoint_timer.start())
        self.sync = SyncController(desk, parent=self)
        bind_status_label(self.sync, self.status.sync_label)
        self.sync.recordsChanged.connect(self.events.registrations_changed)
        self.events.changed.connect(lambda _what: self.sync.refresh())
        self.quarantine = QuarantineView(desk)
        self.quarantine.openRecord.connect(self.open_record)
        self.quarantine.changed.connect(self.events.registrations_changed)
        self.quarantine.changed.connect(self.sync.sync_now)
        self.sync.statusChanged.connect(self._sync_status)
        self.sync.syncFinished.connect(lambda *_: self.home.mark_stale())
        self.tabs.addTab(self.quarantine, "")
        self.employers = EmployersView(desk, worker=self.worker)
        self.tabs.addTab(self.employers, "")
        self.sync.recordsChanged.connect(self.employers.refresh)
        self.training = TrainingView(desk, self.events)
        self.tabs.addTab(self.training, "")
        self.inbox = InboxView(desk)
        self.tabs.addTab(self.inbox, "")
        self.inbox.changed.connect(self.events.registrations_changed)
        self.inbox.changed.connect(self.employers.refresh)
        self.inbox.print_requested.connect(self.print_requested)
        self.events.changed.connect(self._inbox_changed)
        self.printing = SlipPrinting(desk, self)
        self.print_requested.connect(lambda rec: self.printing.preview([rec["registration_no"]]))

        self.backups = BackupActions(desk, self)
        self.backups.restored.connect(self._restored)

        self._make_actions()
        self.lock_screen = LockScreen(desk, self)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.lock_screen.sign_out_requested.connect(self.sign_out)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self.lock)
        self.idle.set_minutes(preferences.idle_lock_minutes(desk))
        self._retranslate()
        self.form.new_record()

    # --- what the menu does ---------------------------------------------------------------

    def show_home(self) -> None:
        self.tabs.setCurrentIndex(self.HOME)

    def show_register(self) -> None:
        self.tabs.setCurrentIndex(self.REGISTER)

    def show_list(self) -> None:
        self.tabs.setCurrentIndex(self.LIST)

    def new_registration(self) -> None:
        """Go to the form, ready for the next person (typed input is kept, not lost)."""
        self.show_register()
        if not self.form.has_unsaved_input():
            self.form.new_record()
        self.form.setFocus()
        self.form.name_km.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_import(self) -> ImportDialog:
        """The import dialog (one at a time); what it saves refreshes every view."""
        if self.import_dialog is None:
            self.import_dialog = ImportDialog(self.desk, self)
            self.import_dialog.imported.connect(
                lambda _n: self.events.registrations_changed())
            self.import_dialog.finished.connect(self._import_closed)
        self.import_dialog.open()
        return self.import_dialog

    def _import_closed(self, _result: int) -> None:
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
            self.import_dialog = None

    def open_export(self) -> ExportDialog:
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.desk, self)
            self.export_dialog.finished.connect(self._export_closed)
        self.export_dialog.open()
        return self.export_dialog

    def _export_closed(self, _result: int) -> None:
        if self.export_dialog is not None:
            self.export_dialog.deleteLater()
            self.export_dialog = None

    def find(self) -> None:
        self.show_list()
        self.list_view.focus_search()

    def open_record(self, record_id: str) -> RecordDialog:
        """Show one record in its own dialog (window-modal, so the event loop runs)."""
        if self.record_dialog is not None:
            self.record_dialog.close()
        dialog = RecordDialog(self.desk, record_id, self.events, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_requested.connect(self.print_requested)
        dialog.destroyed.connect(lambda *_: self._forget_record_dialog(dialog))
        self.record_dialog = dialog
        dialog.open()
        return dialog

    def slip_numbers(self) -> list[str]:
        """The slips the print actions mean: the rows selected in the list, or on the
        form the person just saved."""
        if self.tabs.currentIndex() == self.LIST:
            return self.list_view.selected_numbers()
        return [self.form.registration_number()] if self.form.registration_number() else []

    def print_slips(self) -> None:
        self.printing.preview(self.slip_numbers())

    def save_slips_pdf(self) -> None:
        self.printing.save_pdf(self.slip_numbers())

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.desk, self.events, self, sync=self.sync)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def open_guide(self) -> GuideDialog:
        """The illustrated guide to the day's work, in the window's language (F1)."""
        if self.guide_dialog is not None:
            self.guide_dialog.close()
        dialog = GuideDialog(preferences.language(self.desk), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_guide(dialog))
        self.guide_dialog = dialog
        dialog.show()
        return dialog

    def _forget_guide(self, dialog: Any) -> None:
        if self.guide_dialog is dialog:
            self.guide_dialog = None

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dialog
        dialog.open()
        return dialog

    def open_audit_trail(self) -> AuditTrailDialog:
        dialog = AuditTrailDialog(self.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_dialog = dialog
        dialog.open()
        return dialog

    def back_up(self) -> None:
        self.backups.back_up()

    def restore(self) -> None:
        self.backups.restore()

    def sign_out(self) -> None:
        """Sign out (to switch officer): asks first if typed input would be lost, then
        closes this window; ``signed_out`` brings back the sign-in."""
        if self._signing_out:
            return
        unsaved = self.form.has_unsaved_input() or (
            self.record_dialog is not None and self.record_dialog.has_unsaved_edit())
        if not unsaved:
            self._finish_sign_out()
            return
        self.sign_out_question = ask_to_discard(
            self, self.tr("Sign out without saving?"),
            self.tr("What was typed for this person is not saved. Sign out anyway?"),
            self._sign_out_answered)

    def _sign_out_answered(self, discard: bool) -> None:
        self.sign_out_question = None
        if discard:
            self._finish_sign_out()

    def _finish_sign_out(self) -> None:
        self._signing_out = True
        self.idle.stop()
        self.sync.stop()
        if self.record_dialog is not None:
            self.record_dialog.hide()
        self.desk.officer = None
        self.signed_out.emit()
        self.close()
        # The database closes and its key is forgotten: the next officer's password
        # unwraps it again (the sign-in reads only the keys file).
        self.desk.lock()

    def is_locked(self) -> bool:
        return self.lock_screen.isVisible()

    def lock(self) -> None:
        """Cover the window and every window it opened; the same officer's password
        (or signing out) opens it again. Nothing typed is lost."""
        if self.is_locked() or self._signing_out or self.desk.officer is None:
            return
        self._hidden_while_locked = [
            w for w in QApplication.topLevelWidgets()
            if w is not self and w.isVisible() and self._opened_here(w)]
        for widget in self._hidden_while_locked:
            widget.hide()
        self._set_usable(False)
        self.lock_screen.lock()

    def _unlocked(self) -> None:
        self._set_usable(True)
        for widget in self._hidden_while_locked:
            widget.show()
        self._hidden_while_locked = []
        self.idle.set_minutes(preferences.idle_lock_minutes(self.desk))

    def _opened_here(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def _set_usable(self, usable: bool) -> None:
        # Under the cover no key may reach the screens: their actions go off too.
        self.tabs.setEnabled(usable)
        self.menuBar().setEnabled(usable)
        for action in self.actions():
            action.setEnabled(usable)
        self.sign_out_action.setEnabled(True)

    # --- reactions ------------------------------------------------------------------------

    def _restored(self) -> None:
        self.events.registrations_changed()
        self.events.officers_changed()
        self.events.settings_changed()
        self.form.new_record()

    def _idle_upkeep(self) -> None:
        """Idle for a while after a change: one step of the search index's merging
        (a few milliseconds), then the log's copy-back on the worker."""
        if self.desk.locked:
            return
        self.desk.merge_search()
        self.worker.submit(checkpoint, key="checkpoint")

    def _on_changed(self, what: str) -> None:
        if what == app_events.SETTINGS:
            language = preferences.language(self.desk)
            install_translator(language)
            self.form.set_language(language)
            if not self.is_locked():
                self.idle.set_minutes(preferences.idle_lock_minutes(self.desk))

    def _sync_status(self, view: Any) -> None:
        """The third tab names how many records headquarters refused or disputes."""
        counts = view.status.counts
        self._refused_count = counts.get("quarantined", 0) + counts.get("conflicts", 0)
        self.quarantine.refresh()
        self._retitle_refused()

    def _retitle_refused(self) -> None:
        count = self._refused_count
        number = preferences.display(self.desk).number(count)
        title = self.tr("To fix") + (f" ({number})" if count else "")
        self.tabs.setTabText(self.REFUSED, title)

    def show_inbox(self) -> None:
        self.tabs.setCurrentIndex(self.INBOX)

    def _inbox_changed(self, what: str) -> None:
        # A sync may have brought submissions or taken some away (another desk took them).
        if what == app_events.REGISTRATIONS:
            self.inbox.refresh()
            self._retitle_inbox()

    def _retitle_inbox(self) -> None:
        count = self.inbox.count()
        number = preferences.display(self.desk).number(count)
        self.tabs.setTabText(self.INBOX, self.tr("Inbox") + (f" ({number})" if count else ""))

    def _home_tile(self, key: str) -> None:
        """A home screen tile was clicked: open the screen it is about."""
        if key == "register":
            self.new_registration()
        elif key in ("today", "week", "waiting"):
            self.show_list()
        elif key == "sync":
            figures = self.home.figures
            if figures is not None and not figures.last_sync.enrolled:
                self.open_settings()  # where this laptop is enrolled
            else:
                self.sync.sync_now()
        else:
            self.tabs.setCurrentIndex({"to_fix": self.REFUSED, "employers": self.EMPLOYERS,
                                       "training": self.TRAINING,
                                       "inbox": self.INBOX}[key])

    def _tab_changed(self, index: int) -> None:
        # Land where typing happens: the first field of the form, the list's search box.
        if index == self.LIST:
            self.list_view.focus_search()
        elif index == self.EMPLOYERS:
            self.employers.refresh()

    def _forget_record_dialog(self, dialog: Any) -> None:
        if self.record_dialog is dialog:
            self.record_dialog = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._quit_confirmed or self._signing_out or not self.form.has_unsaved_input():
            self.idle.stop()
            self.sync.stop()
            self._checkpoint_timer.stop()
            self.worker.stop()
            self.backups.stop()
            super().closeEvent(event)
            return
        event.ignore()
        self.show_register()
        self.quit_question = ask_to_discard(
            self, self.tr("Quit without saving?"),
            self.tr("What you typed for this person is not saved. Quit anyway?"),
            self._quit_answered)

    def _quit_answered(self, discard: bool) -> None:
        self.quit_question = None
        if discard:
            self._quit_confirmed = True
            self.close()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # --- building -------------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.new_action = QAction(self)
        self.new_action.triggered.connect(self.new_registration)
        # The form owns Ctrl+N while it has focus (it asks before clearing typed input);
        # a second window-wide Ctrl+N would make the key ambiguous and neither would
        # fire. So the menu only shows the key, and the list gets its own shortcut.
        list_new = QShortcut(QKeySequence("Ctrl+N"), self.list_view)
        list_new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        list_new.activated.connect(self.new_registration)

        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.find)
        self.list_action = QAction(self)
        self.list_action.setShortcut(QKeySequence("Ctrl+L"))
        self.list_action.triggered.connect(self.show_list)
        self.print_action = QAction(self)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.triggered.connect(self.print_slips)
        self.sync_action = QAction(self)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(self.sync.sync_now)
        self.pdf_action = QAction(self)
        self.pdf_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.pdf_action.triggered.connect(self.save_slips_pdf)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.open_import)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self.open_export)
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        self.backup_action = QAction(self)
        self.backup_action.triggered.connect(self.back_up)
        self.restore_action = QAction(self)
        self.restore_action.triggered.connect(self.restore)
        self.audit_action = QAction(self)
        self.audit_action.triggered.connect(self.open_audit_trail)
        # Replacing every record, and reading who did what, are a supervisor's.
        supervisor = bool(self.desk.officer and self.desk.officer.is_supervisor)
        self.restore_action.setEnabled(supervisor)
        self.audit_action.setEnabled(supervisor)
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.open_guide)
        self.home_action = QAction(self)
        self.home_action.setShortcut(QKeySequence("Ctrl+H"))
        self.home_action.triggered.connect(self.show_home)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.open_about)
        self.sign_out_action = QAction(self)
        self.sign_out_action.setObjectName("signOut")
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.sign_out_action.triggered.connect(self.sign_out)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        menus = self.menuBar()
        self.desk_menu = menus.addMenu("")
        self.desk_menu.addAction(self.home_action)
        self.desk_menu.addAction(self.new_action)
        self.desk_menu.addAction(self.find_action)
        self.desk_menu.addAction(self.list_action)
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.print_action)
        self.desk_menu.addAction(self.pdf_action)
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.import_action)
        self.desk_menu.addAction(self.export_action)
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.sync_action)
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.backup_action)
        self.desk_menu.addAction(self.restore_action)
        self.desk_menu.addAction(self.audit_action)
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.settings_action)
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.lock_action)
        self.desk_menu.addAction(self.sign_out_action)
        self.desk_menu.addAction(self.quit_action)
        self.help_menu = menus.addMenu("")
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)
        for action in (self.guide_action, self.home_action, self.find_action,
                       self.list_action, self.print_action, self.pdf_action,
                       self.sync_action, self.settings_action, self.lock_action,
                       self.sign_out_action, self.quit_action):
            self.addAction(action)

    def _retranslate(self) -> None:
        officer = self.desk.officer
        who = f" — {officer.name}" if officer else ""
        self.setWindowTitle(self.tr("Job Centre Desk") + who)
        self.tabs.setTabText(self.HOME, self.tr("Home"))
        self.tabs.setTabText(self.REGISTER, self.tr("Register"))
        self.tabs.setTabText(self.LIST, self.tr("Registrations"))
        self.tabs.setTabText(self.EMPLOYERS, self.tr("Employers"))
        self.tabs.setTabText(self.TRAINING, self.tr("Training"))
        self.desk_menu.setTitle(self.tr("&Desk"))
        self.help_menu.setTitle(self.tr("&Help"))
        # "\tCtrl+N" shows the key in the menu without registering a second shortcut.
        self.new_action.setText(self.tr("&New registration") + "\tCtrl+N")
        self.find_action.setText(self.tr("&Find a registration"))
        self.list_action.setText(self.tr("Registrations &list"))
        self.print_action.setText(self.tr("&Print slips…"))
        self.print_action.setToolTip(
            self.tr("Print the slips of the selected registrations, or of the one just saved")
        )
        self.pdf_action.setText(self.tr("Save slips as P&DF…"))
        self.import_action.setText(self.tr("&Import registrations…"))
        self.export_action.setText(self.tr("&Export registrations…"))
        self.sync_action.setText(self.tr("Send to headquarters &now"))
        self._retitle_refused()
        self._retitle_inbox()
        self.backup_action.setText(self.tr("&Back up to…"))
        self.restore_action.setText(self.tr("&Restore from…"))
        self.restore_action.setToolTip(self.tr("Only a supervisor can restore a backup"))
        self.audit_action.setText(self.tr("&Audit trail…"))
        self.audit_action.setToolTip(
            self.tr("Who searched, opened, printed, exported, edited or withdrew which record"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.guide_action.setText(self.tr("&Guide to the day's work"))
        self.home_action.setText(self.tr("&Home"))
        self.about_action.setText(self.tr("&About Job Centre Desk"))
        self.lock_action.setText(self.tr("&Lock the window"))
        self.sign_out_action.setText(self.tr("Sign &out / switch officer"))
        self.quit_action.setText(self.tr("&Quit"))
