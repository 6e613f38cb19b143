"""Occlusion tool: draw a box, ellipse or brush stroke over the image; move and resize boxes by dragging."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPen
from PySide6.QtWidgets import QComboBox, QGraphicsRectItem, QHBoxLayout, QLabel, QSlider, QWidget

from desktop_app.core.edits import Fill, Occlude, OccludeStroke
from desktop_app.ui.tools.base import OVERLAY_Z, Tool

SHAPES = (("rect", "Rectangle"), ("ellipse", "Ellipse"), ("brush", "Brush"))
FILLS = (
    (Fill.GREY, "Mean grey"),
    (Fill.BLACK, "Black"),
    (Fill.WHITE, "White"),
    (Fill.BLUR, "Blur"),
    (Fill.NOISE, "Noise"),
    (Fill.MEAN, "Image's mean colour"),
)
HANDLE_PX = 9  # handle size on screen, whatever the zoom
DRAG_START_PX = 3  # a press that moves less than this is a click
DEFAULT_BOX = 0.25  # a click makes a square box this fraction of the image width


class OccludeTool(Tool):
    """Covers parts of the image; the chart follows while dragging."""

    key = "occlude"
    text = "Occlude"
    shortcut = "O"
    tip = "Cover part of the image: drag a box, ellipse or brush; drag a box's inside to move it, a corner to resize"
    edit_kinds = ("occlude", "occlude-brush")

    def __init__(self, context) -> None:
        super().__init__(context)
        self.shape = "rect"
        self.fill = Fill.GREY
        self.brush_radius = 0.04
        self._gesture: dict | None = None
        self._outline: QGraphicsRectItem | None = None
        self._handles: list[QGraphicsRectItem] = []

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget = QWidget()
        layout = QHBoxLayout(widget)
        layout.setContentsMargins(4, 0, 4, 0)
        self.shape_box = QComboBox()
        for value, label in SHAPES:
            self.shape_box.addItem(label, value)
        self.fill_box = QComboBox()
        for value, label in FILLS:
            self.fill_box.addItem(label, value.value)
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(1, 25)
        self.size_slider.setValue(round(100 * self.brush_radius))
        self.size_slider.setFixedWidth(120)
        self.size_slider.setToolTip("Brush radius, % of the image's longer side")
        for label, control in (("Shape", self.shape_box), ("Fill", self.fill_box), ("Brush size", self.size_slider)):
            layout.addWidget(QLabel(label))
            layout.addWidget(control)
        layout.addStretch(1)
        self.shape_box.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.fill_box.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.size_slider.valueChanged.connect(lambda v: setattr(self, "brush_radius", v / 100))
        return widget

    def _options_changed(self) -> None:
        self.shape = self.shape_box.currentData()
        self.fill = Fill(self.fill_box.currentData())
        edit = self.selected_edit()
        model = self.context.document_model
        if isinstance(edit, Occlude):
            shape = edit.shape if self.shape == "brush" else self.shape
            if (shape, self.fill) != (edit.shape, edit.fill):
                model.change_edit(model.selected, replace(edit, shape=shape, fill=self.fill))
        elif isinstance(edit, OccludeStroke) and edit.fill != self.fill:
            model.change_edit(model.selected, replace(edit, fill=self.fill))

    # -- gestures -----------------------------------------------------------------------------------

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool:
        if self.document is None:
            return False
        point = self.to_fraction(position)
        edit = self.selected_edit()
        key = object()  # one gesture = one undo step
        if isinstance(edit, Occlude) and self.shape != "brush":
            corner = self._hit_corner(position, edit)
            if corner is not None:
                anchor = (edit.x1 if corner[0] == 0 else edit.x0, edit.y1 if corner[1] == 0 else edit.y0)
                self._gesture = {"mode": "resize", "anchor": anchor, "key": key}
                return True
            if edit.x0 <= point[0] <= edit.x1 and edit.y0 <= point[1] <= edit.y1:
                self._gesture = {"mode": "move", "start": point, "box": edit, "key": key}
                return True
        if self.shape == "brush":
            stroke = OccludeStroke((point,), self.brush_radius, self.fill)
            self._gesture = {"mode": "brush", "key": key, "index": self.context.document_model.add_edit(stroke, key)}
            return True
        self._gesture = {"mode": "create", "start": point, "press": position, "key": key, "index": None}
        return True

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture = self._gesture
        if gesture is None:
            self._update_cursor(position)
            return False
        model = self.context.document_model
        point = self.to_fraction(position)
        mode, key = gesture["mode"], gesture["key"]
        if mode == "create":
            if gesture["index"] is None:
                if (position - gesture["press"]).manhattanLength() * self.zoom() < DRAG_START_PX:
                    return True
                gesture["index"] = model.add_edit(self._box(gesture["start"], point), key)
            else:
                model.change_edit(gesture["index"], self._box(gesture["start"], point), key)
        elif mode == "resize":
            edit = self.selected_edit()
            model.change_edit(model.selected, self._box(gesture["anchor"], point, like=edit), key)
        elif mode == "move":
            box: Occlude = gesture["box"]
            dx = min(max(point[0] - gesture["start"][0], -box.x0), 1.0 - box.x1)
            dy = min(max(point[1] - gesture["start"][1], -box.y0), 1.0 - box.y1)
            moved = replace(box, x0=box.x0 + dx, y0=box.y0 + dy, x1=box.x1 + dx, y1=box.y1 + dy)
            model.change_edit(model.selected, moved, key)
        elif mode == "brush":
            stroke = model.entries[gesture["index"]].edit
            model.change_edit(gesture["index"], replace(stroke, points=(*stroke.points, point)), key)
        return True

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        if gesture["mode"] == "create" and gesture["index"] is None:  # a click: a default-size box there
            height, width = self.shown_size()
            half_w, half_h = DEFAULT_BOX / 2, DEFAULT_BOX / 2 * width / height
            x, y = gesture["start"]
            x = min(max(x, half_w), 1 - half_w)
            y = min(max(y, min(half_h, 0.5)), 1 - min(half_h, 0.5))
            box = (x - half_w, max(0.0, y - half_h), x + half_w, min(1.0, y + half_h))
            self.context.document_model.add_edit(Occlude(*box, shape=self.shape, fill=self.fill))
        return True

    def _box(self, a: tuple[float, float], b: tuple[float, float], like: Occlude | None = None) -> Occlude:
        """The box spanned by two points (at least a few pixels), with this tool's or `like`'s looks."""
        height, width = self.shown_size()
        min_w, min_h = 4 / width, 4 / height
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        x1, y1 = max(x1, min(1.0, x0 + min_w)), max(y1, min(1.0, y0 + min_h))
        x0, y0 = min(x0, x1 - min_w), min(y0, y1 - min_h)
        shape, fill = (like.shape, like.fill) if like is not None else (self.shape, self.fill)
        return Occlude(max(0.0, x0), max(0.0, y0), x1, y1, shape=shape, fill=fill)

    # -- overlay ------------------------------------------------------------------------------------

    def activate(self) -> None:
        self.document_changed()

    def deactivate(self) -> None:
        self._clear_overlay()
        self.context.canvas.viewport().unsetCursor()

    def document_changed(self) -> None:
        self._clear_overlay()
        edit = self.selected_edit()
        if not isinstance(edit, Occlude) or self.document is None:
            return
        scene = self.context.canvas.scene()
        rect = QRectF(self.to_pixels(edit.x0, edit.y0), self.to_pixels(edit.x1, edit.y1))
        pen = QPen(QColor("#0072B2"), 2)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        self._outline = scene.addRect(rect, pen)
        self._outline.setZValue(OVERLAY_Z)
        size = HANDLE_PX / self.zoom()
        handle_pen = QPen(QColor("#0072B2"), 1)
        handle_pen.setCosmetic(True)
        for corner in (rect.topLeft(), rect.topRight(), rect.bottomLeft(), rect.bottomRight()):
            handle = scene.addRect(QRectF(corner.x() - size / 2, corner.y() - size / 2, size, size), handle_pen)
            handle.setBrush(QBrush(QColor("white")))
            handle.setZValue(OVERLAY_Z + 1)
            self._handles.append(handle)

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if self._options is not None and isinstance(edit, Occlude | OccludeStroke):
            for box, value in ((self.fill_box, edit.fill.value), (self.shape_box, getattr(edit, "shape", "brush"))):
                box.blockSignals(True)
                box.setCurrentIndex(box.findData(value))
                box.blockSignals(False)
            self.shape, self.fill = self.shape_box.currentData(), edit.fill
        self.document_changed()

    def _clear_overlay(self) -> None:
        self._handles = self.remove_items([self._outline, *self._handles])
        self._outline = None

    def _hit_corner(self, position: QPointF, edit: Occlude) -> tuple[int, int] | None:
        reach = HANDLE_PX / self.zoom()
        for cx, fx in ((0, edit.x0), (1, edit.x1)):
            for cy, fy in ((0, edit.y0), (1, edit.y1)):
                corner = self.to_pixels(fx, fy)
                if abs(corner.x() - position.x()) <= reach and abs(corner.y() - position.y()) <= reach:
                    return cx, cy
        return None

    def _update_cursor(self, position: QPointF) -> None:
        edit = self.selected_edit()
        cursor = Qt.CursorShape.CrossCursor
        if isinstance(edit, Occlude) and self.shape != "brush":
            point = self.to_fraction(position)
            if self._hit_corner(position, edit) is not None:
                cursor = Qt.CursorShape.SizeFDiagCursor
            elif edit.x0 <= point[0] <= edit.x1 and edit.y0 <= point[1] <= edit.y1:
                cursor = Qt.CursorShape.SizeAllCursor
        self.context.canvas.viewport().setCursor(cursor)
