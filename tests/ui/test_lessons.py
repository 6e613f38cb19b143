"""The Lessons menu: each preset runs off the GUI thread and leaves its edits in the panel; undo brings back."""

import pytest

from desktop_app.core.labels import coarse_category
from tests.published import assert_as_published
from tests.ui.helpers import wait_for_chart


@pytest.mark.parametrize(
    "key, kind",
    [("parts", "jigsaw"), ("occlusion", "occlude"), ("shape", "silhouette"), ("texture", "texture-only")],
)
def test_each_lesson_leaves_its_edits_and_moves_the_chart(qtbot, window, key, kind):
    """Through the Lessons menu, each lesson ends on the chart with the README's published top three."""
    assert_as_published("original", window.chart.rows())
    window.action_table[f"lesson-{key}"].trigger()
    qtbot.waitUntil(lambda: len(window.editor.entries) == 1, timeout=60_000)
    assert window.editor.entries[0].edit.kind == kind
    assert window.edits_panel.list.count() == 1
    wait_for_chart(qtbot, window)
    rows = window.chart.rows()
    assert_as_published(key, rows)
    if key == "shape":  # the lecture: the cat's silhouette is no longer a cat
        assert coarse_category(rows[0].index) != "cat"
    window.action_table["undo"].trigger()
    assert window.editor.entries == []


def test_a_lesson_can_be_stopped(qtbot, window):
    window.action_table["lesson-shape"].trigger()
    window.action_table["cancel"].trigger()
    qtbot.waitUntil(lambda: window.bridge.wait_idle(0.01), timeout=30_000)
    qtbot.waitUntil(lambda: not window.status.busy_bar.isVisible(), timeout=5_000)
    assert window.editor.entries == [] and window.lessons.running is None
