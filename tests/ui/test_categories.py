"""View › 16 Categories: the paper's categories follow the prediction on the chart; an image named like the stimuli
gets the verdict (by shape, by texture or neither) in the categories' caption and the status bar."""

from __future__ import annotations

import pytest

from desktop_app.core.categories import categories, category_probabilities, decide, decision_sentence, stimulus_decision
from desktop_app.core.stimuli import cue_conflict_dir
from desktop_app.ui.app import create_window
from tests.ui.helpers import wait_for_chart


def shown_categories(window) -> None:
    window.action_table["categories"].setChecked(True)
    window.categories.show_prediction(window.prediction)  # the prediction already on the chart


def test_sixteen_rows_equal_the_core_for_the_prediction_on_the_chart(qtbot, window):
    assert not window.category_chart.isVisible()  # off until asked for
    shown_categories(window)
    chart = window.category_chart
    assert chart.isVisible() and window.settings.show_categories
    expected = category_probabilities(window.prediction.probabilities)
    assert list(chart.values()) == list(categories()) and len(chart.row_rects()) == 16
    assert chart.values() == pytest.approx(expected, abs=1e-12)
    assert chart.decision() == decide(window.prediction.probabilities) == "cat"
    assert chart.caption() == "" and not window.status.stimulus_label.isVisible()


def test_a_stimulus_named_image_says_what_the_model_decided_by(qtbot, window, tmp_path):
    shown_categories(window)
    path = cue_conflict_dir() / "cat" / "cat2-elephant1.png"
    window.open_path(path)
    qtbot.waitUntil(lambda: window.editor.document.name == path.name, timeout=30_000)
    wait_for_chart(qtbot, window)
    qtbot.waitUntil(lambda: window.category_chart.caption() != "", timeout=10_000)
    probabilities = window.prediction.probabilities
    sentence = decision_sentence(stimulus_decision(path, probabilities))
    assert window.category_chart.caption() == sentence and sentence.startswith("shape cat, texture elephant: decided")
    label = window.status.stimulus_label
    assert label.isVisible() and label.text() == f"Cue conflict: {sentence}"
    assert window.category_chart.values() == pytest.approx(category_probabilities(probabilities), abs=1e-12)
    window.action_table["categories"].setChecked(False)  # the status bar still says it without the categories
    assert not window.category_chart.isVisible() and window.status.stimulus_label.isVisible()


def test_the_choice_is_remembered(qtbot, window, settings):
    window.action_table["categories"].setChecked(True)
    window.close()
    again = create_window(settings)
    qtbot.addWidget(again)
    assert again.action_table["categories"].isChecked() and again.settings.show_categories
    again.close()
