"""Live predictions: a long edit list (a huge experiment) renders in the background, with progress, and stops on
Esc; a short one renders between two frames, as before."""

from __future__ import annotations

import weakref

import numpy as np

from desktop_app.core.document import EditEntry
from desktop_app.core.edits import Fill, Occlude
from desktop_app.ui.live_prediction import LIVE_RENDER_EDITS
from tests.ui.helpers import wait_for_chart
from tests.ui.screenshots import assert_canvas_shows_the_render, grab


def _with_edits(window, edits: list[Occlude]) -> None:
    document = window.editor.document.snapshot()
    document.entries = [EditEntry(edit) for edit in edits]
    window.editor.set_document(document)


def test_a_long_edit_list_renders_in_the_background_and_stops_on_esc(qtbot, window):
    statuses: list[str] = []
    window.status.messageChanged.connect(statuses.append)
    shown_before = grab(window.canvas)
    blurs = [Occlude(0.05 + 0.4 * i / 2000, 0.05, 0.6, 0.6, fill=Fill.BLUR) for i in range(2000)]  # ~10 s of work
    _with_edits(window, blurs)
    assert window.live.render_pending() and window.status.busy_bar.isVisible()  # the GUI thread is free
    qtbot.waitUntil(lambda: any(s.startswith("Applying 2,000 edits…") for s in statuses), timeout=30_000)
    window.action_table["cancel"].trigger()
    qtbot.waitUntil(lambda: "Stopped applying the edits" in window.status.currentMessage(), timeout=5_000)
    assert not window.live.render_pending() and not window.status.busy_bar.isVisible()
    np.testing.assert_array_equal(grab(window.canvas), shown_before)  # the last finished render stays


def test_a_long_edit_list_is_shown_and_predicted_once_rendered(qtbot, window):
    edits = [Occlude(0.1 + 0.3 * i / 500, 0.2, 0.5, 0.7, fill=Fill.BLACK) for i in range(500)]
    assert len(edits) > LIVE_RENDER_EDITS
    _with_edits(window, edits)
    wait_for_chart(qtbot, window)
    expected = window.model.predict([window.editor.document.render()])[0]
    np.testing.assert_allclose(window.prediction.probabilities, expected, atol=1e-5)
    assert_canvas_shows_the_render(grab(window), window)


def test_a_replaced_model_is_freed_once_the_chart_shows_the_new_one(qtbot, window):
    """Nothing in the window keeps a model it no longer uses (the soak's 200 switches rely on it), and the memory
    is handed back then (release_unused_memory)."""
    old = weakref.ref(window.model)
    window.set_provider("cpu")  # the same model file, loaded again as a new session
    qtbot.waitUntil(lambda: window.model is not old(), timeout=30_000)
    wait_for_chart(qtbot, window)
    assert old() is None


def test_a_short_edit_list_drops_a_long_render_still_running(qtbot, window):
    blurs = [Occlude(0.05 + 0.4 * i / 2000, 0.05, 0.6, 0.6, fill=Fill.BLUR) for i in range(2000)]
    _with_edits(window, blurs)
    assert window.live.render_pending() and window.status.busy_bar.isVisible()
    _with_edits(window, [Occlude(0.2, 0.2, 0.8, 0.8, fill=Fill.BLACK)])  # e.g. another experiment opened meanwhile
    qtbot.waitUntil(lambda: not window.live.render_pending(), timeout=5_000)  # the long one took ~10 s more
    assert not window.status.busy_bar.isVisible()
    wait_for_chart(qtbot, window)
    assert_canvas_shows_the_render(grab(window), window)
    assert "Stopped" not in window.status.currentMessage()
