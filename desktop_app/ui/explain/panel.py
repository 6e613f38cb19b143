"""The Explain dock's controls: method, class, the method's options, run/cancel/progress, display and export.

Widgets only; `ExplainController` (controller.py) wires them to the runner, the overlay and the exports.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.export import DEFAULT_OPACITY
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.explain.legend import MapLegend
from desktop_app.ui.explain.texts import explain_text

METHODS = {
    "occlusion": QT_TRANSLATE_NOOP("Explain", "Occlusion"),
    "rise": "RISE",
    "cam": QT_TRANSLATE_NOOP("Explain", "CAM (class activation)"),
}
FILLS = (
    ("grey", QT_TRANSLATE_NOOP("Explain", "Grey")),
    ("black", QT_TRANSLATE_NOOP("Explain", "Black")),
    ("blur", QT_TRANSLATE_NOOP("Explain", "Blur")),
)
SHORTCUT = "Ctrl+Shift+E"
DOCK_MIN_WIDTH = 180


def idle_hint() -> str:
    """What the panel says before any map."""
    text = QCoreApplication.translate(
        "Explain", "Press Explain ({key}) to see where the model looks in the current image."
    )
    return text.format(key=SHORTCUT)


def _spin(low: int, high: int, value: int, step: int = 1, suffix: str = "", tip: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setToolTip(tip)
    box.setAccelerated(True)
    return box


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _page(*rows: tuple[str, QWidget]) -> QWidget:
    """A page of labelled settings."""
    page = QWidget()
    form = _form()
    for label, widget in rows:
        form.addRow(label, widget)
    page.setLayout(form)
    return page


def _section(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setContentsMargins(0, 6, 0, 0)
    return label


class ExplainPanel(QWidget):
    """The Explain dock's controls; it holds no state beyond its widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_choices()
        self._build_run_controls()
        self._build_display()
        self._build_layout()
        self.set_has_map(False)

    def _build_choices(self) -> None:
        """The method, the class, and each method's settings on its own page."""
        self.method = QComboBox()
        for key, text in METHODS.items():
            self.method.addItem(explain_text(text), key)
        self.method.setToolTip(self.tr("How the map is made: covering windows, random masks, or the last feature map"))
        self.target = QComboBox()
        self.target.setToolTip(self.tr("The class whose evidence the map shows"))
        self.window_size = _spin(
            4, 224, 32, 4, self.tr(" px"), self.tr("Side of the grey window, in the model's input pixels")
        )
        self.stride = _spin(
            1, 224, 16, 1, self.tr(" px"), self.tr("Step between window positions (smaller: finer, slower)")
        )
        self.fill = QComboBox()
        for fill, text in FILLS:
            self.fill.addItem(explain_text(text), fill)
        self.fill.setToolTip(self.tr("What covers each window"))
        self.masks = _spin(50, 20000, 1000, 100, "", self.tr("Number of random masks (more: smoother, slower)"))
        self.cell = _spin(2, 32, 7, 1, "", self.tr("The masks' grid: cells per side before upsampling"))
        self.seed = _spin(0, 2**31 - 1, 0, 1, "", self.tr("The same seed gives the same masks and the same map"))
        self.options = QStackedWidget()
        occlusion = _page(
            (self.tr("Window:"), self.window_size), (self.tr("Stride:"), self.stride), (self.tr("Fill:"), self.fill)
        )
        rise = _page((self.tr("Masks:"), self.masks), (self.tr("Cells:"), self.cell), (self.tr("Seed:"), self.seed))
        cam = QLabel(self.tr("One inference gives the map of any class, read from the last convolutional layer."))
        cam.setWordWrap(True)
        cam.setEnabled(False)
        for page in (occlusion, rise, cam):
            self.options.addWidget(page)

    def _build_run_controls(self) -> None:
        self.run_button = QPushButton(self.tr("Explain"))
        self.run_button.setDefault(True)
        self.run_button.setToolTip(f"Compute the map for the current image ({SHORTCUT})")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)  # per mille: a long RISE run moves visibly from the first batch
        self.progress.setTextVisible(True)
        self.progress.setFormat("")  # idle: an empty bar, so nothing jumps when a run starts
        self.status = QLabel(idle_hint())
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

    def _build_display(self) -> None:
        """How the map is shown (legend, read-out, opacity, click to cover) and exported."""
        self.show_map = QCheckBox(self.tr("Show map"))
        self.show_map.setChecked(True)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(round(100 * DEFAULT_OPACITY))
        self.opacity.setToolTip(self.tr("Opacity of the map over the image"))
        self.opacity.setAccessibleName(self.tr("Map opacity"))
        self.opacity_label = QLabel(self.tr("Opacity"))
        self.preview = QCheckBox(self.tr("Click a cell to cover it"))
        self.preview.setChecked(True)
        self.preview.setToolTip(
            self.tr(
                "Clicking the occlusion map covers that window of the image (an ordinary, undoable edit), "
                "so the chart shows the model's answer. Occlusion maps only; a drag still pans or uses the tool."
            )
        )
        self.legend = MapLegend()
        self.value = QLabel("")
        self.value.setWordWrap(True)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.value.setFixedHeight(2 * self.value.fontMetrics().lineSpacing() + 2)  # no jumps while hovering
        self.export_overlay = QPushButton(self.tr("Overlay…"))
        self.export_overlay.setToolTip(self.tr("Save the image with the map over it, as shown (PNG)"))
        self.export_raw = QPushButton(self.tr("Raw map…"))
        self.export_raw.setToolTip(self.tr("Save the coloured map alone, one pixel per model-input pixel (PNG)"))
        self.export_npy = QPushButton(self.tr(".npy…"))
        self.export_npy.setToolTip(self.tr("Save the map's values (float32) for analysis"))

    def _build_layout(self) -> None:
        layout = self.box = QVBoxLayout(self)  # the controller puts the model choice at its top
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(6)
        form = _form()
        form.addRow(self.tr("Method:"), self.method)
        form.addRow(self.tr("Class:"), self.target)
        layout.addLayout(form)
        layout.addWidget(self.options)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button, 1)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(_section(self.tr("Map")))
        layout.addWidget(self.legend)
        layout.addWidget(self.value)
        opacity = QHBoxLayout()
        opacity.addWidget(self.show_map)
        opacity.addSpacing(8)
        opacity.addWidget(self.opacity_label)
        opacity.addWidget(self.opacity, 1)
        layout.addLayout(opacity)
        layout.addWidget(self.preview)
        layout.addWidget(_section(self.tr("Export")))
        exports = QHBoxLayout()
        for button in (self.export_overlay, self.export_raw, self.export_npy):
            exports.addWidget(button)
        layout.addLayout(exports)
        layout.addStretch(1)
        self.method.currentIndexChanged.connect(self.options.setCurrentIndex)

    def chosen_method(self) -> str:
        """The selected method's key: occlusion, rise or cam."""
        return str(self.method.currentData())

    def chosen_options(self) -> dict[str, object]:
        """The chosen method's settings, as keyword arguments of its core function."""
        method = self.chosen_method()
        if method == "occlusion":
            return {"window": self.window_size.value(), "stride": self.stride.value(), "fill": self.fill.currentData()}
        if method == "rise":
            return {"masks": self.masks.value(), "cell": self.cell.value(), "seed": self.seed.value()}
        return {}

    def opacity_fraction(self) -> float:
        """The map's opacity over the image, 0..1."""
        return self.opacity.value() / 100

    def chosen_target(self) -> int | None:
        """The selected class index, or None for the top class."""
        data = self.target.currentData()
        return None if data is None else int(data)

    def set_running(self, running: bool) -> None:
        """Runs the progress bar and enables Cancel while a map is being computed."""
        self.cancel_button.setEnabled(running)
        self.progress.setValue(0)
        self.progress.setFormat("%p %" if running else "")
        self.progress.setEnabled(running)

    def set_has_map(self, has_map: bool) -> None:
        """Enables the display and export controls when there is a map."""
        controls = (self.export_overlay, self.export_raw, self.export_npy, self.show_map, self.opacity)
        for widget in (*controls, self.opacity_label):
            widget.setEnabled(has_map)
        self.preview.setEnabled(False)  # enabled again for occlusion maps
        if not has_map:
            self.legend.clear()
            self.value.setText("")

    def set_method_available(self, key: str, available: bool, reason: str) -> None:
        """Greys out a method in the list, with the reason as its tooltip."""
        model = self.method.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(self.method.findData(key))
        item.setEnabled(available)
        item.setToolTip("" if available else reason)
        if not available and self.chosen_method() == key:
            self.method.setCurrentIndex(0)

    def set_targets(self, classes: Sequence[tuple[int, str]], keep: int | None) -> None:
        """Fills the class list with "Top class" and (index, text) rows; keeps the chosen class if given."""
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem(self.tr("Top class"), None)
        for index, text in classes:
            self.target.addItem(text, index)
        if keep is not None:
            row = self.target.findData(keep)
            self.target.setCurrentIndex(row if row >= 0 else 0)
        self.target.blockSignals(False)


def explain_dock(panel: ExplainPanel) -> QDockWidget:
    """The Explain dock: the panel in a scroll area, so that narrow windows scroll it rather than grow; hidden until
    an explanation is asked for."""
    dock = QDockWidget(QCoreApplication.translate("ExplainPanel", "Explain"))
    dock.setObjectName("ExplainDock")
    scroll = QScrollArea()
    scroll.setWidget(panel)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    dock.setWidget(scroll)
    dock.setMinimumWidth(DOCK_MIN_WIDTH)  # narrower windows scroll the panel rather than grow
    dock.hide()
    return dock
