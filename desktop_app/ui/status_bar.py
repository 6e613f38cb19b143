"""The main window's status bar: the busy indicator, the model in use and where it runs, the last inference time."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from desktop_app.core.model import ClassifierModel
from desktop_app.ui.services import BusyIndicator


class WindowStatusBar(QStatusBar):
    """Messages on the left; busy bar, model, execution provider and timing on the right."""

    def __init__(self, busy: BusyIndicator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_label = QLabel(self.tr("Model: loading…"))
        self.provider_label = QLabel("")
        self.timing_label = QLabel("")
        self.stimulus_label = QLabel("")  # for an image named like the stimuli: what the model decided by
        self.stimulus_label.setVisible(False)
        self._stimulus_covered = False  # guess first: the verdict waits for the guess
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setVisible(False)
        busy.changed.connect(self.busy_bar.setVisible)
        self.addWidget(self.stimulus_label)
        for widget in (self.busy_bar, self.model_label, self.provider_label, self.timing_label):
            self.addPermanentWidget(widget)

    def show_loading(self, file_name: str) -> None:
        """Says which model file is being loaded."""
        self.model_label.setText(self.tr("Model: loading {name}…").format(name=file_name))

    def show_model(self, model: ClassifierModel | None) -> None:
        """Names the model in use (with its input) and where it runs."""
        if model is None:
            self.model_label.setText(self.tr("Model: none"))
            return
        self.model_label.setText(self.tr("Model: {name}").format(name=model.name))
        self.model_label.setToolTip(f"{model.path}\n{model.input.describe()}")
        provider = model.provider
        self.provider_label.setText(self.tr("Running on: {provider}").format(provider=provider.active))
        requested = self.tr("{active} as requested ({requested})")
        self.provider_label.setToolTip(
            provider.reason or requested.format(active=provider.active, requested=provider.requested)
        )

    def show_timing(self, inference_s: float, delay_s: float) -> None:
        """The last inference's time, and (as tooltip) the time from the edit to the chart."""
        self.timing_label.setText(self.tr("{ms:.0f} ms inference").format(ms=1000 * inference_s))
        self.timing_label.setToolTip(self.tr("{ms:.0f} ms from the edit to this chart").format(ms=1000 * delay_s))

    def show_stimulus(self, text: str) -> None:
        """What the model decided by on a cue-conflict image ("" hides it)."""
        self.stimulus_label.setText(text)
        self.stimulus_label.setToolTip(text)
        self.stimulus_label.setVisible(bool(text) and not self._stimulus_covered)

    def set_stimulus_covered(self, covered: bool) -> None:
        """Hides the verdict on a cue-conflict image until the student has guessed (guess first)."""
        self._stimulus_covered = covered
        self.stimulus_label.setVisible(bool(self.stimulus_label.text()) and not covered)
