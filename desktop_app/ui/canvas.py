"""The image canvas: the edited image with zoom, pan and the region that the model sees.

Scene coordinates are image pixel coordinates (the pixmap sits at the scene origin), so tools can put
their overlay items straight into `canvas.scene()` in image coordinates. The canvas only draws: the
model's crop box is computed in the core and handed in through `set_model_region`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.core.geometry import Frame, PixelBox
from desktop_app.ui.qimage import array_to_qimage


class CanvasTool(Protocol):
    """What the canvas calls on the active tool; positions are in image pixels. True = handled."""

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool: ...

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool: ...

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool: ...

    def nudge(self, dx: int, dy: int) -> bool: ...


ZOOM_STEP = 1.25
MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
SMOOTH_ZOOM_LIMIT = 2.0  # above this zoom, pixels are drawn as sharp squares
EMPTY_HINT = "Drop an image here or press Ctrl+O"
ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
NUDGE_PX, BIG_NUDGE_PX = 1, 10  # screen pixels an arrow key moves the selected edit (with Shift: the big step)
REGION_LABEL = "model sees this"
IMAGE_Z = 0.0
MODEL_REGION_Z = 100.0  # above the image and any tool overlay
FIT_MARGIN = 8  # logical pixels left around an image fitted to the window


def nudge_step(event: QKeyEvent) -> tuple[int, int] | None:
    """The screen pixels an arrow key asks the selected edit to move (with Shift: the big step), or None."""
    step = ARROWS.get(Qt.Key(event.key()))
    if step is None:
        return None
    pixels = BIG_NUDGE_PX if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE_PX
    return step[0] * pixels, step[1] * pixels


class RegionCaption(QGraphicsItem):
    """A small label on a dark chip by a region's top-left corner that keeps its on-screen size at any zoom.

    `quiet`: a smaller, paler chip, for a second mark that must not outshout the first.
    """

    def __init__(self, text: str, parent: QGraphicsItem | None = None, quiet: bool = False) -> None:
        super().__init__(parent)
        self._text = text
        self._chip = QColor(0, 0, 0, 150 if quiet else 170)
        self._radius = 3 if quiet else 4
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._font = QFont()
        self._font.setPointSizeF(max(8.0, self._font.pointSizeF() * (0.85 if quiet else 0.9)))
        metrics = QFontMetricsF(self._font)
        # Offset from the box corner and padding are in device-independent pixels (the item ignores zoom).
        inset, pad_x, pad_y = (5, 10, 4) if quiet else (6, 12, 6)
        self._rect = QRectF(inset, inset, metrics.horizontalAdvance(text) + pad_x, metrics.height() + pad_y)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._chip)
        painter.drawRoundedRect(self._rect, self._radius, self._radius)
        painter.setFont(self._font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)


class _ModelRegionItem(QGraphicsItem):
    """Dims the image outside the model's crop box and outlines the box."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(MODEL_REGION_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._image_rect = QRectF()
        self._box = QRectF()
        self._dimmed = QPainterPath()
        self._label = RegionCaption(REGION_LABEL, self)

    def set_geometry(self, image_rect: QRectF, box: QRectF) -> None:
        """Place the dimming and the outline for this image size and box."""
        self.prepareGeometryChange()
        self._image_rect = image_rect
        self._box = box.intersected(image_rect)
        self._dimmed = QPainterPath()
        self._dimmed.setFillRule(Qt.FillRule.OddEvenFill)
        self._dimmed.addRect(image_rect)
        self._dimmed.addRect(self._box)
        self._label.setPos(self._box.topLeft())
        self.update()

    def boundingRect(self) -> QRectF:
        return self._image_rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.fillPath(self._dimmed, QColor(0, 0, 0, 140))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Cosmetic pens keep their width at any zoom, counted in device pixels, hence the ratio: a dark
        # rim under white dashes keeps the outline visible on light and dark photos alike.
        ratio = painter.device().devicePixelRatioF()
        rim = QPen(QColor(0, 0, 0, 160), 3 * ratio)
        dashes = QPen(QColor(255, 255, 255), 1.5 * ratio, Qt.PenStyle.CustomDashLine)
        dashes.setDashPattern([4, 3])
        # Inset by half the rim so the line never pokes out of boundingRect when the box meets the image edge.
        inset = 1.5 / max(painter.worldTransform().m11(), 1e-6)
        outline = self._box.adjusted(inset, inset, -inset, -inset)
        for pen in (rim, dashes):
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawRect(outline)


