"""Parts tool: shuffle the image as a jigsaw, or cut out a part and move it elsewhere or swap it with another.

Jigsaw mode: Apply, Shuffle (a new seed) or a click shuffles the whole image; a drag shuffles only the dragged box.
Move / Swap mode: drag a box around a part, then drag the inside of the box to where the part should go; the chart
follows while dragging. Dragging the destination of a selected move changes where the part goes.
"""

from __future__ import annotations

import random
from dataclasses import replace

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from desktop_app.core.edits import EditError, Fill
from desktop_app.core.geometry import FracBox, box_from_points
from desktop_app.core.parts import MAX_GRID, MAX_SEED, MIN_GRID, Jigsaw, MovePart
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.tools.base import Gesture, Tool, ToolContext, ToolMode, tools_text
from desktop_app.ui.tools.occlude import fill_box
from desktop_app.ui.tools.overlay import rect_path

MIN_PART_PX = 4  # smallest part, in pixels of the shown image
MIN_TILE_PX = 4  # smallest jigsaw tile when shuffling a dragged box
NEW_SEEDS = 10_000  # Shuffle draws seeds below this: short enough to read out and type in class
SOURCE_COLOUR = QColor("#E69F00")  # where a part came from (Okabe-Ito orange)
TARGET_COLOUR = QColor("#0072B2")  # the selected part / where it goes (the occlusion tool's blue)
GRID_LINE, GRID_RIM = QColor(255, 255, 255, 220), QColor(0, 0, 0, 150)
BOX_RIM = QColor(255, 255, 255, 200)


class PartsMode(ToolMode):
    """What a drag rearranges."""

    JIGSAW = "jigsaw", QT_TRANSLATE_NOOP("Tools", "Jigsaw")
    MOVE = "move", QT_TRANSLATE_NOOP("Tools", "Move part")
    SWAP = "swap", QT_TRANSLATE_NOOP("Tools", "Swap parts")


HINTS = {
    PartsMode.MOVE: QT_TRANSLATE_NOOP("Tools", "Drag a box around a part, then drag the part to its new place"),
    PartsMode.SWAP: QT_TRANSLATE_NOOP("Tools", "Drag a box around a part, then drag it onto the part to swap with"),
}


