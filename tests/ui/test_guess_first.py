"""View › Guess First: the charts stay covered from each new image until the student's pick, across rapid edits and
lesson steps; the picks are scored against what the model said."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QPalette

from desktop_app.core.categories import decide
from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.guessing import GuessKind
from tests.ui.helpers import chart_values, wait_for_bars, wait_for_chart


def highlight_pixels(chart) -> int:
    """How many of the chart's pixels have the bars' colour (none while the bars are covered)."""
    chart.set_animation_duration(0)
    image = chart.grab().toImage()
    bar = chart.palette().color(QPalette.ColorRole.Highlight).rgb()
    return sum(image.pixel(x, y) == bar for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))


def charts_hidden(window) -> bool:
    """Whether every chart's bars and words are hidden behind the cover."""
    covered_text = window.guess_first.panel.cover_text()
    return (
        window.chart.is_covered()
        and window.chart.displayed_values() == {}
        and window.chart.accessibleDescription() == covered_text
        and window.category_chart.accessibleDescription() == covered_text
        and not window.status.stimulus_label.isVisible()
    )


@pytest.fixture
def guessing(qtbot, window):
    """The window in guess-first mode, with a question about the first prediction on show."""
    window.action_table["guess_first"].trigger()
    assert window.guess_first.on and window.guess_first.panel.isVisible()
    qtbot.waitUntil(lambda: window.guess_first.question is not None, timeout=10_000)
    return window


def test_the_key_is_g_and_turning_it_off_shows_the_charts(qtbot, window):
    assert window.action_table["guess_first"].shortcut().toString() == "G"
    wait_for_bars(qtbot, window)
    assert highlight_pixels(window.chart) > 0
    window.action_table["guess_first"].trigger()
    assert charts_hidden(window) and highlight_pixels(window.chart) == 0
    window.action_table["guess_first"].trigger()
    assert not window.guess_first.on and not window.chart.is_covered()
    wait_for_bars(qtbot, window)
    assert highlight_pixels(window.chart) > 0


def test_the_charts_never_show_before_the_guess_across_rapid_edits(qtbot, guessing):
    window = guessing
    states_when_shown: list[tuple[int, bool]] = []
    window.live.shown.connect(lambda p: states_when_shown.append((p.request_id, charts_hidden(window))))
    window.guess_first.pick(window.guess_first.question.answer.key)  # the first image's question answered
    assert not window.chart.is_covered()
    first = window.bridge.latest_prediction_id
    window.editor.add_edit(Occlude(0.1, 0.1, 0.5, 0.5, fill=Fill.BLACK))
    with qtbot.waitSignal(window.live.shown, timeout=30_000):
        pass
    for step in range(4):  # without waiting: each new image withdraws the question about the last
        window.editor.add_edit(Occlude(0.2 + 0.1 * step, 0.5, 0.4 + 0.1 * step, 0.9, fill=Fill.WHITE))
        window.live.render()
        assert window.guess_first.question is None and window.guess_first.panel.buttons == []
        assert charts_hidden(window)
    wait_for_chart(qtbot, window)
    qtbot.waitUntil(lambda: window.guess_first.question is not None, timeout=10_000)
    assert charts_hidden(window) and highlight_pixels(window.chart) == 0
    assert states_when_shown and all(hidden for request_id, hidden in states_when_shown if request_id > first)
    expected = window.model.predict([window.editor.document.render()])[0]
    assert window.guess_first.question.answer.key == decide(expected)
    assert window.guess_first.asked_about.request_id == window.bridge.latest_prediction_id
    window.guess_first.panel.button(window.guess_first.question.answer.key).click()
    assert not window.chart.is_covered() and not window.guess_first.pending()
    wait_for_bars(qtbot, window)
    assert highlight_pixels(window.chart) > 0
    assert window.chart.displayed_values() == pytest.approx(chart_values(window))


def test_a_lesson_step_covers_the_charts_until_the_guess(qtbot, guessing):
    window = guessing
    window.guess_first.pick(window.guess_first.question.answer.key)
    shown_hidden: list[bool] = []
    window.live.shown.connect(lambda _p: shown_hidden.append(charts_hidden(window)))
    window.action_table["lesson-shape"].trigger()
    qtbot.waitUntil(lambda: len(window.editor.entries) == 1, timeout=60_000)
    wait_for_chart(qtbot, window)
    qtbot.waitUntil(lambda: window.guess_first.question is not None, timeout=10_000)
    assert shown_hidden and all(shown_hidden) and charts_hidden(window)
    silhouette = window.model.predict([window.editor.document.render()])[0]
    question = window.guess_first.question
    assert question.answer.key == decide(silhouette) and question.answer.key != "cat"
    window.guess_first.pick("cat")  # the lecture's surprise: the silhouette is not a cat to the model
    assert not window.chart.is_covered()
    assert window.guess_first.panel.result.text().startswith("✘")
    assert window.guess_first.score.asked == 2 and window.guess_first.score.right == 1


def test_scoring_counts_right_and_wrong_picks_of_both_kinds(qtbot, guessing):
    window = guessing
    panel = window.guess_first.panel
    question = window.guess_first.question
    assert question.kind is GuessKind.CATEGORY and len(panel.buttons) == 16 and question.answer.key == "cat"
    panel.button("cat").click()
    assert (window.guess_first.score.right, window.guess_first.score.asked) == (1, 1)
    assert panel.score.text() == "Score: 1 of 1 right"
    window.editor.add_edit(Occlude(0.0, 0.0, 0.3, 0.3))
    wait_for_chart(qtbot, window)
    qtbot.waitUntil(lambda: window.guess_first.question is not None, timeout=10_000)
    panel.button("car").click()
    assert (window.guess_first.score.right, window.guess_first.score.asked) == (1, 2)
    panel.kind.setCurrentIndex(panel.kind.findData(GuessKind.CLASS))
    window.editor.add_edit(Occlude(0.7, 0.7, 0.9, 0.9))
    wait_for_chart(qtbot, window)
    qtbot.waitUntil(lambda: window.guess_first.question is not None, timeout=10_000)
    question = window.guess_first.question
    expected = window.model.predict([window.editor.document.render()])[0]
    top10 = {str(i) for i in np.argsort(-expected)[:10]}
    assert question.kind is GuessKind.CLASS and {c.key for c in question.choices} == top10
    assert question.answer.key == str(int(np.argmax(expected))) and len(panel.buttons) == 10
    wrong = next(c.key for c in question.choices if c.key != question.answer.key)
    panel.button(wrong).click()
    window.editor.add_edit(Occlude(0.7, 0.0, 0.9, 0.2))
    wait_for_chart(qtbot, window)
    qtbot.waitUntil(lambda: window.guess_first.question is not None, timeout=10_000)
    panel.button(window.guess_first.question.answer.key).click()
    score = window.guess_first.score
    assert (score.right, score.asked, score.fraction) == (2, 4, 0.5)
    assert panel.score.text() == "Score: 2 of 4 right"
