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
def window(qtbot, settings, save_questions):
    """The main window on the bundled model and the cat sample, with its first prediction shown."""
    make_application()
    win = create_window(settings)
    qtbot.addWidget(win)
    win.resize(*WINDOW_SIZE)  # the size the tests' geometry was written for, whatever the first start chose
    win.show()
    qtbot.waitUntil(lambda: win.prediction is not None, timeout=30_000)
    yield win
    save_questions.answer = QMessageBox.StandardButton.Discard  # whatever the test answered, the window closes
    win.close()


class SaveQuestions:
    """Stands in for the person asked "Save your changes…?" (QMessageBox.warning): answers `answer` (Discard unless
    a test says otherwise), and keeps the questions asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answer = QMessageBox.StandardButton.Discard

    def __call__(self, _parent, _title, text, _buttons, _default):  # noqa: ANN001, ANN204 (QMessageBox.warning's)
        self.asked.append(text)
        return self.answer


@pytest.fixture(autouse=True)
def save_questions(monkeypatch) -> SaveQuestions:
    """Answers every save question with Discard, so that closing a window with edits never waits for a person."""
    questions = SaveQuestions()
    monkeypatch.setattr(QMessageBox, "warning", questions)
    return questions
