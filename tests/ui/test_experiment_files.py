"""Experiment files from the window: save and reopen to the same image and prediction; autosave and restore."""

from __future__ import annotations

import numpy as np

from desktop_app.core.edits import Fill, Occlude
from desktop_app.ui.app import create_window
from tests.ui.helpers import wait_for_chart


def test_saved_experiment_reopens_to_the_identical_image_and_prediction(qtbot, window, tmp_path):
    window.editor.add_edit(Occlude(0.3, 0.1, 0.7, 0.5, fill=Fill.NOISE))
    window.editor.add_edit(Occlude(0.1, 0.6, 0.4, 0.9, shape="ellipse", fill=Fill.BLUR))
    wait_for_chart(qtbot, window)
    image, probabilities = window.editor.document.render(), window.prediction.probabilities
    file = tmp_path / "lesson.json"
    assert window.experiments._save_to(file)
    assert window.editor.undo_stack.isClean()
    window.open_path(window.editor.document.path.parent / "coffee.png")
    qtbot.waitUntil(lambda: window.editor.document.name == "coffee.png", timeout=10_000)
    window.open_path(file)
    qtbot.waitUntil(lambda: len(window.editor.entries) == 2, timeout=10_000)
    wait_for_chart(qtbot, window)
    np.testing.assert_array_equal(window.editor.document.render(), image)
    np.testing.assert_array_equal(window.prediction.probabilities, probabilities)
    recorded = window.experiments.experiment().predictions["top"][0]
    assert recorded["index"] == int(np.argmax(probabilities))


def test_a_bad_experiment_file_is_explained_and_the_work_stays(qtbot, window, tmp_path):
    window.editor.add_edit(Occlude(0.3, 0.1, 0.7, 0.5))
    bad = tmp_path / "old.json"
    bad.write_text('{"format": "classifier-explorer-experiment", "version": 0}')
    window.open_path(bad)
    qtbot.waitUntil(lambda: "version 0" in window.notice.message(), timeout=10_000)
    assert len(window.editor.entries) == 1


def test_unsaved_work_is_autosaved_and_offered_after_a_crash(qtbot, settings):
    first = create_window(settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.prediction is not None, timeout=30_000)
    first.editor.add_edit(Occlude(0.2, 0.2, 0.6, 0.6, fill=Fill.WHITE))
    first.experiments.autosave_now()
    autosave = first.experiments.autosave_path
    qtbot.waitUntil(autosave.is_file, timeout=10_000)
    first.bridge.shutdown()  # the process "dies" here: no clean close, the autosave stays
    second = create_window(settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: "Unsaved work" in second.notice.message(), timeout=10_000)
    qtbot.waitUntil(lambda: second.prediction is not None, timeout=30_000)
    second.notice.action_button.click()
    assert [e.edit for e in second.editor.entries] == [Occlude(0.2, 0.2, 0.6, 0.6, fill=Fill.WHITE)]
    assert not second.editor.undo_stack.isClean()
    second.close()
    assert autosave.is_file()  # still unsaved: kept for next time
    first.close()


def test_clean_close_leaves_no_autosave(qtbot, window):
    autosave = window.experiments.autosave_path
    window.close()
    assert not autosave.exists()
