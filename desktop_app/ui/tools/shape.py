"""Shape tool: drag a rectangle around the object, refine it with strokes, then keep only its shape.

GrabCut (core) runs on the bridge's "grabcut" lane with a progress bar and a Cancel button; the object it finds
is shown as an outline, and the Silhouette / Outline / Remove background buttons turn it into an edit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from desktop_app.core.edits import apply
from desktop_app.core.geometry import FracBox, box_from_points
from desktop_app.core.regions import Region
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.core.shape import Outline, RemoveBackground, Silhouette, Stroke, extract_foreground
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.tools.base import Gesture, Tool, ToolContext, ToolMode, tools_text
from desktop_app.ui.tools.overlay import polyline_path, rect_path, region_path
from desktop_app.ui.tools.shape_options import SHAPE_EDITS, ShapeOptions

SHAPE_KINDS = ("silhouette", "outline", "remove-background")
WHOLE_IMAGE = (0.0, 0.0, 1.0, 1.0)
OBJECT_COLOUR, BACKGROUND_COLOUR, FOUND_COLOUR = QColor("#009E73"), QColor("#D55E00"), QColor("#0072B2")
RECT_COLOUR = QColor("#56B4E9")  # sky blue: apart from the white "model sees this" frame
DASH_RIM = QColor(0, 0, 0, 160)  # under dashed lines, so they show on any image
HINTS = {
    "running": "",  # the progress bar says it
    "empty": QT_TRANSLATE_NOOP("Tools", "Drag a rectangle around the object."),
    "found": QT_TRANSLATE_NOOP("Tools", "Found in {seconds:.1f} s. Paint to refine it."),
    "reused": QT_TRANSLATE_NOOP("Tools", "Pick a shape, or drag a new rectangle."),
}


class ShapeMode(ToolMode):
    """What a drag on the image tells GrabCut."""

    RECT = (
        "rect",
        QT_TRANSLATE_NOOP("Tools", "Rectangle"),
        QT_TRANSLATE_NOOP("Tools", "Drag a rectangle around the object to find it"),
    )
    OBJECT = (
        "object",
        QT_TRANSLATE_NOOP("Tools", "Mark object"),
        QT_TRANSLATE_NOOP("Tools", "Paint over parts that belong to the object (GrabCut runs again)"),
    )
    BACKGROUND = (
        "background",
        QT_TRANSLATE_NOOP("Tools", "Mark background"),
        QT_TRANSLATE_NOOP("Tools", "Paint over parts that are not the object (GrabCut runs again)"),
    )


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
    text = QT_TRANSLATE_NOOP("Menus", "Shape")
    shortcut = "S"
    tip = QT_TRANSLATE_NOOP(
        "Menus", "Keep only the object's shape: drag a rectangle around it, refine with strokes, then pick Silhouette"
    )
    edit_kinds = SHAPE_KINDS
    Mode = ShapeMode

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        self.brush_radius = 0.02
        self.inputs: _Inputs | None = None  # what the latest run was asked
        self.found_inputs: _Inputs | None = None  # what the shown region was found from
        self.region: Region | None = None
        self.last_seconds: float | None = None
        self.running = False
        self._job: Job | None = None  # the latest GrabCut run: only its answer counts
        self.bar: ShapeOptions | None = None
        context.editor.document_replaced.connect(self._reset)

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget, layout = self.options_row()
        bar = self.bar = ShapeOptions(self.brush_radius)
        layout.addWidget(bar, 1)
        self.show_for([ShapeMode.OBJECT, ShapeMode.BACKGROUND], bar.brush_label, bar.size_slider)
        bar.size_slider.valueChanged.connect(lambda v: setattr(self, "brush_radius", v / 100))
        for edit_type in SHAPE_EDITS:
            bar.buttons[edit_type].clicked.connect(lambda _c=False, t=edit_type: self.add_shape_edit(t))
            bar.styles[edit_type].currentIndexChanged.connect(lambda _i, t=edit_type: self._style_changed(t))
        bar.cancel_button.clicked.connect(self.cancel)
        self._update_options()
        return widget

    def add_shape_edit(self, edit_type: type) -> None:
        """Adds a silhouette / outline / background removal of the found object (replacing a selected one)."""
        if self.region is None:
            if self.running:
                text = self.tr("Wait until the object is found: this needs the object's shape.")
            else:
                text = self.tr("First drag a rectangle around the object: this needs the object's shape.")
            self.context.notify(text, "warning")
            return
        edit = self._bar().edit_for(edit_type, self.region)
        editor = self.context.editor
        if self.selected_edit() is not None:  # switch the shape edit instead of stacking another on it
            editor.change_edit(editor.selected, edit)
        else:
            editor.add_edit(edit)

    def _bar(self) -> ShapeOptions:
        """The options bar, built on first use."""
        self.options()
        assert self.bar is not None  # build_options made it
        return self.bar

    def _style_changed(self, edit_type: type[Silhouette | Outline | RemoveBackground]) -> None:
        edit = self.selected_edit()
        if isinstance(edit, edit_type):
            self.change_selected(self._bar().edit_for(edit_type, edit.region))

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if edit is not None and self.bar is not None:
            self.bar.show_style(edit)
        if edit is not None and self.region is None:  # e.g. an experiment reopened: reuse its object
            self.region = edit.region
            self._update_options()
        self.refresh()

    def _update_options(self) -> None:
        if self.bar is None:
            return
        if self.running:
            text = tools_text(HINTS["running"])
        elif self.region is None:
            text = tools_text(HINTS["empty"])
        elif self.last_seconds is not None:
            text = tools_text(HINTS["found"]).format(seconds=self.last_seconds)
        else:
            text = tools_text(HINTS["reused"])
        self.bar.show_progress(self.running, text)

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
        self._bar().progress.setValue(0)
        self._job = self.context.bridge.run_job(Lane.GRABCUT, work)
        self._job.done.connect(self._job_done)
        self._job.failed.connect(self._stopped)
        self._job.cancelled.connect(self._job_cancelled)
        self._job.progress.connect(self._job_progress)
        self._update_options()
        self.refresh()

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
            self.context.notify(self.tr("GrabCut: {reason}.").format(reason=result.message), "warning")
        else:
            previous, self.region = self.region, result.region
            self.context.found.region = result.region  # the Texture tool's Object and Background fill it
            self.found_inputs, self.last_seconds = result.inputs, result.seconds
            edit = self.selected_edit()
            if edit is not None and edit.region == previous:
                # the shown silhouette (outline, cut-out) follows the refined object, as one undo step
                editor = self.context.editor
                editor.change_edit(editor.selected, replace(edit, region=result.region))
        self._update_options()
        self.refresh()

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
        self.refresh()

    @Slot(float)
    def _job_progress(self, fraction: float) -> None:
        if self.bar is not None:
            self.bar.progress.setValue(round(100 * fraction))

    @Slot()
    def _reset(self) -> None:
        if self._job is not None:
            self._job.cancel()  # a run for the previous image: its answer never arrives
        self.inputs = self.found_inputs = self.region = self.last_seconds = None
        self.context.found.region = None
        self.running = False
        self._update_options()
        self.refresh()

    # -- gestures -----------------------------------------------------------------------------------

    def press(self, gesture: Gesture) -> bool:
        if self.mode != ShapeMode.RECT and self.inputs is None:
            self.context.notify(
                self.tr("First drag a rectangle around the object, then mark what GrabCut got wrong."), "info"
            )
            return False
        return True

    def drag(self, gesture: Gesture) -> None:
        if self.mode != ShapeMode.RECT:
            gesture.points.append(gesture.point)
        self.refresh()

    def release(self, gesture: Gesture) -> None:
        if self.mode == ShapeMode.RECT:
            if not gesture.dragged:
                self.context.notify(self.tr("Drag a rectangle around the whole object to find it."), "info")
                self.refresh()
                return
            self.extract(_Inputs(box_from_points(gesture.start, gesture.point, self.shown_size()).as_tuple()))
            return
        stroke = Stroke(tuple(gesture.points), self.brush_radius)
        inputs = self.inputs or _Inputs(WHOLE_IMAGE)
        if self.mode == ShapeMode.OBJECT:
            self.extract(replace(inputs, object_strokes=(*inputs.object_strokes, stroke)))
        else:
            self.extract(replace(inputs, background_strokes=(*inputs.background_strokes, stroke)))

    # -- overlay ------------------------------------------------------------------------------------

    def activate(self) -> None:
        self._update_options()
        super().activate()

    def draw_overlay(self) -> None:
        """The found object's outline, the rectangle and the strokes it was found from, and the gesture."""
        height, width = self.shown_size()
        inputs, gesture, overlay = self.inputs, self.gesture, self.overlay
        if self.region is not None:  # tinted over the photo, a plain line over a silhouette or outline
            edits = self.document.edits if self.document is not None else []
            tint = None if edits and edits[-1].kind in SHAPE_KINDS else QColor(FOUND_COLOUR)
            if tint is not None:
                tint.setAlpha(60)
            overlay.add_path(region_path(self.region, self.to_canvas), FOUND_COLOUR, fill=tint)
        if inputs is not None and inputs.rect != WHOLE_IMAGE:
            self._add_rect(FracBox(*inputs.rect))
        strokes = [] if inputs is None else [(s, OBJECT_COLOUR) for s in inputs.object_strokes]
        strokes += [] if inputs is None else [(s, BACKGROUND_COLOUR) for s in inputs.background_strokes]
        if gesture is not None and self.mode != ShapeMode.RECT:
            colour = OBJECT_COLOUR if self.mode == ShapeMode.OBJECT else BACKGROUND_COLOUR
            strokes.append((Stroke(tuple(gesture.points), self.brush_radius), colour))
        for stroke, colour in strokes:
            line = QColor(colour)
            line.setAlpha(140)
            path = polyline_path(stroke.points, self.to_canvas)
            overlay.add_path(path, line, image_width=2 * stroke.radius * max(height, width))
        if gesture is not None and self.mode == ShapeMode.RECT and gesture.dragged:
            self._add_rect(box_from_points(gesture.start, gesture.point, self.shown_size()))

    def _add_rect(self, box: FracBox) -> None:
        self.overlay.add_path(rect_path(self.canvas_rect(box)), RECT_COLOUR, dashed=True, rim=DASH_RIM)