class ImageCanvas(QGraphicsView):
    """Shows the current image with zoom, pan and the region that the model sees."""

    zoom_changed = Signal(float)  # emitted when the zoom factor changes (1.0 = 100 %)
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
        self._region_item = _ModelRegionItem()
        self._region_item.setVisible(False)
        self._scene.addItem(self._region_item)

        self._image_size: tuple[int, int] | None = None  # (width, height)
        self._region_box: PixelBox | None = None
        self._region_visible = True
        self._zoom = 1.0
        self._fit_mode = True
        self._pan_with_left = True
        self._space_held = False
        self._tool: CanvasTool | None = None
        self._pan_last: QPoint | None = None
        self._pan_button = Qt.MouseButton.NoButton
        self._hand_cursor = False

        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Image")
        self.setAccessibleDescription(EMPTY_HINT)
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
        self._update_region_item()
        self._update_cursor()
        self.fit_to_window()
        self.viewport().update()
        self.image_resized.emit()

    def clear_image(self) -> None:
        """Show no image, only the empty-state hint."""
        self._pixmap_item.setPixmap(QPixmap())
        self._image_size = None
        self._scene.setSceneRect(QRectF(0, 0, 1, 1))
        self._update_region_item()
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

    def map_to_image(self, view_pos: QPoint | QPointF) -> QPointF:
        """Image pixel coordinates of a point in viewport coordinates."""
        inverse, _invertible = self.viewportTransform().inverted()
        return inverse.map(QPointF(view_pos))

    # ---------------------------------------------------------------------------------- model region
    def set_model_region(self, box: PixelBox | None) -> None:
        """Mark the pixel box of the shown image that the model sees; None removes the mark."""
        self._region_box = PixelBox(*box) if box is not None else None
        self._update_region_item()

    def model_region(self) -> PixelBox | None:
        """The marked pixel box, or None."""
        return self._region_box

    def set_model_region_visible(self, visible: bool) -> None:
        """Show or hide the model-region mark."""
        self._region_visible = visible
        self._update_region_item()

    def model_region_visible(self) -> bool:
        """Whether the model-region mark is switched on."""
        return self._region_visible

    def _update_region_item(self) -> None:
        shown = self._region_visible and self._region_box is not None and self._image_size is not None
        if shown:
            x0, y0, x1, y1 = self._region_box  # type: ignore[misc]  # pixels of the shown image are scene pixels
            self._region_item.set_geometry(self.image_rect(), QRectF(x0, y0, x1 - x0, y1 - y0))
        self._region_item.setVisible(shown)

    # ------------------------------------------------------------------------------------------ zoom
    def zoom_factor(self) -> float:
        """The current zoom, 1.0 meaning one image pixel per logical screen pixel."""
        return self._zoom

    def zoom_in(self) -> None:
        """Zoom in one step around the view centre."""
        self._zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step around the view centre."""
        self._zoom_by(1 / ZOOM_STEP)

    def zoom_actual(self) -> None:
        """Zoom to 100 % around the view centre."""
        if self._image_size is not None:
            self._fit_mode = False
            self._set_zoom(1.0)

    def fit_to_window(self) -> None:
        """Fit the whole image into the view, and keep it fitted while the view resizes."""
        self._fit_mode = True
        if self._image_size is None:
            return
        width, height = self._image_size
        available_w = max(1, self.viewport().width() - 2 * FIT_MARGIN)
        available_h = max(1, self.viewport().height() - 2 * FIT_MARGIN)
        self._set_zoom(min(available_w / width, available_h / height))
        self.centerOn(self.image_rect().center())

    def is_fitted(self) -> bool:
        """Whether the view is in fit-to-window mode."""
        return self._fit_mode

    def _zoom_by(self, step: float, anchor: QPointF | None = None) -> None:
        if self._image_size is None:
            return
        self._fit_mode = False
        self._set_zoom(self._zoom * step, anchor)

    def _set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Apply a zoom factor, keeping the scene point under `anchor` (default: view centre) in place."""
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        if anchor is None:
            anchor = QRectF(self.viewport().rect()).center()
        scene_anchor = self.map_to_image(anchor)
        self.setTransform(QTransform.fromScale(factor, factor))
        drift = self.viewportTransform().map(scene_anchor) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(drift.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(drift.y()))
        smooth = factor <= SMOOTH_ZOOM_LIMIT
        self._pixmap_item.setTransformationMode(
            Qt.TransformationMode.SmoothTransformation if smooth else Qt.TransformationMode.FastTransformation
        )
        if factor != self._zoom:
            self._zoom = factor
            self.zoom_changed.emit(factor)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_mode:
            self.fit_to_window()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._image_size is None:
            event.ignore()
            return
        # A touchpad's two-finger scroll (phased, with pixel deltas) pans; its pinch zooms (viewportEvent).
        touchpad_scroll = event.phase() != Qt.ScrollPhase.NoScrollPhase and not event.pixelDelta().isNull()
        steps = event.angleDelta().y() / 120
        if touchpad_scroll or steps == 0:
            super().wheelEvent(event)
            return
        self._zoom_by(ZOOM_STEP**steps, event.position())
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if (
            isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
            and self._image_size is not None
        ):
            self._zoom_by(1.0 + event.value(), event.position())
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------------------------------------- pan
    def set_pan_with_left_button(self, enabled: bool) -> None:
        """Let a left-button drag pan the view (on when no tool is active)."""
        self._pan_with_left = enabled
        self._update_cursor()

    def pan_with_left_button(self) -> bool:
        """Whether a left-button drag pans the view."""
        return self._pan_with_left

    def _is_pan_button(self, button: Qt.MouseButton) -> bool:
        if button == Qt.MouseButton.MiddleButton:
            return True
        return button == Qt.MouseButton.LeftButton and (self._pan_with_left or self._space_held)

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
        if self._pan_last is None and self._image_size is not None and self._is_pan_button(event.button()):
            self._pan_last = event.position().toPoint()
            self._pan_button = event.button()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            self._hand_cursor = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._tool_event("mouse_move", event):
            event.accept()
            return
        if self._pan_last is None:
            super().mouseMoveEvent(event)
            return
        position = event.position().toPoint()
        delta = position - self._pan_last
        self._pan_last = position
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._tool_event("mouse_release", event):
            event.accept()
            return
        if self._pan_last is not None and event.button() == self._pan_button:
            self._pan_last = None
            self._update_cursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = nudge_step(event)
        if step is not None and self._tool is not None and self._image_size is not None and self._tool.nudge(*step):
            event.accept()
            return
        if event.key() == Qt.Key.Key_Space and self._image_size is not None:
            if not event.isAutoRepeat():
                self._space_held = True
                self._update_cursor()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self._space_held:
            if not event.isAutoRepeat():
                self._space_held = False
                self._update_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._space_held = False  # the release may go to another widget
        self._update_cursor()
        super().focusOutEvent(event)

    def _update_cursor(self) -> None:
        if self._pan_last is not None:
            return
        wanted = self._image_size is not None and (self._pan_with_left or self._space_held)
        if wanted:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif self._hand_cursor:
            self.viewport().unsetCursor()  # only undo our own cursor, never a tool's
        self._hand_cursor = wanted

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
        painter.drawText(QRectF(self.viewport().rect()).adjusted(16, 16, -16, -16), flags, EMPTY_HINT)
        painter.restore()
