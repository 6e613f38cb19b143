"""Help › About credits the lecture's stimuli: Geirhos et al. 2019, CC BY 4.0, with the citation."""

from __future__ import annotations

import html

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.stimuli import CITATION, CREDIT
from desktop_app.ui.about import about_html


def test_the_about_text_credits_the_stimuli_with_licence_and_citation():
    text = about_html()
    assert html.escape(CREDIT) in text and html.escape(CITATION) in text
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0" in text and "EfficientNet-Lite0" in text


def test_the_about_box_shows_it(qtbot, window):
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    window.action_table["about"].trigger()
    assert shown == [about_html()]
