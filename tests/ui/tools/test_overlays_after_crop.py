"""After a crop the canvas shows the crop, and every tool's overlay must sit on it, not on the uncropped photo.

The cat is cropped to its right 60 % and lower 70 %; then each tool draws, and its overlay is checked twice: the scene
rectangle of its items (to within 1 px of where the fractions of the shown crop put them), and the pixels that the
overlay changes in a 1:1 render of the canvas (to within the half-width of its lines and handles).
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsPathItem

from desktop_app.core.crop import Crop
from desktop_app.core.geometry import HANDLES, FracBox, PixelBox, handle_point
from desktop_app.core.parts import Jigsaw
from desktop_app.core.regions import Region
from desktop_app.ui.qimage import qimage_to_array
from desktop_app.ui.tools.base import render_frame
from desktop_app.ui.tools.overlay import HANDLE_PX
from desktop_app.ui.tools.shape import RECT_COLOUR
from desktop_app.ui.tools.texture import REGION_COLOUR
from tests.ui.helpers import drag

CROP = Crop(0.4, 0.3, 1.0, 1.0)  # the right 60 % and the lower 70 %
DRAGGED = FracBox(0.25, 0.25, 0.75, 0.75)  # of the shown crop


@pytest.fixture
def cropped(qtbot, window):
    """The cat with CROP applied, the canvas showing the crop; returns (window, crop height, crop width)."""
    working = window.editor.document.working
    crop_w, crop_h = CROP.pixel_size(*working.shape[:2])
    window.editor.add_edit(CROP)
    qtbot.waitUntil(lambda: shown_size(window) == (crop_h, crop_w))
    assert (crop_h, crop_w) != working.shape[:2]
    return window, crop_h, crop_w


def shown_size(window) -> tuple[int, int]:
    rect = window.canvas.image_rect()
    return round(rect.height()), round(rect.width())


def use(window, key: str):
    window.tools.actions[key].trigger()
    tool = window.tools.tools[key]
    assert window.tools.active is tool
    tool.options()
    return tool


def scene_box(item) -> tuple[float, float, float, float]:
    """A path item's path in scene coordinates, as (left, top, right, bottom), without its pen."""
    rect = item.sceneTransform().mapRect(item.path().boundingRect())
    return rect.left(), rect.top(), rect.right(), rect.bottom()


def paths_in(tool, colour: QColor) -> list[QGraphicsPathItem]:
    return [i for i in tool.overlay.items if isinstance(i, QGraphicsPathItem) and i.pen().color() == colour]


def expected(box: FracBox, height: int, width: int) -> tuple[float, float, float, float]:
    return box.x0 * width, box.y0 * height, box.x1 * width, box.y1 * height


def render(window) -> np.ndarray:
    """The canvas scene over the shown image, drawn one scene pixel to one image pixel."""
    rect = window.canvas.image_rect()
    image = QImage(round(rect.width()), round(rect.height()), QImage.Format.Format_RGB32)
    image.fill(0)
    painter = QPainter(image)
    window.canvas.scene().render(painter, QRectF(image.rect()), rect)
    painter.end()
    return qimage_to_array(image)


def overlay_pixels(window, tool) -> tuple[int, int, int, int]:
    """The (left, top, right, bottom) box of the shown image's pixels that the tool's overlay changes."""
    with_overlay = render(window)
    for item in tool.overlay.items:
        item.setVisible(False)
    without = render(window)
    for item in tool.overlay.items:
        item.setVisible(True)
    changed = np.argwhere((with_overlay != without).any(axis=2))
    assert len(changed), "the overlay changes no pixel of the shown image"
    (top, left), (bottom, right) = changed.min(axis=0), changed.max(axis=0)
    return int(left), int(top), int(right) + 1, int(bottom) + 1


def assert_near(actual, wanted, tolerance: float) -> None:
    """Numbers, or sequences of (x, y) points, equal to within `tolerance` pixels."""
    flat = np.asarray(actual, float).ravel(), np.asarray(wanted, float).ravel()
    assert flat[0] == pytest.approx(flat[1], abs=tolerance), f"{actual} is not within {tolerance} px of {wanted}"


def test_an_occlusion_box_sits_on_the_crop(qtbot, cropped):
    window, height, width = cropped
    tool = use(window, "occlude")
    drag(window, (0.25, 0.25), (0.75, 0.75))
    box = window.editor.entries[-1].edit.box
    assert tuple(box) == pytest.approx(tuple(DRAGGED), abs=1.5 / min(height, width))
    [outline] = tool.overlay.items[:1]
    assert_near(scene_box(outline), expected(DRAGGED, height, width), 1)
    corners = [(item.pos().x(), item.pos().y()) for item in tool.overlay.items[1:]]
    left, top, right, bottom = expected(DRAGGED, height, width)
    assert_near(sorted(corners), sorted([(left, top), (right, top), (left, bottom), (right, bottom)]), 1)
    reach = HANDLE_PX / 2 + 1  # the handles stand half their size over the box's corners
    assert_near(overlay_pixels(window, tool), (left - reach, top - reach, right + reach, bottom + reach), 1.5)


def test_the_jigsaw_grid_is_drawn_for_the_crop_not_the_photo(qtbot, cropped):
    """The bug this issue found: the grid was sized from the uncropped working image."""
    window, height, width = cropped
    tool = use(window, "parts")
    xs, ys = Jigsaw(3, 0).tile_grid(height, width)
    rim, line = tool.overlay.items
    for item in (rim, line):
        assert_near(scene_box(item), (xs[0], ys[0], xs[-1], ys[-1]), 1)
    path = line.path()
    points = {(round(path.elementAt(i).x), round(path.elementAt(i).y)) for i in range(path.elementCount())}
    assert {x for x, _ in points} == set(xs) and {y for _, y in points} == set(ys)
    assert_near(overlay_pixels(window, tool), (xs[0], ys[0], xs[-1], ys[-1]), 2.5)  # the rim is 3 px wide


