"""ImageCanvas and the numpy <-> QImage helpers, on the offscreen platform."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from desktop_app.core.imageio import save_image
from desktop_app.core.preprocess import PreprocessSpec, crop_box
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.pan_zoom_view import MAX_ZOOM, MIN_ZOOM, ZOOM_STEP
from desktop_app.ui.qimage import array_to_qimage, qimage_to_array
from tests.ui.screenshots import assert_model_region_marked, assert_shows, grab, on_screen

ROOT = Path(__file__).resolve().parents[2]
COLOUR = (200, 60, 30)


def uniform(width: int, height: int, colour: tuple[int, int, int] = COLOUR) -> np.ndarray:
    """An RGB image of one colour."""
    return np.broadcast_to(np.array(colour, np.uint8), (height, width, 3)).copy()


def pixel_at(canvas: ImageCanvas, rendered: np.ndarray, image_x: float, image_y: float) -> np.ndarray:
    """The rendered colour where an image point lands in the viewport."""
    point = canvas.mapFromScene(QPointF(image_x, image_y))
    return rendered[point.y(), point.x()].astype(int)


def scroll_position(canvas: ImageCanvas) -> tuple[int, int]:
    """The horizontal and vertical scroll bar values."""
    return canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()


@pytest.fixture
def canvas(qtbot) -> ImageCanvas:
    """A shown 400 x 300 canvas."""
    view = ImageCanvas()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


# ------------------------------------------------------------------------------------------ qimage


@pytest.mark.parametrize("width", [5, 6, 7, 1])
def test_rgb_round_trip_odd_widths(width: int) -> None:
    rng = np.random.default_rng(width)
    rgb = rng.integers(0, 256, (4, width, 3), dtype=np.uint8)
    image = array_to_qimage(rgb)
    assert image.format() == QImage.Format.Format_RGB888
    assert (image.width(), image.height()) == (width, 4)
    assert image.pixelColor(width - 1, 3).getRgb()[:3] == tuple(rgb[3, width - 1])
    np.testing.assert_array_equal(qimage_to_array(image), rgb)


def test_qimage_owns_its_pixels() -> None:
    rgb = uniform(5, 3)
    image = array_to_qimage(rgb)
    rgb[:] = 0
    del rgb
    assert image.pixelColor(2, 1).getRgb()[:3] == COLOUR


def test_non_contiguous_views_convert() -> None:
    rgb = np.random.default_rng(0).integers(0, 256, (6, 9, 3), dtype=np.uint8)
    view = rgb[1:5, 2:7, ::-1]  # a crop with flipped channels: neither C-contiguous nor 4-byte rows
    np.testing.assert_array_equal(qimage_to_array(array_to_qimage(view)), view)


def test_rgba_and_grey_round_trip() -> None:
    rgba = np.random.default_rng(1).integers(0, 256, (3, 5, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    image = array_to_qimage(rgba)
    assert image.format() == QImage.Format.Format_RGBA8888
    np.testing.assert_array_equal(qimage_to_array(image), rgba[..., :3])

    grey = np.arange(15, dtype=np.uint8).reshape(3, 5) * 17
    image = array_to_qimage(grey)
    assert image.format() == QImage.Format.Format_Grayscale8
    np.testing.assert_array_equal(qimage_to_array(image), np.repeat(grey[..., None], 3, axis=2))


def test_qimage_to_array_converts_other_formats() -> None:
    image = QImage(7, 3, QImage.Format.Format_ARGB32)
    image.fill(0xFF102030)
    np.testing.assert_array_equal(qimage_to_array(image), uniform(7, 3, (0x10, 0x20, 0x30)))


@pytest.mark.parametrize("bad", [np.zeros((4, 4, 3), np.float32), np.zeros((4, 4, 2), np.uint8)])
def test_array_to_qimage_rejects_other_arrays(bad: np.ndarray) -> None:
    with pytest.raises((TypeError, ValueError)):
        array_to_qimage(bad)


# ------------------------------------------------------------------------------------------ canvas


def test_empty_canvas_has_no_image(canvas: ImageCanvas) -> None:
    assert not canvas.has_image()
    assert canvas.image_rect().isEmpty()
    rendered = grab(canvas.viewport())
    assert rendered.std() > 0  # the hint text is drawn on the plain background


def test_set_image_shows_it(canvas: ImageCanvas) -> None:
    canvas.set_image(uniform(64, 48))
    assert canvas.has_image()
    assert canvas.image_rect().size().toTuple() == (64, 48)
    rendered = grab(canvas.viewport())
    centre = rendered[rendered.shape[0] // 2, rendered.shape[1] // 2].astype(int)
    assert np.abs(centre - COLOUR).max() <= 2
    assert canvas.is_fitted()


def test_canvas_keeps_its_own_copy_of_the_pixels(canvas: ImageCanvas) -> None:
    rgb = uniform(64, 48)
    canvas.set_image(rgb)
    rgb[:] = 0
    rendered = grab(canvas.viewport())
    assert np.abs(rendered[150, 200].astype(int) - COLOUR).max() <= 2


def test_same_size_keeps_zoom_and_scroll_without_rebuilding(canvas: ImageCanvas) -> None:
    canvas.set_image(uniform(4000, 3000))
    items_before = canvas.scene().items()
    canvas.zoom_actual()
    canvas.horizontalScrollBar().setValue(1234)
    canvas.verticalScrollBar().setValue(567)
    zoom = canvas.zoom_factor()
    assert scroll_position(canvas) == (1234, 567)

    canvas.set_image(uniform(4000, 3000, (10, 200, 10)))
    assert canvas.zoom_factor() == zoom
    assert scroll_position(canvas) == (1234, 567)
    assert canvas.scene().items() == items_before
    rendered = grab(canvas.viewport())
    assert np.abs(rendered[150, 200].astype(int) - (10, 200, 10)).max() <= 2


def test_new_size_fits_again(canvas: ImageCanvas) -> None:
    canvas.set_image(uniform(200, 100))
    canvas.zoom_in()
    assert not canvas.is_fitted()
    canvas.set_image(uniform(1000, 3000))
    assert canvas.is_fitted()
    assert canvas.zoom_factor() == pytest.approx((300 - 16) / 3000)
    assert canvas.horizontalScrollBar().maximum() == 0
    assert canvas.verticalScrollBar().maximum() == 0


def test_zoom_steps_and_limits(canvas: ImageCanvas, qtbot) -> None:
    canvas.set_image(uniform(400, 300))
    canvas.zoom_actual()
    assert canvas.zoom_factor() == 1.0
    with qtbot.waitSignal(canvas.zoom_changed) as signal:
        canvas.zoom_in()
    assert signal.args == [pytest.approx(ZOOM_STEP)]
    canvas.zoom_out()
    canvas.zoom_out()
    assert canvas.zoom_factor() == pytest.approx(1 / ZOOM_STEP)
    for _ in range(100):
        canvas.zoom_in()
    assert canvas.zoom_factor() == MAX_ZOOM
    for _ in range(100):
        canvas.zoom_out()
    assert canvas.zoom_factor() == MIN_ZOOM
    canvas.fit_to_window()
    assert canvas.zoom_factor() == pytest.approx(min(384 / 400, 284 / 300))


def test_fit_sticks_on_resize_until_the_user_zooms(canvas: ImageCanvas, qtbot) -> None:
    canvas.set_image(uniform(400, 300))
    fitted = canvas.zoom_factor()
    canvas.resize(800, 600)
    qtbot.waitUntil(lambda: canvas.zoom_factor() > fitted)
    assert canvas.zoom_factor() == pytest.approx((600 - 16) / 300)
    canvas.zoom_in()
    zoomed = canvas.zoom_factor()
    canvas.resize(500, 400)
    qtbot.waitUntil(lambda: canvas.width() == 500)
    assert canvas.zoom_factor() == zoomed


def test_zoomed_in_pixels_stay_sharp(canvas: ImageCanvas) -> None:
    checker = np.zeros((4, 4, 3), np.uint8)
    checker[::2, ::2] = checker[1::2, 1::2] = 255
    canvas.set_image(checker)
    rendered = grab(canvas.viewport())
    assert canvas.zoom_factor() > 32 - 1e-9  # clamped at the limit
    greys = np.unique(rendered[rendered.shape[0] // 2 - 40 : rendered.shape[0] // 2 + 40, 160:240, 0])
    assert set(greys.tolist()) <= {0, 255}


def test_wheel_zooms_around_the_mouse(canvas: ImageCanvas) -> None:
    canvas.set_image(uniform(400, 300))
    canvas.zoom_actual()
    mouse = QPointF(100, 80)
    under_mouse = canvas.map_to_image(mouse)
    event = QWheelEvent(
        mouse,
        QPointF(canvas.viewport().mapToGlobal(mouse.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), event)
    assert canvas.zoom_factor() == pytest.approx(ZOOM_STEP)
    after = canvas.map_to_image(mouse)
    assert abs(after.x() - under_mouse.x()) <= 1 and abs(after.y() - under_mouse.y()) <= 1


def test_map_to_image_after_fit(canvas: ImageCanvas) -> None:
    canvas.set_image(uniform(640, 480))
    centre = canvas.map_to_image(QRectF(canvas.viewport().rect()).center())
    # Qt scrolls in whole screen pixels, so centring is exact to one screen pixel: 1 / zoom image pixels.
    tolerance = max(1.0, 1.0 / canvas.zoom_factor())
    assert abs(centre.x() - 320) <= tolerance and abs(centre.y() - 240) <= tolerance
    corner = canvas.map_to_image(canvas.mapFromScene(QPointF(0, 0)))
    assert abs(corner.x()) <= tolerance and abs(corner.y()) <= tolerance


def test_middle_drag_pans(canvas: ImageCanvas, qtbot) -> None:
    canvas.set_image(uniform(400, 300))
    canvas.zoom_actual()
    for _ in range(4):
        canvas.zoom_in()
    before = canvas.map_to_image(QPoint(200, 150))
    viewport = canvas.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(200, 150))
    qtbot.mouseMove(viewport, QPoint(150, 120))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(150, 120))
    after = canvas.map_to_image(QPoint(200, 150))
    zoom = canvas.zoom_factor()
    assert after.x() - before.x() == pytest.approx(50 / zoom, abs=1)
    assert after.y() - before.y() == pytest.approx(30 / zoom, abs=1)


def test_left_drag_pans_only_when_no_tool_is_active(canvas: ImageCanvas, qtbot) -> None:
    canvas.set_image(uniform(400, 300))
    for _ in range(5):
        canvas.zoom_in()
    viewport = canvas.viewport()
    canvas.set_pan_with_left_button(False)
    before = scroll_position(canvas)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))
    qtbot.mouseMove(viewport, QPoint(150, 120))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(150, 120))
    assert scroll_position(canvas) == before
    canvas.set_pan_with_left_button(True)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))
    qtbot.mouseMove(viewport, QPoint(150, 120))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(150, 120))
    assert scroll_position(canvas) == (before[0] + 50, before[1] + 30)


def test_clear_image_returns_to_the_empty_state(canvas: ImageCanvas) -> None:
    canvas.set_image(uniform(64, 48))
    canvas.model_region.set_box((8, 0, 56, 48))
    canvas.clear_image()
    assert not canvas.has_image() and canvas.image_rect().isEmpty()
    rendered = grab(canvas.viewport())
    assert np.abs(rendered.astype(int) - COLOUR).sum(axis=2).min() > 30  # no image pixel left on screen


def test_model_region_dims_the_outside(canvas: ImageCanvas) -> None:
    canvas.set_image(uniform(400, 300, (200, 200, 200)))
    box = (100, 50, 300, 250)
    canvas.model_region.set_box(box)
    assert canvas.model_region.box() == box and canvas.model_region.wanted()
    rendered = grab(canvas.viewport())
    inside = pixel_at(canvas, rendered, 200, 200)
    outside = pixel_at(canvas, rendered, 50, 150)
    assert np.abs(inside - 200).max() <= 2
    assert outside.max() < 0.7 * 200

    canvas.model_region.set_wanted(False)
    assert not canvas.model_region.wanted()
    rendered = grab(canvas.viewport())
    assert np.abs(pixel_at(canvas, rendered, 50, 150) - 200).max() <= 2

    canvas.model_region.set_wanted(True)
    canvas.model_region.set_box(None)
    rendered = grab(canvas.viewport())
    assert np.abs(pixel_at(canvas, rendered, 50, 150) - 200).max() <= 2


class DropHost(QWidget):
    """A stand-in main window that takes file drops."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.dropped: list[QUrl] = []
        self.canvas = ImageCanvas(self)
        QVBoxLayout(self).addWidget(self.canvas)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.dropped.extend(event.mimeData().urls())
        event.acceptProposedAction()


