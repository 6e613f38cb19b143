"""The parts tool, driven with real mouse events and its options: jigsaw, move, swap; the chart follows."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsPathItem

from desktop_app.core.edits import Fill
from desktop_app.core.imageio import save_image
from desktop_app.core.parts import Jigsaw, MovePart
from tests.published import assert_as_published
from tests.ui.helpers import assert_chart_shows_the_render, chart_values, click, drag, use_tool, wait_for_chart
from tests.ui.screenshots import (
    MARKED,
    assert_bars_match,
    assert_canvas_shows_the_render,
    changed,
    edge_bands,
    grab,
    on_screen,
    shares,
    shown_image_box,
)


@pytest.fixture
def parts(qtbot, window):
    return window, use_tool(window, "parts")


def undo(window) -> None:
    window.action_table["undo"].trigger()


def rendered(window) -> np.ndarray:
    return window.editor.document.render()


def pixels(window, box: tuple[int, int, int, int]) -> np.ndarray:
    left, top, right, bottom = box
    return rendered(window)[top:bottom, left:right]


def test_jigsaw_from_the_options_and_a_new_seed_changes_it(qtbot, parts):
    window, tool = parts
    assert tool.jigsaw_options.isVisible() and tool.seed_box.isVisible()  # the seed is on show
    assert tool.grid_box.value() == 3 and tool.seed_box.value() == 0
    qtbot.mouseClick(tool.apply_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries
    assert entry.edit == Jigsaw(3, seed=0)
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    first = rendered(window)

    tool.seed_box.setValue(7)  # a selected jigsaw follows its options
    assert window.editor.entries[0].edit == Jigsaw(3, seed=7)
    assert not np.array_equal(rendered(window), first)
    tool.grid_box.setValue(5)
    assert window.editor.entries[0].edit == Jigsaw(5, seed=7)
    assert len(window.editor.entries) == 1
    wait_for_chart(qtbot, window)

    undo(window)
    assert window.editor.entries[0].edit == Jigsaw(3, seed=7)
    undo(window)
    assert window.editor.entries[0].edit == Jigsaw(3, seed=0)
    np.testing.assert_array_equal(rendered(window), first)
    undo(window)
    assert window.editor.entries == []


def test_shuffle_draws_a_new_seed_and_shows_it(qtbot, parts):
    window, tool = parts
    qtbot.mouseClick(tool.shuffle_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries
    assert entry.edit.seed == tool.seed_box.value() != 0
    seen = {entry.edit.seed}
    for _ in range(3):
        qtbot.mouseClick(tool.shuffle_button, Qt.MouseButton.LeftButton)
        seen.add(window.editor.entries[0].edit.seed)
    assert len(seen) == 4 and len(window.editor.entries) == 1  # the selected jigsaw is reshuffled


def test_click_shuffles_the_image_and_a_drag_only_a_box(qtbot, parts):
    window, tool = parts
    click(window, (0.5, 0.5))
    [entry] = window.editor.entries
    assert entry.edit == Jigsaw(3, 0)
    window.editor.select(-1)
    original = window.editor.document.working
    drag(window, (0.5, 0.5), (1.0, 1.0))
    region = window.editor.entries[1].edit
    assert isinstance(region, Jigsaw) and not region.whole_image
    assert region.x0 == pytest.approx(0.5, abs=0.01) and region.x1 == pytest.approx(1.0, abs=0.01)
    window.editor.set_visible(0, False)
    image = rendered(window)
    height, width = image.shape[:2]
    np.testing.assert_array_equal(image[: height // 2 - 1], original[: height // 2 - 1])  # above the box: untouched
    assert not np.array_equal(image, original)


def test_the_grid_is_drawn_in_jigsaw_mode_only(qtbot, parts):
    window, tool = parts

    def grids() -> int:
        return sum(isinstance(item, QGraphicsPathItem) for item in window.canvas.scene().items())

    assert grids() == 2  # white lines on a dark rim
    tool.set_mode("move")
    assert grids() == 0
    tool.set_mode("jigsaw")
    assert grids() == 2
    window.tools.actions["pan"].trigger()
    assert grids() == 0


def test_move_a_part_by_dragging_and_fill_the_hole(qtbot, parts):
    window, tool = parts
    tool.options()
    tool.mode_buttons["move"].click()
    assert tool.mode == "move" and tool.fill_box.isVisible()
    tool.fill_box.setCurrentIndex(tool.fill_box.findData("black"))
    original = window.editor.document.working.copy()
    before = chart_values(window)
    shown = []
    window.bridge.prediction_ready.connect(lambda p: shown.append(p.request_id))

    drag(window, (0.1, 0.1), (0.3, 0.4))  # select the part
    assert window.editor.entries == [] and tuple(tool.part) == pytest.approx((0.1, 0.1, 0.3, 0.4), abs=0.01)
    drag(window, (0.2, 0.2), (0.6, 0.5), steps=30)  # drag its inside: by (+0.4, +0.3)
    [entry] = window.editor.entries
    move = entry.edit
    assert isinstance(move, MovePart) and move.fill is Fill.BLACK and not move.swap
    assert move.to_x == pytest.approx(0.5, abs=0.01) and move.to_y == pytest.approx(0.4, abs=0.01)
    source, destination = move.boxes(*original.shape[:2])
    np.testing.assert_array_equal(pixels(window, destination), original[source[1] : source[3], source[0] : source[2]])
    assert (pixels(window, source) == 0).all()
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before and len(shown) >= 2  # the chart followed the drag

    drag(window, (0.6, 0.5), (0.7, 0.55))  # the selected move's destination can be dragged on
    moved_on = window.editor.entries[0].edit
    assert moved_on.to_x == pytest.approx(0.6, abs=0.01) and moved_on.x0 == move.x0
    undo(window)
    assert window.editor.entries[0].edit == move
    undo(window)  # the whole first drag was one step
    assert window.editor.entries == []
    np.testing.assert_array_equal(rendered(window), original)


def test_swap_two_parts(qtbot, parts):
    window, tool = parts
    tool.set_mode("swap")
    assert tool.mode_buttons["swap"].isChecked() and not tool.fill_box.isVisible()
    original = window.editor.document.working.copy()
    drag(window, (0.05, 0.1), (0.3, 0.45))
    drag(window, (0.15, 0.25), (0.65, 0.45))  # by (+0.5, +0.2)
    [entry] = window.editor.entries
    swap = entry.edit
    assert isinstance(swap, MovePart) and swap.swap
    (l0, t0, r0, b0), (l1, t1, r1, b1) = swap.boxes(*original.shape[:2])
    assert r0 <= l1  # apart: both parts are whole
    np.testing.assert_array_equal(pixels(window, (l1, t1, r1, b1)), original[t0:b0, l0:r0])
    np.testing.assert_array_equal(pixels(window, (l0, t0, r0, b0)), original[t1:b1, l1:r1])
    wait_for_chart(qtbot, window)

    tool.set_mode("move")  # for the next part: the selected swap stays a swap, and is let go
    assert window.editor.entries[0].edit == swap and window.editor.selected == -1
    assert tool.mode == "move" and window.editor.undo_stack.count() == 1
    drag(window, (0.7, 0.6), (0.95, 0.95))
    drag(window, (0.8, 0.7), (0.5, 0.7))  # a move of another part, beside the swap
    assert [entry.edit.swap for entry in window.editor.entries] == [True, False]
    undo(window)
    assert [entry.edit for entry in window.editor.entries] == [swap]
    undo(window)
    np.testing.assert_array_equal(rendered(window), original)


def test_selecting_an_edit_shows_its_settings(qtbot, parts):
    window, tool = parts
    editor = window.editor
    editor.add_edit(Jigsaw(6, seed=99))
    editor.add_edit(MovePart(0.1, 0.1, 0.2, 0.2, 0.5, 0.5, fill=Fill.WHITE))
    assert tool.mode == "move" and tool.fill_box.currentData() == "white"
    editor.select(0)
    assert tool.mode == "jigsaw" and (tool.grid_box.value(), tool.seed_box.value()) == (6, 99)
    window.tools.actions["pan"].trigger()
    editor.select(1)
    window.tools.actions["parts"].trigger()  # activating the tool shows the selected edit's settings
    assert tool.mode == "move" and tool.move_options.isVisible()


def test_screenshot_of_a_3x3_jigsaw(qtbot, parts, artifacts_dir):
    """The canvas shows the shuffled cat, the grid lies on the tiles' edges, and the chart is the Parts lesson's."""
    window, tool = parts
    tool.grid_box.setValue(3)
    tool.seed_box.setValue(0)
    window.chart.set_animation_duration(0)
    qtbot.mouseClick(tool.apply_button, Qt.MouseButton.LeftButton)
    wait_for_chart(qtbot, window)
    shot = grab(window)
    save_image(artifacts_dir / "tool_parts.png", shot)
    assert_as_published("parts", window.chart.rows())
    assert_bars_match(window.chart, window, shot)
    assert_canvas_shows_the_render(shot, window)

    window.tools.actions["pan"].trigger()  # the same image without the grid
    lines = changed(grab(window), shot)
    xs, ys = Jigsaw(3, seed=0).tile_grid(*rendered(window).shape[:2])
    middle_tile = on_screen(window.canvas, window, (xs[1], ys[1], xs[2], ys[2]))
    image_box = shown_image_box(window.canvas, window)
    on_edges, inside = edge_bands(middle_tile, near=-1, far=1)[0], edge_bands(middle_tile)[0]
    assert min(shares(lines, on_edges, image_box)) >= MARKED  # on the tile's edges, to within a pixel
    assert max(shares(lines, inside, image_box)) == 0.0  # and nowhere 4-10 px inside it
