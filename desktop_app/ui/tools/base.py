"""The tool skeleton: a Tool turns canvas gestures into Edits; it never computes pixels itself.

Every tool builds on the same parts. Canvas positions become fractions of the shown image through one Frame
(`to_fraction`, `to_canvas`). A press starts a `Gesture`, which becomes a drag once the pointer has moved
DRAG_THRESHOLD_PX on screen; the tool answers `press`, `drag`, `release` and `hover`. Its overlay lives in one
`OverlayItems`, redrawn by `draw_overlay` whenever the document, the selection or the shown image changes. Its modes
are a `ToolMode` enum: the base builds the picker and shows each mode-only option in its modes alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Protocol, Self

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.core.document import Document
from desktop_app.core.geometry import FracBox, Frame, Handle, PixelBox, Point, Size, handle_at
from desktop_app.core.model import ClassifierModel
from desktop_app.core.regions import Region
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.document_editor import DocumentEditor
from desktop_app.ui.inference import InferenceBridge
from desktop_app.ui.tools.overlay import HANDLE_PX, OVERLAY_Z, OverlayItems

__all__ = [
    "DRAG_THRESHOLD_PX",
    "FoundObject",
    "HANDLE_CURSORS",
    "OVERLAY_Z",
    "Gesture",
    "Tool",
    "ToolContext",
    "ToolMode",
    "render_frame",
    "tools_text",
]

DRAG_THRESHOLD_PX = 4  # screen pixels (|dx| + |dy|, Qt's own drag measure) a press must move to be a drag
HANDLE_CURSORS = {
    (-1, -1): Qt.CursorShape.SizeFDiagCursor,
    (1, 1): Qt.CursorShape.SizeFDiagCursor,
    (1, -1): Qt.CursorShape.SizeBDiagCursor,
    (-1, 1): Qt.CursorShape.SizeBDiagCursor,
    (0, -1): Qt.CursorShape.SizeVerCursor,
    (0, 1): Qt.CursorShape.SizeVerCursor,
    (-1, 0): Qt.CursorShape.SizeHorCursor,
    (1, 0): Qt.CursorShape.SizeHorCursor,
}


def tools_text(text: str) -> str:
    """A text the tools' tables mark with `QT_TRANSLATE_NOOP("Tools", …)` (modes, fills, hints), translated."""
    return QCoreApplication.translate("Tools", text) if text else text


class ToolMode(StrEnum):
    """A tool's mode: its value names it in code, `label` is the picker's text and `tip` its tooltip."""

    label: str
    tip: str

    def __new__(cls, value: str, label: str, tip: str = "") -> ToolMode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.tip = tip
        return member

    @classmethod
    def named(cls, value: str) -> Self:
        """The mode whose value is `value`; ValueError if the tool has none."""
        for mode in cls:
            if mode == value:
                return mode
        raise ValueError(f"{value!r} is not a {cls.__name__}")


@dataclass
class Gesture:
    """One press, drag and release on the canvas: positions in canvas pixels and in fractions of the shown image."""

    press: QPointF  # where the button went down
    start: Point  # the same, in fractions
    position: QPointF  # the latest position
    point: Point  # the same, in fractions
    kind: str = ""  # what the gesture does, in the tool's words ("create", "move", "resize", ...)
    grabbed: Any = None  # what the press took hold of: an edit, a box, a part
    handle: Handle | None = None  # the handle of `grabbed` under the press, if any
    dragged: bool = False  # moved DRAG_THRESHOLD_PX or more: a drag, not a click
    index: int | None = None  # the document entry the gesture added (None until it adds one)
    key: object = field(default_factory=object)  # undo merge key: one gesture, one undo step
    points: list[Point] = field(default_factory=list)  # the path so far, for strokes and lassos


@dataclass
class FoundObject:
    """The object found on the open image (by the Shape tool's GrabCut, or for the Texture tool), shared by tools."""

    region: Region | None = None


class Notify(Protocol):
    """Shows a notice: (message, level "info" | "warning" | "error"), optionally with a button (label, callback)."""

    def __call__(
        self, text: str, level: str = ..., /, *, action: tuple[str, Callable[[], None]] | None = ...
    ) -> None: ...


