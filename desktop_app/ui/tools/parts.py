"""Parts tool: shuffle the image as a jigsaw, or cut out a part and move it elsewhere or swap it with another.

Jigsaw mode: Apply, Shuffle (a new seed) or a click shuffles the whole image; a drag shuffles only the dragged box.
Move / Swap mode: drag a box around a part, then drag the inside of the box to where the part should go; the chart
follows while dragging. Dragging the destination of a selected move changes where the part goes.
"""

from __future__ import annotations

import random
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop_app.core.edits import EditError, Fill
from desktop_app.core.parts import MAX_GRID, MAX_SEED, MIN_GRID, Jigsaw, MovePart
from desktop_app.ui.tools.base import OVERLAY_Z, Tool
from desktop_app.ui.tools.occlude import FILLS

MODES = (("jigsaw", "Jigsaw"), ("move", "Move part"), ("swap", "Swap parts"))
HINTS = {
    "move": "Drag a box around a part, then drag the part to its new place",
    "swap": "Drag a box around a part, then drag it onto the part to swap with",
}
DRAG_START_PX = 3  # a press that moves less than this (on screen) is a click
MIN_PART_PX = 4  # smallest part, in image pixels
MIN_TILE_PX = 4  # smallest jigsaw tile when shuffling a dragged box
NEW_SEEDS = 10_000  # Shuffle draws seeds below this: short enough to read out and type in class
SOURCE_COLOUR = QColor("#E69F00")  # where a part came from (Okabe-Ito orange)
TARGET_COLOUR = QColor("#0072B2")  # the selected part / where it goes (the occlusion tool's blue)

Box = tuple[float, float, float, float]


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _destination(edit: MovePart) -> Box:
    return edit.to_x, edit.to_y, edit.to_x + edit.x1 - edit.x0, edit.to_y + edit.y1 - edit.y0


