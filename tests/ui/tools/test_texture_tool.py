"""The texture tool, driven with real mouse events: rectangle, lasso, patch, file, texture only; the chart follows."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from desktop_app.core.imageio import save_image
from desktop_app.core.objects import find_object
from desktop_app.core.preprocess import crop_box
from desktop_app.core.regions import Region
from desktop_app.core.shape import Silhouette
from desktop_app.core.texture import TextureFill, TextureOnly, TextureSource, load_texture, natural_scale, tile
from tests.ui.helpers import assert_chart_shows_the_render, chart_values, click, drag, lasso, use_tool, wait_for_chart
from tests.ui.screenshots import assert_bars_match, assert_canvas_shows_the_render, grab


@pytest.fixture
def texturing(qtbot, window):
    use_tool(window, "texture").options()
    return window


def test_rectangle_fill_with_a_library_texture_changes_the_chart(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    before = chart_values(window)
    tool.bar.source_box.setCurrentIndex(tool.bar.source_box.findData("library:gravel"))
    drag(window, (0.2, 0.1), (0.8, 0.9))
    [entry] = window.editor.entries
    fill = entry.edit
    assert isinstance(fill, TextureFill) and fill.source == TextureSource.library("gravel") and fill.area == "rectangle"
    x0, y0, x1, y1 = fill.region.bounds()
    assert (x0, y0, x1, y1) == pytest.approx((0.2, 0.1, 0.8, 0.9), abs=0.01)
    image = window.editor.document.render()
    working = window.editor.document.working
    inside = fill.region.mask(*image.shape[:2])
    assert (image[~inside] == working[~inside]).all() and (image[inside] != working[inside]).any(axis=1).mean() > 0.9
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before and any(row.change for row in window.chart.rows())
    window.action_table["undo"].trigger()  # the whole drag is one undo step
    assert window.editor.entries == []


def test_options_change_the_selected_fill(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    drag(window, (0.1, 0.1), (0.5, 0.5))
    tool.bar.source_box.setCurrentIndex(tool.bar.source_box.findData("library:brick"))
    tool.bar.scale_slider.setValue(10)
    tool.bar.shading_box.setChecked(True)
    [entry] = window.editor.entries
    assert entry.edit.source.name == "brick" and entry.edit.scale == pytest.approx(0.1) and entry.edit.shading
    window.action_table["undo"].trigger()
    assert window.editor.entries[0].edit.shading is False


def test_lasso_fill_stays_inside_the_lasso(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    tool.mode_buttons["lasso"].click()
    assert tool.mode == "lasso"
    tool.bar.source_box.setCurrentIndex(tool.bar.source_box.findData("library:galaxies"))
    before = chart_values(window)
    ring = [(0.5 + 0.3 * np.cos(a), 0.5 + 0.35 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 40)]
    lasso(window, ring)
    [entry] = window.editor.entries
    fill = entry.edit
    assert isinstance(fill, TextureFill) and fill.area == "lasso" and len(fill.region.polygons[0]) >= 20
    image = window.editor.document.render()
    working = window.editor.document.working
    inside = fill.region.mask(*image.shape[:2])
    assert 0.25 < inside.mean() < 0.4  # an ellipse of 0.6 x 0.7: about a third of the image
    assert (image[~inside] == working[~inside]).all()
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before


def test_texture_only_replaces_the_whole_image(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    tool.bar.source_box.setCurrentIndex(tool.bar.source_box.findData("library:tabby fur"))
    before = chart_values(window)
    qtbot.mouseClick(tool.bar.only_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries
    assert isinstance(entry.edit, TextureOnly) and entry.edit.source.name == "tabby fur"
    image = window.editor.document.render()
    assert (image == TextureOnly(entry.edit.source, entry.edit.scale).apply(255 - image)).all()  # no trace left
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before


def test_a_patch_picked_from_the_image(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    tool.bar.source_box.setCurrentIndex(tool.bar.source_box.findData("pick-patch"))
    assert tool.picking and tool.bar.source_box.currentData() == "library:gravel"  # an action, not a texture
    drag(window, (0.4, 0.02), (0.7, 0.25))  # the cat's forehead
    assert not tool.picking and window.editor.entries == []
    source = tool.source
    assert source.kind == "patch" and source.box == pytest.approx((0.4, 0.02, 0.7, 0.25), abs=0.01)
    assert tool.bar.source_box.currentData() == "custom" and "Patch" in tool.bar.source_box.currentText()
    before = chart_values(window)
    qtbot.mouseClick(tool.bar.only_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries
    assert entry.edit.source == source
    working = window.editor.document.working
    height, width = working.shape[:2]
    left, top = round(source.box[0] * width), round(source.box[1] * height)
    right, bottom = round(source.box[2] * width), round(source.box[3] * height)
    expected = tile(working[top:bottom, left:right], height, width, entry.edit.scale)
    assert (window.editor.document.render() == expected).all()
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before


def test_a_click_while_picking_takes_a_default_patch(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    tool.start_patch_pick()
    click(window, (0.5, 0.5))
    x0, y0, x1, y1 = tool.source.box
    assert x1 - x0 == pytest.approx(0.1, abs=0.01) and (x0 + x1) / 2 == pytest.approx(0.5, abs=0.01)


def test_a_file_texture(qtbot, texturing, tmp_path):
    window = texturing
    tool = window.tools.active
    stripes = np.zeros((64, 64, 3), np.uint8)
    stripes[:, ::8] = (255, 0, 0)
    stripes[:, 1::8] = (255, 0, 0)
    path = tmp_path / "stripes.png"
    save_image(path, stripes)
    tool.set_texture_file(path)
    qtbot.waitUntil(lambda: tool.source is not None and tool.source.kind == "file", timeout=10_000)
    assert tool.source.path == str(path) and tool.bar.source_box.currentText() == "File: stripes.png"
    before = chart_values(window)
    drag(window, (0.1, 0.5), (0.9, 0.95))
    [entry] = window.editor.entries
    assert entry.edit.source == TextureSource.file(path)
    image = window.editor.document.render()
    inside = entry.edit.region.mask(*image.shape[:2])
    assert set(map(tuple, image[inside].reshape(-1, 3))) <= {(255, 0, 0), (0, 0, 0)} | set(
        map(tuple, tile(stripes, *image.shape[:2], entry.edit.scale)[inside].reshape(-1, 3))
    )
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before


def test_a_bad_file_gives_a_message_and_no_edit(qtbot, texturing, tmp_path):
    window = texturing
    tool = window.tools.active
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    tool.set_texture_file(bad)
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=10_000)
    assert "notes.png" in window.notice.text.text() and window.notice.level == "error"
    assert "current image stays open" not in window.notice.text.text()
    assert tool.source.kind == "library" and window.editor.entries == []
    tool.set_texture_file(tmp_path / "missing.jpg")
    qtbot.waitUntil(lambda: "missing.jpg" in window.notice.text.text(), timeout=10_000)
    assert "not found" in window.notice.text.text()
    drag(window, (0.2, 0.2), (0.6, 0.6))  # the tool still works with its library texture
    assert window.editor.entries[0].edit.source.kind == "library"


def test_object_and_background_use_the_shape_tools_object(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    tool.mode_buttons["object"].click()
    qtbot.mouseClick(tool.bar.fill_button, Qt.MouseButton.LeftButton)
    assert window.notice.isVisible() and "Shape tool" in window.notice.text.text()
    assert window.editor.entries == []
    body = Region((((0.3, 0.2), (0.7, 0.2), (0.75, 0.9), (0.25, 0.9)),))
    window.editor.add_edit(Silhouette(body))
    tool.bar.shading_box.setChecked(True)
    window.editor.set_visible(0, False)  # the object is still known with its silhouette hidden
    qtbot.mouseClick(tool.bar.fill_button, Qt.MouseButton.LeftButton)
    fill = window.editor.entries[-1].edit
    assert isinstance(fill, TextureFill) and fill.region == body and fill.area == "object" and fill.shading
    tool.mode_buttons["background"].click()
    qtbot.mouseClick(tool.bar.fill_button, Qt.MouseButton.LeftButton)
    background = window.editor.entries[-1].edit
    assert background.region == Region(body.polygons, invert=True) and background.area == "background"
    wait_for_chart(qtbot, window)


def test_screenshot_of_a_texture_fill(qtbot, texturing, artifacts_dir):
    """The canvas shows the gravel in the lasso, not the photo; the chart's bars fit its numbers."""
    window = texturing
    tool = window.tools.active
    window.chart.set_animation_duration(0)
    tool.bar.source_box.setCurrentIndex(tool.bar.source_box.findData("library:gravel"))
    tool.bar.scale_slider.setValue(12)
    tool.mode_buttons["lasso"].click()
    body = [(0.5 + 0.33 * np.cos(a), 0.55 + 0.45 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 48)]
    lasso(window, [(x, min(y, 1.0)) for x, y in body])
    wait_for_chart(qtbot, window)
    shot = grab(window)
    save_image(artifacts_dir / "tool_texture.png", shot)
    assert_canvas_shows_the_render(shot, window)
    assert_bars_match(window.chart, window, shot)