@dataclass(frozen=True)
class ToolContext:
    """What a tool may use: the canvas, the document (with undo), the worker bridge, messages, the model, and the
    object found on the image."""

    canvas: ImageCanvas
    editor: DocumentEditor
    bridge: InferenceBridge
    notify: Notify
    model: Callable[[], ClassifierModel | None]
    found: FoundObject = field(default_factory=FoundObject)


class Tool(QObject):
    """Base class of the interactive tools; subclasses answer the gesture hooks and draw their overlay."""

    key: ClassVar[str] = ""
    text: ClassVar[str] = ""
    shortcut: ClassVar[str] = ""
    tip: ClassVar[str] = ""
    edit_kinds: ClassVar[tuple[str, ...]] = ()  # edit kinds this tool can select and change
    Mode: ClassVar[type[ToolMode]]  # the tool's modes; the first is where it starts

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context.canvas)
        self.context = context
        self.mode: ToolMode = next(iter(self.Mode))
        self.active = False
        self.gesture: Gesture | None = None
        self.overlay = OverlayItems(context.canvas.scene())
        self.mode_buttons: dict[ToolMode, QPushButton] = {}
        self.mode_box: QComboBox | None = None
        self._options: QWidget | None = None
        self._mode_widgets: list[tuple[QWidget, frozenset[ToolMode]]] = []
        context.canvas.image_resized.connect(self._shown_image_resized)

    # -- life cycle ---------------------------------------------------------------------------------

    def activate(self) -> None:
        """Called when the tool becomes the active one."""
        self.active = True
        self.refresh()

    def deactivate(self) -> None:
        """Called when another tool takes over: drops the gesture and the overlay."""
        self.active = False
        self.gesture = None
        self.overlay.clear()
        self.context.canvas.viewport().unsetCursor()

    def options(self) -> QWidget | None:
        """The tool's options bar (built once)."""
        if self._options is None:
            self._options = self.build_options()
            self._show_mode()
        return self._options

    def build_options(self) -> QWidget | None:
        """Builds the widget shown in the tool options bar, or None."""
        return None

    def document_changed(self) -> None:
        """Called after every document change while active."""
        self.refresh()

    def selection_changed(self, index: int) -> None:
        """Called when another edit is selected while active."""
        self.refresh()

    def display_image(self, document: Document) -> np.ndarray | None:
        """An image to show instead of the rendered one while this tool is active (e.g. uncropped), or None."""
        return None

    def render_frame(self, size: Size) -> Frame:
        """Where the rendered image (of this size) lies on the canvas while this tool is active."""
        return Frame(size, self.frame().rect)

    # -- overlay ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraws the overlay: nothing while inactive or without a document."""
        self.overlay.clear()
        if self.active and self.document is not None:
            self.draw_overlay()

    def draw_overlay(self) -> None:
        """Adds the tool's items to `self.overlay` (called on a cleared overlay)."""

    @Slot()
    def _shown_image_resized(self) -> None:
        if self.active:  # e.g. the render after a crop: the overlay follows the new shown size
            self.refresh()

    # -- modes --------------------------------------------------------------------------------------

    def options_row(self, label: str = "", as_list: bool = False) -> tuple[QWidget, QHBoxLayout]:
        """A new options bar: a row that starts with the mode picker (after `label`, if given)."""
        widget = QWidget()
        layout = QHBoxLayout(widget)
        layout.setContentsMargins(4, 0, 4, 0)
        if label:
            layout.addWidget(QLabel(label))
        self.add_mode_picker(layout, as_list)
        return widget, layout

    def add_mode_picker(self, layout: QHBoxLayout, as_list: bool = False) -> None:
        """Adds the mode picker: a row of exclusive buttons, or a drop-down list, one entry per mode."""
        if as_list:
            box = self.mode_box = QComboBox()
            for mode in self.Mode:
                box.addItem(tools_text(mode.label), mode.value)
                if mode.tip:
                    box.setItemData(box.count() - 1, tools_text(mode.tip), Qt.ItemDataRole.ToolTipRole)
            box.currentIndexChanged.connect(lambda index: self.set_mode(box.itemData(index)))
            layout.addWidget(box)
            return
        group = QButtonGroup(layout)
        for mode in self.Mode:
            button = QPushButton(tools_text(mode.label))
            button.setCheckable(True)
            button.setToolTip(tools_text(mode.tip))
            button.toggled.connect(lambda on, m=mode: self.set_mode(m) if on else None)
            group.addButton(button)
            layout.addWidget(button)
            self.mode_buttons[mode] = button

    def show_for(self, modes: Iterable[str], *widgets: QWidget) -> None:
        """Shows these option widgets only while the tool is in one of these modes."""
        for widget in widgets:
            self._mode_widgets.append((widget, frozenset(self.Mode.named(mode) for mode in modes)))

    def set_mode(self, mode: str) -> None:
        """Switches to a mode (ValueError if the tool has no such mode); `mode_changed` does what that means."""
        previous = self.mode
        self.show_mode(mode)
        if self.mode != previous:
            self.mode_changed(previous)

    def show_mode(self, mode: str) -> None:
        """Shows a mode (e.g. the selected edit's) in the picker and options, without `mode_changed`."""
        self.mode = self.Mode.named(mode)
        self._show_mode()

    def mode_changed(self, previous: ToolMode) -> None:
        """Called when the user (or a test) switches modes; by default redraws the overlay."""
        self.refresh()

    def _show_mode(self) -> None:
        if self._options is None:
            return
        if self.mode_box is not None:
            self.mode_box.blockSignals(True)
            self.mode_box.setCurrentIndex(self.mode_box.findData(self.mode.value))
            self.mode_box.blockSignals(False)
        button = self.mode_buttons.get(self.mode)
        if button is not None and not button.isChecked():
            button.blockSignals(True)
            button.setChecked(True)  # the group unchecks the others
            button.blockSignals(False)
        for widget, modes in self._mode_widgets:
            widget.setVisible(self.mode in modes)

    # -- gestures (the canvas calls these with canvas pixel positions; True = handled) ----------------------

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool:
        """Starts a gesture if the tool wants one (`press`)."""
        if self.document is None:
            return False
        point = self.to_fraction(position)
        gesture = Gesture(position, point, position, point, points=[point])
        self.gesture = gesture if self.press(gesture) else None
        return True

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool:
        """Follows the gesture once it is a drag (`drag`); without one, `hover`."""
        gesture = self.gesture
        if gesture is None:
            if self.document is not None:
                self.hover(position)
            return False
        self._follow(gesture, position)
        if gesture.dragged:
            self.drag(gesture)
        return True

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool:
        """Ends the gesture (`release`); a release far from the press is a drag there first."""
        gesture, self.gesture = self.gesture, None
        if gesture is None:
            return False
        moved = position != gesture.position
        self._follow(gesture, position)
        if gesture.dragged and moved:
            self.drag(gesture)
        self.release(gesture)
        if self.document is not None:
            self.hover(position)
        return True

    def _follow(self, gesture: Gesture, position: QPointF) -> None:
        gesture.position, gesture.point = position, self.to_fraction(position)
        if not gesture.dragged:
            on_screen = (position - gesture.press).manhattanLength() * self.zoom()
            gesture.dragged = on_screen >= DRAG_THRESHOLD_PX - 1e-6  # whole screen pixels, give or take float noise

    def press(self, gesture: Gesture) -> bool:
        """The button went down: set the gesture's kind and what it grabbed; False to follow no gesture."""
        return False

    def drag(self, gesture: Gesture) -> None:
        """The pointer moved during a drag (past the threshold)."""

    def release(self, gesture: Gesture) -> None:
        """The button came up; `gesture.dragged` tells a drag from a click."""

    def hover(self, position: QPointF) -> None:
        """The pointer moved with no button down: by default a cross-hair cursor."""
        self.set_cursor(Qt.CursorShape.CrossCursor)

    def set_cursor(self, cursor: Qt.CursorShape) -> None:
        """Shows a cursor over the canvas."""
        self.context.canvas.viewport().setCursor(cursor)

    # -- the one conversion ---------------------------------------------------------------------------

    @property
    def document(self) -> Document | None:
        """The open document."""
        return self.context.editor.document

    def frame(self) -> Frame:
        """The shown image's frame: what this tool's fractions are of (after a crop: the crop, unless the tool
        shows another image, as the Crop tool shows the uncropped one)."""
        frame = self.context.canvas.image_frame()
        if frame is None:  # nothing on show yet: the document's image is about to be
            document = self.document
            return Frame.whole(document.working.shape[:2] if document is not None else (1, 1))
        return frame

    def shown_size(self) -> Size:
        """(height, width) of the image on the canvas."""
        return self.frame().size

    def to_fraction(self, position: QPointF) -> Point:
        """A canvas position as fractions (0..1) of the shown image, clamped to the image."""
        return self.frame().to_fractions(position.x(), position.y())

    def to_canvas(self, fx: float, fy: float) -> QPointF:
        """Fractions of the shown image as a canvas position."""
        return QPointF(*self.frame().to_canvas((fx, fy)))

    def canvas_rect(self, box: FracBox | PixelBox) -> QRectF:
        """A box of the shown image (fractions, or its whole pixels) as a canvas rectangle."""
        x0, y0, x1, y1 = self.frame().box_to_canvas(box)
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def zoom(self) -> float:
        """The canvas zoom factor (screen pixels per image pixel), never zero."""
        return max(self.context.canvas.zoom_factor(), 1e-6)

    def handle_under(self, position: QPointF, rect: QRectF, handles: Iterable[Handle]) -> Handle | None:
        """The handle of a canvas rectangle under a position (within a handle's size on screen), or None."""
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        return handle_at((position.x(), position.y()), box, HANDLE_PX / self.zoom(), tuple(handles))

    def add_or_change(self, gesture: Gesture, edit: Any) -> None:
        """The gesture's first step adds the edit, later steps change it: one undo step in all."""
        editor = self.context.editor
        if gesture.index is None:
            gesture.index = editor.add_edit(edit, gesture.key)
        elif editor.entries[gesture.index].edit != edit:
            editor.change_edit(gesture.index, edit, gesture.key)

    def nudge(self, dx: int, dy: int) -> bool:
        """Moves the selected edit by (dx, dy) screen pixels (the arrow keys on the canvas; the nudges of one edit in
        a row are one undo step); False when this tool moves no such edit by keys."""
        edit = self.selected_edit()
        if edit is None:
            return False
        height, width = self.shown_size()
        moved = self.moved(edit, dx / (self.zoom() * width), dy / (self.zoom() * height))
        if moved is None:
            return False
        self.change_selected(moved, ("nudge", self.context.editor.selected))
        return True

    def moved(self, edit: Any, dx: float, dy: float) -> Any:
        """The edit moved by fractions of the shown image, or None when this tool does not move it by keys."""
        return None

    def change_selected(self, edit: Any, key: object = None) -> None:
        """Replaces the selected edit by `edit` (nothing if they are equal); `key` merges undo steps."""
        editor = self.context.editor
        if editor.selected >= 0 and editor.entries[editor.selected].edit != edit:
            editor.change_edit(editor.selected, edit, key)

    def selected_edit(self) -> Any:
        """The selected edit when it is of a kind this tool handles, else None."""
        entry = self.context.editor.selected_entry()
        return entry.edit if entry is not None and entry.edit.kind in self.edit_kinds else None


def render_frame(canvas: ImageCanvas, tool: Tool | None, size: Size) -> Frame:
    """Where the rendered image (of this size) lies on the canvas: the whole shown image, or, while the Crop tool
    shows the uncropped view, the part the crop keeps. Canvas layers of the render (the heat map) place by it."""
    if tool is not None:
        return tool.render_frame(size)
    shown = canvas.image_frame()
    return Frame(size, shown.rect) if shown is not None else Frame.whole(size)
