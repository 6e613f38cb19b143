"""Explanation maps on screen: the canvas overlay item, the cell outline, the colour-bar legend, PNG composition."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPaintEvent, QPalette, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsRectItem, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.core.geometry import PixelBox
from desktop_app.ui.qimage import array_to_qimage

HEATMAP_Z = 60  # above the tool overlays (50), below the model-region mark (100)
OUTLINE_Z = 61
EMPTY_TEXT = "No map yet."


class HeatmapItem(QGraphicsPixmapItem):
    """An RGBA map of model-input pixels, stretched over the crop box of the rendered image that they cover."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(HEATMAP_Z)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._map_size = (0, 0)  # (width, height) of the map in input pixels

    def set_map(self, rgba: np.ndarray, crop: PixelBox) -> None:
        """Shows an H x W x 4 uint8 map on the (x0, y0, x1, y1) box of the image."""
        height, width = rgba.shape[:2]
        self.setPixmap(QPixmap.fromImage(array_to_qimage(rgba)))
        x0, y0, x1, y1 = crop
        self.setPos(x0, y0)
        self.setTransform(QTransform.fromScale((x1 - x0) / width, (y1 - y0) / height))
        self._map_size = (width, height)

    def map_pixel(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """The (row, column) of the map under a scene point, or None outside the map."""
        local = self.mapFromScene(scene_pos)
        width, height = self._map_size
        col, row = int(np.floor(local.x())), int(np.floor(local.y()))
        if 0 <= col < width and 0 <= row < height:
            return row, col
        return None


class CellOutline(QGraphicsRectItem):
    """Marks the occlusion window being previewed: a white line on a dark rim, readable on any map colour."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(OUTLINE_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001 (Qt's signature)
        rect = self.rect()
        for colour, width in ((QColor(0, 0, 0, 170), 4.0), (QColor(255, 255, 255), 1.5)):
            pen = QPen(colour, width)
            pen.setCosmetic(True)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)


class ColourBar(QWidget):
    """A horizontal colour bar with labelled ticks below it."""

    BAR_HEIGHT = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar: QImage | None = None
        self.ticks: list[tuple[float, str]] = []  # (position 0..1 along the bar, label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, int(QFontMetricsF(self.font()).height() + self.BAR_HEIGHT + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = QFontMetricsF(self.font())
        if self.bar is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, EMPTY_TEXT)
            painter.end()
            return
        margin = 4.0  # room for the outer tick labels' overhang
        bar = QRectF(margin, 1, self.width() - 2 * margin, self.BAR_HEIGHT)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(bar, self.bar)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(bar)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for position, text in self.ticks:
            x = bar.left() + position * bar.width()
            painter.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + 3))
            width = metrics.horizontalAdvance(text)
            left = min(max(0.0, x - width / 2), self.width() - width)
            painter.drawText(
                QRectF(left, bar.bottom() + 4, width + 1, metrics.height()), Qt.AlignmentFlag.AlignLeft, text
            )
        painter.end()


class MapLegend(QWidget):
    """The map's scale: a title that says what it means, and the colour bar with ticks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = QLabel()
        self._title.setWordWrap(True)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setVisible(False)
        self._bar = ColourBar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self._title)
        layout.addWidget(self._bar)
        self.setAccessibleName("Map legend")

    def set_scale(
        self,
        bar_rgba: np.ndarray,
        vmin: float,
        vmax: float,
        ticks: Sequence[float],
        title: str,
        label: Callable[[float], str],
    ) -> None:
        """Shows a 1 x N x 4 colour bar from vmin to vmax with labelled ticks."""
        self._bar.bar = array_to_qimage(np.ascontiguousarray(bar_rgba))
        span = vmax - vmin if vmax > vmin else 1.0
        self._bar.ticks = [((t - vmin) / span, label(t)) for t in ticks if vmin - 1e-9 <= t <= vmax + 1e-9]
        self._title.setText(title)
        self._title.setVisible(True)
        self.setToolTip(f"{title}: from {label(vmin)} to {label(vmax)}")
        self._bar.update()

    def clear(self) -> None:
        """Shows nothing (no map yet)."""
        self._bar.bar, self._bar.ticks = None, []
        self._title.setText("")
        self._title.setVisible(False)
        self.setToolTip("")
        self._bar.update()

    def title(self) -> str:
        """The scale's meaning as shown."""
        return self._title.text()

    def tick_labels(self) -> list[str]:
        """The tick labels as shown."""
        return [text for _, text in self._bar.ticks]


def compose_overlay(image: np.ndarray, rgba: np.ndarray, crop: PixelBox, opacity: float) -> QImage:
    """The explained image with the coloured map drawn over its crop box at an opacity, as shown on the canvas."""
    base = array_to_qimage(image).convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(base)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setOpacity(opacity)
    x0, y0, x1, y1 = crop
    painter.drawImage(QRectF(x0, y0, x1 - x0, y1 - y0), array_to_qimage(rgba))
    painter.end()
    return base
