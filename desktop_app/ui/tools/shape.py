"""Shape tool: drag a rectangle around the object, refine it with strokes, then keep only its shape.

GrabCut (core) runs on the bridge's GrabCut lane with a progress bar and a Cancel button; the object it finds
is shown as an outline, and the Silhouette / Outline / Remove background buttons turn it into an edit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, Qt, Slot
from PySide6.QtGui import QColor, QMouseEvent
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

from desktop_app.core.edits import Fill, apply
from desktop_app.core.regions import Region
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.core.shape import Outline, RemoveBackground, Silhouette, Stroke, extract_foreground
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.tools.base import Tool, ToolContext
from desktop_app.ui.tools.shape_overlay import OverlayItems, polyline_path, rect_path, region_path

SHAPE_KINDS = ("silhouette", "outline", "remove-background")
MODES = (("rect", "Rectangle"), ("object", "Mark object"), ("background", "Mark background"))
STYLES = (("black-on-white", "Black on white"), ("white-on-black", "White on black"))
OUTLINES = (("contour", "Contour"), ("edges", "Edges"))
BACKGROUNDS = ((Fill.WHITE, "White"), (Fill.GREY, "Grey"), (Fill.BLACK, "Black"), (Fill.BLUR, "Blur"))
WHOLE_IMAGE = (0.0, 0.0, 1.0, 1.0)
DRAG_START_PX = 4  # a rectangle smaller than this on screen is a click
OBJECT_COLOUR, BACKGROUND_COLOUR, FOUND_COLOUR = QColor("#009E73"), QColor("#D55E00"), QColor("#0072B2")
RECT_COLOUR = QColor("#56B4E9")  # sky blue: apart from the white "model sees this" frame
HINTS = {
    "running": "",  # the progress bar says it
    "empty": "Drag a rectangle around the object.",
    "found": "Found in {seconds:.1f} s. Paint to refine it.",
    "reused": "Pick a shape, or drag a new rectangle.",
}


@dataclass(frozen=True)
class _Inputs:
    """What one GrabCut run starts from: the rectangle and strokes, all in fractions."""

    rect: tuple[float, float, float, float]
    object_strokes: tuple[Stroke, ...] = ()
    background_strokes: tuple[Stroke, ...] = ()


@dataclass(frozen=True)
class _Extraction:
    """What a GrabCut job hands back: the object (None when none was found) or why not, and the time it took."""

    inputs: _Inputs
    region: Region | None
    message: str
    seconds: float


class ShapeTool(Tool):
    """Finds the object with GrabCut, then replaces the image by its silhouette, outline or cut-out."""

    key = "shape"
    text = "Shape"
    shortcut = "S"
    tip = "Keep only the object's shape: drag a rectangle around it, refine with strokes, then pick Silhouette"
    edit_kinds = SHAPE_KINDS

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        self.mode = "rect"
        self.brush_radius = 0.02
        self.inputs: _Inputs | None = None  # what the latest run was asked
        self.found_inputs: _Inputs | None = None  # what the shown region was found from
        self.region: Region | None = None
        self.last_seconds: float | None = None
        self.running = False
        self._job: Job | None = None  # the latest GrabCut run: only its answer counts
        self._active = False
        self._gesture: dict | None = None
        self._overlay = OverlayItems(context.canvas.scene())
        context.document_model.document_replaced.connect(self._reset)

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget = QWidget()
        layout = QHBoxLayout(widget)
        layout.setContentsMargins(4, 0, 4, 0)
        tips = {
            "rect": "Drag a rectangle around the object to find it",
            "object": "Paint over parts that belong to the object (GrabCut runs again)",
            "background": "Paint over parts that are not the object (GrabCut runs again)",
        }
        self.mode_group, self.mode_buttons = self.add_mode_buttons(
            layout, MODES, "rect", lambda v: setattr(self, "mode", v), tips
        )
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(1, 10)
        self.size_slider.setValue(round(100 * self.brush_radius))
        self.size_slider.setFixedWidth(70)
        self.size_slider.setToolTip("Brush radius, % of the image's longer side")
        self.size_slider.valueChanged.connect(lambda v: setattr(self, "brush_radius", v / 100))
        layout.addWidget(QLabel("Brush"))
        layout.addWidget(self.size_slider)
        layout.addSpacing(10)
        self.silhouette_button, self.style_box = self._action_pair(layout, "Silhouette", STYLES, Silhouette)
        self.outline_button, self.outline_box = self._action_pair(layout, "Outline", OUTLINES, Outline)
        self.remove_button, self.background_box = self._action_pair(
            layout, "Remove background", [(v.value, label) for v, label in BACKGROUNDS], RemoveBackground
        )
        self.silhouette_button.setToolTip("Replace the image by the object's silhouette (undoable)")
        self.outline_button.setToolTip("Replace the image by the object's outline or its edges (undoable)")
        self.remove_button.setToolTip("Keep the object, replace everything else (undoable)")
        layout.addSpacing(10)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(130)
        self.progress.setFormat("Finding… %p%")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop finding the object (keeps the previous one)")
        self.cancel_button.clicked.connect(self.cancel)
        self.hint = QLabel()
        # the hint takes the room that is left, so it never makes the window wider than the screen
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.hint, 1)
        self._update_options()
        return widget

    def _action_pair(self, layout: QHBoxLayout, text: str, choices, edit_type: type) -> tuple[QPushButton, QComboBox]:
        """A button that adds a shape edit and the combo box with its style."""
        button = QPushButton(text)
        box = QComboBox()
        for value, label in choices:
            box.addItem(label, value)
        button.clicked.connect(lambda: self.add_shape_edit(edit_type))
        box.currentIndexChanged.connect(lambda _i: self._style_changed(edit_type))
        layout.addWidget(button)
        layout.addWidget(box)
        return button, box

    def _edit_for(self, edit_type: type, region: Region) -> object:
        """A shape edit of a type with the style chosen in its combo box."""
        if edit_type is Silhouette:
            return Silhouette(region, self.style_box.currentData())
        if edit_type is Outline:
            return Outline(region, self.outline_box.currentData())
        return RemoveBackground(region, Fill(self.background_box.currentData()))

    def add_shape_edit(self, edit_type: type) -> None:
        """Adds a silhouette / outline / background removal of the found object (replacing a selected one)."""
        if self.region is None:
            what = {Silhouette: "a silhouette", Outline: "an outline", RemoveBackground: "removing the background"}
            first = "Wait until the object is found" if self.running else "First drag a rectangle around the object"
            self.context.notify(f"{first}: {what[edit_type]} needs the object's shape.", "warning")
            return
        self.options()
        edit = self._edit_for(edit_type, self.region)
        model = self.context.document_model
        if self.selected_edit() is not None:  # switch the shape edit instead of stacking another on it
            model.change_edit(model.selected, edit)
        else:
            model.add_edit(edit)

    def _style_changed(self, edit_type: type) -> None:
        edit = self.selected_edit()
        if isinstance(edit, edit_type):
            updated = self._edit_for(edit_type, edit.region)  # type: ignore[attr-defined]
            if updated != edit:
                self.context.document_model.change_edit(self.context.document_model.selected, updated)

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if edit is not None and self._options is not None:
            box, value = {
                Silhouette: (self.style_box, getattr(edit, "style", None)),
                Outline: (self.outline_box, getattr(edit, "mode", None)),
                RemoveBackground: (self.background_box, getattr(getattr(edit, "background", None), "value", None)),
            }[type(edit)]
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        if edit is not None and self.region is None:  # e.g. an experiment reopened: reuse its object
            self.region = edit.region  # type: ignore[attr-defined]
            self._update_options()
        self._draw_overlay()

    def _update_options(self) -> None:
        if self._options is None:
            return
        self.progress.setVisible(self.running)
        self.cancel_button.setVisible(self.running)
        if self.running:
            text = HINTS["running"]
        elif self.region is None:
            text = HINTS["empty"]
        elif self.last_seconds is not None:
            text = HINTS["found"].format(seconds=self.last_seconds)
        else:
            text = HINTS["reused"]
        self.hint.setText(text)
        self.hint.setToolTip(text)

    # -- GrabCut jobs -------------------------------------------------------------------------------

    def extract(self, inputs: _Inputs) -> None:
        """Starts GrabCut on the image as shown (without shape edits) in the background."""
        document = self.document
        if document is None:
            return
        self.inputs = inputs
        working, edits = document.working, [e for e in document.edits if e.kind not in SHAPE_KINDS]

        def work(token: CancelToken, progress: Progress) -> _Extraction:
            started = time.perf_counter()
            try:
                region = extract_foreground(
                    apply(working, edits),
                    inputs.rect,
                    inputs.object_strokes,
                    inputs.background_strokes,
                    progress=progress,
                    cancel=lambda: token.cancelled,
                )
            except ValueError as err:  # no object, unusable rectangle: a message, not a failure of the app
                return _Extraction(inputs, None, str(err), time.perf_counter() - started)
            return _Extraction(inputs, region, "", time.perf_counter() - started)

        self.running = True
        self.options()
        self.progress.setValue(0)
        self._job = self.context.bridge.run_job(Lane.GRABCUT, work)
        self._job.done.connect(self._job_done)
        self._job.failed.connect(self._stopped)
        self._job.cancelled.connect(self._job_cancelled)
        self._job.progress.connect(self._job_progress)
        self._update_options()
        self._draw_overlay()

    def cancel(self) -> None:
        """Stops the running GrabCut; the previous object (and its rectangle and strokes) stays."""
        if self._job is not None:
            self._job.cancel()
        self._stopped()

    @Slot(object)
    def _job_done(self, result: _Extraction) -> None:
        self.running = False
        if result.region is None:
            self.inputs = self.found_inputs
            self.context.notify(f"GrabCut: {result.message}.", "warning")
        else:
            previous, self.region = self.region, result.region
            self.found_inputs, self.last_seconds = result.inputs, result.seconds
            edit = self.selected_edit()
            if edit is not None and edit.region == previous:  # type: ignore[attr-defined]
                # the shown silhouette (outline, cut-out) follows the refined object, as one undo step
                model = self.context.document_model
                model.change_edit(model.selected, replace(edit, region=result.region))  # type: ignore[type-var]
        self._update_options()
        self._draw_overlay()

    @Slot()
    def _job_cancelled(self) -> None:
        if self.running:  # e.g. Edit › Stop Running Work
            self._stopped()

    @Slot()
    def _stopped(self) -> None:
        """Back to the last object found (its rectangle and strokes) after a run that gave nothing."""
        self.running = False
        self.inputs = self.found_inputs
        self._update_options()
        self._draw_overlay()

    @Slot(float)
    def _job_progress(self, fraction: float) -> None:
        if self._options is not None:
            self.progress.setValue(round(100 * fraction))

    @Slot()
    def _reset(self) -> None:
        if self._job is not None:
            self._job.cancel()  # a run for the previous image: its answer never arrives
        self.inputs = self.found_inputs = self.region = self.last_seconds = None
        self.running = False
        self._update_options()
        self._draw_overlay()

    # -- gestures -----------------------------------------------------------------------------------

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool:
        if self.document is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        point = self.to_fraction(position)
        if self.mode != "rect" and self.inputs is None:
            self.context.notify("First drag a rectangle around the object, then mark what GrabCut got wrong.", "info")
            return True
        self._gesture = {"start": point, "press": position, "points": [point]}
        self._draw_overlay()
        return True

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool:
        self.context.canvas.viewport().setCursor(Qt.CursorShape.CrossCursor)
        if self._gesture is None:
            return False
        self._gesture["points"].append(self.to_fraction(position))
        self._draw_overlay()
        return True

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        end = self.to_fraction(position)
        if self.mode == "rect":
            zoom = max(self.context.canvas.zoom_factor(), 1e-6)
            moved = position - gesture["press"]
            if min(abs(moved.x()), abs(moved.y())) * zoom < DRAG_START_PX:
                self.context.notify("Drag a rectangle around the whole object to find it.", "info")
                self._draw_overlay()
                return True
            (x0, x1), (y0, y1) = sorted((gesture["start"][0], end[0])), sorted((gesture["start"][1], end[1]))
            self.extract(_Inputs((x0, y0, x1, y1)))
            return True
        stroke = Stroke((*gesture["points"], end), self.brush_radius)
        inputs = self.inputs or _Inputs(WHOLE_IMAGE)
        if self.mode == "object":
            self.extract(replace(inputs, object_strokes=(*inputs.object_strokes, stroke)))
        else:
            self.extract(replace(inputs, background_strokes=(*inputs.background_strokes, stroke)))
        return True

    # -- overlay ------------------------------------------------------------------------------------

    def activate(self) -> None:
        self._active = True
        self._update_options()
        self._draw_overlay()

    def deactivate(self) -> None:
        self._active = False
        self._gesture = None
        self._draw_overlay()
        self.context.canvas.viewport().unsetCursor()

    def document_changed(self) -> None:
        self._draw_overlay()

    def _draw_overlay(self) -> None:
        """Redraws the rectangle, the strokes and the found object's outline."""
        self._overlay.clear()
        if not self._active or self.document is None:
            return
        height, width = self.shown_size()
        inputs, gesture, overlay = self.inputs, self._gesture, self._overlay
        if self.region is not None:  # tinted over the photo, a plain line over a silhouette or outline
            edits = self.document.edits
            tint = 0 if edits and edits[-1].kind in SHAPE_KINDS else 60
            overlay.add_path(region_path(self.region, self.to_pixels), FOUND_COLOUR, screen_width=2, fill_alpha=tint)
        if inputs is not None and inputs.rect != WHOLE_IMAGE:
            corners = self.to_pixels(*inputs.rect[:2]), self.to_pixels(*inputs.rect[2:])
            overlay.add_path(rect_path(*corners), RECT_COLOUR, screen_width=2, dashed=True)
        strokes = [] if inputs is None else [(s, OBJECT_COLOUR) for s in inputs.object_strokes]
        strokes += [] if inputs is None else [(s, BACKGROUND_COLOUR) for s in inputs.background_strokes]
        if gesture is not None and self.mode != "rect":
            colour = OBJECT_COLOUR if self.mode == "object" else BACKGROUND_COLOUR
            strokes.append((Stroke(tuple(gesture["points"]), self.brush_radius), colour))
        for stroke, colour in strokes:
            path = polyline_path(stroke.points, self.to_pixels)
            overlay.add_path(path, colour, image_width=2 * stroke.radius * max(height, width), line_alpha=140)
        if gesture is not None and self.mode == "rect" and len(gesture["points"]) > 1:
            corners = self.to_pixels(*gesture["start"]), self.to_pixels(*gesture["points"][-1])
            overlay.add_path(rect_path(*corners), RECT_COLOUR, screen_width=2, dashed=True)