def test_object_after_the_shape_tool_found_it_uses_that_object(qtbot, window):
    shape = use_tool(window, "shape")
    drag(window, (0.05, 0.05), (0.95, 0.95))
    qtbot.waitUntil(lambda: shape.region is not None and not shape.running, timeout=60_000)
    assert window.editor.entries == []  # found, not applied
    tool = use_tool(window, "texture")
    tool.options()
    tool.mode_buttons["object"].click()
    assert tool.bar.hint.text() == "Press Fill region."
    window.notice.hide()
    qtbot.mouseClick(tool.bar.fill_button, Qt.MouseButton.LeftButton)
    [entry] = window.editor.entries
    assert entry.edit.region == shape.region and entry.edit.area == "object"
    assert "Shape tool" not in window.notice.message()
    window.editor.undo_stack.undo()
    tool.mode_buttons["background"].click()
    qtbot.mouseClick(tool.bar.fill_button, Qt.MouseButton.LeftButton)
    assert window.editor.entries[0].edit.region == Region(shape.region.polygons, invert=True)


def test_without_an_object_fill_offers_to_find_the_one_the_model_looks_at(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    tool.mode_buttons["object"].click()
    qtbot.mouseClick(tool.bar.fill_button, Qt.MouseButton.LeftButton)
    assert window.editor.entries == [] and window.notice.action_button.text() == "Find the object"
    qtbot.mouseClick(window.notice.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.editor.entries) == 1, timeout=60_000)
    fill = window.editor.entries[0].edit
    expected = find_object(window.model, window.editor.document.working)
    assert fill.region == expected and fill.area == "object"
    assert tool.object_region() == expected  # known from now on for this image
    window.open_array(window.editor.document.working[::2, ::2].copy(), "smaller")
    assert tool.object_region() is None  # another image: forgotten


