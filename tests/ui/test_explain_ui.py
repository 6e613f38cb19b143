"""The Explain dock on the real model and the cat: overlays appear coarse then final, export (the same files as the
CLI's), hover, cover a cell, cancel, opacity, CAM availability, and the map hides when the image changes."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.edits import Occlude
from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.export import overlay_with_colour_bar
from desktop_app.core.imageio import load_image, save_image
from desktop_app.ui.explain import runner
from desktop_app.ui.explain.controller import ExplainController
from desktop_app.ui.explain.overlay import HEATMAP_Z, HeatmapItem
from tests.e2e.test_cli import CAT, cli
from tests.ui.helpers import assert_chart_shows_the_render, chart_values, click, drag, view_point, wait_for_chart
from tests.ui.screenshots import assert_edge_at, changed, grab, on_screen, shown_image_box


@pytest.fixture
def explain(window) -> ExplainController:
    """The window's Explain controller."""
    return window.explain


def choose(explain: ExplainController, method: str) -> None:
    panel = explain.panel
    panel.method.setCurrentIndex(panel.method.findData(method))


def run_occlusion(qtbot, explain: ExplainController, window_px: int = 32, stride: int = 32) -> None:
    """Runs an occlusion map and waits for the final one."""
    choose(explain, "occlusion")
    explain.panel.window_size.setValue(window_px)
    explain.panel.stride.setValue(stride)
    with qtbot.waitSignal(explain.map_shown, check_params_cb=lambda result: result.complete, timeout=60_000):
        qtbot.mouseClick(explain.panel.run_button, Qt.MouseButton.LeftButton)
    assert explain.result is not None and explain.result.complete


def heatmap_items(window) -> list[HeatmapItem]:
    return [item for item in window.canvas.scene().items() if isinstance(item, HeatmapItem)]


def test_occlusion_shows_a_coarse_map_then_the_final_one(qtbot, window, explain):
    partial_seen = []
    explain.map_shown.connect(lambda m: partial_seen.append((m.complete, explain.overlay.item.isVisible())))
    run_occlusion(qtbot, explain)
    assert partial_seen and not partial_seen[0][0] and partial_seen[0][1]  # incomplete, and already on the canvas
    [item] = heatmap_items(window)
    assert item is explain.overlay.item and item.isVisible() and item.zValue() == HEATMAP_Z
    result = explain.result
    height, width = window.editor.document.render().shape[:2]
    x0, y0, x1, y1 = result.crop
    placed = item.sceneBoundingRect()
    assert (placed.left(), placed.top()) == pytest.approx((x0, y0), abs=0.5)
    assert (placed.right(), placed.bottom()) == pytest.approx((x1, y1), abs=0.5)
    assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    assert result.method == "occlusion" and result.forward_passes == 7 * 7 + 1  # 224 px, window 32, stride 32
    assert explain.panel.legend.title().startswith("Drop of P(")
    ticks = explain.panel.legend.tick_labels()  # the signed scale: symmetric about zero, which is a tick
    assert len(ticks) >= 3 and "0" in ticks and ticks[0] == "−" + ticks[-1]
    assert "50 forward passes" in explain.panel.status.text()
    assert not explain.panel.progress.isEnabled() and not explain.panel.cancel_button.isEnabled()


