"""The shape tool, driven with real mouse events: rectangle → GrabCut in the background → silhouette; strokes
refine the object; Cancel stops a slow extraction while the GUI keeps running."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGraphicsPathItem

from desktop_app.core.document import Document
from desktop_app.core.imageio import save_image
from desktop_app.core.labels import coarse_category
from desktop_app.core.regions import Region
from desktop_app.core.scheduler import Cancelled
from desktop_app.core.shape import Outline, RemoveBackground, Silhouette
from tests.ui.helpers import assert_chart_shows_the_render, click, drag, use_tool, wait_for_chart
from tests.ui.screenshots import assert_bars_match, assert_canvas_shows_the_render, grab

CAT_BOX = ((0.05, 0.05), (0.95, 0.95))


@pytest.fixture
def shaping(qtbot, window):
    use_tool(window, "shape")
    return window


@pytest.fixture
def quick_grabcut(monkeypatch):
    """Replaces GrabCut by an instant fake that 'finds' the inner half of the rectangle, less for each stroke."""

    def fake(image, rect, fg_strokes=(), bg_strokes=(), iterations=5, progress=None, cancel=None):
        x0, y0, x1, y1 = rect
        share = 0.25 + 0.05 * len(bg_strokes)  # each background stroke shrinks the object
        dx, dy = (x1 - x0) * share, (y1 - y0) * share
        return Region.rect(x0 + dx, y0 + dy, x1 - dx, y1 - dy)

    monkeypatch.setattr("desktop_app.ui.tools.shape.extract_foreground", fake)


def wait_for_object(qtbot, tool) -> None:
    qtbot.waitUntil(lambda: tool.region is not None and not tool.running, timeout=60_000)


def test_rectangle_finds_the_cat_and_silhouette_changes_the_chart(qtbot, shaping, artifacts_dir):
    window = shaping
    tool = window.tools.active
    progress: list[float] = []
    tool.bar.progress.valueChanged.connect(progress.append)
    started = time.perf_counter()
    drag(window, *CAT_BOX)
    assert tool.running and tool.bar.progress.isVisible() and tool.bar.cancel_button.isVisible()
    wait_for_object(qtbot, tool)
    print(f"\nGrabCut in the app: {time.perf_counter() - started:.2f} s (job: {tool.last_seconds:.2f} s)")
    assert not tool.bar.progress.isVisible() and "Found in" in tool.bar.hint.text()
    assert progress and all(a <= b for a, b in zip(progress, progress[1:], strict=False))
    assert window.editor.entries == []  # finding the object is not an edit
    x0, y0, x1, y1 = tool.region.bounds()
    assert 0.04 <= x0 < x1 <= 0.96 and 0.04 <= y0 < y1 <= 0.96
    paths = [i for i in window.canvas.scene().items() if isinstance(i, QGraphicsPathItem) and i.brush().color().alpha()]
    assert paths, "the found object is outlined on the canvas"

    window.chart.set_animation_duration(0)
    qtbot.mouseClick(tool.bar.silhouette_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries
    assert isinstance(entry.edit, Silhouette) and entry.edit.style == "black-on-white"
    assert entry.edit.region == tool.region
    image = window.editor.document.render()
    assert set(np.unique(image).tolist()) == {0, 255}
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert coarse_category(window.chart.rows()[0].index) != "cat"  # the lecture: a silhouette is no longer a cat
    shot = grab(window)
    save_image(artifacts_dir / "tool_shape.png", shot)
    assert_canvas_shows_the_render(shot, window)
    assert_bars_match(window.chart, window, shot)
    window.editor.undo_stack.undo()
    assert window.editor.entries == []


def test_a_background_stroke_reruns_grabcut_and_cuts_the_object(qtbot, shaping):
    window = shaping
    tool = window.tools.active
    drag(window, *CAT_BOX)
    wait_for_object(qtbot, tool)
    first = tool.region
    qtbot.mouseClick(tool.mode_buttons["background"], Qt.MouseButton.LeftButton)
    assert tool.mode == "background"
    drag(window, (0.2, 0.5), (0.8, 0.5), steps=12)
    assert tool.running
    wait_for_object(qtbot, tool)
    assert len(tool.found_inputs.background_strokes) == 1 and tool.region != first
    [stroke] = tool.found_inputs.background_strokes
    height, width = window.editor.document.working.shape[:2]
    marked = stroke.mask(height, width)
    assert not (tool.region.mask(height, width) & marked).any()  # what was marked background is not the object
    qtbot.mouseClick(tool.mode_buttons["object"], Qt.MouseButton.LeftButton)
    drag(window, (0.45, 0.45), (0.55, 0.55))
    wait_for_object(qtbot, tool)
    assert len(tool.found_inputs.object_strokes) == 1 and len(tool.found_inputs.background_strokes) == 1


def test_cancel_stops_a_slow_extraction_and_the_gui_stays_responsive(qtbot, shaping, monkeypatch):
    window = shaping
    tool = window.tools.active
    saw_cancel = threading.Event()

    def slow(image, rect, fg_strokes=(), bg_strokes=(), iterations=5, progress=None, cancel=None):
        for step in range(1000):  # ten seconds unless cancelled
            if cancel():
                saw_cancel.set()
                raise Cancelled()
            progress(step / 1000)
            time.sleep(0.01)
        return Region.rect(*rect)

    monkeypatch.setattr("desktop_app.ui.tools.shape.extract_foreground", slow)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    drag(window, *CAT_BOX)
    qtbot.waitUntil(lambda: tool.bar.progress.value() > 2, timeout=5_000)
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=5_000)
    timer.stop()
    assert tool.running and tool.bar.cancel_button.isVisible()  # the event loop kept running while GrabCut worked
    qtbot.mouseClick(tool.bar.cancel_button, Qt.MouseButton.LeftButton)
    assert saw_cancel.wait(5) and window.bridge.wait_idle(5)
    qtbot.waitUntil(lambda: not tool.running and not tool.bar.progress.isVisible(), timeout=5_000)
    assert tool.region is None and tool.inputs is None
    assert window.editor.entries == []

    saw_cancel.clear()
    drag(window, *CAT_BOX)
    qtbot.waitUntil(lambda: tool.bar.progress.value() > 2, timeout=5_000)
    window.action_table["cancel"].trigger()  # Edit › Stop Running Work (Esc) stops GrabCut too
    assert saw_cancel.wait(5)
    qtbot.waitUntil(lambda: not tool.running and not tool.bar.progress.isVisible(), timeout=5_000)
    assert tool.inputs is None and window.bridge.wait_idle(5)


def test_shape_buttons_before_an_object_explain_what_to_do(qtbot, shaping):
    window = shaping
    tool = window.tools.active
    qtbot.mouseClick(tool.bar.silhouette_button, Qt.MouseButton.LeftButton)
    assert window.editor.entries == []
    assert window.notice.isVisible() and "rectangle around the object" in window.notice.text.text()
    qtbot.mouseClick(tool.mode_buttons["object"], Qt.MouseButton.LeftButton)
    drag(window, (0.3, 0.3), (0.6, 0.6))
    assert not tool.running and "First drag a rectangle" in window.notice.text.text()


def test_click_without_a_drag_asks_for_a_rectangle(qtbot, shaping):
    window = shaping
    tool = window.tools.active
    click(window, (0.5, 0.5))
    assert not tool.running and tool.inputs is None and "Drag a rectangle" in window.notice.text.text()


def test_buttons_and_styles_switch_the_selected_shape_edit(qtbot, shaping, quick_grabcut):
    window = shaping
    tool = window.tools.active
    drag(window, (0.2, 0.2), (0.6, 0.6))
    wait_for_object(qtbot, tool)
    assert tool.region.bounds() == pytest.approx((0.3, 0.3, 0.5, 0.5), abs=0.01)
    tool.bar.style_box.setCurrentIndex(tool.bar.style_box.findData("white-on-black"))
    qtbot.mouseClick(tool.bar.silhouette_button, Qt.MouseButton.LeftButton)
    assert window.editor.entries[0].edit == Silhouette(tool.region, "white-on-black")
    tool.bar.style_box.setCurrentIndex(tool.bar.style_box.findData("black-on-white"))  # changes the selected edit
    assert window.editor.entries[0].edit.style == "black-on-white"
    tool.bar.outline_box.setCurrentIndex(tool.bar.outline_box.findData("edges"))
    qtbot.mouseClick(tool.bar.outline_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries  # switched, not stacked on the silhouette
    assert entry.edit == Outline(tool.region, "edges")
    tool.bar.background_box.setCurrentIndex(tool.bar.background_box.findData("blur"))
    qtbot.mouseClick(tool.bar.remove_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries
    assert isinstance(entry.edit, RemoveBackground) and entry.edit.background.value == "blur"
    window.editor.undo_stack.undo()
    assert isinstance(window.editor.entries[0].edit, Outline)
    window.editor.select(0)
    assert tool.bar.outline_box.currentData() == "edges"


def test_a_new_image_forgets_the_object(qtbot, shaping, quick_grabcut):
    window = shaping
    tool = window.tools.active
    drag(window, (0.2, 0.2), (0.6, 0.6))
    wait_for_object(qtbot, tool)
    window.editor.set_document(Document(np.full((200, 300, 3), 90, np.uint8), "plain"))
    assert tool.region is None and tool.inputs is None
    assert not [i for i in window.canvas.scene().items() if isinstance(i, QGraphicsPathItem)]


def test_a_refined_object_updates_the_selected_silhouette(qtbot, shaping, quick_grabcut):
    window = shaping
    tool = window.tools.active
    drag(window, (0.2, 0.2), (0.6, 0.6))
    wait_for_object(qtbot, tool)
    qtbot.mouseClick(tool.bar.silhouette_button, Qt.MouseButton.LeftButton)
    first = tool.region
    qtbot.mouseClick(tool.mode_buttons["background"], Qt.MouseButton.LeftButton)
    drag(window, (0.3, 0.25), (0.5, 0.25))
    wait_for_object(qtbot, tool)
    [entry] = window.editor.entries
    assert tool.region != first and entry.edit == Silhouette(tool.region)
    window.editor.undo_stack.undo()  # the refinement of the silhouette is its own undo step
    assert window.editor.entries[0].edit == Silhouette(first)


def test_when_grabcut_finds_nothing_the_user_is_told_and_the_previous_object_stays(qtbot, shaping, monkeypatch):
    window = shaping
    tool = window.tools.active

    def nothing(image, rect, fg_strokes=(), bg_strokes=(), iterations=5, progress=None, cancel=None):
        raise ValueError("no object found in the rectangle: draw it around the object or mark the object")

    monkeypatch.setattr("desktop_app.ui.tools.shape.extract_foreground", nothing)
    drag(window, (0.2, 0.2), (0.6, 0.6))
    qtbot.waitUntil(lambda: not tool.running, timeout=10_000)
    assert tool.region is None and tool.inputs is None
    assert "no object found" in window.notice.text.text()
