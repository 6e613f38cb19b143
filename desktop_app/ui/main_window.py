"""The main window: composition and wiring of canvas, chart, edits panel, actions and the inference bridge."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.edits import EditError
from desktop_app.core.model import ClassifierModel
from desktop_app.core.paths import default_model_path
from desktop_app.core.prediction import chart_rows
from desktop_app.core.preprocess import crop_box
from desktop_app.ui.actions import ACTIONS, build_actions
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.document_model import DocumentModel
from desktop_app.ui.edits_panel import EditsPanel
from desktop_app.ui.experiment_files import ExperimentFiles
from desktop_app.ui.explain.controller import ExplainController
from desktop_app.ui.image_files import ImageFiles
from desktop_app.ui.inference import InferenceBridge, Prediction
from desktop_app.ui.lessons import Lessons
from desktop_app.ui.menus import Menus, build_menus
from desktop_app.ui.model_slot import ModelSlot
from desktop_app.ui.notice_bar import NoticeBar
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.services import BusyIndicator, WindowServices
from desktop_app.ui.settings import AppSettings
from desktop_app.ui.snapshots import Snapshot, SnapshotStrip
from desktop_app.ui.tool_manager import ToolManager
from desktop_app.ui.tools import ToolContext

FRAME_MS = 16  # renders at most ~60 times a second


class MainWindow(QMainWindow):
    """Canvas in the middle, prediction chart and edits beside it; everything slow runs on the bridge."""

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.settings = settings
        self.prediction: Prediction | None = None
        self._baseline: tuple[int, int, np.ndarray] | None = None  # (id(model), id(document), probabilities)
        self.setWindowTitle("Classifier Explorer")
        self.setAcceptDrops(True)
        self.bridge = InferenceBridge(self)
        self.busy = BusyIndicator(self)
        self.models = ModelSlot(self.bridge, settings, self.busy, self)
        self.document_model = DocumentModel(self)
        self.canvas = ImageCanvas()
        self.chart = PredictionChart()
        self.edits_panel = EditsPanel(self.document_model)
        self.notice = NoticeBar()
        self.snapshots = SnapshotStrip()
        self._last_render = 0.0
        self._render_timer = QTimer(self, singleShot=True, timeout=self._render)
        self._build_status_bar()
        self.services = WindowServices(
            self.bridge,
            self.document_model,
            self.models,
            settings,
            self.busy,
            self.notice,
            self.statusBar(),
            self,
            lambda: self.prediction,
            lambda: self._baseline[2] if self._baseline else None,
        )
        self.actions_by_key = build_actions(self)
        self.experiments = ExperimentFiles(self.services, settings.autosave_path(), self)
        self.images = ImageFiles(self.services, self.experiments.open, self)
        self._build_layout()
        menus = self._build_menus_and_toolbar()
        self._connect()
        self._build_explain(menus)  # after _connect: it reads the prediction the window has just taken
        self._restore_settings()

    # -- construction -------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.chart)
        side.addWidget(self.edits_panel)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([760, 380])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.snapshots)
        self.setCentralWidget(central)
        self.chart.show_message("Loading the model…")

    def _build_menus_and_toolbar(self) -> Menus:
        menus = build_menus(self, self.actions_by_key)
        self.recent_menu, self.top_k_group, self.provider_group = menus.recent, menus.top_k, menus.provider
        self.images.set_recent_menu(menus.recent)
        context = ToolContext(
            self.canvas, self.document_model, self.bridge, self.notice.show_message, lambda: self.model
        )
        self.tools = ToolManager(self, context)
        menus.tools.addActions(list(self.tools.actions.values()))
        self.lessons = Lessons(self.services, menus.lessons, self)
        return menus

    def _build_explain(self, menus: Menus) -> None:
        self.explain = ExplainController(self.services, self.canvas, menus.tools)
        menus.toolbar.addAction(self.explain.run_action)
        self.addAction(self.explain.run_action)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.explain.dock)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.model_label = QLabel("Model: loading…")
        self.provider_label = QLabel("")
        self.timing_label = QLabel("")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setVisible(False)
        self.busy.changed.connect(self.busy_bar.setVisible)
        for widget in (self.busy_bar, self.model_label, self.provider_label, self.timing_label):
            bar.addPermanentWidget(widget)

    def _connect(self) -> None:
        self.document_model.changed.connect(self._document_changed)
        self.document_model.document_replaced.connect(self._document_replaced)
        stack = self.document_model.undo_stack
        stack.canUndoChanged.connect(self.actions_by_key["undo"].setEnabled)
        stack.canRedoChanged.connect(self.actions_by_key["redo"].setEnabled)
        self.actions_by_key["undo"].setEnabled(False)
        self.actions_by_key["redo"].setEnabled(False)
        self.bridge.prediction_ready.connect(self._show_prediction)
        self.bridge.prediction_failed.connect(self._prediction_failed)
        self.bridge.busy_changed.connect(self.chart.set_busy)
        self.snapshots.restore_requested.connect(self._restore_snapshot)
        self.edits_panel.edit_activated.connect(self._change_edit)
        self.models.changed.connect(self._model_ready)
        self.models.failed.connect(self._model_failed)
        self.models.stopped.connect(self._model_stopped)

    def _restore_settings(self) -> None:
        s = self.settings
        if geometry := s.geometry():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        self.explain.dock.hide()  # first start: the canvas keeps the room until an explanation is asked for
        if state := s.window_state():
            self.restoreState(state)  # shows the dock again if it was open when the window last closed
        self.actions_by_key["show_region"].setChecked(s.show_model_region)
        self.canvas.set_model_region_visible(s.show_model_region)
        self.actions_by_key["compare"].setChecked(s.compare)
        self.chart.set_baseline_visible(s.compare)
        for action in self.top_k_group.actions():
            action.setChecked(action.data() == s.top_k)
        for action in self.provider_group.actions():
            action.setChecked(action.data() == s.provider)

    # -- models -------------------------------------------------------------------------------------

    @property
    def model(self) -> ClassifierModel | None:
        """The classifier in use (None until the first one has loaded)."""
        return self.models.current

    def load_model(self, path: Path | None = None, provider: str | None = None) -> None:
        """Loads a model off the GUI thread (None: the bundled one); the current model stays until it is ready."""
        path = path or default_model_path()
        self.model_label.setText(f"Model: loading {path.name}…")
        self.models.load(path, provider or self.settings.provider)

    def use_bundled_model(self) -> None:
        """Switches to the bundled EfficientNet-Lite0."""
        self.settings.model_path = ""
        self.load_model(None)

    def open_model_dialog(self) -> None:
        """Asks for an ONNX file and loads it."""
        name, _ = QFileDialog.getOpenFileName(self, "Open ONNX model", self.settings.last_dir, "ONNX models (*.onnx)")
        if name:
            self.load_model(Path(name))

    def set_provider(self, choice: str) -> None:
        """Reloads the current model on another execution provider."""
        self.settings.provider = choice
        self.load_model(self.model.path if self.model else None, choice)

    @Slot(object)
    def _model_ready(self, model: ClassifierModel) -> None:
        self._baseline = None
        self.model_label.setText(f"Model: {model.name}")
        self.model_label.setToolTip(f"{model.path}\n{model.input.describe()}")
        provider = model.provider
        self.provider_label.setText(f"Running on: {provider.active}")
        self.provider_label.setToolTip(provider.reason or f"{provider.active} as requested ({provider.requested})")
        self.chart.set_title(model.name)
        for notice in model.notices:
            self.notice.show_message(notice, "warning")
        self._document_replaced()
        self._document_changed()

    # -- images -------------------------------------------------------------------------------------

    def open_path(self, path: str | Path) -> None:
        """Opens an image (or experiment) file off the GUI thread; a bad file leaves the current work in place."""
        self.images.open_path(path)

    def open_array(self, rgb: np.ndarray, name: str = "pasted image") -> None:
        """Opens an in-memory RGB image (e.g. from the clipboard)."""
        self.images.open_array(rgb, name)

    def paste(self) -> None:
        """Opens the clipboard's image, or the image file whose path or URL is on it."""
        self.images.paste()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasImage() or any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.images.open_mime(event.mimeData()):
            event.acceptProposedAction()

    @Slot(str)
    def _model_failed(self, message: str) -> None:
        self._model_stopped()
        kept = f" Still using {self.model.name}." if self.model else ""
        self.notice.show_message(f"Could not load the model: {message}{kept}", "error")
        if self.model is None:
            self.chart.show_message("No model loaded. Use Model › Bundled Model.")

    @Slot()
    def _model_stopped(self) -> None:
        self.model_label.setText(f"Model: {self.model.name}" if self.model else "Model: none")

    # -- edits, rendering and predictions -----------------------------------------------------------

    @Slot()
    def _document_replaced(self) -> None:
        document = self.document_model.document
        if document is None:
            return
        self._baseline = None
        self.setWindowTitle(f"{document.name} — Classifier Explorer")

    @Slot()
    def _document_changed(self) -> None:
        """Schedules a render: at once, or at the next frame when one ran less than a frame ago (a mouse sends
        edits faster than a screen can show them; rendering each would starve the event loop on big photos)."""
        if self._render_timer.isActive():
            return
        wait_ms = FRAME_MS - 1000 * (time.perf_counter() - self._last_render)
        if wait_ms <= 0:
            self._render()
        else:
            self._render_timer.start(int(wait_ms) + 1)

    @Slot()
    def _render(self) -> None:
        """Renders the edited image, shows it, and asks for its prediction (latest wins)."""
        self._last_render = time.perf_counter()
        document = self.document_model.document
        if document is None:
            return
        try:
            image = document.render()
            tool = self.tools.active
            shown = tool.display_image(document) if tool is not None else None
        except EditError as err:  # e.g. a texture file that has gone: say so, keep the work, hide nothing
            self.notice.show_message(
                f"An edit cannot be applied: {err}. Hide or delete it in the Edits panel.", "error"
            )
            return
        self.canvas.set_image(image if shown is None else shown)
        if self.model is None:
            return
        # the region the model keeps, on the rendered image; hidden while a tool shows another image (crop)
        self.canvas.set_model_region(crop_box(*image.shape[:2], self.model.spec) if shown is None else None)
        is_original = not document.edits
        have_baseline = self._baseline is not None and self._baseline[:2] == (id(self.model), id(document))
        original = None if have_baseline or is_original else document.working
        self.bridge.predict(self.model, image, original, is_original)

    @Slot(object)
    def _show_prediction(self, prediction: Prediction) -> None:
        document = self.document_model.document
        if prediction.model is not self.model or document is None:
            return
        baseline = prediction.probabilities if prediction.is_original else prediction.baseline
        if baseline is not None:
            self._baseline = (id(prediction.model), id(document), baseline)
        self.prediction = prediction
        self._update_chart()
        delay_ms = 1000 * (time.perf_counter() - prediction.submitted_at)
        self.timing_label.setText(f"{1000 * prediction.inference_s:.0f} ms inference")
        self.timing_label.setToolTip(f"{delay_ms:.0f} ms from the edit to this chart")

    def take_snapshot(self) -> None:
        """Keeps the current experiment in the snapshot strip."""
        document = self.document_model.document
        if document is None or self.prediction is None or self.model is None:
            self.notice.show_message("Nothing to keep yet: wait for the prediction.", "info")
            return
        [top] = self.model.top_k(self.prediction.probabilities, 1)
        self.snapshots.add(Snapshot(document.snapshot(), top.label, top.probability), document.render())

    def _change_edit(self, index: int) -> None:
        """Opens the tool that made an edit, with the edit selected, so it can be changed."""
        entries = self.document_model.entries
        tool = self.tools.tool_for_kind(entries[index].edit.kind) if 0 <= index < len(entries) else None
        if tool is not None:
            self.tools.activate(tool.key)
            self.document_model.select(index)

    def _restore_snapshot(self, snapshot: Snapshot) -> None:
        document = self.document_model.document
        if document is not None and snapshot.document.source is document.source:
            self.document_model.set_entries(snapshot.document.entries)  # same photo: an undoable step
        else:
            self.document_model.set_document(snapshot.document.snapshot())

    def _update_chart(self) -> None:
        if self.prediction is None or self.model is None:
            return
        baseline = self._baseline[2] if self._baseline else None
        rows = chart_rows(self.prediction.probabilities, self.model.labels, self.settings.top_k, baseline)
        self.chart.show_rows(rows)

    @Slot(str)
    def _prediction_failed(self, message: str) -> None:
        self.notice.show_message(f"The prediction failed: {message}", "error")
        self.statusBar().showMessage("Prediction failed; the next change will try again.", 5000)

    # -- simple handlers from the action table ------------------------------------------------------

    def cancel_work(self) -> None:
        """Edit › Stop Running Work: cancels the running inference and background jobs."""
        if self.bridge.cancel_all():
            self.statusBar().showMessage("Stopped. The next change runs the model again.", 4000)

    def set_model_region_visible(self, visible: bool) -> None:
        """View › Show the Model's View."""
        self.settings.show_model_region = visible
        self.canvas.set_model_region_visible(visible)

    def set_compare(self, on: bool) -> None:
        """View › Compare with Original."""
        self.settings.compare = on
        self.chart.set_baseline_visible(on)

    def set_top_k(self, k: int) -> None:
        """View › Bars in the Chart."""
        self.settings.top_k = k
        self._update_chart()

    def show_shortcuts(self) -> None:
        """Help › Keyboard Shortcuts."""
        rows = [
            f"<tr><td>{spec.text.replace('&', '')}</td><td><b>{QKeySequence(spec.shortcut).toString()}</b></td></tr>"
            for spec in ACTIONS
            if spec.shortcut is not None
        ]
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{''.join(rows)}</table>")

    def show_about(self) -> None:
        """Help › About."""
        QMessageBox.about(
            self,
            "About Classifier Explorer",
            "<b>Classifier Explorer</b><p>Find out by experiment what an ImageNet classifier looks at: cover parts, "
            "scramble them, keep only the shape or only the texture, and watch the prediction.</p>"
            "<p>Bundled model: EfficientNet-Lite0 (Apache-2.0). Sample photos: CC0 / public domain.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Saves the layout and stops the workers (cancelling a running inference) before closing."""
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self._render_timer.stop()
        self.experiments.closing()
        self.bridge.shutdown()
        super().closeEvent(event)
