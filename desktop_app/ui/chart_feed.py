"""One model's prediction of the edited image on its chart: asked on the model's own lane (with the original image's
while that is not known yet), stale answers dropped, the latest shown beside the original's."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.document import Document
from desktop_app.core.model import ClassifierModel
from desktop_app.core.prediction import chart_rows
from desktop_app.ui.inference import Prediction, PredictionLane
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.services import WindowServices


class ChartFeed(QObject):
    """Feeds one chart from one model slot through one prediction lane."""

    shown = Signal(object)  # emitted with each Prediction once it is on the chart

    def __init__(
        self,
        services: WindowServices,
        model: Callable[[], ClassifierModel | None],
        lane: PredictionLane,
        chart: PredictionChart,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.model = model  # the feed's model now (None: none loaded)
        self.lane = lane
        self.chart = chart
        self.prediction: Prediction | None = None  # the one on the chart
        self._baseline: tuple[int, int, np.ndarray] | None = None  # (id(model), id(document), probabilities)
        lane.ready.connect(self._show)
        lane.busy_changed.connect(chart.set_busy)

    @property
    def baseline(self) -> np.ndarray | None:
        """The original image's probabilities, when known."""
        return self._baseline[2] if self._baseline else None

    def model_loaded(self, model: ClassifierModel, title: str) -> None:
        """A model came: its chart's title and its notices; the original's prediction is asked for again."""
        self.chart.set_title(title)
        for notice in model.notices:
            self.services.notify(notice, "warning")
        self.forget_baseline()

    def forget_baseline(self) -> None:
        """Another photo or model: the original's prediction must be asked for again."""
        self._baseline = None

    def request(self, document: Document, image: np.ndarray) -> int:
        """Asks the lane for the model's prediction of the rendered image; the request id (-1 without a model)."""
        model = self.model()
        if model is None:
            return -1
        is_original = not document.edits
        have_baseline = self._baseline is not None and self._baseline[:2] == (id(model), id(document))
        original = None if have_baseline or is_original else document.working
        return self.lane.predict(model, image, original, is_original)

    def update_chart(self) -> None:
        """Shows the prediction as chart rows (top-k and the original's values shown or not, from the settings)."""
        self.chart.set_baseline_visible(self.services.settings.compare)
        model = self.model()
        if self.prediction is None or model is None:
            return
        rows = chart_rows(self.prediction.probabilities, model.labels, self.services.settings.top_k, self.baseline)
        self.chart.show_rows(rows)

    @Slot(object)
    def _show(self, prediction: Prediction) -> None:
        document = self.services.editor.document
        if prediction.model is not self.model() or document is None:
            return
        baseline = prediction.probabilities if prediction.is_original else prediction.baseline
        if baseline is not None:
            self._baseline = (id(prediction.model), id(document), baseline)
        self.prediction = prediction
        self.update_chart()
        self.shown.emit(prediction)
