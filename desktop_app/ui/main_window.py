"""The main window: composition and wiring of canvas, chart, edits panel, actions and the inference bridge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow

from desktop_app.core.document import Document
from desktop_app.core.model import ClassifierModel
from desktop_app.core.paths import default_model_path
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionTable, checked_in
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.categories import CategoryView
from desktop_app.ui.category_chart import CategoryChart
from desktop_app.ui.cue_conflict import CueConflict
from desktop_app.ui.document_editor import DocumentEditor
from desktop_app.ui.edits_panel import EditsPanel
from desktop_app.ui.experiment_files import ExperimentFiles
from desktop_app.ui.explain.controller import ExplainController
from desktop_app.ui.guess_first import GuessFirst
from desktop_app.ui.image_files import ImageFiles
from desktop_app.ui.inference import InferenceBridge, Prediction
from desktop_app.ui.jobs import Lane
from desktop_app.ui.language import LanguageMenu
from desktop_app.ui.lecture import Lecture
from desktop_app.ui.lessons import Lessons
from desktop_app.ui.live_prediction import LivePrediction
from desktop_app.ui.menus import RECENT, SAMPLES, fill_samples_menu, main_toolbar, window_actions
from desktop_app.ui.model_slot import ModelSlot
from desktop_app.ui.notice_bar import NoticeBar
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.projector import ProjectorMode
from desktop_app.ui.second_model import SecondModel
from desktop_app.ui.services import BusyIndicator, WindowServices
from desktop_app.ui.settings import AppSettings
from desktop_app.ui.snapshot_keeper import SnapshotKeeper, SnapshotSources
from desktop_app.ui.snapshots import SnapshotStrip
from desktop_app.ui.status_bar import WindowStatusBar
from desktop_app.ui.study import ShapeBiasStudy
from desktop_app.ui.study_files import StudyFiles
from desktop_app.ui.tool_manager import ToolManager
from desktop_app.ui.tools import ToolContext
from desktop_app.ui.tools.base import render_frame
from desktop_app.ui.window_layout import WindowLayout
from desktop_app.ui.worksheet import WorksheetExport

APP_TITLE = "Classifier Explorer"
ONNX = QT_TRANSLATE_NOOP("MainWindow", "ONNX models (*.onnx)")

CLOSE_TIMEOUT_S = 1.5  # the workers' share of closing the window, which must take at most 2 s


def load_failure_text(message: str, model: ClassifierModel | None) -> str:
    """The notice when a model cannot be loaded: why, and which model stays in use."""
    failed = QCoreApplication.translate("MainWindow", "Could not load the model: {reason}").format(reason=message)
    if model is None:
        return failed
    kept = QCoreApplication.translate("MainWindow", "Still using {model}.").format(model=model.name)
    return f"{failed} {kept}"


def going_back_to(name: str) -> str:
    """What a save question says is about to happen when a snapshot of another photo is brought back."""
    return QCoreApplication.translate("MainWindow", "going back to the snapshot of “{name}”").format(name=name)


class MainWindow(QMainWindow):
    """Canvas in the middle, prediction chart and edits beside it; everything slow runs on the bridge."""

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.settings = settings
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.bridge = InferenceBridge(self)
        self.busy = BusyIndicator(self)
        self.models = ModelSlot(self.bridge, settings, self.busy, self)
        self.editor = DocumentEditor(self)
        self.canvas = ImageCanvas()
        self.chart = PredictionChart()
        self.category_chart = CategoryChart()
        self.edits_panel = EditsPanel(self.editor)
        self.notice = NoticeBar()
        self.offers = NoticeBar()  # recovered work is offered here, where no other notice can hide the offer
        self.offers.setObjectName("OfferBar")
        self.snapshots = SnapshotStrip()
        self.status = WindowStatusBar(self.busy)
        self.setStatusBar(self.status)
        self.services = WindowServices(
            bridge=self.bridge,
            editor=self.editor,
            models=self.models,
            second_models=ModelSlot(self.bridge, settings, self.busy, self, Lane.LOAD_SECOND_MODEL, remember=False),
            settings=settings,
            busy=self.busy,
            notices=self.notice,
            status_bar=self.status,
            dialog_parent=self,
            prediction=lambda: self.live.prediction,  # LivePrediction needs the services: it comes next
            baseline=lambda: self.live.baseline,
            predictions=lambda: [feed.prediction for feed in self.live.feeds if feed.prediction is not None],
        )
        self.live = LivePrediction(self.services, self.canvas, self.chart, self.status, self._tool_image, self)
        self.experiments = ExperimentFiles(self.services, settings.autosave_path(), self.offers, self)
        self.images = ImageFiles(self.services, self.experiments.open, self.experiments.maybe_save, self)
        self.panels = WindowLayout(
            self, self.canvas, [self.chart, self.edits_panel], [self.notice, self.offers], self.snapshots, settings
        )
        self._build_side_panels()
        self.chart.show_message(self.tr("Loading the model…"))
        self.projector = ProjectorMode(
            self, self.panels, self.chart, lambda: [self.edits_panel, self.snapshots], settings
        )
        context = ToolContext(self.canvas, self.editor, self.bridge, self.notice.show_message, lambda: self.model)
        self.tools = ToolManager(self, context)
        self.lessons = Lessons(self.services, self)
        self.study_results = StudyFiles(self.services, self)
        self.lecture = Lecture(self.services, self.open_path, self)
        self.shape_bias_study = ShapeBiasStudy(self.services, self)
        self.cue_conflict = CueConflict(self.services, self)
        self._connect()
        self._build_explain()  # after _connect: its slots run after the window's and LivePrediction's
        self._build_snapshots()
        self._build_actions()
        self._shown_once = False
        self._restore_settings()
        edits = self.edits_panel  # Tab: the image, the chart, the edits and their buttons, the snapshots
        self.panels.chain_focus([self.canvas, self.chart, edits.list, edits.delete_button, edits.clear_button])

    # -- construction -------------------------------------------------------------------------------

    def _build_side_panels(self) -> None:
        # top down: guess first's question, the charts it covers (first, second model's, categories), the edits
        self.panels.side.insertWidget(1, self.category_chart)
        self.categories = CategoryView(self.services, self.category_chart, self.live.shown, self.status, self)
        self.second = SecondModel(self.services, self.live, self)
        self.panels.side.insertWidget(1, self.second.chart)
        charts = (self.chart, self.second.chart, self.category_chart)
        self.guess_first = GuessFirst(self.services, self.live, charts, self.status, self)
        self.panels.side.insertWidget(0, self.guess_first.panel)

    def _build_explain(self) -> None:
        frame_of = lambda size: render_frame(self.canvas, self.tools.active, size)  # noqa: E731
        self.explain = ExplainController(self.services, self.canvas, frame_of, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.explain.dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.lecture.dock)
        self.tabifyDockWidget(self.explain.dock, self.lecture.dock)

    def _build_snapshots(self) -> None:
        lesson_step = lambda: self.lecture.current_step() or self.lessons.current_step()  # noqa: E731
        sources = SnapshotSources(
            self.explain.exports.map_on_screen,
            lesson_step,
            self.shape_bias_study.latest_result,
            (self.second.named_chart,),
            self.guess_first.score_so_far,
            self.guess_first.pending,
        )
        self.keeper = SnapshotKeeper(self.services, self.snapshots, sources, self.experiments.maybe_save, self)
        self.worksheets = WorksheetExport(self.services, lambda: self.snapshots.snapshots, self)
        self.snapshots.export_requested.connect(self.worksheets.ask)

    def _build_actions(self) -> None:
        """Every action from the tables of the window, the tools, the lessons and Explain; then the toolbars."""
        self.action_table = ActionTable(self)
        self.action_table.add(window_actions(self))
        self.panels.attach(self.action_table.add(self.panels.action_specs()))
        self.action_table.add(self.explain.action_specs())
        self.action_table.add(self.projector.action_specs())
        self.tools.attach(self.action_table.add(self.tools.action_specs()))
        self.action_table.add(self.lessons.action_specs())
        self.lecture.attach(self.action_table.add(self.lecture.action_specs()))
        self.action_table.add(self.categories.action_specs())
        self.action_table.add(self.second.action_specs())
        self.action_table.add(self.guess_first.action_specs())
        self.action_table.add(self.shape_bias_study.action_specs())
        self.action_table.add(self.cue_conflict.action_specs())
        self.action_table.add(self.worksheets.action_specs())
        LanguageMenu(self.services, self).install(self.action_table)
        self.recent_menu = self.action_table.menu(RECENT)
        self.images.set_recent_menu(self.recent_menu)
        fill_samples_menu(self.action_table.menu(SAMPLES), self.open_path)
        self.addToolBar(main_toolbar(self.action_table.actions, self.action_table.menu(SAMPLES)))
        self.addToolBarBreak()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.tools.options_bar)  # a line of its own, all the width
        self.editor.keep_enabled(self.action_table["undo"], self.action_table["redo"])

    def _connect(self) -> None:
        self.editor.changed.connect(self.live.schedule)
        self.editor.document_replaced.connect(self._document_replaced)
        self.editor.undo_stack.cleanChanged.connect(self._update_title)
        self.experiments.file_changed.connect(self._update_title)
        self.projector.changed.connect(lambda on: self.action_table["projector"].setChecked(on))
        self.edits_panel.edit_activated.connect(self._change_edit)
        self.models.changed.connect(self._model_ready)
        self.models.failed.connect(self._model_failed)
        self.models.stopped.connect(lambda: self.status.show_model(self.model))

    def _restore_settings(self) -> None:
        s = self.settings
        self.panels.restore()  # the Explain dock starts hidden; the saved state shows it if it was open last time
        self.action_table["show_region"].setChecked(s.show_model_region)
        self.canvas.model_region.set_wanted(s.show_model_region)
        self.action_table["compare"].setChecked(s.compare)
        self.chart.set_baseline_visible(s.compare)
        self.action_table["categories"].setChecked(s.show_categories)
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
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open ONNX model"), self.settings.last_dir, self.tr(ONNX))
        if name:
            self.load_model(Path(name))

    def set_provider(self, choice: str) -> None:
        """Reloads the current model on another execution provider."""
        self.settings.provider = choice
        self.load_model(self.model.path if self.model else None, choice)

    @Slot(object)
    def _model_ready(self, model: ClassifierModel) -> None:
        self.status.show_model(model)
        self.live.feed.model_loaded(model, model.name)
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
        self.notice.show_message(load_failure_text(message, self.model), "error")
        if self.model is None:
            self.chart.show_message(self.tr("No model loaded. Use Model › Bundled Model."))

    # -- edits, rendering and predictions -----------------------------------------------------------

    @Slot()
    def _document_replaced(self) -> None:
        if self.editor.document is not None:
            self.live.forget_baseline()
        self._update_title()

    @Slot()
    def _update_title(self) -> None:
        """The experiment's file name (else the photo's) and, with unsaved changes, a mark: "cat.png* — …"."""
        file, document = self.experiments.current_file, self.editor.document
        name = file.name if file is not None else document.name if document is not None else ""
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}" if name else APP_TITLE)
        self.setWindowModified(not self.editor.undo_stack.isClean())

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

    # -- simple handlers from the action table ------------------------------------------------------

    def cancel_work(self) -> None:
        """Edit › Stop Running Work: cancels the running inference and background jobs."""
        if self.bridge.cancel_all():
            self.status.showMessage(self.tr("Stopped. The next change runs the model again."), 4000)

    def set_model_region_visible(self, visible: bool) -> None:
        """View › Show the Model's View."""
        self.settings.show_model_region = visible
        self.canvas.model_region.set_wanted(visible)

    def set_compare(self, on: bool) -> None:
        """View › Compare with Original."""
        self.settings.compare = on
        self.live.update_chart()

    def set_top_k(self, k: int) -> None:
        """View › Bars in the Chart."""
        self.settings.top_k = k
        self.live.update_chart()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: all of the window on its screen, then projector mode if it was on when last closed."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._first_shown)

    def _first_shown(self) -> None:
        self.panels.keep_on_screen()
        if self.settings.projector:
            self.projector.set_on(True)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Asks about unsaved work (Cancel keeps the window open), saves the layout for this screen size and stops
        the workers (cancelling a running inference) before closing: within CLOSE_TIMEOUT_S whatever runs, and the
        workers are stopped even when saving fails."""
        if not self.experiments.maybe_save(self.tr("closing")):
            event.ignore()
            return
        try:
            projector = self.projector.on
            self.projector.set_on(False)  # the layout saved is the everyday one; the mode comes back at the next start
            self.settings.projector = projector
            self.panels.save()
            self.settings.sync()
            self.live.stop()
            self.experiments.closing()
        finally:
            self.bridge.shutdown(CLOSE_TIMEOUT_S)  # a model test run is killed; uninterruptible work is abandoned
        super().closeEvent(event)
