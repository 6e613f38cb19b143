"""Which open model a tool works with (Explain's maps, the shape-bias study): a "Model:" list that shows itself only
while a second model is open; otherwise the choice is the window's model."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.core.model import ClassifierModel
from desktop_app.ui.services import WindowServices


class ModelChoice(QWidget):
    """The list of open models (the window's first, then the second); emits `changed` with the model chosen when
    the choice changes or a model loads."""

    changed = Signal(object)  # ClassifierModel

    def __init__(self, services: WindowServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.combo = QComboBox()
        self.combo.setToolTip(self.tr("With two models open: the one this runs on"))
        self.combo.setAccessibleName(self.tr("Model"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Model:")))
        layout.addWidget(self.combo, 1)
        self._chosen: ClassifierModel | None = None
        for signal in (services.models.changed, services.second_models.changed, services.second_models.unloaded):
            signal.connect(self.refresh)
        self.combo.currentIndexChanged.connect(lambda _index: self._announce())
        self.refresh()

    def model(self) -> ClassifierModel | None:
        """The model chosen (the window's while it is the only one open)."""
        models = self.services.loaded_models()
        index = self.combo.currentIndex()
        return models[index] if 0 <= index < len(models) else self.services.model

    def choose(self, model: ClassifierModel) -> None:
        """Chooses one of the open models."""
        self.combo.setCurrentIndex(self.services.loaded_models().index(model))

    @Slot()
    def refresh(self) -> None:
        """Lists the open models, keeping the choice of first or second while that one is open."""
        models = self.services.loaded_models()
        index = min(max(self.combo.currentIndex(), 0), len(models) - 1)
        names = [self.tr("{name} (first)"), self.tr("{name} (second)")]
        self.combo.blockSignals(True)
        self.combo.clear()
        for model, name in zip(models, names, strict=False):
            self.combo.addItem(name.format(name=model.name))
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.setVisible(len(models) > 1)
        self._announce(again=True)  # a model (re)loaded: what was checked of the chosen one is checked again

    def _announce(self, again: bool = False) -> None:
        model = self.model()
        if model is not self._chosen or again:
            self._chosen = model
            if model is not None:
                self.changed.emit(model)
