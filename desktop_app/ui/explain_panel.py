"""The Explain dock: explanation maps (occlusion, RISE, CAM) of the current image, drawn over the canvas.

`ExplainController(window)` attaches everything to a MainWindow: the dock, the overlay on the canvas scene, the
hover read-out, click-to-cover for occlusion cells, the exports and the Ctrl+Shift+E action. The maps are computed
by `desktop_app.core.explain` on the bridge's "explain" lane; this module only shows them.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QEnterEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QScrollArea,
    QToolTip,
)

from desktop_app.core import colormap
from desktop_app.core.document import Document
from desktop_app.core.edits import Edit, Fill, Occlude, apply
from desktop_app.core.explain import ExplanationMap, cam_map, cam_support, occlusion_map, rise_map, window_box
from desktop_app.core.model import ClassifierModel
from desktop_app.ui.explain_controls import IDLE_HINT, METHODS, SHORTCUT, ExplainPanel
from desktop_app.ui.heatmap import CellOutline, HeatmapItem, compose_overlay
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.qimage import array_to_qimage

DOCK_MIN_WIDTH = 180
COLOUR_MAP = "viridis"  # perceptually uniform and colour-blind safe
SCALE_TITLES = {
    "occlusion": "Drop of the target's probability when covered",
    "rise": "Saliency (RISE)",
    "cam": "Saliency (class activation)",
}
TOP_CLASSES = 10


@dataclass(frozen=True)
class Explained:
    """What a map was computed from: the image, the document state (edit identities) and the model."""

    image: np.ndarray
    document: Document
    edits: tuple[Edit, ...]
    model: ClassifierModel
    method: str
    fill: str


def _check_cam(model: ClassifierModel) -> tuple[bool, str]:
    """cam_support, with any failure to read a foreign graph turned into a reason."""
    try:
        return cam_support(model)
    except Exception as err:
        return False, f"the model's graph could not be inspected ({type(err).__name__})"


def _cell_index(offsets: Sequence[int], window: int, coordinate: float) -> int:
    """The window (by offset index) that covers a coordinate, preferring the one centred nearest to it."""
    centres = np.asarray(offsets, np.float64) + window / 2
    covering = [
        (abs(c - coordinate), i)
        for i, (o, c) in enumerate(zip(offsets, centres, strict=True))
        if o <= coordinate < o + window
    ]
    if covering:
        return min(covering)[1]
    return int(np.argmin(np.abs(centres - coordinate)))


def _value_text(method: str, value: float, target: str) -> str:
    """What a map value means, in words."""
    if not np.isfinite(value):
        return "not computed yet"
    if method == "occlusion":
        verb = "lowers" if value >= 0 else "raises"
        return f"covering here {verb} P({target}) by {100 * abs(value):.1f} points"
    return f"saliency {value:.3g}".replace("-", "−")


def _tick_label(method: str) -> Callable[[float], str]:
    """How the legend writes a value: percentage points for occlusion, plain numbers otherwise."""
    if method == "occlusion":
        return lambda v: f"{100 * v:.3g}".replace("-", "−")
    return lambda v: f"{v:.3g}".replace("-", "−")


class ExplainController(QObject):
    """Owns the Explain dock and the map overlay of one MainWindow."""

    map_shown = Signal(object)  # emitted with each ExplanationMap put on the canvas (partial ones included)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.canvas
        self.panel = ExplainPanel()
        self.dock = QDockWidget("Explain", window)
        self.dock.setObjectName("ExplainDock")
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.dock.setWidget(scroll)
        self.dock.setMinimumWidth(DOCK_MIN_WIDTH)  # narrower windows scroll the panel rather than grow
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        if not window.restoreDockWidget(self.dock):  # the window restored its layout before this dock existed
            self.dock.hide()  # first start: the canvas keeps the room until an explanation is asked for

        self.item = HeatmapItem()
        self.item.setVisible(False)
        self.outline = CellOutline()
        self.canvas.scene().addItem(self.item)
        self.canvas.scene().addItem(self.outline)

        self.result: ExplanationMap | None = None
        self.explained: Explained | None = None
        self._pending: Explained | None = None
        self._rgba: np.ndarray | None = None
        self._job: Job | None = None
        self._valid = False
        # cells covered by clicks on this image's map, by id(edit) (kept so that undo and redo bring them back),
        # and whether one of them is the document's last edit now
        self._probes: dict[int, tuple[Occlude, QRectF]] = {}
        self._previewing = False
        self._press: QMouseEvent | None = None  # a left press on the map, held back until it proves a click
        self._forwarding = False
        self._tooltip_shown = False
        self._cam: weakref.WeakKeyDictionary[ClassifierModel, tuple[bool, str]] = weakref.WeakKeyDictionary()

        self.run_action = QAction("E&xplain Prediction", window)
        self.run_action.setShortcut(QKeySequence(SHORTCUT))
        self.run_action.setStatusTip("Compute an explanation map of the current image")
        self.run_action.triggered.connect(self.run)
        window.addAction(self.run_action)
        self._add_to_menu()
        self._connect()
        self._model_changed(window.model)
        self._refresh_targets()

    # -- construction -------------------------------------------------------------------------------

    def _add_to_menu(self) -> None:
        tools = next((a.menu() for a in self.window.menuBar().actions() if a.text().replace("&", "") == "Tools"), None)
        if isinstance(tools, QMenu):
            tools.addSeparator()
            tools.addAction(self.run_action)
            toggle = self.dock.toggleViewAction()
            toggle.setText("Explain &Panel")
            tools.addAction(toggle)

    def _connect(self) -> None:
        panel, bridge, documents = self.panel, self.window.bridge, self.window.document_model
        panel.run_button.clicked.connect(self.run)
        panel.cancel_button.clicked.connect(self.cancel)
        panel.method.currentIndexChanged.connect(self._method_changed)
        panel.show_map.toggled.connect(lambda _on: self._update_visibility())
        panel.opacity.valueChanged.connect(lambda v: self.item.setOpacity(v / 100))
        panel.export_overlay.clicked.connect(lambda: self._export_dialog("overlay"))
        panel.export_raw.clicked.connect(lambda: self._export_dialog("raw"))
        panel.export_npy.clicked.connect(lambda: self._export_dialog("npy"))
        self.item.setOpacity(panel.opacity.value() / 100)
        self.window.models.changed.connect(self._model_changed)
        bridge.prediction_ready.connect(lambda _prediction: self._refresh_targets())
        documents.document_replaced.connect(self._document_replaced)
        documents.changed.connect(self._document_changed)
        self.dock.visibilityChanged.connect(lambda _visible: self._update_visibility())
        self.canvas.viewport().installEventFilter(self)
        self._method_changed()

    # -- running ------------------------------------------------------------------------------------

    @Slot()
    def run(self) -> None:
        """Computes the chosen map of the current image in the background (a new run replaces a running one)."""
        window, panel = self.window, self.panel
        document, model = window.document_model.document, window.model
        if document is None or model is None:
            window.notice.show_message("Open an image and wait for the model before explaining.", "info")
            return
        method = panel.chosen_method()
        if method == "cam":
            available, reason = self._cam.get(model, (True, ""))  # not checked yet: the run will tell
            if not available:
                window.notice.show_message(f"CAM is not available for this model: {reason}", "warning")
                return
        self.dock.show()
        self.dock.raise_()
        edits = tuple(document.edits)
        probe = self._probe(edits) is not None
        if probe:
            edits = edits[:-1]  # a covered cell is a probe of the last map, not part of the image to explain
        image = apply(document.working, edits)
        fill = str(panel.fill.currentData())
        self._pending = Explained(image, document, edits, model, method, fill)
        panel.set_running(True)
        panel.status.setText(f"{METHODS[method]}: computing{' (without the covered cell)' if probe else ''}…")
        self._job = window.bridge.run_job(Lane.EXPLAIN, self._work(self._pending, panel.chosen_target()))
        self._job.progress.connect(self._job_progress)
        self._job.partial.connect(self._job_partial)
        self._job.done.connect(self._job_done)
        self._job.failed.connect(self._job_failed)
        self._job.cancelled.connect(self._job_cancelled)

    def _work(self, source: Explained, target: int | None) -> Callable[[object, Callable], ExplanationMap]:
        """The worker-thread function of a run: a closure over immutable inputs."""
        panel, model, image = self.panel, source.model, source.image
        if source.method == "occlusion":
            window, stride = panel.window_size.value(), panel.stride.value()
            options = dict(window=window, stride=stride, fill=source.fill)
            compute = occlusion_map
        elif source.method == "rise":
            options = dict(masks=panel.masks.value(), cell=panel.cell.value(), seed=panel.seed.value())
            compute = rise_map
        else:
            return lambda _token, _report: cam_map(model, image, target=target)

        def work(token: object, report: Callable[[float, object | None], None]) -> ExplanationMap:
            done = [0.0]

            def progress(fraction: float) -> None:
                done[0] = fraction
                report(fraction, None)

            return compute(
                model,
                image,
                target=target,
                **options,
                cancel=token,
                progress=progress,
                on_partial=lambda partial: report(done[0], partial),
            )

        return work

    @Slot()
    def cancel(self) -> None:
        """Stops the running map; what was computed so far stays on screen."""
        if self._job is not None:
            self._job.cancel()

    def is_running(self) -> bool:
        """Whether a map is being computed."""
        return self._job is not None and self._job.is_running

    @Slot(float)
    def _job_progress(self, fraction: float) -> None:
        self.panel.progress.setValue(round(1000 * fraction))

    @Slot(object)
    def _job_partial(self, payload: object) -> None:
        if isinstance(payload, ExplanationMap):
            self._show(payload)

    @Slot(object)
    def _job_done(self, result: ExplanationMap) -> None:
        self._finish()
        self._show(result)

    @Slot(str)
    def _job_failed(self, message: str) -> None:
        self._finish()
        self.panel.status.setText(f"The map could not be made: {message}")
        self.window.notice.show_message(f"The explanation failed: {message}", "error")

    @Slot()
    def _job_cancelled(self) -> None:
        self._finish()
        kept = " The map so far stays on screen." if self.result is not None and not self.result.complete else ""
        self.panel.status.setText(f"Stopped.{kept}")

    def _finish(self) -> None:
        self.panel.set_running(False)

    def _check_cam_support(self, model: ClassifierModel) -> None:
        """Reads whether CAM applies to a model off the GUI thread (~0.1 s for the graph)."""
        job = self.window.bridge.run_job(Lane.CAM_SUPPORT, lambda _token, _progress: _check_cam(model))
        job.done.connect(lambda support: self._cam_support_known(model, support))

    def _cam_support_known(self, model: ClassifierModel, support: tuple[bool, str]) -> None:
        self._cam[model] = support
        self._show_cam_support(model)

    # -- showing ------------------------------------------------------------------------------------

    def _show(self, result: ExplanationMap) -> None:
        """Puts a (partial or final) map on the canvas, with its legend."""
        if self._pending is not None:
            self.explained = self._pending
        self.result = result
        values = result.values
        low, high = colormap.value_range(values)
        if result.method == "occlusion":
            low = min(low, 0.0)  # zero (no change) is always on the scale
        self._rgba = colormap.colorize(values, low, high, COLOUR_MAP, 1.0)
        self.item.set_map(self._rgba, result.crop)
        bar = colormap.colorize(np.linspace(low, high, 256, dtype=np.float32)[None, :], low, high, COLOUR_MAP, 1.0)
        ticks = colormap.legend_ticks(low, high)
        self.panel.legend.set_scale(bar, low, high, ticks, self._scale_title(result), _tick_label(result.method))
        self.panel.set_has_map(True)
        self.panel.preview.setEnabled(result.method == "occlusion")
        if not self.panel.value.text():
            self._hover_value(None)
        self._check_valid()
        self.panel.status.setText(self._status_text())
        self.map_shown.emit(result)

    def _scale_title(self, result: ExplanationMap) -> str:
        title = SCALE_TITLES.get(result.method, "Saliency")
        name = self._class_name(result.target)
        if result.method == "occlusion":
            return f"Drop of P({name}) when covered, in points"
        return f"{title} for {name}"

    def _class_name(self, index: int) -> str:
        model = self.explained.model if self.explained else self.window.model
        return model.labels.name(index) if model is not None else f"class {index}"

    def _summary(self, result: ExplanationMap) -> str:
        name = METHODS.get(result.method, result.method).split(" (")[0]
        target = self._class_name(result.target)
        details = result.details if isinstance(result.details, dict) else {}
        if not result.complete:
            if "masks_done" in details:
                return f"{name} map of “{target}”: {details['masks_done']} of {details['masks']} masks so far…"
            return f"{name} map of “{target}”: {result.forward_passes} forward passes so far, refining…"
        passes = result.forward_passes
        work = "the last feature map reused" if passes == 0 else f"{passes} forward pass{'es' if passes > 1 else ''}"
        text = f"{name} map of “{target}”: {work}, {result.elapsed_s:.2f} s."
        probability = details.get("base_probability", details.get("probability"))
        if probability is not None:
            text += f" The model gives “{target}” {100 * float(probability):.1f} % on this image."
        return text

    def _update_visibility(self) -> None:
        shown = self.result is not None and self._valid and self.panel.show_map.isChecked()
        self.item.setVisible(shown)
        self.outline.setVisible(shown and self._previewing)
        if shown:
            self.canvas.viewport().setMouseTracking(True)  # hover read-out (a tool switch may have turned it off)
        elif self._tooltip_shown:
            QToolTip.hideText()
            self._tooltip_shown = False

    # -- document and model changes ---------------------------------------------------------------------

    @Slot()
    def _document_replaced(self) -> None:
        """A new photo: the map is of another image, so it goes."""
        if self.is_running():
            self.cancel()
        self.result, self.explained, self._pending, self._rgba = None, None, None, None
        self._probes.clear()
        self._valid = self._previewing = False
        self.panel.set_has_map(False)
        self.panel.status.setText(IDLE_HINT)
        self._update_visibility()

    @Slot()
    def _document_changed(self) -> None:
        if self.result is not None:
            self._check_valid()

    def _check_valid(self) -> None:
        """Shows the map only while the image is the one explained (plus, at most, the covered cell)."""
        source, document = self.explained, self.window.document_model.document
        valid = previewing = False
        if source is not None and document is source.document and self.window.model is source.model:
            edits = tuple(document.edits)
            probe = self._probe(edits)
            previewing = probe is not None
            if probe is not None:
                edits = edits[:-1]
                self.outline.setRect(probe[1])
            valid = len(edits) == len(source.edits) and all(a is b for a, b in zip(edits, source.edits, strict=True))
        self._previewing = previewing
        was_valid, self._valid = self._valid, valid
        if was_valid != valid and self.result is not None and not self.is_running():
            self.panel.status.setText(self._status_text())
        self._update_visibility()

    def _probe(self, edits: Sequence[Edit]) -> tuple[Occlude, QRectF] | None:
        """The covered cell (edit, scene rectangle) that is the last of these edits, if it is one."""
        probe = self._probes.get(id(edits[-1])) if edits else None
        return probe if probe is not None and probe[0] is edits[-1] else None

    def _status_text(self) -> str:
        """The map's summary, or why it is hidden."""
        if self.result is None:
            return IDLE_HINT
        if self._valid:
            return self._summary(self.result)
        source = self.explained
        changed = "model" if source is not None and self.window.model is not source.model else "image"
        return f"The {changed} changed since this map was made: run again ({SHORTCUT}), or undo to see it."

    def _model_changed(self, model: ClassifierModel | None) -> None:
        if model is None:
            return
        self.panel.window_size.setMaximum(model.spec.size)
        self.panel.stride.setMaximum(model.spec.size)
        if model in self._cam:
            self._show_cam_support(model)
        else:
            self._check_cam_support(model)
        if self.result is not None:
            self._check_valid()

    def _show_cam_support(self, model: ClassifierModel) -> None:
        if model is self.window.model:
            available, reason = self._cam[model]
            self.panel.set_method_available("cam", available, reason)

    def _refresh_targets(self) -> None:
        """The class list: the current prediction's top classes, keeping a chosen one."""
        model, prediction = self.window.model, self.window.prediction
        keep = self.panel.chosen_target()
        classes: list[tuple[int, str]] = []
        if model is not None and prediction is not None and prediction.model is model:
            classes = [
                (t.index, f"{t.label} — {100 * t.probability:.1f} %")
                for t in model.top_k(prediction.probabilities, TOP_CLASSES)
            ]
        if keep is not None and model is not None and all(index != keep for index, _ in classes):
            classes.append((keep, model.labels.name(keep)))
        self.panel.set_targets(classes, keep)

    @Slot()
    def _method_changed(self) -> None:
        method, model = self.panel.chosen_method(), self.window.model
        if method == "cam" and model is not None and model not in self._cam:  # an earlier check was stopped
            self._check_cam_support(model)

    # -- hover and click on the canvas ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hover read-out and click-to-cover on the canvas viewport; drags and everything else pass through."""
        kind = event.type()
        if self._forwarding or not isinstance(event, (QMouseEvent, QEnterEvent)) and kind != QEvent.Type.Leave:
            return False
        if kind == QEvent.Type.Enter and self.item.isVisible():
            self.canvas.viewport().setMouseTracking(True)
        elif kind == QEvent.Type.Leave:
            self._hover_value(None)
        elif kind == QEvent.Type.MouseMove:
            self._hover(event)
            if self._press is not None:
                if (event.position() - self._press.position()).manhattanLength() < QApplication.startDragDistance():
                    return True
                self._forward_press()  # a drag, not a click: it belongs to the pan or the active tool
        elif kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            if self._can_preview() and self.item.map_pixel(self.canvas.map_to_image(event.position())) is not None:
                self._press = QMouseEvent(
                    event.type(),
                    event.position(),
                    event.globalPosition(),
                    event.button(),
                    event.buttons(),
                    event.modifiers(),
                )
                return True
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            if self._press is not None:
                press, self._press = self._press, None
                self.preview_cell_at(self.canvas.map_to_image(press.position()))
                return True
        return False

    def _forward_press(self) -> None:
        """Hands a held-back press to the canvas after all, once the mouse has moved far enough to be a drag."""
        press, self._press = self._press, None
        self._forwarding = True
        try:
            QApplication.sendEvent(self.canvas.viewport(), press)
        finally:
            self._forwarding = False

    def _hover(self, event: QMouseEvent) -> None:
        if not self.item.isVisible() or self.result is None:
            return
        pixel = self.item.map_pixel(self.canvas.map_to_image(event.position()))
        text = self._hover_value(pixel)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self.canvas.viewport())
            self._tooltip_shown = True
        elif self._tooltip_shown:
            QToolTip.hideText()
            self._tooltip_shown = False

    def _hover_value(self, pixel: tuple[int, int] | None) -> str:
        """Shows the map's value at a (row, column) in the dock; returns the text ("" outside the map)."""
        if pixel is None or self.result is None:
            self.panel.value.setText("Point at the map to read its value." if self.result is not None else "")
            return ""
        row, col = pixel
        text = _value_text(
            self.result.method, float(self.result.values[row, col]), self._class_name(self.result.target)
        )
        text = text[0].upper() + text[1:]
        self.panel.value.setText(text)
        return text

    def value_text(self) -> str:
        """The hover read-out as shown in the dock."""
        return self.panel.value.text()

    def _can_preview(self) -> bool:
        result = self.result
        return (
            result is not None
            and result.method == "occlusion"
            and self.item.isVisible()
            and self.dock.isVisible()
            and self.panel.preview.isChecked()
            and "positions" in result.details
            and "window" in result.details
        )

    def preview_cell_at(self, scene_pos: QPointF) -> bool:
        """Covers the occlusion window under a point of the image with an undoable edit; False if none is there."""
        result, source = self.result, self.explained
        pixel = self.item.map_pixel(scene_pos)
        if result is None or source is None or pixel is None or not self._can_preview():
            return False
        offsets = result.details["positions"]  # window offsets, the same along both axes
        window = int(result.details["window"])
        row, col = _cell_index(offsets, window, pixel[0] + 0.5), _cell_index(offsets, window, pixel[1] + 0.5)
        height, width = source.image.shape[:2]
        x0, y0, x1, y1 = window_box(result, row, col, height, width)
        edit = Occlude(x0 / width, y0 / height, x1 / width, y1 / height, fill=Fill(source.fill))
        documents = self.window.document_model
        replace = self._previewing
        self._probes[id(edit)] = (edit, QRectF(x0, y0, x1 - x0, y1 - y0))  # first: the change's signal checks it
        if replace:  # one covered cell at a time: the new one takes the old one's place
            documents.change_edit(len(documents.entries) - 1, edit)
        else:
            documents.add_edit(edit)
        drops = result.details.get("drops")
        said = ""
        if drops is not None and np.isfinite(np.asarray(drops)[row, col]):
            drop = _value_text("occlusion", float(np.asarray(drops)[row, col]), self._class_name(result.target))
            said = f" The map says {drop.replace('covering here', 'covering it')}."
        self.panel.status.setText(
            f"Covered the window in row {row + 1}, column {col + 1}.{said} "
            "The chart shows the model's answer; Ctrl+Z uncovers it."
        )
        return True

    # -- exports ------------------------------------------------------------------------------------

    def export_overlay(self, path: str | Path) -> bool:
        """Saves the explained image with the map over it (at the current opacity) as PNG."""
        if self.result is None or self.explained is None or self._rgba is None:
            return self._nothing_to_export()
        opacity = self.panel.opacity.value() / 100
        image = compose_overlay(self.explained.image, self._rgba, self.result.crop, opacity)
        return self._saved(image.save(str(path), "PNG"), path)

    def export_raw(self, path: str | Path) -> bool:
        """Saves the coloured map alone (one pixel per model-input pixel) as PNG."""
        if self._rgba is None:
            return self._nothing_to_export()
        return self._saved(array_to_qimage(self._rgba).save(str(path), "PNG"), path)

    def export_npy(self, path: str | Path) -> bool:
        """Saves the map's float32 values as a NumPy .npy file."""
        if self.result is None:
            return self._nothing_to_export()
        try:
            np.save(Path(path), np.asarray(self.result.values, np.float32), allow_pickle=False)
        except OSError as err:
            self.window.notice.show_message(f"Could not save {Path(path).name}: {err.strerror or err}", "error")
            return False
        return self._saved(True, path)

    def _nothing_to_export(self) -> bool:
        self.window.notice.show_message("There is no map to export yet: press Explain first.", "info")
        return False

    def _saved(self, ok: bool, path: str | Path) -> bool:
        if ok:
            self.window.statusBar().showMessage(f"Saved {Path(path).name}", 4000)
        else:
            self.window.notice.show_message(f"Could not save {Path(path).name}: check the folder and name.", "error")
        return ok

    def _export_dialog(self, what: str) -> None:
        if self.result is None or self.explained is None:
            self._nothing_to_export()
            return
        stem = Path(self.explained.document.name).stem
        name = f"{stem}-{self.result.method}-{self._class_name(self.result.target).replace(' ', '_')}"
        suffix, title, pattern = {
            "overlay": ("-overlay.png", "Export map over the image", "PNG (*.png)"),
            "raw": ("-map.png", "Export the coloured map", "PNG (*.png)"),
            "npy": (".npy", "Export the map's values", "NumPy array (*.npy)"),
        }[what]
        suggested = str(Path(self.window.settings.last_dir or ".") / f"{name}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self.window, title, suggested, pattern)
        if path:
            {"overlay": self.export_overlay, "raw": self.export_raw, "npy": self.export_npy}[what](path)
