"""Tool overlays on the canvas: the items one tool put there, and the paths and pens they are drawn with.

Overlay items are in canvas (scene) coordinates, which are pixels of the image on show; tools map fractions to
them through their Frame (Tool.to_canvas), never by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene

from desktop_app.core.geometry import Point
from desktop_app.core.regions import Region

OVERLAY_Z = 50  # tool overlays sit above the image (0) and below the heat map (60) and model-region mark (100)
HANDLE_PX = 9  # a handle's side on screen, whatever the zoom

ToCanvas = Callable[[float, float], QPointF]  # fractions of the shown image -> canvas pixels


def cosmetic_pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen `width` screen pixels wide at any zoom."""
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    return pen


class OverlayItems:
    """The overlay items one tool put on the canvas scene: stacked in the order added, removed together."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsItem] = []

    def clear(self) -> None:
        """Removes every item from the scene."""
        for item in self.items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = []

    def add(self, item: QGraphicsItem) -> QGraphicsItem:
        """Puts an item on the scene above the ones added before (all under the heat map); clicks pass through."""
        if item.scene() is not self.scene:
            self.scene.addItem(item)
        item.setZValue(OVERLAY_Z + len(self.items) / 100)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.items.append(item)
        return item

    def add_path(
        self,
        path: QPainterPath,
        colour: QColor,
        screen_width: float = 2,
        *,
        image_width: float = 0,
        rim: QColor | None = None,
        rim_width: float = 4,
        dashed: bool = False,
        fill: QColor | None = None,
    ) -> None:
        """Draws a path: a line `screen_width` screen pixels wide (or `image_width` image pixels), on a wider rim."""
        if rim is not None:  # a contrasting line under the coloured one keeps it visible on any image
            self.add(self.scene.addPath(path, cosmetic_pen(rim, rim_width)))
        pen = QPen(colour, image_width or screen_width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        pen.setCosmetic(not image_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.add(self.scene.addPath(path, pen, QBrush(fill) if fill is not None else QBrush(Qt.BrushStyle.NoBrush)))

    def add_handles(self, points: Sequence[QPointF], outline: QColor) -> None:
        """Square white handles of HANDLE_PX screen pixels centred on these canvas points."""
        half = HANDLE_PX / 2
        for point in points:
            handle = QGraphicsRectItem(QRectF(-half, -half, HANDLE_PX, HANDLE_PX))
            handle.setPen(cosmetic_pen(outline, 1))
            handle.setBrush(QBrush(QColor("white")))
            handle.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            handle.setPos(point)
            self.add(handle)


def region_path(region: Region, to_canvas: ToCanvas) -> QPainterPath:
    """A region's polygons as one path (holes stay holes)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for polygon in region.polygons:
        path.moveTo(to_canvas(*polygon[0]))
        for point in polygon[1:]:
            path.lineTo(to_canvas(*point))
        path.closeSubpath()
    return path


def polyline_path(points: Sequence[Point], to_canvas: ToCanvas, closed: bool = False) -> QPainterPath:
    """Points as an open path (a stroke), or a closed one (a lasso)."""
    path = QPainterPath(to_canvas(*points[0]))
    for point in points[1:]:
        path.lineTo(to_canvas(*point))
    if closed:
        path.closeSubpath()
    return path


def rect_path(rect: QRectF) -> QPainterPath:
    """A rectangle as a path."""
    path = QPainterPath()
    path.addRect(rect.normalized())
    return path
