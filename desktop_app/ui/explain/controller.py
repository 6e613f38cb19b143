"""The Explain feature: explanation maps (occlusion, RISE, CAM) of the current image, drawn over the canvas.

`ExplainController` composes the parts, each with one job: the dock's widgets (panel.py), the map jobs and the CAM
check (runner.py), the canvas layer with hover and click (overlay.py), click-to-cover (covered.py), the exports
(export.py) and the words (texts.py). It decides what is shown: a map stays on the canvas only while the image and
the model are the ones it was made from (plus, at most, a covered cell).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Signal, Slot

from desktop_app.core.edits import apply
from desktop_app.core.explain import window_at
from desktop_app.core.explanation import ExplanationMap, scale_title, tick_text, value_text
from desktop_app.core.export import colour_scale
from desktop_app.core.geometry import PixelBox
from desktop_app.core.model import ClassifierModel
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.explain.covered import CoveredCells
from desktop_app.ui.explain.export import MapExports, ShownMap
from desktop_app.ui.explain.overlay import FrameOf, MapOverlay, MapPixel
from desktop_app.ui.explain.panel import METHODS, SHORTCUT, ExplainPanel, explain_dock, idle_hint
from desktop_app.ui.explain.runner import CamSupport, MapRequest, MapRunner
from desktop_app.ui.explain.texts import covered_text, explain_text, summary, target_choices
from desktop_app.ui.model_choice import ModelChoice
from desktop_app.ui.services import WindowServices

TOP_CLASSES = 10
MODEL_CHANGED = QT_TRANSLATE_NOOP(
    "ExplainController", "The model changed since this map was made: run again ({key}), or undo to see it."
)
IMAGE_CHANGED = QT_TRANSLATE_NOOP(
    "ExplainController", "The image changed since this map was made: run again ({key}), or undo to see it."
)


class ExplainController(QObject):
    """Owns the Explain dock, the map jobs and the map on the canvas."""

    map_shown = Signal(object)  # emitted with each ExplanationMap put on the canvas (partial ones included)

    def __init__(
        self,
        services: WindowServices,
        canvas: ImageCanvas,
        frame_of: FrameOf,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.panel = ExplainPanel()
        self.model_choice = ModelChoice(services)  # with two models open: which one the maps are of
        self.panel.box.insertWidget(0, self.model_choice)
        self.dock = explain_dock(self.panel)
        self.runner = MapRunner(services.bridge, self)
        self.cam = CamSupport(services.bridge, self)
        self.overlay = MapOverlay(canvas, frame_of, self._describe, self._accepts_clicks, self)
        self.exports = MapExports(services, self._shown, self.panel.opacity_fraction, self._map_visible, self)
        self.covered = CoveredCells()
        self.result: ExplanationMap | None = None
        self.request: MapRequest | None = None  # what the map on screen was made from
        self._pending: MapRequest | None = None  # what the running job makes
        self._valid = self._previewing = False
        self._connect()
        if (model := self.model_choice.model()) is not None:
            self._model_changed(model)
        self._refresh_targets()

    def action_specs(self) -> list[ActionSpec]:
        """Tools › Explain Prediction, and View › Panels › Explain Panel."""
        return [
            ActionSpec("explain", QT_TRANSLATE_NOOP("Menus", "E&xplain Prediction"), self.run, "&Tools", (SHORTCUT,),
                       separator=True,
                       tip=QT_TRANSLATE_NOOP("Menus", "Compute an explanation map of the current image")),
            ActionSpec("explain_panel", QT_TRANSLATE_NOOP("Menus", "&Explain Panel"), self.dock.setVisible,
                       "&View/&Panels", ("F9",), checkable=True, existing=self.dock.toggleViewAction(),
                       tip=QT_TRANSLATE_NOOP("Menus", "Show or hide the Explain panel")),
        ]  # fmt: skip

    def _connect(self) -> None:
        panel, services, overlay = self.panel, self.services, self.overlay
        panel.run_button.clicked.connect(self.run)
        panel.cancel_button.clicked.connect(self.runner.cancel)
        panel.method.currentIndexChanged.connect(self._method_changed)
        panel.show_map.toggled.connect(lambda _on: self._update_visibility())
        panel.opacity.valueChanged.connect(lambda _value: overlay.item.setOpacity(panel.opacity_fraction()))
        panel.export_overlay.clicked.connect(lambda: self.exports.ask("overlay"))
        panel.export_raw.clicked.connect(lambda: self.exports.ask("colours"))
        panel.export_npy.clicked.connect(lambda: self.exports.ask("values"))
        overlay.item.setOpacity(panel.opacity_fraction())
        overlay.clicked.connect(self.cover_cell_at)
        self.cam.known.connect(self._show_cam_support)
        self.model_choice.changed.connect(self._model_changed)
        for lane in (services.bridge.predictions, services.bridge.second_predictions):
            lane.ready.connect(lambda _prediction: self._refresh_targets())
        services.editor.document_replaced.connect(self._document_replaced)
        services.editor.changed.connect(self._document_changed)
        self.dock.visibilityChanged.connect(lambda _visible: self._update_visibility())
        self._method_changed()

    # -- running ------------------------------------------------------------------------------------

    @Slot()
    def run(self) -> None:
        """Computes the chosen map of the current image in the background (a new run replaces a running one)."""
        request, probe = self._next_request()
        if request is None:
            return
        self.dock.show()
        self.dock.raise_()
        self._clear_map()  # the map on screen is not the one being made: it goes rather than pose as its start
        self._pending = request
        self.panel.set_running(True)
        computing = (
            self.tr("{method}: computing (without the covered cell)…") if probe else self.tr("{method}: computing…")
        )
        self.panel.status.setText(computing.format(method=explain_text(METHODS[request.method])))
        job = self.runner.start(request)
        job.progress.connect(lambda fraction: self.panel.progress.setValue(round(1000 * fraction)))
        job.partial.connect(self._show)
        job.done.connect(self._done)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)

    def _next_request(self) -> tuple[MapRequest | None, bool]:
        """What to explain now, and whether a covered cell was left out; (None, False) with a notice if nothing."""
        services, panel = self.services, self.panel
        document, model, method = services.editor.document, self.model_choice.model(), panel.chosen_method()
        if document is None or model is None:
            services.notify(self.tr("Open an image and wait for the model before explaining."), "info")
            return None, False
        available, reason = self.cam.answer(model) or (True, "")  # not checked yet: the run will tell
        if method == "cam" and not available:
            services.notify(self.tr("CAM is not available for this model: {reason}").format(reason=reason), "warning")
            return None, False
        edits = tuple(document.edits)
        probe = self.covered.probe(edits) is not None
        if probe:
            edits = edits[:-1]  # a covered cell is a probe of the last map, not part of the image to explain
        image = apply(document.working, edits)
        return MapRequest(image, document, edits, model, method, panel.chosen_target(), panel.chosen_options()), probe

    @Slot()
    def cancel(self) -> None:
        """Stops the running map; what was computed so far stays on screen."""
        self.runner.cancel()

    def is_running(self) -> bool:
        """Whether a map is being computed."""
        return self.runner.running

    @Slot(object)
    def _done(self, result: ExplanationMap) -> None:
        self.panel.set_running(False)
        self._show(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.panel.set_running(False)
        self.panel.status.setText(self.tr("The map could not be made: {reason}").format(reason=message))
        self.services.notify(self.tr("The explanation failed: {reason}").format(reason=message), "error")

    @Slot()
    def _cancelled(self) -> None:
        self.panel.set_running(False)
        kept = self.result is not None and not self.result.complete
        self.panel.status.setText(self.tr("Stopped. The map so far stays on screen.") if kept else self.tr("Stopped."))

    # -- showing ------------------------------------------------------------------------------------

    @Slot(object)
    def _show(self, result: ExplanationMap) -> None:
        """Puts a (partial or final) map on the canvas, with its legend."""
        request = self.request = self._pending or self.request
        if request is None:
            return
        self.result = result
        scale = colour_scale(result)
        self.overlay.show_map(scale.colours(result.values), PixelBox(*result.crop), request.image.shape[:2])
        title = scale_title(result, self._class_name(result.target))
        label = lambda value: tick_text(result.method, value)  # noqa: E731
        self.panel.legend.set_scale(scale.bar(), scale.low, scale.high, scale.ticks(), title, label)
        self.panel.set_has_map(True)
        self.panel.preview.setEnabled(result.method == "occlusion")
        if not self.panel.value.text():
            self._describe(None)
        self._check_valid()
        self.panel.status.setText(self._status_text())
        self.map_shown.emit(result)

    def _class_name(self, index: int) -> str:
        model = self.request.model if self.request else self.model_choice.model()
        return model.labels.name(index) if model is not None else f"class {index}"

    def _shown(self) -> ShownMap | None:
        """The map on screen and what it was made from, for the exports."""
        if self.result is None or self.request is None:
            return None
        return ShownMap(self.result, self.request, self._class_name(self.result.target))

    def _map_visible(self) -> bool:
        return self.result is not None and self._valid and self.panel.show_map.isChecked()

    def _update_visibility(self) -> None:
        shown = self._map_visible()
        self.overlay.set_visible(shown, self._previewing)
        if not shown:
            self.panel.value.setText("")  # a value read off a map that is not on screen would be stale

    def _status_text(self) -> str:
        """The map's summary, or why it is hidden."""
        if self.result is None:
            return idle_hint()
        if self._valid:
            return summary(self.result, self._class_name(self.result.target))
        stale_model = self.request is not None and self.model_choice.model() is not self.request.model
        return self.tr(MODEL_CHANGED if stale_model else IMAGE_CHANGED).format(key=SHORTCUT)

    # -- document and model changes -----------------------------------------------------------------

    @Slot()
    def _document_replaced(self) -> None:
        """A new photo: the map is of another image, so it goes."""
        self.runner.cancel()
        self._pending = None
        self.covered.clear()
        self._clear_map()
        self.panel.status.setText(idle_hint())

    def _clear_map(self) -> None:
        """Takes the map off the canvas and the dock (legend and read-out)."""
        self.result, self.request = None, None
        self.overlay.clear()
        self._valid = self._previewing = False
        self.panel.set_has_map(False)
        self._update_visibility()

    @Slot()
    def _document_changed(self) -> None:
        if self.result is not None:
            self._check_valid()

    def _check_valid(self) -> None:
        """Shows the map only while the image is the one explained (plus, at most, the covered cell)."""
        request, document = self.request, self.services.editor.document
        valid = previewing = False
        if request is not None and document is request.document and self.model_choice.model() is request.model:
            edits = tuple(document.edits)
            probe = self.covered.probe(edits)
            previewing = probe is not None
            if probe is not None:
                edits = edits[:-1]
            self.overlay.set_outline(probe)
            valid = len(edits) == len(request.edits) and all(a is b for a, b in zip(edits, request.edits, strict=True))
        self._previewing = previewing
        was_valid, self._valid = self._valid, valid
        if was_valid != valid and self.result is not None and not self.is_running():
            self.panel.status.setText(self._status_text())
        self._update_visibility()

    @Slot(object)
    def _model_changed(self, model: ClassifierModel) -> None:
        self.panel.window_size.setMaximum(model.spec.size)
        self.panel.stride.setMaximum(model.spec.size)
        self.cam.check(model)
        if self.result is not None:
            self._check_valid()
        self._refresh_targets()

    @Slot(object)
    def _show_cam_support(self, model: ClassifierModel) -> None:
        answer = self.cam.answer(model)
        if model is self.model_choice.model() and answer is not None:
            self.panel.set_method_available("cam", *answer)

    def _refresh_targets(self) -> None:
        """The class list: the current prediction's top classes, keeping a chosen one."""
        model = self.model_choice.model()
        prediction = self.services.prediction_of(model) if model is not None else None
        keep = self.panel.chosen_target()
        current = prediction.probabilities if prediction is not None else None
        self.panel.set_targets(target_choices(model, current, keep, TOP_CLASSES) if model else [], keep)

    @Slot()
    def _method_changed(self) -> None:
        model = self.model_choice.model()
        if self.panel.chosen_method() == "cam" and model is not None and self.cam.answer(model) is None:
            self.cam.check(model)  # an earlier check was stopped

    # -- hover and click on the map -----------------------------------------------------------------

    def _describe(self, pixel: MapPixel | None) -> str:
        """Shows the map's value at a (row, column) in the dock; returns the text ("" outside the map)."""
        if pixel is None or self.result is None:
            self.panel.value.setText(self.tr("Point at the map to read its value.") if self.result is not None else "")
            return ""
        row, col = pixel
        value = float(self.result.values[row, col])
        text = value_text(self.result.method, value, self._class_name(self.result.target))
        text = text[0].upper() + text[1:]
        self.panel.value.setText(text)
        return text

    def value_text(self) -> str:
        """The hover read-out as shown in the dock."""
        return self.panel.value.text()

    def _accepts_clicks(self) -> bool:
        """Whether a click on the map covers a cell: an occlusion map with its windows, shown, the option on."""
        result, shown = self.result, self.dock.isVisible() and self.panel.preview.isChecked()
        return (
            shown
            and result is not None
            and result.method == "occlusion"
            and {"positions", "window"} <= set(result.details)
        )

    @Slot(QPointF)
    def cover_cell_at(self, image_pos: QPointF) -> bool:
        """Covers the occlusion window under a point of the image with an undoable edit; False if none is there."""
        result, request = self.result, self.request
        pixel = self.overlay.pixel_at(image_pos)
        visible = self.overlay.item.isVisible()
        if result is None or request is None or pixel is None or not (visible and self._accepts_clicks()):
            return False
        row, col = window_at(result, pixel[0] + 0.5, pixel[1] + 0.5)
        height, width = request.image.shape[:2]
        edit = self.covered.cover(result, row, col, height, width, request.fill)  # first: the change's signal checks it
        editor = self.services.editor
        if self._previewing:  # one covered cell at a time: the new one takes the old one's place
            editor.change_edit(len(editor.entries) - 1, edit)
        else:
            editor.add_edit(edit)
        self.panel.status.setText(covered_text(result, row, col, self._class_name(result.target)))
        return True