def test_drops_over_the_canvas_reach_the_window(qtbot) -> None:
    host = DropHost()
    qtbot.addWidget(host)
    host.resize(400, 300)
    host.show()
    qtbot.waitExposed(host)
    viewport = host.canvas.viewport()
    assert not host.canvas.acceptDrops() and not viewport.acceptDrops()

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(ROOT / "resources" / "samples" / "cat.png"))])
    position = QPointF(viewport.rect().center())
    action, button, modifier = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        enter = QDragEnterEvent(position, action, mime, button, modifier)  # PySide6 >= 6.12
    except TypeError:  # older bindings only have the QPoint overload (deprecated in 6.12)
        enter = QDragEnterEvent(position.toPoint(), action, mime, button, modifier)
    QApplication.sendEvent(viewport, enter)  # Qt walks up to the first parent that accepts drops
    assert enter.isAccepted()
    drop = QDropEvent(position, action, mime, button, modifier)
    QApplication.sendEvent(viewport, drop)  # delivered to the widget that accepted the enter
    assert host.dropped == mime.urls()


def test_screenshot_with_the_model_region(qtbot, cat_image, artifacts_dir) -> None:
    """The cat is shown as it is inside the model's square and dimmed outside it, the edge to within 4 px."""
    view = ImageCanvas()
    qtbot.addWidget(view)
    view.resize(640, 440)
    view.show()
    qtbot.waitExposed(view)
    view.set_image(cat_image)
    region = crop_box(cat_image.shape[0], cat_image.shape[1], PreprocessSpec())
    view.model_region.set_box(region)
    qtbot.waitUntil(lambda: view.is_fitted() and view.viewport().width() == 640)
    shot = grab(view)
    save_image(artifacts_dir / "canvas.png", shot)
    assert_model_region_marked(shot, view, view, cat_image)
    x0, y0, x1, y1 = region
    assert_shows(shot, on_screen(view, view, region), cat_image[y0:y1, x0:x1])
