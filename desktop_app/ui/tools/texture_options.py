"""The Texture tool's options bar: the texture (library thumbnails, a picked patch, a file), tile size, shading,
the Fill region and Texture only buttons and a hint. It shows the tool's state; the tool acts on its signals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from desktop_app.core.edits import EditError
from desktop_app.core.texture import TextureSource, load_texture, texture_library
from desktop_app.ui.qimage import array_to_qimage

PICK_PATCH, PICK_FILE, CUSTOM = "pick-patch", "pick-file", "custom"  # source box entries that are not a texture
LIBRARY = "library:"  # source box data of a library texture: LIBRARY + its name
THUMBNAIL_PX = 28


def thumbnail(pixels: np.ndarray) -> QIcon:
    """A square icon of the middle of a texture."""
    height, width = pixels.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    image = array_to_qimage(np.ascontiguousarray(pixels[top : top + side, left : left + side]))
    pixmap = QPixmap.fromImage(image).scaled(
        THUMBNAIL_PX, THUMBNAIL_PX, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    return QIcon(pixmap)


def texture_icon(source: TextureSource | str) -> QIcon:
    """A thumbnail of a texture (a library name or a source); an empty icon when it cannot be read."""
    try:
        return thumbnail(load_texture(source))
    except EditError:
        return QIcon()


def custom_label(source: TextureSource) -> tuple[str, QIcon]:
    """How a picked patch or a texture file is listed in the source box."""
    if source.kind == "file":
        return QCoreApplication.translate("Tools", "File: {name}").format(name=Path(source.path).name), texture_icon(
            source
        )
    x0, y0, x1, y1 = source.box  # type: ignore[misc]  # a patch source always has its box
    text = QCoreApplication.translate("Tools", "Patch {width:.0f}×{height:.0f} % of the image")
    return text.format(width=100 * (x1 - x0), height=100 * (y1 - y0)), QIcon()


class TextureOptions(QWidget):
    """Texture, tile size, shading, the two fill buttons and the hint, in one row."""

    def __init__(self, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("Texture")))
        self.source_box = self._source_box()
        layout.addWidget(self.source_box)
        layout.addWidget(QLabel(self.tr("Tile")))
        self.scale_slider = QSlider(Qt.Orientation.Horizontal)
        self.scale_slider.setRange(2, 100)
        self.scale_slider.setValue(round(100 * scale))
        self.scale_slider.setFixedWidth(90)
        self.scale_slider.setToolTip(self.tr("Width of one texture tile, % of the image width"))
        self.scale_label = QLabel()
        self.scale_label.setMinimumWidth(36)
        self.model_scale_box = QCheckBox(self.tr("Model scale"))
        self.model_scale_box.setToolTip(
            self.tr(
                "Tile the texture at the model's scale: one texture pixel ≈ one pixel the model sees, whatever the "
                "photo's size (a patch of this image: as large as it is). Moving the slider sets the size by hand."
            )
        )
        self.model_scale_box.setChecked(True)
        layout.addWidget(self.scale_slider)
        layout.addWidget(self.scale_label)
        layout.addWidget(self.model_scale_box)
        self.shading_box = QCheckBox(self.tr("Keep shading"))
        self.shading_box.setToolTip(
            self.tr("Keep the image's light and shadow on the texture (for shape-vs-texture conflicts)")
        )
        layout.addWidget(self.shading_box)
        layout.addSpacing(8)
        self.fill_button = QPushButton(self.tr("Fill region"))
        self.fill_button.setToolTip(
            self.tr("Fill the object, the background, or the last drawn region with the texture")
        )
        self.only_button = QPushButton(self.tr("Texture only"))
        self.only_button.setToolTip(self.tr("Replace the whole image by the texture: no shape left"))
        layout.addWidget(self.fill_button)
        layout.addWidget(self.only_button)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def _source_box(self) -> QComboBox:
        box = QComboBox()
        box.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        box.setMinimumContentsLength(14)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for info in texture_library():
            box.addItem(texture_icon(info.name), info.name, LIBRARY + info.name)
            box.setItemData(box.count() - 1, f"{info.description}\n{info.licence}", Qt.ItemDataRole.ToolTipRole)
        box.insertSeparator(box.count())
        box.addItem(self.tr("Pick patch from image…"), PICK_PATCH)
        box.addItem(self.tr("From file…"), PICK_FILE)
        box.setToolTip(self.tr("Where the texture comes from: the library, a patch of this image, or a file"))
        return box

    def show_state(
        self,
        source: TextureSource | None,
        custom: TextureSource | None,
        scale: float,
        shading: bool,
        at_model_scale: bool = False,
    ) -> None:
        """Shows a texture (listing the picked patch or file), tile size, model scale and shading, without emitting
        signals."""
        box = self.source_box
        box.blockSignals(True)
        custom_index = box.findData(CUSTOM)
        if custom is not None:
            text, icon = custom_label(custom)
            if custom_index < 0:
                custom_index = box.findData(PICK_PATCH) - 1  # before the separator
                box.insertItem(custom_index, icon, text, CUSTOM)
            else:
                box.setItemText(custom_index, text)
                box.setItemIcon(custom_index, icon)
        if source is None:
            box.setCurrentIndex(-1)
        elif source.kind == "library":
            box.setCurrentIndex(box.findData(LIBRARY + source.name))
        else:
            box.setCurrentIndex(custom_index)
        box.blockSignals(False)
        self.scale_slider.blockSignals(True)
        self.scale_slider.setValue(round(100 * scale))
        self.scale_slider.blockSignals(False)
        for check, on in ((self.shading_box, shading), (self.model_scale_box, at_model_scale)):
            check.blockSignals(True)
            check.setChecked(on)
            check.blockSignals(False)
        self.scale_label.setText(f"{round(100 * scale)} %")
