"""The image canvas: the edited image, the active tool's gestures and the region that the model sees, on a
zoom-and-pan view (ui/pan_zoom_view.py).

Scene coordinates are image pixel coordinates (the pixmap sits at the scene origin), so tools can put
their overlay items straight into `canvas.scene()` in image coordinates. The canvas only draws: the
model's crop box is computed in the core and handed in through `canvas.model_region.set_box` (ui/model_region.py).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QWidget,
)

from desktop_app.core.geometry import Frame
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.model_region import ModelRegionMark
from desktop_app.ui.pan_zoom_view import PanZoomView
from desktop_app.ui.qimage import array_to_qimage


class CanvasTool(Protocol):
    """What the canvas calls on the active tool; positions are in image pixels. True = handled."""

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool: ...

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool: ...

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool: ...

    def nudge(self, dx: int, dy: int) -> bool: ...


SMOOTH_ZOOM_LIMIT = 2.0  # above this zoom, pixels are drawn as sharp squares
EMPTY_HINT = QT_TRANSLATE_NOOP("ImageCanvas", "Drop an image here or press Ctrl+O")
ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
NUDGE_PX, BIG_NUDGE_PX = 1, 10  # screen pixels an arrow key moves the selected edit (with Shift: the big step)
IMAGE_Z = 0.0


def nudge_step(event: QKeyEvent) -> tuple[int, int] | None:
    """The screen pixels an arrow key asks the selected edit to move (with Shift: the big step), or None."""
    step = ARROWS.get(Qt.Key(event.key()))
    if step is None:
        return None
    pixels = BIG_NUDGE_PX if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE_PX
    return step[0] * pixels, step[1] * pixels


class ImageCanvas(PanZoomView):
    """Shows the current image with zoom, pan, the active tool's gestures and the region that the model sees."""

    image_resized = Signal()  # the shown image has another size (or none): overlays in its pixels must follow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # a few items, some moving
        self.setScene(self._scene)
        self._pixmap_item = QGraphicsPixmapItem()
        self._pixmap_item.setZValue(IMAGE_Z)
        # The default MaskShape derives a hit-test shape from the pixels: needless work on every new pixmap.
        self._pixmap_item.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self._pixmap_item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._scene.addItem(self._pixmap_item)
        self.model_region = ModelRegionMark(self.image_rect_if_shown)
        self._scene.addItem(self.model_region)

        self._image_size: tuple[int, int] | None = None  # (width, height)
        self._tool: CanvasTool | None = None
        self.setAccessibleName(self.tr("Image"))
        self.setAccessibleDescription(self.tr(EMPTY_HINT))
        # Drops belong to the main window. A QGraphicsView accepts drags by default (its scene accepts
        # every drag enter), which would swallow a file dropped on the image; refusing them on both the
        # view and its viewport makes Qt hand them to the nearest parent that accepts drops.
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self._apply_palette()

    # ----------------------------------------------------------------------------------------- image
    def set_image(self, rgb: np.ndarray) -> None:
        """Show an H x W x 3 uint8 RGB image; same size keeps zoom and scroll, a new size fits it."""
        # NoFormatConversion: the pixmap shares the QImage's own copy instead of converting it to 32-bit,
        # which halves the cost for 12 megapixels (~30 ms saved) for ~2 ms more per full repaint.
        pixmap = QPixmap.fromImage(array_to_qimage(rgb), Qt.ImageConversionFlag.NoFormatConversion)
        self._pixmap_item.setPixmap(pixmap)
        size = (pixmap.width(), pixmap.height())
        if size == self._image_size:
            return
        self._image_size = size
        self._scene.setSceneRect(self.image_rect())
        self.model_region.place()
        self._update_cursor()
        self.fit_to_window()
        self.viewport().update()
        self.image_resized.emit()

    def clear_image(self) -> None:
        """Show no image, only the empty-state hint."""
        self._pixmap_item.setPixmap(QPixmap())
        self._image_size = None
        self._scene.setSceneRect(QRectF(0, 0, 1, 1))
        self.model_region.place()
        self._update_cursor()
        self.viewport().update()
        self.image_resized.emit()

    def has_image(self) -> bool:
        """Whether an image is shown."""
        return self._image_size is not None

    def image_rect(self) -> QRectF:
        """The image's rectangle in scene (= image pixel) coordinates; empty without an image."""
        if self._image_size is None:
            return QRectF()
        return QRectF(0, 0, *self._image_size)

    def image_frame(self) -> Frame | None:
        """The shown image's frame: fractions of it to canvas (scene) pixels; None without an image."""
        if self._image_size is None:
            return None
        width, height = self._image_size
        return Frame.whole((height, width))

    def content_size(self) -> tuple[int, int] | None:
        """(width, height) of the shown image, or None."""
        return self._image_size

    def zoom_applied(self, factor: float) -> None:
        """Pixels are smoothed when zoomed out a little, sharp squares when zoomed in far."""
        smooth = factor <= SMOOTH_ZOOM_LIMIT
        self._pixmap_item.setTransformationMode(
            Qt.TransformationMode.SmoothTransformation if smooth else Qt.TransformationMode.FastTransformation
        )

    # ---------------------------------------------------------------------------------- model region
    def image_rect_if_shown(self) -> QRectF | None:
        """The shown image's rectangle in scene coordinates, or None without an image."""
        return self.image_rect() if self._image_size is not None else None

    # ------------------------------------------------------------------------------------ tools
    def set_tool(self, tool: CanvasTool | None) -> None:
        """Routes left-button gestures (in image pixels) to a tool; None restores pan-with-left-button."""
        self._tool = tool
        self.set_pan_with_left_button(tool is None)
        if tool is None:
            self.viewport().unsetCursor()

    def tool(self) -> CanvasTool | None:
        """The tool receiving gestures, if any."""
        return self._tool

    def _tool_event(self, handler: str, event: QMouseEvent) -> bool:
        tool = self._tool
        if tool is None or self._image_size is None or self._pan_last is not None:
            return False
        if handler != "mouse_move" and event.button() != Qt.MouseButton.LeftButton:
            return False
        if self._space_held:
            return False
        return bool(getattr(tool, handler)(self.map_to_image(event.position()), event))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._tool_event("mouse_press", event):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._tool_event("mouse_move", event):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._tool_event("mouse_release", event):
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = nudge_step(event)
        if step is not None and self._tool is not None and self._image_size is not None and self._tool.nudge(*step):
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------------------------ appearance
    def _apply_palette(self) -> None:
        self.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Window).darker(112))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        if self._image_size is not None:
            return
        painter.save()
        painter.resetTransform()  # draw in viewport pixels, centred whatever the scene says
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(QRectF(self.viewport().rect()).adjusted(16, 16, -16, -16), flags, self.tr(EMPTY_HINT))
        painter.restore()
