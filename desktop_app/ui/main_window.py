"""The main window: composition and wiring of canvas, chart, edits panel, actions and the inference bridge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.document import Document
from desktop_app.core.model import ClassifierModel
from desktop_app.core.paths import default_model_path
from desktop_app.ui.actions import ActionTable, checked_in
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.document_editor import DocumentEditor
from desktop_app.ui.edits_panel import EditsPanel
from desktop_app.ui.experiment_files import ExperimentFiles
from desktop_app.ui.explain.controller import ExplainController
from desktop_app.ui.image_files import ImageFiles
from desktop_app.ui.inference import InferenceBridge, Prediction
from desktop_app.ui.lessons import Lessons
from desktop_app.ui.live_prediction import LivePrediction
from desktop_app.ui.menus import RECENT, SAMPLES, fill_samples_menu, main_toolbar, window_actions
from desktop_app.ui.model_slot import ModelSlot
from desktop_app.ui.notice_bar import NoticeBar
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.services import BusyIndicator, WindowServices
from desktop_app.ui.settings import AppSettings
from desktop_app.ui.snapshots import Snapshot, SnapshotStrip
from desktop_app.ui.status_bar import WindowStatusBar
from desktop_app.ui.study_files import StudyFiles
from desktop_app.ui.tool_manager import ToolManager
from desktop_app.ui.tools import ToolContext
from desktop_app.ui.tools.base import render_frame

CLOSE_TIMEOUT_S = 1.5  # the workers' share of closing the window, which must take at most 2 s


class MainWindow(QMainWindow):
    """Canvas in the middle, prediction chart and edits beside it; everything slow runs on the bridge."""

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle("Classifier Explorer")
        self.setAcceptDrops(True)
        self.bridge = InferenceBridge(self)
        self.busy = BusyIndicator(self)
        self.models = ModelSlot(self.bridge, settings, self.busy, self)
        self.editor = DocumentEditor(self)
        self.canvas = ImageCanvas()
        self.chart = PredictionChart()
        self.edits_panel = EditsPanel(self.editor)
        self.notice = NoticeBar()
        self.snapshots = SnapshotStrip()
        self.status = WindowStatusBar(self.busy)
        self.setStatusBar(self.status)
        self.services = WindowServices(
            bridge=self.bridge,
            editor=self.editor,
            models=self.models,
            settings=settings,
            busy=self.busy,
            notices=self.notice,
            status_bar=self.status,
            dialog_parent=self,
            prediction=lambda: self.live.prediction,  # LivePrediction needs the services: it comes next
            baseline=lambda: self.live.baseline,
        )
        self.live = LivePrediction(self.services, self.canvas, self.chart, self.status, self._tool_image, self)
        self.experiments = ExperimentFiles(self.services, settings.autosave_path(), self)
        self.images = ImageFiles(self.services, self.experiments.open, self)
        self._build_layout()
        context = ToolContext(self.canvas, self.editor, self.bridge, self.notice.show_message, lambda: self.model)
        self.tools = ToolManager(self, context)
        self.lessons = Lessons(self.services, self)
        self.studies = StudyFiles(self.services, self)
        self._connect()
        self._build_explain()  # after _connect: its slots run after the window's and LivePrediction's
        self._build_actions()
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

    def _build_explain(self) -> None:
        frame_of = lambda size: render_frame(self.canvas, self.tools.active, size)  # noqa: E731
        self.explain = ExplainController(self.services, self.canvas, frame_of, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.explain.dock)

    def _build_actions(self) -> None:
        """Every action from the tables of the window, the tools, the lessons and Explain; then the toolbars."""
        self.action_table = ActionTable(self)
        self.action_table.add(window_actions(self))
        self.tools.attach(self.action_table.add(self.tools.action_specs()))
        self.action_table.add(self.lessons.action_specs())
        self.action_table.add(self.explain.action_specs())
        self.recent_menu = self.action_table.menu(RECENT)
        self.images.set_recent_menu(self.recent_menu)
        fill_samples_menu(self.action_table.menu(SAMPLES), self.open_path)
        self.addToolBar(main_toolbar(self.action_table.actions, self.action_table.menu(SAMPLES)))
        stack = self.editor.undo_stack
        for key, signal, enabled in (
            ("undo", stack.canUndoChanged, stack.canUndo()),
            ("redo", stack.canRedoChanged, stack.canRedo()),
        ):
            signal.connect(self.action_table[key].setEnabled)
            self.action_table[key].setEnabled(enabled)

    def _connect(self) -> None:
        self.editor.changed.connect(self.live.schedule)
        self.editor.document_replaced.connect(self._document_replaced)
        self.bridge.busy_changed.connect(self.chart.set_busy)
        self.snapshots.restore_requested.connect(self._restore_snapshot)
        self.edits_panel.edit_activated.connect(self._change_edit)
        self.models.changed.connect(self._model_ready)
        self.models.failed.connect(self._model_failed)
        self.models.stopped.connect(lambda: self.status.show_model(self.model))

    def _restore_settings(self) -> None:
        s = self.settings
        if geometry := s.geometry():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        self.explain.dock.hide()  # first start: the canvas keeps the room until an explanation is asked for
        if state := s.window_state():
            self.restoreState(state)  # shows the dock again if it was open when the window last closed
        self.action_table["show_region"].setChecked(s.show_model_region)
        self.canvas.set_model_region_visible(s.show_model_region)
        self.action_table["compare"].setChecked(s.compare)
        self.chart.set_baseline_visible(s.compare)
        checked_in(self.action_table.groups["top_k"].actions(), s.top_k)
        checked_in(self.action_table.groups["provider"].actions(), s.provider)

    # -- models -------------------------------------------------------------------------------------

    @property
    def model(self) -> ClassifierModel | None:
        """The classifier in use (None until the first one has loaded)."""
        return self.models.current

    @property
    def prediction(self) -> Prediction | None:
        """The prediction on the chart."""
        return self.live.prediction

    def load_model(self, path: Path | None = None, provider: str | None = None) -> None:
        """Loads a model off the GUI thread (None: the bundled one); the current model stays until it is ready."""
        path = path or default_model_path()
        self.status.show_loading(path.name)
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
        self.status.show_model(model)
        self.chart.set_title(model.name)
        for notice in model.notices:
            self.notice.show_message(notice, "warning")
        self.live.forget_baseline()
        self.live.schedule()

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
        self.status.show_model(self.model)
        kept = f" Still using {self.model.name}." if self.model else ""
        self.notice.show_message(f"Could not load the model: {message}{kept}", "error")
        if self.model is None:
            self.chart.show_message("No model loaded. Use Model › Bundled Model.")

    # -- edits, rendering and predictions -----------------------------------------------------------

    @Slot()
    def _document_replaced(self) -> None:
        document = self.editor.document
        if document is not None:
            self.live.forget_baseline()
            self.setWindowTitle(f"{document.name} — Classifier Explorer")

    def take_snapshot(self) -> None:
        """Keeps the current experiment in the snapshot strip."""
        document = self.editor.document
        if document is None or self.prediction is None or self.model is None:
            self.notice.show_message("Nothing to keep yet: wait for the prediction.", "info")
            return
        [top] = self.model.top_k(self.prediction.probabilities, 1)
        self.snapshots.add(Snapshot(document.snapshot(), top.label, top.probability), document.render())

    def _tool_image(self, document: Document) -> np.ndarray | None:
        """What the active tool shows instead of the rendered image (the crop tool: the uncropped photo)."""
        tool = self.tools.active
        return tool.display_image(document) if tool is not None else None

    def _change_edit(self, index: int) -> None:
        """Opens the tool that made an edit, with the edit selected, so it can be changed."""
        entries = self.editor.entries
        tool = self.tools.tool_for_kind(entries[index].edit.kind) if 0 <= index < len(entries) else None
        if tool is not None:
            self.tools.activate(tool.key)
            self.editor.select(index)

    def _restore_snapshot(self, snapshot: Snapshot) -> None:
        document = self.editor.document
        if document is not None and snapshot.document.source is document.source:
            self.editor.set_entries(snapshot.document.entries)  # same photo: an undoable step
        else:
            self.editor.set_document(snapshot.document.snapshot())

    # -- simple handlers from the action table ------------------------------------------------------

    def cancel_work(self) -> None:
        """Edit › Stop Running Work: cancels the running inference and background jobs."""
        if self.bridge.cancel_all():
            self.status.showMessage("Stopped. The next change runs the model again.", 4000)

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
        self.live.update_chart()

    def show_shortcuts(self) -> None:
        """Help › Keyboard Shortcuts, generated from the action table."""
        QMessageBox.information(self, "Keyboard shortcuts", self.action_table.shortcuts_html())

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
        """Saves the layout and stops the workers (cancelling a running inference) before closing: within
        CLOSE_TIMEOUT_S whatever runs, and the workers are stopped even when saving fails."""
        try:
            self.settings.save_window(self.saveGeometry(), self.saveState())
            self.settings.sync()
            self.live.stop()
            self.experiments.closing()
        finally:
            self.bridge.shutdown(CLOSE_TIMEOUT_S)  # a model test run is killed; uninterruptible work is abandoned
        super().closeEvent(event)
