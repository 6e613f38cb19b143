"""Tool overlays: items stack in the order added under the heat map and leave together; paths follow the frame."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from desktop_app.core.regions import Region
from desktop_app.ui.tools.overlay import HANDLE_PX, OVERLAY_Z, OverlayItems, polyline_path, rect_path, region_path


def scale_by(factor: float):
    return lambda x, y: QPointF(x * factor, y * factor)


def test_items_stack_in_order_pass_clicks_through_and_leave_together(qtbot):
    scene = QGraphicsScene()
    overlay = OverlayItems(scene)
    path = rect_path(QRectF(10, 20, -5, 30))  # normalised: (5, 20) to (10, 50)
    assert path.boundingRect() == QRectF(5, 20, 5, 30)
    overlay.add_path(path, QColor("red"), rim=QColor("black"), dashed=True)
    overlay.add_handles([QPointF(5, 20)], QColor("blue"))
    rim, line, handle = overlay.items
    assert OVERLAY_Z <= rim.zValue() < line.zValue() < handle.zValue() < OVERLAY_Z + 1
    assert rim.pen().isCosmetic() and rim.pen().width() == 4 and line.pen().style() == Qt.PenStyle.DashLine
    assert handle.pos() == QPointF(5, 20) and handle.rect().width() == HANDLE_PX
    assert all(item.acceptedMouseButtons() == Qt.MouseButton.NoButton for item in overlay.items)
    overlay.clear()
    assert overlay.items == [] and scene.items() == []


def test_a_stroke_in_image_pixels_scales_with_the_image(qtbot):
    overlay = OverlayItems(QGraphicsScene())
    overlay.add_path(QPainterPath(), QColor("green"), image_width=12)
    [stroke] = overlay.items
    assert not stroke.pen().isCosmetic() and stroke.pen().widthF() == 12


def test_paths_map_fractions_through_the_given_conversion():
    region = Region((((0.1, 0.1), (0.5, 0.1), (0.5, 0.5)),))
    assert region_path(region, scale_by(100)).boundingRect() == QRectF(10, 10, 40, 40)
    line = polyline_path([(0.0, 0.0), (0.5, 0.25)], scale_by(10))
    assert line.elementCount() == 2 and line.boundingRect() == QRectF(0, 0, 5, 2.5)
    lasso = polyline_path([(0.0, 0.0), (0.5, 0.0), (0.5, 0.5)], scale_by(10), closed=True)
    assert lasso.elementCount() == 4  # closed: back to the first point
