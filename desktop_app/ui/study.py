"""Tools › Shape-Bias Study…: the current model over the bundled cue-conflict images (or a chosen folder of images
named the stimuli's way) on the worker, with progress and Cancel; the shape bias overall and per category against
the paper's figures, a category's images with their decisions, and CSV / JSON export through the core."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QSize, Qt, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.categories import categories
from desktop_app.core.safe_files import SaveError
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.core.shape_bias import StudyResult, decisions_for, run_study, save_csv, save_json, thumbnails
from desktop_app.core.stimuli import cue_conflict_dir, published_shape_bias
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.bias_plot import PlotSeries, ShapeBiasPlot
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.model_choice import ModelChoice
from desktop_app.ui.qimage import array_to_qimage
from desktop_app.ui.services import WindowServices

FIGURE = (  # the paper's figure: (reference, colour, marker); this model comes first, in blue circles
    ("humans", "#D55E00", "diamond"),
    ("ResNet-50", "#009E73", "square"),
    ("VGG-16", "#555555", "triangle"),
    ("ResNet-50 trained on Stylized-ImageNet", "#CC79A7", "cross"),
)
MODEL_COLOURS = ("#0072B2", "#E69F00")  # the models studied, first in blue; a second one, in orange
THUMBNAIL_PX = 88
VERDICT_WORDS = {
    "shape": QT_TRANSLATE_NOOP("StudyDialog", "by shape"),
    "texture": QT_TRANSLATE_NOOP("StudyDialog", "by texture"),
    "neither": QT_TRANSLATE_NOOP("StudyDialog", "neither"),
    None: QT_TRANSLATE_NOOP("StudyDialog", "no cue conflict"),
}


def figure_series(results: Sequence[StudyResult]) -> list[PlotSeries]:
    """The studied models' shape biases (one or two, side by side) and the paper's references, as the figure's
    series."""
    series = []
    for result, colour in zip(results, MODEL_COLOURS, strict=False):
        mine = {name: count.shape_bias for name, count in result.bias.per_category.items()}
        per_category = {name: value for name, value in mine.items() if value is not None}
        series.append(PlotSeries(result.model, colour, result.bias.shape_bias, per_category))
    published = {reference.name: reference for reference in published_shape_bias()}
    for name, colour, marker in FIGURE:
        if name in published:
            reference = published[name]
            series.append(PlotSeries(name, colour, reference.shape_bias, reference.per_category, marker))
    return series


class StudyDialog(QDialog):
    """Runs a study and shows it: summary, the figure, one category's images, export."""

    def __init__(self, services: WindowServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Shape-bias study"))
        self.services = services
        self.folder: Path | None = None  # None: the bundled subset
        self.study_result: StudyResult | None = None  # the latest run's, which the exports write
        self.results: dict[int, StudyResult] = {}  # the latest run of each open model, by id(model)
        self.reports: list[float] = []  # the fractions the worker reported, in order (appended on its thread)
        self._job: Job | None = None
        self._thumbnail_job: Job | None = None
        self.thumbnails_of = ""  # the category whose thumbnails are on show
        self._build()
        self.set_folder(None)

    def _build(self) -> None:
        self.folder_label = QLabel()
        self.choose_button = QPushButton(self.tr("Choose Folder…"))
        self.choose_button.setToolTip(
            self.tr("A folder of images named like cat7-elephant1.png (shape cat, texture elephant)")
        )
        self.bundled_button = QPushButton(self.tr("Bundled Images"))
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.model_choice = ModelChoice(self.services)
        self.summary = QLabel(self.tr("Press Run to measure the current model's shape bias."))
        self.summary.setWordWrap(True)
        self.plot = ShapeBiasPlot()
        self.images_label = QLabel(self.tr("Click a category in the figure to see its images and their decisions."))
        self.images_label.setWordWrap(True)
        self.images = QListWidget()
        self.images.setViewMode(QListWidget.ViewMode.IconMode)
        self.images.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        self.images.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.images.setMovement(QListWidget.Movement.Static)
        self.images.setWordWrap(True)
        self.images.setGridSize(QSize(THUMBNAIL_PX + 24, THUMBNAIL_PX + 44))
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.json_button = QPushButton(self.tr("Export JSON…"))
        self.close_button = QPushButton(self.tr("Close"))
        self._lay_out()
        self.choose_button.clicked.connect(self.choose_folder)
        self.bundled_button.clicked.connect(lambda: self.set_folder(None))
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.plot.category_clicked.connect(self.show_category)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.json_button.clicked.connect(lambda: self.export("json"))
        self.close_button.clicked.connect(self.close)
        self._set_running(False)

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        widgets = (self.folder_label, self.choose_button, self.bundled_button, self.model_choice, self.run_button)
        for widget in (*widgets, self.cancel_button):
            top.addWidget(widget, 1 if widget is self.folder_label else 0)
        images = QWidget()
        images_layout = QVBoxLayout(images)
        images_layout.setContentsMargins(0, 0, 0, 0)
        images_layout.addWidget(self.images_label)
        images_layout.addWidget(self.images, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.plot)
        split.addWidget(images)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.json_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    # -- running ------------------------------------------------------------------------------------

    def set_folder(self, folder: Path | None) -> None:
        """Studies this folder next (None: the bundled cue-conflict images); earlier runs are of other images, so
        the next figure leaves them out."""
        self.folder = folder
        self.results = {}
        where = self.tr("the bundled cue-conflict images") if folder is None else f"“{folder}”"
        self.folder_label.setText(self.tr("Images: {folder}").format(folder=where))
        self.folder_label.setToolTip(str(folder or cue_conflict_dir()))

    def choose_folder(self) -> None:
        """Asks for a folder of stimulus-named images."""
        start = str(self.folder or self.services.settings.last_dir or "")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of cue-conflict images"), start)
        if folder:
            self.set_folder(Path(folder))

    def run(self, batch_size: int | None = None) -> None:
        """Runs the study for the chosen model on the worker (a new run replaces a running one)."""
        model = self.model_choice.model()
        if model is None:
            self.summary.setText(self.tr("Wait for the model to load, then press Run."))
            return
        folder, reports = self.folder, list[float]()
        self.reports = reports

        def work(token: CancelToken, progress: Progress) -> StudyResult:
            def report(fraction: float) -> None:
                reports.append(fraction)
                progress(fraction)

            return run_study(model, folder, batch_size, token, report)

        key = id(model)

        self.progress.setValue(0)
        self.summary.setText(self.tr("Running {model}…").format(model=model.name))
        self._job = self.services.bridge.run_job(Lane.STUDY, work)
        self._job.progress.connect(lambda fraction: self.progress.setValue(round(100 * fraction)))
        self._job.done.connect(lambda result: self._finished(key, result))
        self._job.failed.connect(self._failed)
        self._job.cancelled.connect(self._cancelled)
        self._set_running(True)

    def cancel(self) -> None:
        """Stops the running study (within one batch of images)."""
        if self._job is not None:
            self._job.cancel()

    @property
    def running(self) -> bool:
        """Whether a study is running."""
        return self._job is not None and self._job.is_running

    def _set_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        has_result = self.study_result is not None
        self.csv_button.setEnabled(has_result and not running)
        self.json_button.setEnabled(has_result and not running)

    def _finished(self, key: int, result: StudyResult) -> None:
        self.study_result = result
        open_models = {id(model) for model in self.services.loaded_models()}
        self.results = {k: r for k, r in self.results.items() if k in open_models and k != key}
        self.results[key] = result
        self._set_running(False)
        skipped = self.tr("; {count} files skipped (not named like the stimuli, or unreadable)")
        skipped = skipped.format(count=len(result.skipped)) if result.skipped else ""
        if not result.decisions:
            self.summary.setText(
                self.tr("No images named like cat7-elephant1.png could be read{skipped}.").format(skipped=skipped)
            )
            return
        bias, overall = result.bias, result.bias.overall
        value = "–" if bias.shape_bias is None else f"{bias.shape_bias:.3f}"
        summary = self.tr(
            "<b>{model}: shape bias {value}</b> — {shape} shape and {texture} texture decisions on {images} "
            "cue-conflict images ({read} read{skipped}; {seconds:.1f} s). Humans decide by shape (0.96); "
            "ImageNet-trained networks mostly by texture."
        )
        self.summary.setText(
            summary.format(
                model=result.model,
                value=value,
                shape=overall.shape_decisions,
                texture=overall.texture_decisions,
                images=bias.cue_conflict,
                read=bias.images,
                skipped=skipped,
                seconds=result.elapsed_s,
            )
        )
        studied = sorted(self.results.items(), key=lambda item: self._order(item[0]))
        shown = [r for _key, r in studied if r.decisions]
        rows = [c for c in categories() if any(c in r.bias.per_category for r in shown)]
        self.plot.show_series(rows, figure_series(shown))

    def _order(self, key: int) -> int:
        """The window's model first, then the second."""
        keys = [id(model) for model in self.services.loaded_models()]
        return keys.index(key) if key in keys else len(keys)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._set_running(False)
        self.summary.setText(self.tr("The study could not run: {reason}").format(reason=message))

    @Slot()
    def _cancelled(self) -> None:
        self._set_running(False)
        self.summary.setText(self.tr("Stopped. Press Run to start again."))

    # -- a category's images ------------------------------------------------------------------------

    def show_category(self, category: str) -> None:
        """Lists the images of a shape category with their decisions (thumbnails read on the worker)."""
        result = self.study_result
        if result is None:
            return
        self.plot.select(category)
        decisions = decisions_for(result, category)
        counts = {verdict: sum(d.verdict == verdict for d in decisions) for verdict in VERDICT_WORDS}
        text = self.tr(
            "<b>{category}</b>: {count} images — decided by shape {shape}, by texture {texture}, neither {neither}"
        )
        self.images_label.setText(
            text.format(
                category=category,
                count=len(decisions),
                shape=counts["shape"],
                texture=counts["texture"],
                neither=counts["neither"],
            )
        )
        self.images.clear()
        blank = QPixmap(THUMBNAIL_PX, THUMBNAIL_PX)
        blank.fill(Qt.GlobalColor.transparent)
        for decision in decisions:
            item = QListWidgetItem(
                QIcon(blank), f"{Path(decision.image).stem}\n{self.tr(VERDICT_WORDS[decision.verdict])}"
            )
            tip = self.tr("{image}\nshape {shape}, texture {texture}\ndecided {decision}")
            item.setToolTip(
                tip.format(
                    image=decision.image, shape=decision.shape, texture=decision.texture, decision=decision.decision
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, decision)
            self.images.addItem(item)
        folder, names = result.folder, [d.image for d in decisions]
        self._thumbnail_job = self.services.bridge.run_job(
            Lane.THUMBNAILS, lambda _token, _progress: thumbnails(folder, names, THUMBNAIL_PX)
        )
        self._thumbnail_job.done.connect(lambda pictures: self._show_thumbnails(category, pictures))

    def _show_thumbnails(self, category: str, pictures: list[np.ndarray | None]) -> None:
        self.thumbnails_of = category
        for row, pixels in enumerate(pictures[: self.images.count()]):
            if pixels is not None:
                self.images.item(row).setIcon(QIcon(QPixmap.fromImage(array_to_qimage(pixels))))

    # -- export -------------------------------------------------------------------------------------

    def export(self, kind: str, path: str | None = None) -> None:
        """Saves the study as CSV (one row per image) or JSON (as `shape-bias --json`); asks where unless given."""
        if self.study_result is None:
            return
        if path is None:
            suggested = str(Path(self.services.settings.last_dir or ".") / f"shape-bias.{kind}")
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export the study as {kind}").format(kind=kind.upper()), suggested
            )
            if not path:
                return
        try:
            (save_csv if kind == "csv" else save_json)(self.study_result, path)
        except SaveError as err:
            self.summary.setText(self.tr("Could not save “{name}”: {reason}").format(name=Path(path).name, reason=err))
            return
        self.services.show_status(self.tr("Saved {name}").format(name=Path(path).name), 5000)


class ShapeBiasStudy(QObject):
    """Tools › Shape-Bias Study…: one dialog, made when first asked for."""

    def __init__(self, services: WindowServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: StudyDialog | None = None

    def action_specs(self) -> list[ActionSpec]:
        """The Tools menu's entry."""
        tip = QT_TRANSLATE_NOOP(
            "Menus", "Measure the model's shape bias on cue-conflict images, as Geirhos et al. 2019 did"
        )
        return [
            ActionSpec(
                "shape_bias_study",
                QT_TRANSLATE_NOOP("Menus", "Shape-Bias &Study…"),
                self.open,
                "&Tools",
                tip=tip,
                separator=True,
            )
        ]

    def latest_result(self) -> StudyResult | None:
        """The result of the study run last in this session, if one was run."""
        return self.dialog.study_result if self.dialog is not None else None

    def open(self) -> StudyDialog:
        """Shows the study dialog (not modal: the window stays usable)."""
        if self.dialog is None:
            self.dialog = StudyDialog(self.services, self.services.dialog_parent)
            self.dialog.resize(960, 640)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog
