"""Where the window sits on its screen: its first size there, staying wholly on it, and the name of a screen size.

All sizes are logical pixels of the screen's available area (without task bars and docks), so the same rules hold
at any scale factor: a 1920 x 1080 laptop at 150 % offers 1280 x 720 of them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget

ROOMY = QSize(1280, 800)  # a window this large shows everything comfortably; larger screens get a share of theirs
SHARE = 0.85  # of a large screen's available area
BORDER, TITLE_BAR = 8, 32  # room for a window manager's frame, unknown until the window is shown
MAX_MINIMUM = QSize(1024, 720)  # no choice a user makes may need a larger window than this


def screen_key(screen: QScreen) -> str:
    """A screen's available size as a settings key, e.g. "1366x768"."""
    available = screen.availableGeometry()
    return f"{available.width()}x{available.height()}"


def first_geometry(available: QRect) -> QRect:
    """Where the window opens the first time on a screen with this available area: large, centred, all of it
    (title bar included) on the screen."""
    room = QSize(available.width() - 2 * BORDER, available.height() - TITLE_BAR - BORDER)
    width = min(room.width(), max(ROOMY.width(), round(SHARE * available.width())))
    height = min(room.height(), max(ROOMY.height(), round(SHARE * available.height())))
    left = available.left() + BORDER + (room.width() - width) // 2
    top = available.top() + TITLE_BAR + (room.height() - height) // 2
    return QRect(left, top, max(1, width), max(1, height))


def keep_on_screen(window: QWidget) -> None:
    """Shrinks and moves a shown window so that all of it, frame included, lies on its screen's available area."""
    screen = window.screen()
    if screen is None or window.isFullScreen() or window.isMaximized():
        return
    available, frame = screen.availableGeometry(), window.frameGeometry()
    if available.contains(frame):
        return
    border = QSize(frame.width() - window.width(), frame.height() - window.height())
    width = max(window.minimumWidth(), min(window.width(), available.width() - border.width()))
    height = max(window.minimumHeight(), min(window.height(), available.height() - border.height()))
    window.resize(width, height)
    frame = window.frameGeometry()
    left = min(max(frame.left(), available.left()), available.right() + 1 - frame.width())
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - frame.height())
    window.move(max(left, available.left()), max(top, available.top()))
