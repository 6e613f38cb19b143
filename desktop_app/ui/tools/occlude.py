"""Occlusion tool: draw a box, ellipse or brush stroke over the image; move and resize boxes by dragging."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QSlider, QWidget

from desktop_app.core.edits import Fill, Occlude, OccludeStroke
from desktop_app.core.geometry import CORNERS, Point, box_around, box_from_points, opposite_corner
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.tools.base import HANDLE_CURSORS, Gesture, Tool, ToolContext, ToolMode, tools_text
from desktop_app.ui.tools.overlay import rect_path

FILLS = (
    (Fill.GREY, QT_TRANSLATE_NOOP("Tools", "Mean grey")),
    (Fill.BLACK, QT_TRANSLATE_NOOP("Tools", "Black")),
    (Fill.WHITE, QT_TRANSLATE_NOOP("Tools", "White")),
    (Fill.BLUR, QT_TRANSLATE_NOOP("Tools", "Blur")),
    (Fill.NOISE, QT_TRANSLATE_NOOP("Tools", "Noise")),
    (Fill.MEAN, QT_TRANSLATE_NOOP("Tools", "Image's mean colour")),
)
MIN_BOX_PX = 4  # the smallest box a drag makes, in pixels of the shown image
CLICK_BOX = 0.25  # a click makes a square box this share of the image width
BOX_COLOUR = QColor("#0072B2")


class OccludeMode(ToolMode):
    """What a drag covers."""

    RECT = "rect", QT_TRANSLATE_NOOP("Tools", "Rectangle")
    ELLIPSE = "ellipse", QT_TRANSLATE_NOOP("Tools", "Ellipse")
    BRUSH = "brush", QT_TRANSLATE_NOOP("Tools", "Brush")


def fill_box(current: Fill = Fill.GREY) -> QComboBox:
    """A drop-down list of the fills (also the Parts tool's hole fill)."""
    box = QComboBox()
    for value, label in FILLS:
        box.addItem(tools_text(label), value.value)
    box.setCurrentIndex(box.findData(current.value))
    return box


class OccludeTool(Tool):
    """Covers parts of the image; the chart follows while dragging."""

    key = "occlude"
    text = QT_TRANSLATE_NOOP("Menus", "Occlude")
    shortcut = "O"
    tip = QT_TRANSLATE_NOOP(
        "Menus",
        "Cover part of the image: drag a box, ellipse or brush; drag a box's inside to move it, a corner to resize",
    )
    edit_kinds = ("occlude", "occlude-brush")
    Mode = OccludeMode

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        self.fill = Fill.GREY
        self.brush_radius = 0.04

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget, layout = self.options_row(self.tr("Shape"), as_list=True)
        self.fill_box = fill_box(self.fill)
        layout.addWidget(QLabel(self.tr("Fill")))
        layout.addWidget(self.fill_box)
        self.size_label = QLabel(self.tr("Brush size"))
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(1, 25)
        self.size_slider.setValue(round(100 * self.brush_radius))
        self.size_slider.setFixedWidth(120)
        self.size_slider.setToolTip(self.tr("Brush radius, % of the image's longer side"))
        layout.addWidget(self.size_label)
        layout.addWidget(self.size_slider)
        layout.addStretch(1)
        self.show_for([OccludeMode.BRUSH], self.size_label, self.size_slider)
        self.fill_box.currentIndexChanged.connect(lambda _i: self._fill_chosen(Fill(self.fill_box.currentData())))
        self.size_slider.valueChanged.connect(lambda v: setattr(self, "brush_radius", v / 100))
        return widget

    def mode_changed(self, previous: ToolMode) -> None:
        edit = self.selected_edit()
        if isinstance(edit, Occlude) and self.mode != OccludeMode.BRUSH:
            self.change_selected(replace(edit, shape=self.mode.value))
        self.refresh()

    def _fill_chosen(self, fill: Fill) -> None:
        self.fill = fill
        edit = self.selected_edit()
        if isinstance(edit, Occlude | OccludeStroke):
            self.change_selected(replace(edit, fill=fill))

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if isinstance(edit, Occlude | OccludeStroke):
            self.fill = edit.fill
            if self._options is not None:
                self.fill_box.blockSignals(True)
                self.fill_box.setCurrentIndex(self.fill_box.findData(edit.fill.value))
                self.fill_box.blockSignals(False)
            self.show_mode(edit.shape if isinstance(edit, Occlude) else OccludeMode.BRUSH)
        self.refresh()

    # -- gestures -----------------------------------------------------------------------------------

    def _box_to_change(self) -> Occlude | None:
        """The selected box, which a press can move or resize (not while brushing)."""
        edit = self.selected_edit()
        return edit if isinstance(edit, Occlude) and self.mode != OccludeMode.BRUSH else None

    def press(self, gesture: Gesture) -> bool:
        edit = self._box_to_change()
        if edit is not None:
            gesture.handle = self.handle_under(gesture.press, self.canvas_rect(edit.box), CORNERS)
            if gesture.handle is not None or edit.box.contains(gesture.start):
                gesture.kind, gesture.grabbed = ("resize" if gesture.handle else "move"), edit
                return True
        if self.mode == OccludeMode.BRUSH:
            gesture.kind = "brush"
            self.add_or_change(gesture, OccludeStroke((gesture.start,), self.brush_radius, self.fill))
            return True
        gesture.kind = "create"
        return True

    def drag(self, gesture: Gesture) -> None:
        editor = self.context.editor
        if gesture.kind == "create":
            self.add_or_change(gesture, self._box(gesture.start, gesture.point))
        elif gesture.kind == "resize":
            edit: Occlude = gesture.grabbed
            anchor = opposite_corner(tuple(edit.box), gesture.handle)  # type: ignore[arg-type]  # a resize gesture always grabbed a handle
            self.change_selected(self._box(anchor, gesture.point, like=edit), gesture.key)
        elif gesture.kind == "move":
            edit = gesture.grabbed
            moved = edit.box.moved(gesture.point[0] - gesture.start[0], gesture.point[1] - gesture.start[1])
            self.change_selected(replace(edit, x0=moved.x0, y0=moved.y0, x1=moved.x1, y1=moved.y1), gesture.key)
        elif gesture.kind == "brush":
            stroke = editor.entries[gesture.index].edit if gesture.index is not None else None
            if isinstance(stroke, OccludeStroke):
                self.add_or_change(gesture, replace(stroke, points=(*stroke.points, gesture.point)))

    def release(self, gesture: Gesture) -> None:
        if gesture.kind == "create" and not gesture.dragged:  # a click: a default-size box there
            box = box_around(gesture.start, self.shown_size(), CLICK_BOX)
            self.context.editor.add_edit(Occlude(*box.as_tuple(), shape=self.mode.value, fill=self.fill))

    def moved(self, edit: Occlude | OccludeStroke, dx: float, dy: float) -> Occlude | None:
        """A box moved by fractions of the image (arrow keys); strokes stay where they were drawn."""
        if not isinstance(edit, Occlude):
            return None
        box = edit.box.moved(dx, dy)
        return replace(edit, x0=box.x0, y0=box.y0, x1=box.x1, y1=box.y1)

    def _box(self, anchor: Point, point: Point, like: Occlude | None = None) -> Occlude:
        """The box dragged from `anchor` to `point`, with this tool's looks or `like`'s."""
        box = box_from_points(anchor, point, self.shown_size(), MIN_BOX_PX)
        shape, fill = (like.shape, like.fill) if like is not None else (self.mode.value, self.fill)
        return Occlude(*box.as_tuple(), shape=shape, fill=fill)

    def hover(self, position: QPointF) -> None:
        cursor = Qt.CursorShape.CrossCursor
        edit = self._box_to_change()
        if edit is not None:
            corner = self.handle_under(position, self.canvas_rect(edit.box), CORNERS)
            if corner is not None:
                cursor = HANDLE_CURSORS[corner]
            elif edit.box.contains(self.to_fraction(position)):
                cursor = Qt.CursorShape.SizeAllCursor
        self.set_cursor(cursor)

    # -- overlay ------------------------------------------------------------------------------------

    def draw_overlay(self) -> None:
        """The selected box's dashed outline and its four corner handles."""
        edit = self.selected_edit()
        if not isinstance(edit, Occlude):
            return
        rect = self.canvas_rect(edit.box)
        self.overlay.add_path(rect_path(rect), BOX_COLOUR, dashed=True)
        self.overlay.add_handles([rect.topLeft(), rect.topRight(), rect.bottomLeft(), rect.bottomRight()], BOX_COLOUR)