def test_exports_overlay_raw_png_and_npy(qtbot, window, explain, tmp_path):
    run_occlusion(qtbot, explain)
    values = explain.result.values
    assert explain.exports.save_overlay(tmp_path / "overlay.png")
    assert explain.exports.save_colours(tmp_path / "map.png")
    assert explain.exports.save_values(tmp_path / "map.npy")
    rendered = explain.request.image
    overlay = QImage(str(tmp_path / "overlay.png"))
    with_bar = overlay_with_colour_bar(rendered, explain.result, "tiger cat", 0.6)  # the image over its colour bar
    assert np.array_equal(load_image(tmp_path / "overlay.png"), with_bar)
    assert (overlay.width(), overlay.height()) == (rendered.shape[1], with_bar.shape[0])
    assert with_bar.shape[0] > rendered.shape[0]
    raw = QImage(str(tmp_path / "map.png"))
    assert (raw.height(), raw.width()) == values.shape
    saved = np.load(tmp_path / "map.npy")
    assert saved.shape == values.shape and saved.dtype == np.float32
    np.testing.assert_array_equal(saved, values)
    # the overlay really carries the map: inside the crop box it differs from the photo
    x0, y0, x1, y1 = explain.result.crop
    photo = QImage(
        rendered.data, rendered.shape[1], rendered.shape[0], rendered.strides[0], QImage.Format.Format_RGB888
    )
    centre = ((x0 + x1) // 2, (y0 + y1) // 2)
    assert overlay.pixelColor(*centre) != photo.pixelColor(*centre)
    assert not explain.exports.save_values(tmp_path / "missing-folder" / "map.npy")  # a clear message, no traceback
    assert "Could not save" in window.notice.message()


@pytest.mark.parametrize(("method", "options"), [("occlusion", ("--window", "112", "--stride", "56")), ("cam", ())])
def test_the_gui_overlay_export_is_the_cli_png_pixel_for_pixel(
    qtbot, window, explain, tmp_path, monkeypatch, method, options
):
    out, raw = tmp_path / "cli.png", tmp_path / "cli.npy"
    result = cli("explain", str(CAT), "--method", method, *options, "--out", str(out), "--npy", str(raw), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    # the GUI shows the very map the CLI made, so that only the export is compared
    cli_map = ExplanationMap(method, np.load(raw), doc["target"], tuple(doc["crop"]), doc["forward_passes"], 0.0)
    monkeypatch.setattr(runner, f"{method}_map", lambda *_args, **_kwargs: cli_map)
    choose(explain, method)
    with qtbot.waitSignal(explain.map_shown, timeout=60_000):
        window.action_table["explain"].trigger()
    assert explain.result is cli_map and explain.panel.opacity.value() == 60  # the CLI's opacity, 0.6
    assert explain.exports.save_overlay(tmp_path / "gui.png")
    gui, cli_png, cat = load_image(tmp_path / "gui.png"), load_image(out), load_image(CAT)
    assert gui.shape == cli_png.shape and gui.shape[1] == cat.shape[1] and gui.shape[0] > cat.shape[0]  # + colour bar
    assert np.array_equal(gui, cli_png)


def test_cancel_stops_a_long_rise_run_and_the_gui_stays_responsive(qtbot, window, explain):
    choose(explain, "rise")
    explain.panel.masks.setValue(20_000)
    ticks = []
    timer = QTimer(interval=20, timeout=lambda: ticks.append(time.perf_counter()))
    timer.start()
    partials = []
    explain.map_shown.connect(partials.append)
    qtbot.mouseClick(explain.panel.run_button, Qt.MouseButton.LeftButton)
    assert explain.is_running() and explain.panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: len(partials) >= 2, timeout=30_000)  # results shown progressively
    assert explain.overlay.item.isVisible() and not explain.result.complete
    assert explain.panel.progress.isEnabled() and 0 < explain.panel.progress.value() < 1000
    qtbot.mouseClick(explain.panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Stopped" in explain.panel.status.text(), timeout=10_000)
    timer.stop()
    assert not explain.is_running() and not explain.panel.progress.isEnabled()
    assert "Stopped" in explain.panel.status.text()
    assert explain.overlay.item.isVisible()  # the map so far stays
    assert len(ticks) >= 5  # the event loop kept running throughout
    assert window.bridge.wait_idle(10)


def test_rise_map_completes(qtbot, window, explain):
    choose(explain, "rise")
    explain.panel.masks.setValue(100)
    with qtbot.waitSignal(explain.map_shown, check_params_cb=lambda result: result.complete, timeout=60_000):
        window.action_table["explain"].trigger()
    result = explain.result
    assert result.method == "rise" and result.complete and explain.overlay.item.isVisible()
    assert explain.panel.legend.title().startswith("Saliency")


def test_cam_is_available_for_the_bundled_model_and_runs(qtbot, window, explain):
    panel = explain.panel
    qtbot.waitUntil(lambda: explain.cam.answer(window.model) is not None)
    item = panel.method.model().item(panel.method.findData("cam"))
    assert item.isEnabled()
    choose(explain, "cam")
    assert panel.chosen_method() == "cam"
    with qtbot.waitSignal(explain.map_shown, check_params_cb=lambda result: result.complete, timeout=60_000):
        QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert explain.result.method == "cam" and explain.overlay.item.isVisible()
    assert not panel.preview.isEnabled()  # only occlusion maps have cells to cover


def test_cam_is_greyed_out_with_the_reason_when_it_does_not_apply(qtbot, window, explain, monkeypatch):
    reason = "the model does not end in global average pooling and a linear layer"
    monkeypatch.setattr(runner, "cam_support", lambda model: (False, reason))
    choose(explain, "cam")
    explain.cam.forget()
    window.models.changed.emit(window.model)  # what a model load announces
    qtbot.waitUntil(lambda: explain.cam.answer(window.model) is not None)
    item = explain.panel.method.model().item(explain.panel.method.findData("cam"))
    assert not item.isEnabled() and item.toolTip() == reason
    assert explain.panel.chosen_method() == "occlusion"  # moved off the unavailable method


def test_hover_shows_the_value_under_the_cursor(qtbot, window, explain):
    run_occlusion(qtbot, explain)
    viewport = window.canvas.viewport()
    assert viewport.hasMouseTracking()
    x0, y0, x1, y1 = explain.result.crop
    height, width = explain.request.image.shape[:2]
    centre = ((x0 + x1) / 2 / width, (y0 + y1) / 2 / height)
    QTest.mouseMove(viewport, view_point(window, *centre))
    qtbot.waitUntil(lambda: explain.value_text().startswith("Covering here"), timeout=2_000)
    QTest.mouseMove(viewport, view_point(window, 0.01, 0.01))  # outside the model's crop: no value
    qtbot.waitUntil(lambda: explain.value_text().startswith("Point at the map"), timeout=2_000)


def test_clicking_a_cell_covers_it_and_the_chart_answers(qtbot, window, explain):
    run_occlusion(qtbot, explain)
    wait_for_chart(qtbot, window)
    before = chart_values(window)
    x0, y0, x1, y1 = explain.result.crop
    height, width = explain.request.image.shape[:2]
    click(window, ((x0 + x1) / 2 / width, (y0 + y1) / 2 / height))
    [entry] = window.editor.entries
    assert isinstance(entry.edit, Occlude) and entry.edit.fill.value == "grey"
    wait_for_chart(qtbot, window)
    assert_chart_shows_the_render(window)
    assert chart_values(window) != before
    assert explain.overlay.item.isVisible() and explain.overlay.outline.isVisible()  # the map still describes the image
    assert "Covered the window" in explain.panel.status.text()
    click(window, (x0 / width + 0.02, y0 / height + 0.02))  # another cell replaces the first
    [entry] = window.editor.entries
    assert entry.edit.x0 == pytest.approx(x0 / width, abs=0.01)
    window.action_table["undo"].trigger()  # back to the first cell: still a probe of this map
    assert explain.overlay.item.isVisible() and explain.overlay.outline.isVisible()
    assert explain.overlay.outline.rect().center().x() == pytest.approx(
        (x0 + x1) / 2, abs=explain.overlay.outline.rect().width()
    )
    window.action_table["undo"].trigger()
    assert window.editor.entries == [] and explain.overlay.item.isVisible() and not explain.overlay.outline.isVisible()
    window.action_table["redo"].trigger()
    window.action_table["redo"].trigger()  # the last covered cell again: still a probe of this map
    assert len(window.editor.entries) == 1 and explain.overlay.item.isVisible() and explain.overlay.outline.isVisible()


def test_a_drag_over_the_map_still_reaches_the_active_tool(qtbot, window, explain):
    run_occlusion(qtbot, explain)
    window.tools.actions["occlude"].trigger()
    x0, y0, x1, y1 = explain.result.crop
    height, width = explain.request.image.shape[:2]
    start, end = (x0 / width + 0.05, y0 / height + 0.05), ((x0 + x1) / 2 / width, (y0 + y1) / 2 / height)
    drag(window, start, end)
    [entry] = window.editor.entries
    assert entry.edit.x0 == pytest.approx(start[0], abs=0.01) and entry.edit.y1 == pytest.approx(end[1], abs=0.01)
    assert not explain.overlay.item.isVisible()  # the tool's box changed the image: the map no longer describes it
    assert "run again" in explain.panel.status.text()


def test_the_map_hides_when_the_image_changes_and_returns_on_undo(qtbot, window, explain):
    run_occlusion(qtbot, explain)
    window.editor.add_edit(Occlude(0.1, 0.1, 0.3, 0.3))
    assert not explain.overlay.item.isVisible()
    assert "run again" in explain.panel.status.text()
    window.action_table["undo"].trigger()
    assert explain.overlay.item.isVisible()
    window.open_array(np.full((300, 400, 3), 90, np.uint8))  # another photo: the map goes
    assert explain.result is None and not explain.overlay.item.isVisible()
    assert not explain.panel.export_npy.isEnabled()


def test_opacity_slider_and_show_map(qtbot, window, explain):
    run_occlusion(qtbot, explain)
    explain.panel.opacity.setValue(25)
    assert explain.overlay.item.opacity() == pytest.approx(0.25)
    explain.panel.show_map.setChecked(False)
    assert not explain.overlay.item.isVisible()
    explain.panel.show_map.setChecked(True)
    assert explain.overlay.item.isVisible()


def test_screenshot_of_an_occlusion_map(qtbot, window, explain, artifacts_dir):
    """The map covers the model's square, to within 4 px of its edges, and nothing outside it."""
    window.chart.set_animation_duration(0)
    run_occlusion(qtbot, explain, window_px=32, stride=16)
    wait_for_chart(qtbot, window)
    x0, y0, x1, y1 = explain.result.crop
    height, width = explain.request.image.shape[:2]
    QTest.mouseMove(window.canvas.viewport(), view_point(window, (x0 + x1) / 2 / width, (y0 + y1) / 2 / height))
    qtbot.waitUntil(lambda: bool(explain.value_text()), timeout=2_000)
    shot = grab(window)
    save_image(artifacts_dir / "explain_occlusion.png", shot)
    explain.panel.show_map.setChecked(False)
    without_map = grab(window)
    image_box = shown_image_box(window.canvas, window)
    map_box = on_screen(window.canvas, window, explain.result.crop)
    assert_edge_at(changed(without_map, shot), map_box, image_box, marked="inside")


def test_a_new_run_takes_the_old_map_away_instead_of_passing_it_off_as_its_start(qtbot, window, explain):
    run_occlusion(qtbot, explain)
    choose(explain, "rise")
    explain.panel.masks.setValue(20_000)
    window.action_table["explain"].trigger()
    assert explain.is_running() and explain.result is None and not explain.overlay.item.isVisible()
    assert explain.panel.legend.title() == "" and explain.panel.status.text() == "RISE: computing…"
    assert not explain.panel.export_overlay.isEnabled()  # nothing to export until the new map comes
    explain.cancel()
    qtbot.waitUntil(lambda: not explain.is_running(), timeout=30_000)


def test_a_map_taken_off_the_canvas_leaves_no_stale_read_out(qtbot, window, explain):
    run_occlusion(qtbot, explain)
    x0, y0, x1, y1 = explain.result.crop
    height, width = explain.request.image.shape[:2]
    viewport = window.canvas.viewport()
    QTest.mouseMove(viewport, view_point(window, 0.01, 0.01))  # from elsewhere: a move to where it is is no move
    QTest.mouseMove(viewport, view_point(window, (x0 + x1) / 2 / width, (y0 + y1) / 2 / height))
    qtbot.waitUntil(lambda: explain.value_text().startswith("Covering here"), timeout=2_000)
    window.editor.add_edit(Occlude(0.1, 0.1, 0.3, 0.3))  # the map no longer describes the image: it hides
    assert not explain.overlay.item.isVisible() and explain.value_text() == ""


def test_the_export_dialog_starts_in_the_photos_folder_then_where_the_last_export_went(
    qtbot, window, explain, tmp_path, monkeypatch
):
    photos, exports = tmp_path / "photos", tmp_path / "exports"
    photos.mkdir()
    exports.mkdir()
    (photos / "cat.png").write_bytes(CAT.read_bytes())
    window.open_path(photos / "cat.png")
    qtbot.waitUntil(lambda: window.editor.document.path == photos / "cat.png", timeout=10_000)
    run_occlusion(qtbot, explain, stride=56)
    suggested: list[Path] = []

    def answer(_parent, _title, path, _pattern):  # noqa: ANN001, ANN202 (QFileDialog.getSaveFileName's)
        suggested.append(Path(path))
        return str(exports / Path(path).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    explain.exports.ask("overlay")
    assert suggested[0].parent == photos and suggested[0].name == "cat-occlusion-tiger_cat-overlay.png"
    assert (exports / suggested[0].name).is_file()
    explain.exports.ask("values")
    assert suggested[1].parent == exports  # then the folder used last
