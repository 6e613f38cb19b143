"""The occlusion tool, driven with real mouse events: draw, move, resize, brush, options; the chart follows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.core.edits import Fill, Occlude, OccludeStroke
from tests.ui.helpers import (
    assert_chart_shows_the_render,
    chart_values,
    click,
    drag,
    predictions_during_drag,
    use_tool,
    wait_for_chart,
)


@pytest.fixture
def occluding(qtbot, window):
    use_tool(window, "occlude")
    return window


def test_drag_draws_a_box_and_the_chart_moves(qtbot, occluding):
    window = occluding
    before = chart_values(window)
    drag(window, (0.3, 0.2), (0.7, 0.6))
    [entry] = window.editor.entries
    box = entry.edit
    assert isinstance(box, Occlude) and box.fill is Fill.GREY
    assert box.x0 == pytest.approx(0.3, abs=0.01) and box.y1 == pytest.approx(0.6, abs=0.01)
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before and any(row.change for row in window.chart.rows())
    window.action_table["undo"].trigger()  # the whole drag is one undo step
    assert window.editor.entries == []


def test_the_chart_follows_while_dragging(qtbot, occluding):
    # intermediate positions are predicted, not only the final one
    assert predictions_during_drag(qtbot, occluding, (0.1, 0.1), (0.8, 0.8)) >= 2


def test_move_and_resize_the_selected_box(qtbot, occluding):
    window = occluding
    drag(window, (0.2, 0.2), (0.4, 0.4))
    drag(window, (0.3, 0.3), (0.5, 0.45))  # grab the inside: move by (+0.2, +0.15)
    moved = window.editor.entries[0].edit
    assert moved.x0 == pytest.approx(0.4, abs=0.01) and moved.y0 == pytest.approx(0.35, abs=0.01)
    assert moved.x1 - moved.x0 == pytest.approx(0.2, abs=0.01)
    drag(window, (moved.x1, moved.y1), (0.9, 0.9))  # grab the bottom-right handle
    resized = window.editor.entries[0].edit
    assert resized.x0 == pytest.approx(moved.x0, abs=0.01) and resized.x1 == pytest.approx(0.9, abs=0.01)
    assert len(window.editor.entries) == 1
    window.action_table["undo"].trigger()
    assert window.editor.entries[0].edit == moved


def test_click_makes_a_default_box_and_options_change_the_selected_one(qtbot, occluding):
    window = occluding
    click(window, (0.5, 0.5))
    [entry] = window.editor.entries
    assert entry.edit.x1 - entry.edit.x0 == pytest.approx(0.25, abs=0.01)
    tool = window.tools.active
    tool.fill_box.setCurrentIndex(tool.fill_box.findData("black"))
    tool.mode_box.setCurrentIndex(tool.mode_box.findData("ellipse"))
    edit = window.editor.entries[0].edit
    assert edit.fill is Fill.BLACK and edit.shape == "ellipse"


def test_brush_stroke(qtbot, occluding):
    window = occluding
    tool = window.tools.active
    tool.options()
    tool.mode_box.setCurrentIndex(tool.mode_box.findData("brush"))
    drag(window, (0.2, 0.5), (0.8, 0.5), steps=10)
    [entry] = window.editor.entries
    assert isinstance(entry.edit, OccludeStroke) and len(entry.edit.points) >= 10
    image = window.editor.document.render()
    assert (image[image.shape[0] // 2, image.shape[1] // 2] == 128).all()


def test_arrow_keys_nudge_the_selected_box_by_screen_pixels_as_one_undo_step(qtbot, occluding):
    window = occluding
    box = Occlude(0.3, 0.3, 0.5, 0.5)
    window.editor.add_edit(box)
    steps = window.editor.undo_stack.count()
    canvas = window.canvas
    window.action_table["focus_canvas"].trigger()
    assert canvas.hasFocus()
    for _ in range(3):
        QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # the big step: 10 px
    height, width = window.editor.document.working.shape[:2]
    zoom = canvas.zoom_factor()
    [entry] = window.editor.entries
    assert entry.edit.x0 == pytest.approx(0.3 + 3 / (zoom * width)) and entry.edit.y0 == pytest.approx(
        0.3 + 10 / (zoom * height)
    )
    assert entry.edit.x1 - entry.edit.x0 == pytest.approx(0.2)  # moved, not resized
    assert window.editor.undo_stack.count() == steps + 1  # the four nudges: one step
    window.action_table["undo"].trigger()
    assert [entry.edit for entry in window.editor.entries] == [box]


def test_arrow_keys_without_a_selected_box_leave_the_image_alone(qtbot, occluding):
    window = occluding
    window.editor.add_edit(Occlude(0.3, 0.3, 0.5, 0.5))
    window.editor.select(-1)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)
    assert window.editor.entries[0].edit == Occlude(0.3, 0.3, 0.5, 0.5)
