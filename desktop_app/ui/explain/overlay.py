"""The explanation map on the canvas: the heat-map layer, the covered-cell outline, the hover read-out and clicks.

`MapOverlay` draws what it is given and reports what the mouse does over the map; the controller decides what a
value means and what a click covers. Where the map sits on the canvas is decided in `map_placement` alone, by the
one conversion (`core.geometry.Frame`) that every tool overlay uses too.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QEnterEvent, QMouseEvent, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from desktop_app.core.geometry import Frame, PixelBox, Size
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.qimage import array_to_qimage

HEATMAP_Z = 60  # above the tool overlays (50), below the model-region mark (100)
OUTLINE_Z = 61
MapPixel = tuple[int, int]  # (row, column) of the map, in model-input pixels
FrameOf = Callable[[Size], Frame]  # where a rendered image of this (height, width) lies on the canvas now


def map_placement(frame: Frame, crop: PixelBox, map_size: tuple[int, int]) -> tuple[QPointF, QTransform]:
    """Where a map of (width, height) input pixels sits on the canvas: its top-left corner and its scale, so that
    it covers the crop box (pixels of the explained image) wherever the frame puts that image."""
    x0, y0, x1, y1 = frame.box_to_canvas(crop)
    width, height = map_size
    return QPointF(x0, y0), QTransform.fromScale((x1 - x0) / width, (y1 - y0) / height)


class HeatmapItem(QGraphicsPixmapItem):
    """An RGBA map of model-input pixels, stretched over the crop box of the rendered image that they cover."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(HEATMAP_Z)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._map_size = (0, 0)  # (width, height) of the map in input pixels

    def set_map(self, rgba: np.ndarray) -> None:
        """Shows an H x W x 4 uint8 map (placed by `place`)."""
        height, width = rgba.shape[:2]
        self.setPixmap(QPixmap.fromImage(array_to_qimage(rgba)))
        self._map_size = (width, height)

    def place(self, frame: Frame, crop: PixelBox) -> None:
        """Stretches the map over the crop box of the explained image, as the frame puts that image on the canvas."""
        corner, scale = map_placement(frame, crop, self._map_size)
        self.setPos(corner)
        self.setTransform(scale)

    def map_pixel(self, scene_pos: QPointF) -> MapPixel | None:
        """The (row, column) of the map under a scene point, or None outside the map."""
        local = self.mapFromScene(scene_pos)
        width, height = self._map_size
        col, row = int(np.floor(local.x())), int(np.floor(local.y()))
        if 0 <= col < width and 0 <= row < height:
            return row, col
        return None


