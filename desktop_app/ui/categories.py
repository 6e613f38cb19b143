"""View › 16 Categories: the paper's categories under the class bars, following the prediction on the chart; for an
image named like the stimuli (`cat7-elephant1.png`), the window says whether the model decided by shape, by texture
or neither (in the categories' caption and in the status bar)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from desktop_app.core.categories import category_probabilities, decide, decision_sentence, stimulus_decision
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.category_chart import CategoryChart
from desktop_app.ui.inference import Prediction
from desktop_app.ui.services import WindowServices
from desktop_app.ui.status_bar import WindowStatusBar


class CategoryView(QObject):
    """Feeds the category chart and the status bar's stimulus verdict from each prediction shown."""

    updated = Signal()  # emitted after the chart and the verdict show a new prediction

    def __init__(
        self,
        services: WindowServices,
        chart: CategoryChart,
        shown: SignalInstance,
        status: WindowStatusBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.chart = chart
        self.status = status
        self.verdict = ""  # the sentence about the open stimulus ("" for other images)
        chart.setVisible(services.settings.show_categories)
        shown.connect(self.show_prediction)

    def action_specs(self) -> list[ActionSpec]:
        """View › 16 Categories (checkable, remembered)."""
        return [
            ActionSpec(
                "categories",
                QT_TRANSLATE_NOOP("Menus", "16 &Categories"),
                self.set_visible,
                "&View",
                ("Ctrl+Shift+G",),
                tip=QT_TRANSLATE_NOOP(
                    "Menus", "Show the 16 entry-level categories of Geirhos et al. 2019 under the class bars"
                ),
                checkable=True,
            )
        ]

    def set_visible(self, on: bool) -> None:
        """Shows or hides the categories (and remembers the choice)."""
        self.services.settings.show_categories = on
        self.chart.setVisible(on)

    @Slot(object)
    def show_prediction(self, prediction: Prediction) -> None:
        """Shows the prediction's categories, the decision and, for a stimulus, the verdict."""
        document = self.services.editor.document
        probabilities = prediction.probabilities
        if len(probabilities) != 1000:  # another label set: the paper's categories are ImageNet-1k's
            self.chart.show_message(self.tr("The 16 categories need a model of the 1000 ImageNet classes."))
            self._set_verdict("")
            return
        decision = stimulus_decision(document.name, probabilities) if document is not None else None
        self._set_verdict(decision_sentence(decision) if decision is not None else "")
        tags = {} if decision is None else {decision.shape: "shape", decision.texture: "texture"}
        self.chart.show_scores(category_probabilities(probabilities), decide(probabilities), self.verdict, tags)
        self.updated.emit()

    def _set_verdict(self, sentence: str) -> None:
        self.verdict = sentence
        self.status.show_stimulus(self.tr("Cue conflict: {verdict}").format(verdict=sentence) if sentence else "")