def test_a_picked_part_sits_on_the_crop(qtbot, cropped):
    window, height, width = cropped
    tool = use(window, "parts")
    tool.set_mode("move")
    drag(window, (0.25, 0.25), (0.75, 0.75))
    assert tuple(tool.part) == pytest.approx(tuple(DRAGGED), abs=1.5 / min(height, width))
    for item in tool.overlay.items:
        assert_near(scene_box(item), expected(DRAGGED, height, width), 1)
    left, top, right, bottom = expected(DRAGGED, height, width)
    assert_near(overlay_pixels(window, tool), (left - 2, top - 2, right + 2, bottom + 2), 1.5)


def test_the_shape_rectangle_sits_on_the_crop(qtbot, cropped, monkeypatch):
    window, height, width = cropped
    found = Region.rect(0.4, 0.4, 0.6, 0.6)
    monkeypatch.setattr("desktop_app.ui.tools.shape.extract_foreground", lambda *args, **kwargs: found)
    tool = use(window, "shape")
    drag(window, (0.25, 0.25), (0.75, 0.75))
    qtbot.waitUntil(lambda: tool.region is not None and not tool.running, timeout=10_000)
    assert tool.inputs.rect == pytest.approx(tuple(DRAGGED), abs=1.5 / min(height, width))
    for item in paths_in(tool, RECT_COLOUR):
        assert_near(scene_box(item), expected(DRAGGED, height, width), 1)
    left, top, right, bottom = expected(DRAGGED, height, width)
    assert_near(overlay_pixels(window, tool), (left - 2, top - 2, right + 2, bottom + 2), 1.5)


def test_a_texture_region_sits_on_the_crop(qtbot, cropped):
    window, height, width = cropped
    tool = use(window, "texture")
    drag(window, (0.25, 0.25), (0.75, 0.75))
    fill = window.editor.entries[-1].edit
    assert fill.region.bounds() == pytest.approx(tuple(DRAGGED), abs=1.5 / min(height, width))
    [outline] = paths_in(tool, REGION_COLOUR)
    assert_near(scene_box(outline), expected(DRAGGED, height, width), 1)
    left, top, right, bottom = expected(DRAGGED, height, width)
    assert_near(overlay_pixels(window, tool), (left - 2, top - 2, right + 2, bottom + 2), 1.5)


def test_the_crop_handles_sit_on_the_uncropped_view(qtbot, cropped):
    """The Crop tool shows the uncropped image: its handles sit on the crop's box of that, and the rendered crop's
    frame (where a heat map of the render goes) is that box too."""
    window, height, width = cropped
    tool = use(window, "crop")
    working_h, working_w = window.editor.document.working.shape[:2]
    qtbot.waitUntil(lambda: shown_size(window) == (working_h, working_w))
    box = CROP.pixel_box(working_h, working_w)
    handles = [(item.pos().x(), item.pos().y()) for item in tool.overlay.items[-len(HANDLES) :]]
    assert_near(handles, [handle_point(box, handle) for handle in HANDLES], 1)
    frame = render_frame(window.canvas, tool, (height, width))
    assert_near(frame.rect, tuple(box), 1e-9)
    assert_near(frame.box_to_canvas(PixelBox(0, 0, width, height)), tuple(box), 1e-9)
    window.tools.actions["pan"].trigger()
    qtbot.waitUntil(lambda: shown_size(window) == (height, width))
    assert render_frame(window.canvas, None, (height, width)).rect == (0, 0, width, height)


def test_the_heat_map_sits_on_the_crop_and_follows_the_crop_tool(qtbot, cropped):
    """An occlusion map of the cropped render covers the model's square of the crop; with the Crop tool showing the
    uncropped photo it moves onto the crop's box of that photo, and back when the tool goes (the reported bug)."""
    window, height, width = cropped
    explain = window.explain
    panel = explain.panel
    panel.method.setCurrentIndex(panel.method.findData("occlusion"))
    panel.window_size.setValue(56)
    panel.stride.setValue(56)
    with qtbot.waitSignal(explain.map_shown, check_params_cb=lambda result: result.complete, timeout=60_000):
        explain.run()
    item = explain.overlay.item
    map_box = PixelBox(*explain.result.crop)  # the model's square of the cropped render, in its pixels
    assert (explain.request.image.shape[0], explain.request.image.shape[1]) == (height, width)

    def placed() -> tuple[float, float, float, float]:
        rect = item.sceneBoundingRect()
        return rect.left(), rect.top(), rect.right(), rect.bottom()

    assert item.isVisible()
    assert_near(placed(), tuple(map_box), 0.5)
    use(window, "crop")
    working_h, working_w = window.editor.document.working.shape[:2]
    qtbot.waitUntil(lambda: shown_size(window) == (working_h, working_w))
    crop = CROP.pixel_box(working_h, working_w)
    scale_x, scale_y = crop.width / width, crop.height / height
    on_photo = (
        crop.left + map_box.left * scale_x,
        crop.top + map_box.top * scale_y,
        crop.left + map_box.right * scale_x,
        crop.top + map_box.bottom * scale_y,
    )
    assert_near(placed(), on_photo, 0.5)
    window.tools.actions["pan"].trigger()
    qtbot.waitUntil(lambda: shown_size(window) == (height, width))
    assert_near(placed(), tuple(map_box), 0.5)
