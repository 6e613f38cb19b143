"""The crop tool, driven with real mouse events: draw, square, move, resize, reset; the chart follows the crop."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from desktop_app.core.crop import Crop
from desktop_app.core.document import Document
from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.imageio import save_image
from tests.ui.helpers import (
    assert_chart_shows_the_render,
    chart_values,
    drag,
    predictions_during_drag,
    use_tool,
    wait_for_chart,
)
from tests.ui.screenshots import assert_bars_match, assert_edge_at, departures, grab, on_screen, shown_image_box


@pytest.fixture
def cropping(qtbot, window):
    use_tool(window, "crop")
    return window


def the_crop(window) -> Crop:
    [crop] = [entry.edit for entry in window.editor.entries if isinstance(entry.edit, Crop)]
    return crop


def test_drag_draws_a_crop_and_the_chart_shows_the_cropped_image(qtbot, cropping):
    window = cropping
    before = chart_values(window)
    drag(window, (0.05, 0.1), (0.45, 0.6))
    crop = the_crop(window)
    assert crop.x0 == pytest.approx(0.05, abs=0.01) and crop.y0 == pytest.approx(0.1, abs=0.01)
    assert crop.x1 == pytest.approx(0.45, abs=0.01) and crop.y1 == pytest.approx(0.6, abs=0.01)
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)  # the prediction of the cropped image
    assert chart_values(window) != before and any(row.change for row in window.chart.rows())
    height, width = window.editor.document.working.shape[:2]
    assert window.editor.document.render().shape[:2] == crop.pixel_size(height, width)[::-1]
    window.editor.undo_stack.undo()  # the whole drag is one undo step
    assert window.editor.entries == []


def test_the_chart_follows_while_dragging(qtbot, cropping):
    # intermediate crops are predicted, not only the last one
    assert predictions_during_drag(qtbot, cropping, (0.9, 0.9), (0.2, 0.2)) >= 2


def test_a_second_drag_outside_redraws_the_one_crop(qtbot, cropping):
    window = cropping
    drag(window, (0.1, 0.1), (0.4, 0.4))
    drag(window, (0.6, 0.5), (0.9, 0.95))
    crop = the_crop(window)  # still exactly one crop
    assert len(window.editor.entries) == 1
    assert crop.x0 == pytest.approx(0.6, abs=0.01) and crop.y1 == pytest.approx(0.95, abs=0.01)
    window.editor.undo_stack.undo()
    assert the_crop(window).x1 == pytest.approx(0.4, abs=0.01)


def test_square_mode_gives_equal_pixel_sides(qtbot, cropping):
    window = cropping
    tool = window.tools.active
    qtbot.mouseClick(tool.mode_buttons["square"], Qt.MouseButton.LeftButton)
    assert tool.square
    drag(window, (0.1, 0.1), (0.7, 0.5))
    rendered = window.editor.document.render()
    assert rendered.shape[0] == rendered.shape[1] > 50
    drag(window, (the_crop(window).x1, 0.3), (0.9, 0.3))  # the right edge's handle: still square
    rendered = window.editor.document.render()
    assert rendered.shape[0] == rendered.shape[1]
    # switching to square squares an existing free crop
    qtbot.mouseClick(tool.mode_buttons["free"], Qt.MouseButton.LeftButton)
    drag(window, (0.05, 0.05), (0.95, 0.6))
    assert window.editor.document.render().shape[0] != window.editor.document.render().shape[1]
    qtbot.mouseClick(tool.mode_buttons["square"], Qt.MouseButton.LeftButton)
    rendered = window.editor.document.render()
    assert rendered.shape[0] == rendered.shape[1]


def test_move_and_resize_with_the_handles(qtbot, cropping):
    window = cropping
    drag(window, (0.2, 0.2), (0.5, 0.5))
    drag(window, (0.35, 0.35), (0.45, 0.4))  # grab the inside: move by (+0.1, +0.05)
    moved = the_crop(window)
    assert moved.x0 == pytest.approx(0.3, abs=0.01) and moved.y0 == pytest.approx(0.25, abs=0.01)
    assert moved.x1 - moved.x0 == pytest.approx(0.3, abs=0.01) and moved.y1 - moved.y0 == pytest.approx(0.3, abs=0.01)
    drag(window, (moved.x1, moved.y1), (0.9, 0.85))  # bottom-right corner
    corner = the_crop(window)
    assert (corner.x0, corner.y0) == pytest.approx((moved.x0, moved.y0), abs=1e-9)
    assert corner.x1 == pytest.approx(0.9, abs=0.01) and corner.y1 == pytest.approx(0.85, abs=0.01)
    drag(window, (corner.x0, (corner.y0 + corner.y1) / 2), (0.1, 0.2))  # left edge's midpoint: only x0 moves
    edge = the_crop(window)
    assert edge.x0 == pytest.approx(0.1, abs=0.01)
    assert (edge.y0, edge.x1, edge.y1) == pytest.approx((corner.y0, corner.x1, corner.y1), abs=1e-9)
    drag(window, ((edge.x0 + edge.x1) / 2, edge.y0), (0.5, 0.05))  # top edge's midpoint
    assert the_crop(window).y0 == pytest.approx(0.05, abs=0.01)
    assert len(window.editor.entries) == 1
    window.editor.undo_stack.undo()
    assert the_crop(window) == edge


def test_reset_removes_the_crop_and_undo_restores_it(qtbot, cropping):
    window = cropping
    tool = window.tools.active
    assert not tool.reset_button.isEnabled()
    drag(window, (0.2, 0.2), (0.6, 0.7))
    crop = the_crop(window)
    assert tool.reset_button.isEnabled()
    qtbot.mouseClick(tool.reset_button, Qt.MouseButton.LeftButton)
    assert window.editor.entries == []
    assert not tool.reset_button.isEnabled()
    assert "Whole image" in tool.size_label.text()
    window.editor.undo_stack.undo()
    assert the_crop(window) == crop


def canvas_size(window) -> tuple[int, int]:
    rect = window.canvas.image_rect()
    return round(rect.width()), round(rect.height())


def test_the_canvas_shows_the_whole_image_while_cropping_and_the_crop_after(qtbot, cropping):
    window = cropping
    height, width = window.editor.document.working.shape[:2]
    drag(window, (0.1, 0.2), (0.6, 0.9))
    qtbot.waitUntil(lambda: canvas_size(window) == (width, height))  # the render may wait for the next frame
    crop_w, crop_h = the_crop(window).pixel_size(height, width)
    window.tools.actions["pan"].trigger()
    qtbot.waitUntil(lambda: canvas_size(window) == (crop_w, crop_h))
    assert window.canvas.model_region.box() is not None
    window.tools.actions["crop"].trigger()
    qtbot.waitUntil(lambda: canvas_size(window) == (width, height))
    assert window.canvas.model_region.box() is None  # the tool marks the model's square inside the crop itself


def test_edits_after_the_crop_show_inside_it_while_cropping(qtbot, cropping):
    """A box added after the crop lives in the cropped frame; the uncropped view draws it inside the crop."""
    window = cropping
    editor = window.editor
    editor.add_edit(Crop(0.5, 0.5, 1.0, 1.0))
    editor.add_edit(Occlude(0.0, 0.0, 0.5, 0.5, fill=Fill.BLACK))  # the crop's top-left quarter
    tool = window.tools.active
    shown = tool.display_image(editor.document)
    height, width = editor.document.working.shape[:2]
    assert shown.shape[:2] == (height, width)
    assert (shown[height // 2 + 2 : height * 3 // 4 - 2, width // 2 + 2 : width * 3 // 4 - 2] == 0).all()
    np.testing.assert_array_equal(
        shown[: height // 2, : width // 2], editor.document.working[: height // 2, : width // 2]
    )


def test_the_size_label_counts_pixels_of_the_original_photo(qtbot, cropping):
    window = cropping
    tool = window.tools.active
    ramp = np.linspace(0, 255, 4000, dtype=np.uint8)
    photo = np.dstack([np.tile(ramp, (3000, 1))] * 3)
    window.editor.set_document(Document(photo, "big.png"))
    assert tool.size_label.text().startswith("Whole image, 4000 × 3000 px")
    qtbot.mouseClick(tool.mode_buttons["square"], Qt.MouseButton.LeftButton)
    drag(window, (0.25, 0.25), (0.75, 0.75))
    text = tool.size_label.text()
    width, height = the_crop(window).pixel_size(3000, 4000)
    assert text == f"{width} × {height} px of 4000 × 3000"
    assert width == height == pytest.approx(2000, abs=10)  # square in the photo's pixels too (mouse: ~2.5 px steps)
    rendered = window.editor.document.render()
    assert rendered.shape[0] == rendered.shape[1]  # square on the working image the model sees
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)


def test_screenshot_of_the_crop_tool(qtbot, cropping, artifacts_dir):
    """The whole photo is shown, dimmed outside the crop and as it is inside; the chart's bars fit its numbers."""
    window = cropping
    window.resize(1200, 760)
    window.chart.set_animation_duration(0)
    drag(window, (0.08, 0.05), (0.6, 0.85))
    wait_for_chart(qtbot, window)
    shot = grab(window)
    save_image(artifacts_dir / "tool_crop.png", shot)
    photo = window.editor.document.working
    height, width = photo.shape[:2]
    crop = the_crop(window)
    image_box = shown_image_box(window.canvas, window)
    crop_box = on_screen(window.canvas, window, (crop.x0 * width, crop.y0 * height, crop.x1 * width, crop.y1 * height))
    assert_edge_at(departures(shot, photo, image_box), crop_box, image_box, marked="outside")
    assert_bars_match(window.chart, window, shot)
