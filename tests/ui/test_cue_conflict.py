"""Tools › Cue Conflict…: the open image's object filled with B's texture in one step on the worker; the edits it
adds render exactly as the core's cue_conflict_edits, undo as one step, and keep A's background only when asked."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.core.cue_conflict import cue_conflict_edits
from desktop_app.core.edits import apply
from desktop_app.core.imageio import load_image
from desktop_app.core.shape import RemoveBackground
from desktop_app.core.stimuli import lecture_image
from desktop_app.core.texture import TextureFill, TextureSource
from desktop_app.ui.cue_conflict import CueConflictChoice
from tests.ui.helpers import assert_chart_shows_the_render, wait_for_chart


def test_the_dialog_fills_the_object_with_the_lectures_elephant_skin(qtbot, window):
    window.action_table["cue_conflict"].trigger()
    dialog = window.cue_conflict.dialog
    assert (
        dialog.isVisible() and dialog.from_library.isChecked() and dialog.library_box.currentText() == "elephant skin"
    )
    assert not dialog.keep_background.isChecked()  # a plain background unless asked for
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: len(window.editor.entries) == 2, timeout=60_000)
    working = window.editor.document.working
    expected = cue_conflict_edits(window.model, working, TextureSource.library("elephant skin"))
    assert [entry.edit for entry in window.editor.entries] == expected
    background, fill = expected
    assert isinstance(background, RemoveBackground) and isinstance(fill, TextureFill) and not fill.shading
    np.testing.assert_array_equal(window.editor.document.render(), apply(working, expected))
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    window.action_table["undo"].trigger()  # one undo step
    assert window.editor.entries == []


def test_another_images_object_gives_the_texture_and_the_background_can_stay(qtbot, window):
    texture_image = lecture_image("texture")
    window.cue_conflict.run(CueConflictChoice(image=texture_image, keep_background=True))
    qtbot.waitUntil(lambda: len(window.editor.entries) == 1, timeout=60_000)
    working = window.editor.document.working
    expected = cue_conflict_edits(window.model, working, load_image(texture_image), "elephant1.png", True)
    [fill] = expected
    assert [entry.edit for entry in window.editor.entries] == expected and fill.source.kind == "file"
    np.testing.assert_array_equal(window.editor.document.render(), apply(working, expected))


def test_an_unreadable_image_b_is_a_message(qtbot, window, tmp_path):
    bad = tmp_path / "b.png"
    bad.write_text("not an image")
    window.cue_conflict.run(CueConflictChoice(image=bad))
    qtbot.waitUntil(lambda: window.notice.level == "error" and window.notice.isVisible(), timeout=30_000)
    assert "b.png" in window.notice.message() and window.editor.entries == []
    qtbot.waitUntil(lambda: not window.busy.active, timeout=5_000)
