"""The Shape tool's options bar: the brush size, the Silhouette / Outline / Remove background buttons with their
styles, GrabCut's progress with Cancel, and a hint. It shows the tool's state; the tool acts on its signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QWidget,
)

from desktop_app.core.edits import Fill
from desktop_app.core.regions import Region
from desktop_app.core.shape import Outline, RemoveBackground, Silhouette
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.tools.base import tools_text

SHAPE_EDITS: tuple[type, ...] = (Silhouette, Outline, RemoveBackground)
STYLES = (
    ("black-on-white", QT_TRANSLATE_NOOP("Tools", "Black on white")),
    ("white-on-black", QT_TRANSLATE_NOOP("Tools", "White on black")),
)
OUTLINES = (("contour", QT_TRANSLATE_NOOP("Tools", "Contour")), ("edges", QT_TRANSLATE_NOOP("Tools", "Edges")))
BACKGROUNDS = (
    (Fill.WHITE, QT_TRANSLATE_NOOP("Tools", "White")),
    (Fill.GREY, QT_TRANSLATE_NOOP("Tools", "Grey")),
    (Fill.BLACK, QT_TRANSLATE_NOOP("Tools", "Black")),
    (Fill.BLUR, QT_TRANSLATE_NOOP("Tools", "Blur")),
)
BUTTONS = {  # the edit each button adds: its text, its tooltip, and the choices of its style box
    Silhouette: (
        QT_TRANSLATE_NOOP("Tools", "Silhouette"),
        QT_TRANSLATE_NOOP("Tools", "Replace the image by the object's silhouette (undoable)"),
        STYLES,
    ),
    Outline: (
        QT_TRANSLATE_NOOP("Tools", "Outline"),
        QT_TRANSLATE_NOOP("Tools", "Replace the image by the object's outline or its edges (undoable)"),
        OUTLINES,
    ),
    RemoveBackground: (
        QT_TRANSLATE_NOOP("Tools", "Remove background"),
        QT_TRANSLATE_NOOP("Tools", "Keep the object, replace everything else (undoable)"),
        tuple((fill.value, label) for fill, label in BACKGROUNDS),
    ),
}


def _style_of(edit: Any) -> str:
    """The value a shape edit's style box shows."""
    if isinstance(edit, Silhouette):
        return edit.style
    if isinstance(edit, Outline):
        return edit.mode
    return edit.background.value


class ShapeOptions(QWidget):
    """Brush size; a button and a style box per shape edit; progress, Cancel and the hint, in one row."""

    def __init__(self, brush_radius: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.brush_label = QLabel(self.tr("Brush"))
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(1, 10)
        self.size_slider.setValue(round(100 * brush_radius))
        self.size_slider.setFixedWidth(70)
        self.size_slider.setToolTip(self.tr("Brush radius, % of the image's longer side"))
        layout.addWidget(self.brush_label)
        layout.addWidget(self.size_slider)
        layout.addSpacing(10)
        self.buttons: dict[type, QPushButton] = {}
        self.styles: dict[type, QComboBox] = {}
        for edit_type, (text, tip, choices) in BUTTONS.items():
            button, box = self.buttons[edit_type], self.styles[edit_type] = QPushButton(tools_text(text)), QComboBox()
            button.setToolTip(tools_text(tip))
            for value, label in choices:
                box.addItem(tools_text(label), value)
            layout.addWidget(button)
            layout.addWidget(box)
        self.silhouette_button, self.outline_button, self.remove_button = self.buttons.values()
        self.style_box, self.outline_box, self.background_box = self.styles.values()
        layout.addSpacing(10)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(130)
        self.progress.setFormat(self.tr("Finding… %p%"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop finding the object (keeps the previous one)"))
        self.hint = QLabel()
        # the hint takes the room that is left, so it never makes the window wider than the screen
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.hint, 1)

    def edit_for(self, edit_type: type, region: Region) -> Any:
        """A shape edit of the object with the style chosen in its box."""
        style = self.styles[edit_type].currentData()
        return edit_type(region, Fill(style) if edit_type is RemoveBackground else style)

    def show_style(self, edit: Any) -> None:
        """Shows a shape edit's style in its box (without emitting signals)."""
        box = self.styles[type(edit)]
        box.blockSignals(True)
        box.setCurrentIndex(max(0, box.findData(_style_of(edit))))
        box.blockSignals(False)

    def show_progress(self, running: bool, hint: str) -> None:
        """Shows the progress bar and Cancel while GrabCut runs, and the hint."""
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.hint.setText(hint)
        self.hint.setToolTip(hint)
