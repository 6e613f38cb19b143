"""The shape-bias figure of Geirhos et al. 2019, drawn with QPainter: one row per category, the fraction of shape
decisions from 0 (all texture) to 1 (all shape), a marker per model in each row and each model's overall shape
bias as a vertical line. Clicking a row asks for that category's images."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.ui.colours import mix

MARKERS = ("circle", "diamond", "square", "triangle", "cross")


@dataclass(frozen=True)
class PlotSeries:
    """One model in the figure: its overall shape bias (a vertical line) and its value per category (markers)."""

    name: str
    colour: str
    overall: float | None
    per_category: dict[str, float]  # categories without a value get no marker
    marker: str = "circle"


class ShapeBiasPlot(QWidget):
    """Rows of categories, markers per series, overall lines, a legend; emits `category_clicked`."""

    category_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[str] = []
        self._series: list[PlotSeries] = []
        self._selected = ""
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Shape bias per category"))

    def show_series(self, categories: Sequence[str], series: Sequence[PlotSeries]) -> None:
        """Plots these series over these category rows (top to bottom)."""
        self._categories, self._series = list(categories), list(series)
        parts = [f"{s.name} {s.overall:.2f}" for s in self._series if s.overall is not None]
        self.setAccessibleDescription(self.tr("Overall shape bias: {values}").format(values=", ".join(parts)))
        self.update()

    def select(self, category: str) -> None:
        """Marks a category's row as the one whose images are shown."""
        self._selected = category
        self.update()

    def series(self) -> list[PlotSeries]:
        """The series on show."""
        return list(self._series)

    def sizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 30), round(line * 22))

    def minimumSizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 18), round(line * 12))

    # ---- geometry ---------------------------------------------------------------------------------------

    def _frame(self) -> tuple[QRectF, float]:
        """The plotting area (x: 0..1) and the row height."""
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        label_width = max((metrics.horizontalAdvance(c) for c in self._categories), default=0.0) + line * 1.6
        legend_height = line * 1.4 * (-(-len(self._series) // 2))
        top, bottom = legend_height + line * 0.5, self.height() - line * 2.4
        area = QRectF(label_width, top, max(line, self.width() - label_width - line), max(line, bottom - top))
        return area, area.height() / max(1, len(self._categories))

    def row_rect(self, category: str) -> QRectF:
        """A category's row, across the whole width."""
        area, row = self._frame()
        index = self._categories.index(category)
        return QRectF(0, area.top() + index * row, self.width(), row)

    def x_of(self, value: float) -> float:
        """Where a shape bias lies on the x axis."""
        area, _ = self._frame()
        return area.left() + value * area.width()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a row asks for its category's images."""
        point = event.position()
        for category in self._categories:
            if self.row_rect(category).contains(point):
                self.category_clicked.emit(category)
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """A pointing hand over the rows."""
        area, _ = self._frame()
        over = area.top() <= event.position().y() <= area.bottom()
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    # ---- drawing ----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Legend, rows, axis, overall lines and markers."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
        area, row = self._frame()
        self._paint_legend(painter, text)
        for index, category in enumerate(self._categories):
            rect = QRectF(0, area.top() + index * row, self.width(), row)
            if category == self._selected:
                painter.fillRect(rect, mix(palette.color(QPalette.ColorRole.Highlight), window, 0.2))
            elif index % 2:
                painter.fillRect(rect, mix(text, window, 0.04))
            painter.setPen(text)
            label = QRectF(0, rect.top(), area.left() - QFontMetricsF(self.font()).height() * 0.8, row)
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, category)
        self._paint_axis(painter, area, text, window)
        for series in self._series:
            if series.overall is not None:
                pen = QPen(QColor(series.colour), 1.5, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                x = self.x_of(series.overall)
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        for series in self._series:
            for index, category in enumerate(self._categories):
                if category in series.per_category:
                    centre = QPointF(self.x_of(series.per_category[category]), area.top() + (index + 0.5) * row)
                    self._paint_marker(painter, centre, min(row * 0.32, 6.0), series)

    def _paint_axis(self, painter: QPainter, area: QRectF, text: QColor, window: QColor) -> None:
        painter.setPen(QPen(mix(text, window, 0.35), 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        line = QFontMetricsF(self.font()).height()
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            x = self.x_of(tick)
            painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4))
            painter.drawText(QRectF(x - 30, area.bottom() + 4, 60, line), Qt.AlignmentFlag.AlignCenter, f"{tick:g}")
        caption = QRectF(area.left(), area.bottom() + line, area.width(), line * 1.3)
        painter.setPen(text)
        painter.drawText(caption, Qt.AlignmentFlag.AlignLeft, self.tr("◀ texture"))
        painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, self.tr("fraction of shape decisions"))
        painter.drawText(caption, Qt.AlignmentFlag.AlignRight, self.tr("shape ▶"))

    def _paint_legend(self, painter: QPainter, text: QColor) -> None:
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        width = self.width() / 2
        for position, series in enumerate(self._series):
            x, y = (position % 2) * width + line * 0.5, (position // 2) * line * 1.4 + line * 0.2
            self._paint_marker(painter, QPointF(x + line * 0.4, y + line * 0.6), line * 0.3, series)
            overall = "–" if series.overall is None else f"{series.overall:.2f}"
            font = QFont(self.font())
            font.setBold(position == 0)
            painter.setFont(font)
            painter.setPen(text)
            label = metrics.elidedText(f"{series.name} ({overall})", Qt.TextElideMode.ElideRight, width - line * 1.6)
            painter.drawText(QRectF(x + line, y, width - line, line * 1.2), Qt.AlignmentFlag.AlignVCenter, label)
        painter.setFont(self.font())

    def _paint_marker(self, painter: QPainter, centre: QPointF, radius: float, series: PlotSeries) -> None:
        colour = QColor(series.colour)
        painter.setPen(QPen(colour.darker(140), 1))
        painter.setBrush(colour)
        x, y, r = centre.x(), centre.y(), radius
        if series.marker == "circle":
            painter.drawEllipse(centre, r, r)
            return
        if series.marker == "cross":
            pen = QPen(colour, max(2.0, r * 0.6))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(x - r, y - r), QPointF(x + r, y + r))
            painter.drawLine(QPointF(x - r, y + r), QPointF(x + r, y - r))
            return
        path = QPainterPath()
        corners = {
            "diamond": [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)],
            "square": [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
            "triangle": [(x, y - r * 1.2), (x + r * 1.1, y + r), (x - r * 1.1, y + r)],
        }[series.marker]
        path.moveTo(*corners[0])
        for corner in corners[1:]:
            path.lineTo(*corner)
        path.closeSubpath()
        painter.drawPath(path)