class CellOutline(QGraphicsRectItem):
    """Marks the occlusion window being previewed: a white line on a dark rim, readable on any map colour."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(OUTLINE_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.rect()
        for colour, width in ((QColor(0, 0, 0, 170), 4.0), (QColor(255, 255, 255), 1.5)):
            pen = QPen(colour, width)
            pen.setCosmetic(True)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)


class MapOverlay(QObject):
    """The map layer of the canvas: shows a map and an outline, reads values under the mouse, and reports a click
    on the map (a press that never became a drag; drags still reach the pan or the active tool)."""

    clicked = Signal(QPointF)  # emitted with the image point of a click on the map, while clicks are accepted

    def __init__(
        self,
        canvas: ImageCanvas,
        frame_of: FrameOf,
        describe: Callable[[MapPixel | None], str],
        accepts_clicks: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.frame_of = frame_of
        self.describe = describe  # the read-out for a map pixel (None: the mouse left the map); "" shows nothing
        self.accepts_clicks = accepts_clicks
        self.item = HeatmapItem()
        self.item.setVisible(False)
        self.outline = CellOutline()
        canvas.scene().addItem(self.item)
        canvas.scene().addItem(self.outline)
        self._placed: tuple[Size, PixelBox, PixelBox | None] | None = None  # image size, map box, outline box
        self._press: QMouseEvent | None = None  # a left press on the map, held back until it proves a click
        self._forwarding = False
        self._tooltip_shown = False
        canvas.viewport().installEventFilter(self)
        canvas.image_resized.connect(self.place)

    def show_map(self, rgba: np.ndarray, crop: PixelBox, image_size: Size) -> None:
        """Puts a coloured map on the crop box of the explained image (of this height and width)."""
        self.item.set_map(rgba)
        outline = self._placed[2] if self._placed is not None else None
        self._placed = (image_size, PixelBox(*crop), outline)
        self.place()

    def set_outline(self, box: PixelBox | None) -> None:
        """Marks a box of the explained image (the covered cell), or nothing."""
        if self._placed is not None:
            self._placed = (*self._placed[:2], box)
            self.place()

    def place(self) -> None:
        """Puts the map and the outline where the explained image lies on the canvas now (after a resize of the
        shown image or a tool that shows the image differently)."""
        if self._placed is None:
            return
        size, crop, outline = self._placed
        frame = self.frame_of(size)
        self.item.place(frame, crop)
        if outline is not None:
            x0, y0, x1, y1 = frame.box_to_canvas(outline)
            self.outline.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    def clear(self) -> None:
        """Forgets the map's placement (another photo)."""
        self._placed = None

    def set_visible(self, shown: bool, outline: bool) -> None:
        """Shows or hides the map (and the covered cell's outline with it)."""
        self.item.setVisible(shown)
        self.outline.setVisible(shown and outline)
        if shown:
            self.canvas.viewport().setMouseTracking(True)  # hover read-out (a tool switch may have turned it off)
        else:
            self._hide_tooltip()

    def pixel_at(self, image_pos: QPointF) -> MapPixel | None:
        """The map's (row, column) under an image point, or None outside the map."""
        return self.item.map_pixel(image_pos)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hover read-out and click on the map in the canvas viewport; drags and everything else pass through."""
        kind = event.type()
        if self._forwarding:
            return False
        if kind == QEvent.Type.Leave:
            self.describe(None)
        elif isinstance(event, QEnterEvent):
            if self.item.isVisible():
                self.canvas.viewport().setMouseTracking(True)
        elif isinstance(event, QMouseEvent):
            left = event.button() == Qt.MouseButton.LeftButton
            if kind == QEvent.Type.MouseMove:
                return self._moved(event)
            if kind == QEvent.Type.MouseButtonPress and left:
                return self._pressed(event)
            if kind == QEvent.Type.MouseButtonRelease and left:
                return self._released()
        return False

    def _moved(self, event: QMouseEvent) -> bool:
        self._hover(event)
        if self._press is None:
            return False
        if (event.position() - self._press.position()).manhattanLength() < QApplication.startDragDistance():
            return True
        self._forward_press()  # a drag, not a click: it belongs to the pan or the active tool
        return False

    def _pressed(self, event: QMouseEvent) -> bool:
        on_map = self.pixel_at(self.canvas.map_to_image(event.position())) is not None
        if not (on_map and self.item.isVisible() and self.accepts_clicks()):
            return False
        self._press = QMouseEvent(
            event.type(), event.position(), event.globalPosition(), event.button(), event.buttons(), event.modifiers()
        )
        return True

    def _released(self) -> bool:
        if self._press is None:
            return False
        press, self._press = self._press, None
        self.clicked.emit(self.canvas.map_to_image(press.position()))
        return True

    def _forward_press(self) -> None:
        """Hands a held-back press to the canvas after all, once the mouse has moved far enough to be a drag."""
        press, self._press = self._press, None
        if press is None:
            return
        self._forwarding = True
        try:
            QApplication.sendEvent(self.canvas.viewport(), press)
        finally:
            self._forwarding = False

    def _hover(self, event: QMouseEvent) -> None:
        if not self.item.isVisible():
            return
        text = self.describe(self.pixel_at(self.canvas.map_to_image(event.position())))
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self.canvas.viewport())
            self._tooltip_shown = True
        else:
            self._hide_tooltip()

    def _hide_tooltip(self) -> None:
        if self._tooltip_shown:
            QToolTip.hideText()
            self._tooltip_shown = False
