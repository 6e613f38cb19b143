"""GUI test fixtures: isolated settings, and a guard that fails any test leaving a worker thread running."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSettings

from desktop_app.ui.app import create_window, make_application


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Fails the test if it leaves a thread running (napari's habit)."""
    before = set(threading.enumerate())
    yield
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"threads left running: {still}"


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
