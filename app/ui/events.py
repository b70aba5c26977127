"""One app-wide signal that says what changed, so views redraw themselves.

After a write (a registration saved, an officer added, a setting changed) the code that
wrote emits ``AppEvents.changed`` with what changed; every view that shows that kind of
data listens and refreshes itself. Views never refresh one another, so adding a view
never means finding and calling every place that writes (Anki's
``operation_did_execute``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

# What changed: the payload of ``AppEvents.changed``.
REGISTRATIONS = "registrations"
OFFICERS = "officers"
SETTINGS = "settings"


class AppEvents(QObject):
    """Owned by the main window and handed to each view that shows or writes data."""

    changed = Signal(str)

    def registrations_changed(self) -> None:
        self.changed.emit(REGISTRATIONS)

    def officers_changed(self) -> None:
        self.changed.emit(OFFICERS)

    def settings_changed(self) -> None:
        self.changed.emit(SETTINGS)
