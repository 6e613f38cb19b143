"""The Lessons menu: each preset runs off the GUI thread and leaves its edits in the panel, on top of the user's;
undo brings back."""

import numpy as np
import pytest

from desktop_app.core.crop import Crop
from desktop_app.core.edits import apply
from desktop_app.core.labels import coarse_category
from desktop_app.core.presets import PRESETS
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


def test_a_lesson_goes_on_top_of_the_users_edits_as_one_undo_step(qtbot, window):
    """Nothing of the user's goes: a crop stays, the jigsaw shuffles the cropped image, one undo takes the lesson
    back; its notice goes with it."""
    crop = Crop(0.1, 0.0, 0.8, 0.9)
    window.editor.add_edit(crop)
    wait_for_chart(qtbot, window)
    cropped = window.editor.document.render()
    window.action_table["lesson-parts"].trigger()
    qtbot.waitUntil(lambda: len(window.editor.entries) == 2, timeout=60_000)
    first, lesson = (entry.edit for entry in window.editor.entries)
    assert first == crop and lesson.kind == "jigsaw"
    np.testing.assert_array_equal(window.editor.document.render(), apply(cropped, [lesson]))
    notice = window.notice.message()
    assert notice.startswith(PRESETS[0].question)
    window.action_table["undo"].trigger()
    assert [entry.edit for entry in window.editor.entries] == [crop]
    assert window.notice.message() == ""  # the notice was about edits that have gone
