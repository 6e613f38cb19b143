"""GUI test fixtures: isolated settings, and the main window on the real model (the thread guard is in
tests/conftest.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from desktop_app.ui.app import create_window, make_application


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A QSettings in the test's own folder (never the user's)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    """The main window on the bundled model and the cat sample, with its first prediction shown."""
    make_application()
    win = create_window(settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.prediction is not None, timeout=30_000)
    yield win
    win.close()