def test_textures_tile_at_the_models_scale_whatever_the_photos_size(qtbot, texturing):
    window = texturing
    tool = window.tools.active
    assert tool.bar.model_scale_box.isChecked()
    tool.bar.source_box.setCurrentIndex(tool.bar.source_box.findData("library:elephant skin"))
    assert not tool.bar.source_box.itemIcon(tool.bar.source_box.currentIndex()).isNull()  # the lecture's texture
    spec, texture_width = window.model.spec, load_texture("elephant skin").shape[1]
    for size in (1.0, 0.35):
        working = window.editor.document.working
        if size != 1.0:
            window.open_array(cv2.resize(working, None, fx=size, fy=size, interpolation=cv2.INTER_AREA), "small")
            qtbot.waitUntil(lambda: window.canvas.image_frame().size == window.editor.document.working.shape[:2])
        qtbot.mouseClick(tool.bar.only_button, Qt.MouseButton.LeftButton)
        fill = window.editor.entries[-1].edit
        height, width = window.editor.document.working.shape[:2]
        left, _, right, _ = crop_box(height, width, spec)
        assert fill.scale * width * spec.size / (right - left) == pytest.approx(texture_width, rel=1e-6)
        assert fill.scale == natural_scale(fill.source, (height, width), spec)
    tool.bar.scale_slider.setValue(30)  # by hand: the model's scale is off
    assert not tool.bar.model_scale_box.isChecked() and window.editor.entries[-1].edit.scale == pytest.approx(0.3)
    tool.bar.model_scale_box.setChecked(True)
    assert window.editor.entries[-1].edit.scale == natural_scale(fill.source, (height, width), spec)