class PartsTool(Tool):
    """Rearranges parts of the image (jigsaw, move, swap); the chart follows."""

    key = "parts"
    text = "Parts"
    shortcut = "P"
    tip = "Rearrange parts: shuffle the image as a jigsaw, or drag a part to another place or swap two parts"
    edit_kinds = ("jigsaw", "move-part")

    def __init__(self, context) -> None:
        super().__init__(context)
        self.mode = "jigsaw"
        self.n = 3
        self.seed = 0
        self.fill = Fill.GREY
        self.part: Box | None = None  # the selected part (fractions) that the next drag moves
        self._gesture: dict | None = None
        self._items: list[QGraphicsItem] = []
        self._random = random.Random()
        self.jigsaw_options: QWidget | None = None  # built with the options bar
        self.move_options: QWidget | None = None

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget = QWidget()
        layout = QHBoxLayout(widget)
        layout.setContentsMargins(4, 0, 4, 0)
        self.mode_group, self.mode_buttons = self.add_mode_buttons(layout, MODES, self.mode, self.set_mode)
        layout.addSpacing(12)

        self.jigsaw_options = QWidget()
        row = QHBoxLayout(self.jigsaw_options)
        row.setContentsMargins(0, 0, 0, 0)
        self.grid_box = QSpinBox()
        self.grid_box.setRange(MIN_GRID, MAX_GRID)
        self.grid_box.setValue(self.n)
        self.grid_box.setSuffix(f" × {self.n}")
        self.grid_box.setToolTip("Tiles per side of the jigsaw grid")
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, MAX_SEED)
        self.seed_box.setValue(self.seed)
        self.seed_box.setMinimumWidth(80)
        self.seed_box.setToolTip("The seed decides the order of the tiles: the same seed gives the same jigsaw")
        for box in (self.grid_box, self.seed_box):
            box.setKeyboardTracking(False)  # a typed number becomes an edit when it is complete
        self.shuffle_button = QPushButton("Shuffle")
        self.shuffle_button.setToolTip("Shuffle with a new random seed")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Shuffle the image with this grid and seed (or change the selected jigsaw)")
        for label, control in (("Grid", self.grid_box), ("Seed", self.seed_box)):
            row.addWidget(QLabel(label))
            row.addWidget(control)
        row.addWidget(self.shuffle_button)
        row.addWidget(self.apply_button)
        layout.addWidget(self.jigsaw_options)

        self.move_options = QWidget()
        row = QHBoxLayout(self.move_options)
        row.setContentsMargins(0, 0, 0, 0)
        self.fill_label = QLabel("Hole")
        self.fill_box = QComboBox()
        for value, label in FILLS:
            self.fill_box.addItem(label, value.value)
        self.fill_box.setToolTip("What covers the place the part was moved away from")
        self.hint_label = QLabel()
        self.hint_label.setEnabled(False)  # drawn as secondary text
        for control in (self.fill_label, self.fill_box, self.hint_label):
            row.addWidget(control)
        layout.addWidget(self.move_options)
        layout.addStretch(1)

        self.grid_box.valueChanged.connect(self._grid_changed)
        self.seed_box.valueChanged.connect(self._seed_changed)
        self.shuffle_button.clicked.connect(self.shuffle)
        self.apply_button.clicked.connect(self.apply_jigsaw)
        self.fill_box.currentIndexChanged.connect(lambda _i: self._fill_changed())
        self._show_mode_options()
        return widget

    def _show_mode_options(self) -> None:
        if self.jigsaw_options is None or self.move_options is None:
            return
        self.jigsaw_options.setVisible(self.mode == "jigsaw")
        self.move_options.setVisible(self.mode != "jigsaw")
        self.fill_label.setVisible(self.mode == "move")
        self.fill_box.setVisible(self.mode == "move")
        self.hint_label.setText(HINTS.get(self.mode, ""))

    def set_mode(self, mode: str) -> None:
        """Switches between jigsaw, move and swap; a selected move becomes a swap and back."""
        if mode == self.mode:
            return
        self.mode, self.part, self._gesture = mode, None, None
        if self._options is not None and not self.mode_buttons[mode].isChecked():
            self.mode_buttons[mode].setChecked(True)
        self._show_mode_options()
        edit = self.selected_edit()
        if isinstance(edit, MovePart) and mode != "jigsaw" and edit.swap != (mode == "swap"):
            model = self.context.document_model
            model.change_edit(model.selected, replace(edit, swap=mode == "swap"))
        self.document_changed()

    def _grid_changed(self, value: int) -> None:
        self.n = value
        self.grid_box.setSuffix(f" × {value}")
        self._change_selected_jigsaw()
        self.document_changed()

    def _seed_changed(self, value: int) -> None:
        self.seed = value
        self._change_selected_jigsaw()

    def _change_selected_jigsaw(self) -> None:
        edit = self.selected_edit()
        if isinstance(edit, Jigsaw) and (edit.n, edit.seed) != (self.n, self.seed):
            model = self.context.document_model
            model.change_edit(model.selected, replace(edit, n=self.n, seed=self.seed))

    def _fill_changed(self) -> None:
        self.fill = Fill(self.fill_box.currentData())
        edit = self.selected_edit()
        if isinstance(edit, MovePart) and not edit.swap and edit.fill != self.fill:
            model = self.context.document_model
            model.change_edit(model.selected, replace(edit, fill=self.fill))

    def apply_jigsaw(self) -> None:
        """Changes the selected jigsaw to this grid and seed, or shuffles the whole image with them."""
        if self.document is None:
            self.context.notify("Open an image first.", "warning")
            return
        if isinstance(self.selected_edit(), Jigsaw):
            self._change_selected_jigsaw()
        else:
            self.context.document_model.add_edit(Jigsaw(self.n, self.seed))

    def shuffle(self) -> None:
        """Draws a new seed and applies it."""
        seed = self._random.randrange(NEW_SEEDS - 1)
        seed += int(seed >= self.seed)  # never the seed on show: Shuffle always changes the picture
        self.seed = seed
        if self._options is not None:
            self.seed_box.blockSignals(True)
            self.seed_box.setValue(seed)
            self.seed_box.blockSignals(False)
        self.apply_jigsaw()

    # -- gestures -----------------------------------------------------------------------------------

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool:
        if self.document is None:
            return False
        point = self.to_fraction(position)
        gesture = {"start": point, "press": position, "key": object(), "index": None, "dragged": False}
        edit = self.selected_edit()
        if self.mode == "jigsaw":
            gesture["mode"] = "jigsaw"
        elif isinstance(edit, MovePart) and _inside(point, _destination(edit)):
            gesture.update(mode="retarget", edit=edit)
        elif self.part is not None and _inside(point, self.part):
            gesture.update(mode="move", part=self.part)
        else:
            gesture["mode"] = "select"
            if isinstance(edit, MovePart):
                self.context.document_model.select(-1)
        self._gesture = gesture
        return True

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture = self._gesture
        if gesture is None:
            self._update_cursor(position)
            return False
        if not gesture["dragged"]:
            if (position - gesture["press"]).manhattanLength() * self.zoom() < DRAG_START_PX:
                return True
            gesture["dragged"] = True
        point = self.to_fraction(position)
        try:
            self._drag_to(gesture, point)
        except EditError as err:  # a bug guard: the boxes are clamped, so this should never show
            self.context.notify(f"Cannot place the part there: {err}", "warning")
        return True

    def _drag_to(self, gesture: dict, point: tuple[float, float]) -> None:
        model = self.context.document_model
        mode, key, start = gesture["mode"], gesture["key"], gesture["start"]
        if mode == "select":
            self.part = self._box(start, point, MIN_PART_PX)
            self.document_changed()
        elif mode == "jigsaw":
            box = self._box(start, point, MIN_TILE_PX * self.n)
            self._add_or_change(gesture, Jigsaw(self.n, self.seed, *box))
        elif mode == "move":
            part = gesture["part"]
            to_x, to_y = self._clamped(part, part[0] + point[0] - start[0], part[1] + point[1] - start[1])
            self._add_or_change(gesture, MovePart(*part, to_x, to_y, fill=self.fill, swap=self.mode == "swap"))
        elif mode == "retarget":
            edit: MovePart = gesture["edit"]
            part = (edit.x0, edit.y0, edit.x1, edit.y1)
            to_x, to_y = self._clamped(part, edit.to_x + point[0] - start[0], edit.to_y + point[1] - start[1])
            model.change_edit(model.selected, replace(edit, to_x=to_x, to_y=to_y), key)

    def _add_or_change(self, gesture: dict, edit: Jigsaw | MovePart) -> None:
        """The first step of a drag adds the edit; later steps change it, all one undo step."""
        model = self.context.document_model
        if gesture["index"] is None:
            gesture["index"] = model.add_edit(edit, gesture["key"])
        else:
            model.change_edit(gesture["index"], edit, gesture["key"])

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        if gesture["mode"] == "jigsaw" and not gesture["dragged"]:
            self.apply_jigsaw()
        elif gesture["mode"] == "select" and not gesture["dragged"]:
            self.part = None  # a click away from the part drops it
        elif gesture["mode"] == "move" and gesture["index"] is not None:
            self.part = None  # the move is now the selected edit, shown with its own boxes
        self.document_changed()
        return True

    def _box(self, a: tuple[float, float], b: tuple[float, float], min_px: int) -> Box:
        """The box spanned by two points, at least `min_px` image pixels wide and high, inside the image."""
        height, width = self.document.working.shape[:2]  # type: ignore[union-attr]
        min_w, min_h = min(1.0, min_px / width), min(1.0, min_px / height)
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        x1, y1 = min(1.0, max(x1, x0 + min_w)), min(1.0, max(y1, y0 + min_h))
        return max(0.0, min(x0, x1 - min_w)), max(0.0, min(y0, y1 - min_h)), x1, y1

    @staticmethod
    def _clamped(part: Box, to_x: float, to_y: float) -> tuple[float, float]:
        """A destination corner that keeps the part inside the image."""
        return min(max(to_x, 0.0), 1.0 - (part[2] - part[0])), min(max(to_y, 0.0), 1.0 - (part[3] - part[1]))

    # -- overlay ------------------------------------------------------------------------------------

    def activate(self) -> None:
        self.selection_changed(self.context.document_model.selected)  # show the selected parts edit's settings

    def deactivate(self) -> None:
        self._clear_overlay()
        self.part, self._gesture = None, None
        self.context.canvas.viewport().unsetCursor()

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if isinstance(edit, Jigsaw):
            self.n, self.seed = edit.n, edit.seed
            self.set_mode("jigsaw")
        elif isinstance(edit, MovePart):
            self.part = None
            self.fill = edit.fill if not edit.swap else self.fill
            self.set_mode("swap" if edit.swap else "move")
        self._sync_options()
        self.document_changed()

    def _sync_options(self) -> None:
        if self._options is None:
            return
        for control, value in ((self.grid_box, self.n), (self.seed_box, self.seed)):
            control.blockSignals(True)
            control.setValue(value)
            control.blockSignals(False)
        self.grid_box.setSuffix(f" × {self.n}")
        self.fill_box.blockSignals(True)
        self.fill_box.setCurrentIndex(self.fill_box.findData(self.fill.value))
        self.fill_box.blockSignals(False)

    def document_changed(self) -> None:
        self._clear_overlay()
        if self.document is None:
            return
        edit = self.selected_edit()
        if self.mode == "jigsaw":
            jigsaw = edit if isinstance(edit, Jigsaw) else Jigsaw(self.n, self.seed)
            self._add_grid(jigsaw)
            return
        if isinstance(edit, MovePart):
            source = (edit.x0, edit.y0, edit.x1, edit.y1)
            self._add_box(source, TARGET_COLOUR if edit.swap else SOURCE_COLOUR, dashed=True)
            self._add_box(_destination(edit), TARGET_COLOUR, dashed=False)
        elif self.part is not None:
            self._add_box(self.part, TARGET_COLOUR, dashed=True)

    def _add_grid(self, jigsaw: Jigsaw) -> None:
        """The jigsaw's tile edges as thin white lines on a dark rim, readable on any photo."""
        xs, ys = jigsaw.tile_grid(*self.document.working.shape[:2])  # type: ignore[union-attr]
        if not xs:
            return
        path = QPainterPath()
        for x in xs:
            path.moveTo(x, ys[0])
            path.lineTo(x, ys[-1])
        for y in ys:
            path.moveTo(xs[0], y)
            path.lineTo(xs[-1], y)
        for colour, width in ((QColor(0, 0, 0, 150), 3.0), (QColor(255, 255, 255, 220), 1.0)):
            pen = QPen(colour, width)
            pen.setCosmetic(True)
            self._add_item(self.context.canvas.scene().addPath(path, pen))

    def _add_box(self, box: Box, colour: QColor, dashed: bool) -> None:
        rect = QRectF(self.to_pixels(box[0], box[1]), self.to_pixels(box[2], box[3]))
        rim = QPen(QColor(255, 255, 255, 200), 4)
        line = QPen(colour, 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        for pen in (rim, line):
            pen.setCosmetic(True)
            self._add_item(self.context.canvas.scene().addRect(rect, pen))

    def _add_item(self, item: QGraphicsItem) -> None:
        item.setZValue(OVERLAY_Z + len(self._items))
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._items.append(item)

    def _clear_overlay(self) -> None:
        self._items = self.remove_items(self._items)

    def _update_cursor(self, position: QPointF) -> None:
        cursor = Qt.CursorShape.CrossCursor
        if self.mode != "jigsaw" and self.document is not None:
            point, edit = self.to_fraction(position), self.selected_edit()
            over_destination = isinstance(edit, MovePart) and _inside(point, _destination(edit))
            if over_destination or (self.part is not None and _inside(point, self.part)):
                cursor = Qt.CursorShape.SizeAllCursor
        self.context.canvas.viewport().setCursor(cursor)
