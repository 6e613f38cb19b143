"""What panels and controllers may use of the main window, as tools get a ToolContext: never the window itself.

`WindowServices` gives status messages, notices, a counted busy indicator, the bridge, the document, the classifier
in use (and a second one, when open), the predictions on the charts and the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from desktop_app.core.model import ClassifierModel
from desktop_app.ui.document_editor import DocumentEditor
from desktop_app.ui.inference import InferenceBridge, Prediction
from desktop_app.ui.model_slot import ModelSlot
from desktop_app.ui.notice_bar import NoticeBar
from desktop_app.ui.settings import AppSettings


class BusyHold:
    """One holder's share of the busy indicator; release() gives it back (once, however often it is called)."""

    def __init__(self, indicator: BusyIndicator) -> None:
        self._indicator: BusyIndicator | None = indicator

    def release(self) -> None:
        """Stops holding the indicator."""
        indicator, self._indicator = self._indicator, None
        if indicator is not None:
            indicator._release()


class BusyIndicator(QObject):
    """The window's busy indicator, shown while anyone holds it: a lesson ending while a model loads keeps it on."""

    changed = Signal(bool)  # emitted when it turns on (first holder) or off (last holder gone)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._holders = 0

    @property
    def active(self) -> bool:
        """Whether anyone holds the indicator."""
        return self._holders > 0

    def hold(self) -> BusyHold:
        """Turns the indicator on until the returned hold is released."""
        self._holders += 1
        if self._holders == 1:
            self.changed.emit(True)
        return BusyHold(self)

    def _release(self) -> None:
        self._holders -= 1
        if self._holders == 0:
            self.changed.emit(False)


@dataclass(frozen=True)
class WindowServices:
    """The main window's services for its helpers (Lessons, Explain, ImageFiles, ExperimentFiles)."""

    bridge: InferenceBridge
    editor: DocumentEditor
    models: ModelSlot
    second_models: ModelSlot  # a second classifier beside the first (Model › Open Second Model…), not remembered
    settings: AppSettings
    busy: BusyIndicator
    notices: NoticeBar
    status_bar: QStatusBar
    dialog_parent: QWidget  # the parent of file dialogs
    prediction: Callable[[], Prediction | None]  # the prediction on the chart
    baseline: Callable[[], np.ndarray | None]  # the original image's probabilities, when known
    predictions: Callable[[], list[Prediction]]  # the prediction on each chart (the window's model's first)

    @property
    def model(self) -> ClassifierModel | None:
        """The classifier in use."""
        return self.models.current

    @property
    def second_model(self) -> ClassifierModel | None:
        """The second classifier, while one is open."""
        return self.second_models.current

    def loaded_models(self) -> list[ClassifierModel]:
        """The classifiers open now: the window's first, then the second one."""
        return [model for model in (self.model, self.second_model) if model is not None]

    def prediction_of(self, model: ClassifierModel) -> Prediction | None:
        """The prediction of this model on its chart, if any."""
        return next((p for p in self.predictions() if p.model is model), None)

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        """A message in the status bar ("" clears it); 0 keeps it until the next one."""
        self.status_bar.showMessage(text, timeout_ms)

    def notify(self, text: str, level: str = "info") -> None:
        """A notice above the canvas: "info", "warning" or "error" (errors stay until closed)."""
        self.notices.show_message(text, level)
