"""Crop tool: draw, move and resize the one crop rectangle of the image (free or square) while the chart follows.

While the tool is active the canvas shows the image around the crop too (dimmed), so you see what is cut away;
the model still sees, and the chart shows, only the cropped image. The tool's frame is that uncropped view (the
image it displays), and the crop is a box of whole pixels of it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop_app.core.crop import Crop, crop_from_pixels, preview_around_crop
from desktop_app.core.document import Document
from desktop_app.core.edits import Edit, apply
from desktop_app.core.geometry import (
    HANDLES,
    Frame,
    PixelBox,
    Point,
    Size,
    handle_point,
    pixel_box_from_points,
    resize_box,
)
from desktop_app.core.preprocess import crop_box
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.model_region import REGION_LABEL, RegionCaption
from desktop_app.ui.tools.base import HANDLE_CURSORS, Gesture, Tool, ToolContext, ToolMode
from desktop_app.ui.tools.overlay import cosmetic_pen, rect_path

MIN_SIDE_PX = 8  # the smallest crop a gesture makes, in pixels of the shown image
DIM = QColor(0, 0, 0, 160)
OUTLINE = QColor(255, 255, 255)
RIM = QColor(0, 0, 0, 170)
MODEL_REGION_LINE, MODEL_REGION_RIM = QColor(255, 255, 255, 220), QColor(0, 0, 0, 110)


class CropMode(ToolMode):
    """The crop's aspect."""

    FREE = "free", QT_TRANSLATE_NOOP("Tools", "Free"), QT_TRANSLATE_NOOP("Tools", "Any width and height")
    SQUARE = (
        "square",
        QT_TRANSLATE_NOOP("Tools", "Square"),
        QT_TRANSLATE_NOOP("Tools", "Equal width and height in pixels (squares the current crop)"),
    )