class PartsTool(Tool):
    """Rearranges parts of the image (jigsaw, move, swap); the chart follows."""

    key = "parts"
    text = QT_TRANSLATE_NOOP("Menus", "Parts")
    shortcut = "P"
    tip = QT_TRANSLATE_NOOP(
        "Menus", "Rearrange parts: shuffle the image as a jigsaw, or drag a part to another place or swap two parts"
    )
    edit_kinds = ("jigsaw", "move-part")
    Mode = PartsMode

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        self.n = 3
        self.seed = 0
        self.fill = Fill.GREY
        self.part: FracBox | None = None  # the selected part that the next drag moves
        self._random = random.Random()

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget, layout = self.options_row()
        layout.addSpacing(12)
        self.jigsaw_options = self._jigsaw_options()
        layout.addWidget(self.jigsaw_options)
        self.move_options = QWidget()
        row = QHBoxLayout(self.move_options)
        row.setContentsMargins(0, 0, 0, 0)
        self.fill_label = QLabel(self.tr("Hole"))
        self.fill_box = fill_box(self.fill)
        self.fill_box.setToolTip(self.tr("What covers the place the part was moved away from"))
        self.fill_box.currentIndexChanged.connect(lambda _i: self._fill_chosen(Fill(self.fill_box.currentData())))
        row.addWidget(self.fill_label)
        row.addWidget(self.fill_box)
        for mode, text in HINTS.items():
            hint = QLabel(tools_text(text))
            hint.setEnabled(False)  # drawn as secondary text
            row.addWidget(hint)
            self.show_for([mode], hint)
        layout.addWidget(self.move_options)
        layout.addStretch(1)
        self.show_for([PartsMode.JIGSAW], self.jigsaw_options)
        self.show_for([PartsMode.MOVE, PartsMode.SWAP], self.move_options)
        self.show_for([PartsMode.MOVE], self.fill_label, self.fill_box)
        return widget

    def _jigsaw_options(self) -> QWidget:
        """Grid and seed, Shuffle and Apply."""
        widget = QWidget()
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.grid_box = QSpinBox()
        self.grid_box.setRange(MIN_GRID, MAX_GRID)
        self.grid_box.setToolTip(self.tr("Tiles per side of the jigsaw grid"))
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, MAX_SEED)
        self.seed_box.setMinimumWidth(80)
        self.seed_box.setToolTip(
            self.tr("The seed decides the order of the tiles: the same seed gives the same jigsaw")
        )
        for box in (self.grid_box, self.seed_box):
            box.setKeyboardTracking(False)  # a typed number becomes an edit when it is complete
        self._show_jigsaw_values()
        self.shuffle_button = QPushButton(self.tr("Shuffle"))
        self.shuffle_button.setToolTip(self.tr("Shuffle with a new random seed"))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setToolTip(
            self.tr("Shuffle the image with this grid and seed (or change the selected jigsaw)")
        )
        for label, control in ((self.tr("Grid"), self.grid_box), (self.tr("Seed"), self.seed_box)):
            row.addWidget(QLabel(label))
            row.addWidget(control)
        row.addWidget(self.shuffle_button)
        row.addWidget(self.apply_button)
        self.grid_box.valueChanged.connect(self._grid_changed)
        self.seed_box.valueChanged.connect(self._seed_changed)
        self.shuffle_button.clicked.connect(self.shuffle)
        self.apply_button.clicked.connect(self.apply_jigsaw)
        return widget

    def _show_jigsaw_values(self) -> None:
        """Shows the tool's grid and seed (without side effects)."""
        for control, value in ((self.grid_box, self.n), (self.seed_box, self.seed)):
            control.blockSignals(True)
            control.setValue(value)
            control.blockSignals(False)
        self.grid_box.setSuffix(f" × {self.n}")

    def mode_changed(self, previous: ToolMode) -> None:
        """Another mode is for the next edit: a selected move or swap of the other kind stays what it is and is let
        go (never turned into the other kind behind the user's back); a part picked for moving is dropped."""
        self.part, self.gesture = None, None
        edit = self.selected_edit()
        if isinstance(edit, MovePart) and edit.swap != (self.mode == PartsMode.SWAP):
            self.context.editor.select(-1)
        self.refresh()

    def _grid_changed(self, value: int) -> None:
        self.n = value
        self.grid_box.setSuffix(f" × {value}")
        self._change_selected_jigsaw()
        self.refresh()

    def _seed_changed(self, value: int) -> None:
        self.seed = value
        self._change_selected_jigsaw()

    def _change_selected_jigsaw(self) -> None:
        edit = self.selected_edit()
        if isinstance(edit, Jigsaw):
            self.change_selected(replace(edit, n=self.n, seed=self.seed))

    def _fill_chosen(self, fill: Fill) -> None:
        self.fill = fill
        edit = self.selected_edit()
        if isinstance(edit, MovePart) and not edit.swap:
            self.change_selected(replace(edit, fill=fill))

    def apply_jigsaw(self) -> None:
        """Changes the selected jigsaw to this grid and seed, or shuffles the whole image with them."""
        if self.document is None:
            self.context.notify(self.tr("Open an image first."), "warning")
            return
        if isinstance(self.selected_edit(), Jigsaw):
            self._change_selected_jigsaw()
        else:
            self.context.editor.add_edit(Jigsaw(self.n, self.seed))

    def shuffle(self) -> None:
        """Draws a new seed and applies it."""
        seed = self._random.randrange(NEW_SEEDS - 1)
        self.seed = seed + int(seed >= self.seed)  # never the seed on show: Shuffle always changes the picture
        if self._options is not None:
            self._show_jigsaw_values()
        self.apply_jigsaw()

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if isinstance(edit, Jigsaw):
            self.n, self.seed = edit.n, edit.seed
            self.set_mode(PartsMode.JIGSAW)
        elif isinstance(edit, MovePart):
            self.part = None
            self.fill = edit.fill if not edit.swap else self.fill
            self.set_mode(PartsMode.SWAP if edit.swap else PartsMode.MOVE)
        if self._options is not None:
            self._show_jigsaw_values()
            self.fill_box.blockSignals(True)
            self.fill_box.setCurrentIndex(self.fill_box.findData(self.fill.value))
            self.fill_box.blockSignals(False)
        self.refresh()

    def activate(self) -> None:
        super().activate()
        self.selection_changed(self.context.editor.selected)  # show the selected parts edit's settings

    def deactivate(self) -> None:
        super().deactivate()
        self.part = None

    # -- gestures -----------------------------------------------------------------------------------

    def press(self, gesture: Gesture) -> bool:
        edit = self.selected_edit()
        if self.mode == PartsMode.JIGSAW:
            gesture.kind = "jigsaw"
        elif isinstance(edit, MovePart) and edit.destination.contains(gesture.start):
            gesture.kind, gesture.grabbed = "retarget", edit
        elif self.part is not None and self.part.contains(gesture.start):
            gesture.kind, gesture.grabbed = "move", self.part
        else:
            gesture.kind = "select"
            if isinstance(edit, MovePart):
                self.context.editor.select(-1)
        return True

    def drag(self, gesture: Gesture) -> None:
        try:
            self._drag_to(gesture)
        except EditError as err:  # a bug guard: the boxes are kept inside, so this should never show
            self.context.notify(self.tr("Cannot place the part there: {reason}").format(reason=err), "warning")

    def _drag_to(self, gesture: Gesture) -> None:
        start, point, shown = gesture.start, gesture.point, self.shown_size()
        dx, dy = point[0] - start[0], point[1] - start[1]
        if gesture.kind == "select":
            self.part = box_from_points(start, point, shown, MIN_PART_PX)
            self.refresh()
        elif gesture.kind == "jigsaw":
            box = box_from_points(start, point, shown, MIN_TILE_PX * self.n)
            self.add_or_change(gesture, Jigsaw(self.n, self.seed, *box.as_tuple()))
        elif gesture.kind == "move":
            part: FracBox = gesture.grabbed
            to = part.moved(dx, dy)
            self.add_or_change(
                gesture, MovePart(*part.as_tuple(), to.x0, to.y0, fill=self.fill, swap=self.mode == PartsMode.SWAP)
            )
        elif gesture.kind == "retarget":
            edit: MovePart = gesture.grabbed
            to = edit.destination.moved(dx, dy)
            self.change_selected(replace(edit, to_x=to.x0, to_y=to.y0), gesture.key)

    def moved(self, edit: Jigsaw | MovePart, dx: float, dy: float) -> MovePart | None:
        """A moved part's destination moved by fractions of the image (arrow keys)."""
        if not isinstance(edit, MovePart):
            return None
        to = edit.destination.moved(dx, dy)
        return replace(edit, to_x=to.x0, to_y=to.y0)

    def release(self, gesture: Gesture) -> None:
        if gesture.kind == "jigsaw" and not gesture.dragged:
            self.apply_jigsaw()
        elif gesture.kind == "select" and not gesture.dragged:
            self.part = None  # a click away from the part drops it
        elif gesture.kind == "move" and gesture.index is not None:
            self.part = None  # the move is now the selected edit, shown with its own boxes
        self.refresh()

    def hover(self, position: QPointF) -> None:
        cursor = Qt.CursorShape.CrossCursor
        if self.mode != PartsMode.JIGSAW:
            point, edit = self.to_fraction(position), self.selected_edit()
            over_destination = isinstance(edit, MovePart) and edit.destination.contains(point)
            if over_destination or (self.part is not None and self.part.contains(point)):
                cursor = Qt.CursorShape.SizeAllCursor
        self.set_cursor(cursor)

    # -- overlay ------------------------------------------------------------------------------------

    def draw_overlay(self) -> None:
        """The jigsaw's grid in jigsaw mode; else the selected move's two boxes or the picked part."""
        edit = self.selected_edit()
        if self.mode == PartsMode.JIGSAW:
            self._add_grid(edit if isinstance(edit, Jigsaw) else Jigsaw(self.n, self.seed))
        elif isinstance(edit, MovePart):
            self._add_box(edit.box, TARGET_COLOUR if edit.swap else SOURCE_COLOUR, dashed=True)
            self._add_box(edit.destination, TARGET_COLOUR, dashed=False)
        elif self.part is not None:
            self._add_box(self.part, TARGET_COLOUR, dashed=True)

    def _add_grid(self, jigsaw: Jigsaw) -> None:
        """The jigsaw's tile edges on the shown image: thin white lines on a dark rim, readable on any photo."""
        height, width = shown = self.shown_size()
        xs, ys = jigsaw.tile_grid(*shown)
        if not xs:
            return
        path = QPainterPath()
        for x in xs:
            path.moveTo(self.to_canvas(x / width, ys[0] / height))
            path.lineTo(self.to_canvas(x / width, ys[-1] / height))
        for y in ys:
            path.moveTo(self.to_canvas(xs[0] / width, y / height))
            path.lineTo(self.to_canvas(xs[-1] / width, y / height))
        self.overlay.add_path(path, GRID_LINE, 1.0, rim=GRID_RIM, rim_width=3)

    def _add_box(self, box: FracBox, colour: QColor, dashed: bool) -> None:
        self.overlay.add_path(rect_path(self.canvas_rect(box)), colour, 2, rim=BOX_RIM, dashed=dashed)
