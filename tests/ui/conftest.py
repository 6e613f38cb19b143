"""GUI test fixtures: isolated settings, and the main window on the real model (the thread guard is in
tests/conftest.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from desktop_app.ui.app import create_window, make_application
from desktop_app.ui.screenshot import WINDOW_SIZE


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
    win.resize(*WINDOW_SIZE)  # the size the tests' geometry was written for, whatever the first start chose
    win.show()
    qtbot.waitUntil(lambda: win.prediction is not None, timeout=30_000)
    yield win
    win.close()


@pytest.fixture(autouse=True)
def save_questions(monkeypatch) -> list[str]:
    """Answers every "Save your changes…?" question with Discard, so that closing a window with edits never waits
    for a person; returns the questions asked. A test sets `answer[0]` of `save_answer` to answer otherwise."""
    asked: list[str] = []

    def question(_parent, _title, text, _buttons, _default):  # noqa: ANN001, ANN202 (QMessageBox.warning's)
        asked.append(text)
        return ANSWER[0]

    ANSWER[0] = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "warning", question)
    return asked


ANSWER = [QMessageBox.StandardButton.Discard]  # what the patched save question answers now
