"""The tool framework: a Tool turns canvas gestures into Edits; it never computes pixels itself."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from PySide6.QtCore import QObject, QPointF
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from desktop_app.core.document import Document
from desktop_app.core.model import ClassifierModel
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.document_model import DocumentModel
from desktop_app.ui.inference import InferenceBridge

OVERLAY_Z = 50  # tool overlays sit above the image (0) and below the model-region marker (100)


@dataclass(frozen=True)
class ToolContext:
    """What a tool may use: the canvas, the document (with undo), the worker bridge, messages, the model."""

    canvas: ImageCanvas
    document_model: DocumentModel
    bridge: InferenceBridge
    notify: Callable[[str, str], None]  # (message, level: "info" | "warning" | "error")
    model: Callable[[], ClassifierModel | None]


class Tool(QObject):
    """Base class of the interactive tools; subclasses override what they need."""

    key: ClassVar[str] = ""
    text: ClassVar[str] = ""
    shortcut: ClassVar[str] = ""
    tip: ClassVar[str] = ""
    edit_kinds: ClassVar[tuple[str, ...]] = ()  # edit kinds this tool can select and change

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context.canvas)
        self.context = context
        self._options: QWidget | None = None

    # -- life cycle ---------------------------------------------------------------------------------

    def activate(self) -> None:
        """Called when the tool becomes the active one."""

    def deactivate(self) -> None:
        """Called when another tool takes over; remove overlays here."""

    def options(self) -> QWidget | None:
        """The tool's options bar (built once)."""
        if self._options is None:
            self._options = self.build_options()
        return self._options

    def build_options(self) -> QWidget | None:
        """Builds the widget shown in the tool options bar, or None."""
        return None

    def document_changed(self) -> None:
        """Called after every document change while active (refresh overlays)."""

    def selection_changed(self, index: int) -> None:
        """Called when another edit is selected while active."""

    def display_image(self, document: Document) -> np.ndarray | None:
        """An image to show instead of the rendered one while this tool is active (e.g. uncropped), or None."""
        return None

    # -- gestures (positions in working-image pixels); return True when handled ------------------------

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool:
        return False

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool:
        return False

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool:
        return False

    # -- helpers ------------------------------------------------------------------------------------

    @property
    def document(self) -> Document | None:
        """The open document."""
        return self.context.document_model.document

    def shown_size(self) -> tuple[int, int]:
        """(height, width) of the image on the canvas, which edit fractions refer to (after a crop: the crop)."""
        rect = self.context.canvas.image_rect()
        if rect.isEmpty():
            return self.document.working.shape[:2]  # type: ignore[union-attr,return-value]
        return round(rect.height()), round(rect.width())

    def to_fraction(self, position: QPointF) -> tuple[float, float]:
        """A canvas position as fractions (0..1) of the shown image, clamped to the image."""
        height, width = self.shown_size()
        return min(max(position.x() / width, 0.0), 1.0), min(max(position.y() / height, 0.0), 1.0)

    def to_pixels(self, fx: float, fy: float) -> QPointF:
        """Fractions of the shown image as canvas (image pixel) coordinates."""
        height, width = self.shown_size()
        return QPointF(fx * width, fy * height)

    @staticmethod
    def add_mode_buttons(
        layout: QHBoxLayout,
        modes: Sequence[tuple[str, str]],
        current: str,
        on_choose: Callable[[str], None],
        tips: Mapping[str, str] | None = None,
    ) -> tuple[QButtonGroup, dict[str, QPushButton]]:
        """A row of exclusive toggle buttons, one per (value, label), calling `on_choose(value)` when one is pressed."""
        group = QButtonGroup(layout)
        buttons: dict[str, QPushButton] = {}
        for value, label in modes:
            button = QPushButton(label)
            button.setCheckable(True)
            if tips and value in tips:
                button.setToolTip(tips[value])
            button.setChecked(value == current)
            button.toggled.connect(lambda on, v=value: on and on_choose(v))
            group.addButton(button)
            buttons[value] = button
            layout.addWidget(button)
        return group, buttons

    def zoom(self) -> float:
        """The canvas zoom factor (screen pixels per image pixel), never zero."""
        return max(self.context.canvas.zoom_factor(), 1e-6)

    def remove_items(self, items: list) -> list:
        """Takes overlay items off the canvas scene; returns an empty list to store back."""
        scene = self.context.canvas.scene()
        for item in items:
            if item is not None and item.scene() is scene:
                scene.removeItem(item)
        return []

    def selected_edit(self) -> object | None:
        """The selected edit when it is of a kind this tool handles."""
        entry = self.context.document_model.selected_entry()
        return entry.edit if entry is not None and entry.edit.kind in self.edit_kinds else None
