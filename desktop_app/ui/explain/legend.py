"""The Explain dock's legend: what the map's colours mean, as a titled colour bar with ticks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.qimage import array_to_qimage

EMPTY_TEXT = QT_TRANSLATE_NOOP("MapLegend", "No map yet.")


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
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QCoreApplication.translate("MapLegend", EMPTY_TEXT),
            )
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
        self.setAccessibleName(self.tr("Map legend"))

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
        self.setToolTip(self.tr("{title}: from {low} to {high}").format(title=title, low=label(vmin), high=label(vmax)))
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
