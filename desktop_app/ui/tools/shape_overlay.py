"""Scene items of the shape tool: the rectangle, the object/background strokes and the found object's outline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from desktop_app.core.regions import Region
from desktop_app.ui.tools.base import OVERLAY_Z

ToPixels = Callable[[float, float], QPointF]


class OverlayItems:
    """The overlay items one tool put in a scene, drawn in order and removed together."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsItem] = []

    def clear(self) -> None:
        """Removes every item from the scene."""
        for item in self.items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = []

    def add_path(
        self,
        path: QPainterPath,
        colour: QColor,
        screen_width: float = 0,
        image_width: float = 0,
        fill_alpha: int = 0,
        line_alpha: int = 255,
        dashed: bool = False,
    ) -> None:
        """Draws a path with a line `screen_width` pixels wide on screen (or `image_width` image pixels)."""
        line = QColor(colour)
        line.setAlpha(line_alpha)
        pen = QPen(line, screen_width or image_width)
        pen.setCosmetic(bool(screen_width))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if dashed:  # a dark line under the dashes keeps them visible on any image
            pen.setStyle(Qt.PenStyle.DashLine)
            shadow = QPen(QColor(0, 0, 0, 160), screen_width + 2)
            shadow.setCosmetic(True)
            self._add(self.scene.addPath(path, shadow))
        fill = QColor(colour)
        fill.setAlpha(fill_alpha)
        self._add(self.scene.addPath(path, pen, QBrush(fill) if fill_alpha else QBrush(Qt.BrushStyle.NoBrush)))

    def _add(self, item: QGraphicsItem) -> None:
        item.setZValue(OVERLAY_Z + len(self.items) / 100)  # later items on top, all under the model-region mark
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.items.append(item)


def region_path(region: Region, to_pixels: ToPixels) -> QPainterPath:
    """A region's polygons as one path (holes stay holes)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for polygon in region.polygons:
        path.moveTo(to_pixels(*polygon[0]))
        for point in polygon[1:]:
            path.lineTo(to_pixels(*point))
        path.closeSubpath()
    return path


def polyline_path(points: tuple[tuple[float, float], ...], to_pixels: ToPixels) -> QPainterPath:
    """A stroke's points as an open path."""
    path = QPainterPath(to_pixels(*points[0]))
    for point in points[1:]:
        path.lineTo(to_pixels(*point))
    return path


def rect_path(corner: QPointF, other_corner: QPointF) -> QPainterPath:
    """The rectangle spanned by two points as a path."""
    path = QPainterPath()
    path.addRect(QRectF(corner, other_corner).normalized())
    return path
