"""Crop tool: draw, move and resize the one crop rectangle of the image (free or square) while the chart follows.

While the tool is active the canvas shows the image around the crop too (dimmed), so you see what is cut away;
the model still sees, and the chart shows, only the cropped image.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyleOptionGraphicsItem,
    QWidget,
)

from desktop_app.core.crop import crop_from_pixels, preview_around_crop
from desktop_app.core.document import Document
from desktop_app.core.edits import Edit, apply
from desktop_app.core.geometry import PixelBox, pixel_box_from_points, resize_box
from desktop_app.core.preprocess import crop_box
from desktop_app.ui.tools.base import OVERLAY_Z, Tool, ToolContext

HANDLE_PX = 9  # handle size on screen, whatever the zoom
DRAG_START_PX = 3  # a press that moves less than this (on screen) is a click
MIN_SIDE_PX = 8  # the smallest crop a gesture makes, in working-image pixels
MODEL_REGION_CAPTION = "model sees this"
DIM = QColor(0, 0, 0, 160)
OUTLINE = QColor(255, 255, 255)
RIM = QColor(0, 0, 0, 170)
# handle (hx, hy): -1 left/top, 0 middle, 1 right/bottom; corners first so they win where handles overlap
HANDLES = ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, -1), (0, 1), (-1, 0), (1, 0))
CURSORS = {
    (-1, -1): Qt.CursorShape.SizeFDiagCursor,
    (1, 1): Qt.CursorShape.SizeFDiagCursor,
    (1, -1): Qt.CursorShape.SizeBDiagCursor,
    (-1, 1): Qt.CursorShape.SizeBDiagCursor,
    (0, -1): Qt.CursorShape.SizeVerCursor,
    (0, 1): Qt.CursorShape.SizeVerCursor,
    (-1, 0): Qt.CursorShape.SizeHorCursor,
    (1, 0): Qt.CursorShape.SizeHorCursor,
}


@dataclass
class _Gesture:
    """One mouse drag: what it does, the crop box it started from, and its undo merge key."""

    mode: str  # "create" | "move" | "resize"
    press: QPointF  # where the button went down (image pixels)
    box: PixelBox | None  # the crop at the press, if any
    index: int  # the crop's entry (-1: not created yet)
    handle: tuple[int, int] = (0, 0)
    dragged: bool = False
    key: object = None


class CropTool(Tool):
    """Keeps one rectangle of the image; the canvas shows the whole image with the rest dimmed while active."""

    key = "crop"
    text = "Crop"
    shortcut = "C"
    tip = "Keep only part of the image: drag a rectangle; drag inside it to move it, its handles to resize"
    edit_kinds = ("crop",)

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        self.square = False
        self._gesture: _Gesture | None = None
        self._items: list[QGraphicsItem] = []
        self._before: tuple[np.ndarray, list[Edit], np.ndarray] | None = None  # (working, edits, render) cache

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget = QWidget()
        layout = QHBoxLayout(widget)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Aspect"))
        self.aspect_group = QButtonGroup(widget)
        self.free_button = QPushButton("Free")
        self.square_button = QPushButton("Square")
        self.free_button.setToolTip("Any width and height")
        self.square_button.setToolTip("Equal width and height in pixels (squares the current crop)")
        for button in (self.free_button, self.square_button):
            button.setCheckable(True)
            self.aspect_group.addButton(button)
            layout.addWidget(button)
        self.free_button.setChecked(True)
        self.square_button.toggled.connect(self._set_square)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Remove the crop and keep the whole image (undoable)")
        self.reset_button.clicked.connect(self.reset)
        layout.addSpacing(12)
        layout.addWidget(self.reset_button)
        layout.addSpacing(12)
        self.size_label = QLabel()
        self.size_label.setToolTip("The crop's size in pixels of the original photo")
        layout.addWidget(self.size_label)
        layout.addStretch(1)
        self._update_options()
        return widget

    def _set_square(self, square: bool) -> None:
        self.square = square
        index = self.crop_index()
        if index >= 0:  # the aspect belongs to the crop: squaring it is an undoable change
            box = self._pixel_box(index)
            self._put(index, box.squared() if square else box)

    def reset(self) -> None:
        """Removes the crop edit (undoable), so the whole image is used again."""
        index = self.crop_index()
        if index >= 0:
            self.context.document_model.remove_edit(index)

    def _update_options(self) -> None:
        if self._options is None or self.document is None:
            return
        index = self.crop_index()
        self.reset_button.setEnabled(index >= 0)
        if index >= 0:  # show the crop's own aspect (after an undo, say)
            self.square = self.document.entries[index].edit.square
            button = self.square_button if self.square else self.free_button
            self.square_button.blockSignals(True)  # showing the crop's state must not change it
            button.setChecked(True)
            self.square_button.blockSignals(False)
        height, width = self.document.source.shape[:2]
        if index < 0:
            self.size_label.setText(f"Whole image, {width} × {height} px: drag over it to crop")
            return
        crop_w, crop_h = self.document.entries[index].edit.pixel_size(height, width)
        self.size_label.setText(f"{crop_w} × {crop_h} px of {width} × {height}")

    # -- the crop entry -----------------------------------------------------------------------------

    def crop_index(self) -> int:
        """The index of the document's crop edit (the selected one if several), or -1."""
        model = self.context.document_model
        if self.selected_edit() is not None:
            return model.selected
        return next((i for i, entry in enumerate(model.entries) if entry.edit.kind == "crop"), -1)

    def _size(self) -> tuple[int, int]:
        height, width = self.document.working.shape[:2]  # type: ignore[union-attr]
        return height, width

    def _pixel_box(self, index: int) -> PixelBox:
        return self.document.entries[index].edit.pixel_box(*self._size())  # type: ignore[union-attr]

    def _put(self, index: int, box: PixelBox, key: object = None) -> int:
        """Adds (index -1) or changes the crop to this working-pixel box; returns its index."""
        model = self.context.document_model
        crop = crop_from_pixels(box, self._size(), square=self.square)
        if index < 0:
            return model.add_edit(crop, key)
        if model.entries[index].edit != crop:
            model.change_edit(index, crop, key)
        return index

    # -- what the canvas shows ----------------------------------------------------------------------

    def display_image(self, document: Document) -> np.ndarray | None:
        """The image around the crop as well: edits up to the crop, with the final render inside the crop."""
        index = self.crop_index()
        if index < 0 or not document.entries[index].visible:
            return None
        before = self._render_before(document, index)
        after = [entry.edit for entry in document.entries[index + 1 :] if entry.visible]
        return preview_around_crop(before, document.entries[index].edit, after)

    def _render_before(self, document: Document, index: int) -> np.ndarray:
        """The image as it reaches the crop; cached, since dragging the crop does not change it."""
        edits = [entry.edit for entry in document.entries[:index] if entry.visible]
        cached = self._before
        if (
            cached is not None
            and cached[0] is document.working
            and len(cached[1]) == len(edits)
            and all(a is b for a, b in zip(cached[1], edits, strict=True))
        ):
            return cached[2]
        image = apply(document.working, edits)
        self._before = (document.working, edits, image)
        return image

    # -- gestures -----------------------------------------------------------------------------------

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool:
        if self.document is None:
            return False
        index = self.crop_index()
        key = object()  # one gesture = one undo step
        if index < 0:
            self._gesture = _Gesture("create", position, None, -1, key=key)
            return True
        self.context.document_model.select(index)
        box = self._pixel_box(index)
        handle = self._hit_handle(position, box)
        if handle is not None:
            self._gesture = _Gesture("resize", position, box, index, handle, key=key)
        elif self._inside(position, box):
            self._gesture = _Gesture("move", position, box, index, key=key)
        else:  # only one crop per image: a drag outside redraws it
            self._gesture = _Gesture("create", position, box, index, key=key)
        return True

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture = self._gesture
        if gesture is None or self.document is None:
            self._update_cursor(position)
            return False
        if not gesture.dragged:
            if (position - gesture.press).manhattanLength() * self.zoom() < DRAG_START_PX:
                return True
            gesture.dragged = True
        height, width = self._size()
        point = (min(max(position.x(), 0.0), width), min(max(position.y(), 0.0), height))
        min_side = min(MIN_SIDE_PX, width, height)
        if gesture.mode == "create":
            anchor = (round(gesture.press.x()), round(gesture.press.y()))
            box = pixel_box_from_points(anchor, point, (height, width), min_side, self.square)
        elif gesture.mode == "resize":
            box = resize_box(gesture.box, gesture.handle, point, (height, width), self.square, min_side)  # type: ignore[arg-type]
        else:
            delta = position - gesture.press
            box = gesture.box.moved(delta.x(), delta.y(), (height, width))  # type: ignore[union-attr]
        gesture.index = self._put(gesture.index, box, gesture.key)
        return True

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        self._update_cursor(position)
        return True

    @staticmethod
    def _handle_point(box: PixelBox, handle: tuple[int, int]) -> QPointF:
        left, top, right, bottom = box
        xs = {-1: left, 0: (left + right) / 2, 1: right}
        ys = {-1: top, 0: (top + bottom) / 2, 1: bottom}
        return QPointF(xs[handle[0]], ys[handle[1]])

    def _hit_handle(self, position: QPointF, box: PixelBox) -> tuple[int, int] | None:
        reach = HANDLE_PX / self.zoom()
        for handle in HANDLES:
            point = self._handle_point(box, handle)
            if abs(point.x() - position.x()) <= reach and abs(point.y() - position.y()) <= reach:
                return handle
        return None

    @staticmethod
    def _inside(position: QPointF, box: PixelBox) -> bool:
        left, top, right, bottom = box
        return left <= position.x() <= right and top <= position.y() <= bottom

    def _update_cursor(self, position: QPointF) -> None:
        cursor = Qt.CursorShape.CrossCursor
        index = self.crop_index() if self.document is not None else -1
        if index >= 0:
            box = self._pixel_box(index)
            handle = self._hit_handle(position, box)
            if handle is not None:
                cursor = CURSORS[handle]
            elif self._inside(position, box):
                cursor = Qt.CursorShape.SizeAllCursor
        self.context.canvas.viewport().setCursor(cursor)

    # -- life cycle and overlay ---------------------------------------------------------------------

    def activate(self) -> None:
        index = self.crop_index()
        if index >= 0:
            self.context.document_model.select(index)
        self.document_changed()

    def deactivate(self) -> None:
        self._gesture = None
        self._before = None
        self._clear_overlay()
        self.context.canvas.viewport().unsetCursor()

    def document_changed(self) -> None:
        self._update_options()
        self._draw_overlay()

    def selection_changed(self, index: int) -> None:
        self._update_options()
        self._draw_overlay()

    def _clear_overlay(self) -> None:
        self._items = self.remove_items(self._items)

    def _draw_overlay(self) -> None:
        """Dims what the crop cuts away and outlines it with eight handles (and the model's square inside)."""
        self._clear_overlay()
        index = self.crop_index() if self.document is not None else -1
        if index < 0:
            return
        scene = self.context.canvas.scene()
        height, width = self._size()
        left, top, right, bottom = box = self._pixel_box(index)
        rect = QRectF(left, top, right - left, bottom - top)
        dimmed = QPainterPath()
        dimmed.setFillRule(Qt.FillRule.OddEvenFill)
        dimmed.addRect(QRectF(0, 0, width, height))
        dimmed.addRect(rect)
        self._items.append(scene.addPath(dimmed, QPen(Qt.PenStyle.NoPen), QBrush(DIM)))
        if self.document.entries[index].visible:  # a hidden crop: the canvas marks the model's view itself
            self._add_model_region(box)
        for pen in (_pen(RIM, 3), _pen(OUTLINE, 1.5)):
            self._items.append(scene.addRect(rect, pen))
        for handle in HANDLES:
            item = scene.addRect(QRectF(-HANDLE_PX / 2, -HANDLE_PX / 2, HANDLE_PX, HANDLE_PX), _pen(RIM, 1))
            item.setBrush(QBrush(OUTLINE))
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setPos(self._handle_point(box, handle))
            self._items.append(item)
        for z, item in enumerate(self._items):
            item.setZValue(OVERLAY_Z + z * 0.01)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def _add_model_region(self, box: PixelBox) -> None:
        """Marks the part of the crop that the model's preprocessing keeps (the canvas hides its own mark)."""
        model = self.context.model()
        if model is None or not self.context.canvas.model_region_visible():
            return
        left, top, right, bottom = box
        x0, y0, x1, y1 = crop_box(bottom - top, right - left, model.spec)
        if (x1 - x0, y1 - y0) == (right - left, bottom - top):
            return  # the model sees the whole crop
        scene = self.context.canvas.scene()
        rect = QRectF(left + x0, top + y0, x1 - x0, y1 - y0)
        dashes = _pen(QColor(255, 255, 255, 220), 1)
        dashes.setStyle(Qt.PenStyle.CustomDashLine)
        dashes.setDashPattern([4, 3])
        for pen in (_pen(QColor(0, 0, 0, 110), 2), dashes):  # the canvas's own mark, quieter than the crop's
            self._items.append(scene.addRect(rect, pen))
        caption = _Caption(MODEL_REGION_CAPTION)
        caption.setPos(rect.topLeft())
        scene.addItem(caption)
        self._items.append(caption)


class _Caption(QGraphicsItem):
    """A small label on a dark chip that keeps its on-screen size at any zoom."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._font = QFont()
        self._font.setPointSizeF(max(8.0, self._font.pointSizeF() * 0.85))
        metrics = QFontMetricsF(self._font)
        self._rect = QRectF(5, 5, metrics.horizontalAdvance(text) + 10, metrics.height() + 4)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(self._rect, 3, 3)
        painter.setFont(self._font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)


def _pen(color: QColor, width: float) -> QPen:
    """A pen that keeps its width at any zoom."""
    pen = QPen(color, width)
    pen.setCosmetic(True)
    return pen
