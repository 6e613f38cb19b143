"""The tool skeleton every tool builds on: one drag threshold, modes with their picker and mode-only options, and
the frame that maps fractions of the shown image to canvas pixels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from desktop_app.core.edits import Occlude
from desktop_app.core.geometry import FracBox
from desktop_app.ui.tools import TOOL_CLASSES
from desktop_app.ui.tools.base import DRAG_THRESHOLD_PX, ToolMode, render_frame
from tests.ui.helpers import view_point


class Sample(ToolMode):
    ONE = "one", "First", "the first mode"
    TWO = "two", "Second"


def test_a_tool_mode_is_its_value_with_a_label_and_a_tip():
    assert Sample.ONE == "one" and Sample("two") is Sample.TWO and f"{Sample.ONE}" == "one"
    assert (Sample.ONE.label, Sample.ONE.tip, Sample.TWO.tip) == ("First", "the first mode", "")
    assert {Sample.ONE: 1}["one"] == 1  # string keys find modes
    with pytest.raises(ValueError):
        Sample("three")


def test_every_tool_has_modes_and_starts_in_its_first(window):
    for cls in TOOL_CLASSES:
        tool = window.tools.tools[cls.key]
        assert issubclass(cls.Mode, ToolMode) and tool.mode is next(iter(cls.Mode))


def press_move_release(window, start: tuple[float, float], offset: QPoint) -> None:
    viewport, at = window.canvas.viewport(), view_point(window, *start)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    QTest.mouseMove(viewport, at + offset)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at + offset)


@pytest.mark.parametrize("steps", [-3, 3])  # about 0.5x and 2x
def test_a_press_is_a_drag_from_the_threshold_on_screen_whatever_the_zoom(qtbot, window, steps):
    window.tools.actions["occlude"].trigger()
    window.canvas.zoom_actual()
    for _ in range(abs(steps)):
        window.canvas.zoom_in() if steps > 0 else window.canvas.zoom_out()
    zoom = window.canvas.zoom_factor()
    assert zoom == pytest.approx(1.25**steps)
    height, width = window.editor.document.working.shape[:2]
    press_move_release(window, (0.5, 0.5), QPoint(DRAG_THRESHOLD_PX - 1, 0))  # a click: the default box
    click_box = window.editor.entries[-1].edit
    assert isinstance(click_box, Occlude) and click_box.x1 - click_box.x0 == pytest.approx(0.25)
    window.editor.select(-1)
    press_move_release(window, (0.3, 0.3), QPoint(DRAG_THRESHOLD_PX // 2, DRAG_THRESHOLD_PX // 2))  # a drag
    dragged = window.editor.entries[-1].edit
    assert len(window.editor.entries) == 2
    assert (dragged.x1 - dragged.x0) * width == pytest.approx(max(4, DRAG_THRESHOLD_PX / 2 / zoom), abs=1.01)


def test_the_mode_picker_is_built_from_the_modes(window):
    window.tools.actions["parts"].trigger()
    tool = window.tools.active
    tool.options()
    assert [button.text() for button in tool.mode_buttons.values()] == [mode.label for mode in tool.Mode]
    assert tool.mode_buttons["jigsaw"].isChecked()
    tool.mode_buttons["swap"].click()
    assert tool.mode == "swap" and not tool.mode_buttons["jigsaw"].isChecked()
    tool.show_mode("jigsaw")  # shows a mode without acting on it
    assert tool.mode_buttons["jigsaw"].isChecked() and tool.mode == "jigsaw"
    with pytest.raises(ValueError):
        tool.set_mode("lasso")


def test_brush_size_is_shown_for_brushing_only(window):
    window.tools.actions["occlude"].trigger()
    occlude = window.tools.active
    occlude.options()
    assert not occlude.size_slider.isVisible() and not occlude.size_label.isVisible()
    occlude.mode_box.setCurrentIndex(occlude.mode_box.findData("brush"))
    assert occlude.mode == "brush" and occlude.size_slider.isVisible() and occlude.size_label.isVisible()
    window.tools.actions["shape"].trigger()
    shape = window.tools.active
    shape.options()
    assert not shape.bar.size_slider.isVisible() and not shape.bar.brush_label.isVisible()
    shape.mode_buttons["background"].click()
    assert shape.bar.size_slider.isVisible() and shape.bar.brush_label.isVisible()


def test_fractions_map_to_the_shown_image(window):
    tool = window.tools.tools["occlude"]
    height, width = window.editor.document.working.shape[:2]
    assert tool.shown_size() == (height, width)
    rect = tool.canvas_rect(FracBox(0.25, 0.5, 0.75, 1.0))
    assert (rect.left(), rect.top(), rect.right(), rect.bottom()) == (width / 4, height / 2, width * 3 / 4, height)
    point = tool.to_canvas(0.5, 0.5)
    assert tool.to_fraction(point) == (0.5, 0.5)
    assert render_frame(window.canvas, None, (height, width)).rect == (0, 0, width, height)
