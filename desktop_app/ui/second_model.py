"""Model › Open Second Model…: another ONNX classifier (loaded and checked like the first) predicts the same edited
image on a lane of its own, on a second chart under the first; neither model waits for the other. Closing it goes
back to one chart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.model import ClassifierModel
from desktop_app.core.prediction import ChartRow
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.chart_feed import ChartFeed
from desktop_app.ui.live_prediction import LivePrediction
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.services import WindowServices


class SecondModel(QObject):
    """The second model's slot, lane and chart."""

    changed = Signal()  # a second model came or went

    def __init__(self, services: WindowServices, live: LivePrediction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.live = live
        self.slot = services.second_models
        self.chart = PredictionChart()
        self.chart.setAccessibleName(self.tr("Second model's prediction chart"))
        self.chart.hide()
        lane = services.bridge.second_predictions
        self.feed = ChartFeed(services, lambda: self.slot.current, lane, self.chart, self)
        self.slot.changed.connect(self._loaded)
        self.slot.failed.connect(self._failed)
        lane.failed.connect(self._prediction_failed)

    def action_specs(self) -> list[ActionSpec]:
        """Model › Open Second Model… and Close Second Model."""
        return [
            ActionSpec("open_second_model", QT_TRANSLATE_NOOP("Menus", "Open &Second Model…"), self.open_dialog,
                       "&Model", separator=True, tip=QT_TRANSLATE_NOOP(
                           "Menus", "Another ONNX classifier's chart under the first, for the same edited image")),
            ActionSpec("close_second_model", QT_TRANSLATE_NOOP("Menus", "&Close Second Model"), self.close, "&Model",
                       tip=QT_TRANSLATE_NOOP("Menus", "Back to one model and one chart")),
        ]  # fmt: skip

    @property
    def model(self) -> ClassifierModel | None:
        """The second model, while one is open."""
        return self.slot.current

    def chart_rows(self) -> list[ChartRow] | None:
        """The rows on the second chart (None without a second model or before its first prediction)."""
        if self.model is None or self.feed.prediction is None:
            return None
        return self.chart.rows()

    def model_name(self) -> str | None:
        """The second model's name, while one is open."""
        return self.model.name if self.model is not None else None

    def named_chart(self) -> tuple[str, list[ChartRow]] | None:
        """The second model's name and its chart's rows, for a snapshot (None without them)."""
        rows, name = self.chart_rows(), self.model_name()
        return (name, rows) if rows is not None and name is not None else None

    def open_dialog(self) -> None:
        """Asks for an ONNX file and opens it as the second model."""
        settings = self.services.settings
        parent = self.services.dialog_parent
        title, kinds = self.tr("Open a second ONNX model"), self.tr("ONNX models (*.onnx)")
        name, _ = QFileDialog.getOpenFileName(parent, title, settings.last_dir, kinds)
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Loads a model off the GUI thread as the second one (a second model already open stays until it is ready)."""
        self.services.show_status(self.tr("Loading the second model {name}…").format(name=path.name))
        self.slot.load(path, self.services.settings.provider)

    def close(self) -> None:
        """Closes the second model and its chart."""
        self.slot.unload()
        self.live.remove_feed(self.feed)
        self.feed.lane.cancel()
        self.feed.prediction = None
        self.chart.hide()
        self.changed.emit()

    @Slot(object)
    def _loaded(self, model: ClassifierModel) -> None:
        self.services.show_status(self.tr("Second model: {name}").format(name=model.name), 5000)
        self.feed.model_loaded(model, self.tr("{name} (second model)").format(name=model.name))
        self.chart.show_message(self.tr("Computing…"))
        self.chart.show()
        self.live.add_feed(self.feed)
        self.changed.emit()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.services.show_status("")
        self.services.notify(self.tr("Could not open the second model: {message}").format(message=message), "error")

    @Slot(str)
    def _prediction_failed(self, message: str) -> None:
        self.services.notify(
            self.tr("The second model's prediction failed: {message}").format(message=message), "error"
        )