class CropTool(Tool):
    """Keeps one rectangle of the image; the canvas shows the whole image with the rest dimmed while active."""

    key = "crop"
    text = QT_TRANSLATE_NOOP("Menus", "Crop")
    shortcut = "C"
    tip = QT_TRANSLATE_NOOP(
        "Menus", "Keep only part of the image: drag a rectangle; drag inside it to move it, its handles to resize"
    )
    edit_kinds = ("crop",)
    Mode = CropMode

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        self._before: tuple[np.ndarray, list[Edit], np.ndarray] | None = None  # (working, edits, render) cache

    @property
    def square(self) -> bool:
        """Whether crops keep equal pixel sides."""
        return self.mode == CropMode.SQUARE

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget, layout = self.options_row(self.tr("Aspect"))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Remove the crop and keep the whole image (undoable)"))
        self.reset_button.clicked.connect(self.reset)
        layout.addSpacing(12)
        layout.addWidget(self.reset_button)
        layout.addSpacing(12)
        self.size_label = QLabel()
        self.size_label.setToolTip(self.tr("The crop's size in pixels of the original photo"))
        layout.addWidget(self.size_label)
        layout.addStretch(1)
        return widget

    def mode_changed(self, previous: ToolMode) -> None:
        """The aspect belongs to the crop: squaring it is an undoable change."""
        index = self.crop_index()
        if index >= 0:
            box = self._pixel_box(index)
            crop = crop_from_pixels(box.squared() if self.square else box, self.shown_size(), square=self.square)
            if crop != self._crop(index):
                self.context.editor.change_edit(index, crop)

    def reset(self) -> None:
        """Removes the crop edit (undoable), so the whole image is used again."""
        index = self.crop_index()
        if index >= 0:
            self.context.editor.remove_edit(index)

    def _update_options(self) -> None:
        document, index = self.document, self.crop_index()
        if document is None:
            return
        crop = document.entries[index].edit if index >= 0 else None
        if isinstance(crop, Crop):  # show the crop's own aspect (after an undo, say)
            self.show_mode(CropMode.SQUARE if crop.square else CropMode.FREE)
        if self._options is None:
            return
        self.reset_button.setEnabled(index >= 0)
        height, width = document.source.shape[:2]
        if not isinstance(crop, Crop):
            text = self.tr("Whole image, {width} × {height} px: drag over it to crop")
            self.size_label.setText(text.format(width=width, height=height))
            return
        crop_w, crop_h = crop.pixel_size(height, width)
        text = self.tr("{crop_width} × {crop_height} px of {width} × {height}")
        self.size_label.setText(text.format(crop_width=crop_w, crop_height=crop_h, width=width, height=height))

    # -- the crop entry -----------------------------------------------------------------------------

    def crop_index(self) -> int:
        """The index of the document's crop edit (the selected one if several), or -1."""
        editor = self.context.editor
        if self.selected_edit() is not None:
            return editor.selected
        return next((i for i, entry in enumerate(editor.entries) if entry.edit.kind == "crop"), -1)

    def _crop(self, index: int) -> Crop:
        return self.context.editor.entries[index].edit  # type: ignore[return-value]  # crop_index() only returns indices of Crop edits

    def _pixel_box(self, index: int) -> PixelBox:
        """The crop's box in whole pixels of the shown (uncropped) image."""
        return self._crop(index).pixel_box(*self.shown_size())

    # -- what the canvas shows ----------------------------------------------------------------------

    def display_image(self, document: Document) -> np.ndarray | None:
        """The image around the crop as well: edits up to the crop, with the final render inside the crop."""
        index = self.crop_index()
        if index < 0 or not document.entries[index].visible:
            return None
        before = self._render_before(document, index)
        after = [entry.edit for entry in document.entries[index + 1 :] if entry.visible]
        return preview_around_crop(before, self._crop(index), after)

    def render_frame(self, size: Size) -> Frame:
        """While the uncropped view is on show, the rendered (cropped) image lies in the crop's box of it."""
        index = self.crop_index() if self.document is not None else -1
        if not self.active or index < 0 or not self.context.editor.entries[index].visible:
            return super().render_frame(size)
        return Frame(size, self.frame().box_to_canvas(self._pixel_box(index)))

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

    def press(self, gesture: Gesture) -> bool:
        index = self.crop_index()
        if index < 0:
            gesture.kind = "create"
            return True
        self.context.editor.select(index)
        box = self._pixel_box(index)
        gesture.grabbed, gesture.index = box, index
        gesture.handle = self.handle_under(gesture.press, self.canvas_rect(box), HANDLES)
        if gesture.handle is not None:
            gesture.kind = "resize"
        elif box.contains(self._pixels(gesture.start)):
            gesture.kind = "move"
        else:  # only one crop per image: a drag outside redraws it
            gesture.kind = "create"
        return True

    def drag(self, gesture: Gesture) -> None:
        size = height, width = self.shown_size()
        point, min_side = self._pixels(gesture.point), min(MIN_SIDE_PX, width, height)
        if gesture.kind == "create":
            x, y = self._pixels(gesture.start)
            box = pixel_box_from_points((round(x), round(y)), point, size, min_side, self.square)
        elif gesture.kind == "resize":
            box = resize_box(gesture.grabbed, gesture.handle, point, size, self.square, min_side)  # type: ignore[arg-type]  # a resize gesture always grabbed a handle
        else:
            start = self._pixels(gesture.start)
            box = gesture.grabbed.moved(point[0] - start[0], point[1] - start[1], size)
        self.add_or_change(gesture, crop_from_pixels(box, size, square=self.square))

    def _pixels(self, point: Point) -> Point:
        """A point in fractions of the shown image as (unrounded) pixels of it."""
        height, width = self.shown_size()
        return point[0] * width, point[1] * height

    def hover(self, position: QPointF) -> None:
        cursor = Qt.CursorShape.CrossCursor
        index = self.crop_index()
        if index >= 0:
            box = self._pixel_box(index)
            handle = self.handle_under(position, self.canvas_rect(box), HANDLES)
            if handle is not None:
                cursor = HANDLE_CURSORS[handle]
            elif box.contains(self._pixels(self.to_fraction(position))):
                cursor = Qt.CursorShape.SizeAllCursor
        self.set_cursor(cursor)

    # -- life cycle and overlay ---------------------------------------------------------------------

    def activate(self) -> None:
        index = self.crop_index()
        if index >= 0:
            self.context.editor.select(index)
        self._update_options()
        super().activate()

    def deactivate(self) -> None:
        self._before = None
        super().deactivate()

    def document_changed(self) -> None:
        self._update_options()
        self.refresh()

    def selection_changed(self, index: int) -> None:
        self.document_changed()

    def draw_overlay(self) -> None:
        """Dims what the crop cuts away and outlines it with eight handles (and the model's square inside)."""
        index = self.crop_index()
        if index < 0:
            return
        height, width = self.shown_size()
        box = self._pixel_box(index)
        rect, image = self.canvas_rect(box), self.canvas_rect(PixelBox(0, 0, width, height))
        dimmed = QPainterPath()
        dimmed.setFillRule(Qt.FillRule.OddEvenFill)
        dimmed.addRect(image)
        dimmed.addRect(rect)
        self.overlay.add(self.context.canvas.scene().addPath(dimmed, QPen(Qt.PenStyle.NoPen), QBrush(DIM)))
        if self.context.editor.entries[index].visible:  # a hidden crop: the canvas marks the model's view
            self._add_model_region(box)
        self.overlay.add_path(rect_path(rect), OUTLINE, 1.5, rim=RIM, rim_width=3)
        corners = (rect.left(), rect.top(), rect.right(), rect.bottom())
        self.overlay.add_handles([QPointF(*handle_point(corners, handle)) for handle in HANDLES], RIM)

    def _add_model_region(self, box: PixelBox) -> None:
        """Marks the part of the crop that the model's preprocessing keeps (the canvas hides its own mark)."""
        model = self.context.model()
        if model is None or not self.context.canvas.model_region.wanted():
            return
        x0, y0, x1, y1 = crop_box(box.height, box.width, model.spec)
        if (x1 - x0, y1 - y0) == (box.width, box.height):
            return  # the model sees the whole crop
        rect = self.canvas_rect(PixelBox(box.left + x0, box.top + y0, box.left + x1, box.top + y1))
        dashes = cosmetic_pen(MODEL_REGION_LINE, 1, Qt.PenStyle.CustomDashLine)
        dashes.setDashPattern([4, 3])
        scene = self.context.canvas.scene()
        for pen in (cosmetic_pen(MODEL_REGION_RIM, 2), dashes):  # the canvas's own mark, quieter than the crop's
            self.overlay.add(scene.addRect(rect, pen))
        caption = RegionCaption(REGION_LABEL, quiet=True)
        caption.setPos(rect.topLeft())
        self.overlay.add(caption)
