"""Animated horizontal bar chart of the classifier's top classes, optionally beside the original image's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractAnimation,
    QCoreApplication,
    QEasingCurve,
    QEvent,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QVariantAnimation,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop_app.core.prediction import ChartRow
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.colours import mix as _mix

MAX_ROWS = 11  # top 10 plus the original image's top class
ANIMATION_MS = 180
EMPTY_MESSAGE = QT_TRANSLATE_NOOP("PredictionChart", "Open an image to see what the model thinks.")
# Okabe-Ito pairs, distinguishable with any colour-vision deficiency; the lighter pair is for dark themes.
INCREASE = {False: QColor("#0072B2"), True: QColor("#56B4E9")}
DECREASE = {False: QColor("#D55E00"), True: QColor("#E69F00")}
STACK_BELOW_LINES = 26  # narrower than this many text lines: labels go above the bars, which get the whole width
ROW_GROWTH = 1.5  # rows grow up to this much beyond their natural height when the chart has room
PROJECTOR_COLOURS = {
    QPalette.ColorRole.Window: "#ffffff",
    QPalette.ColorRole.WindowText: "#000000",
    QPalette.ColorRole.Highlight: "#0050a0",
}


def _percent(probability: float) -> str:
    return f"{probability * 100:.1f} %"


def _change_text(change: float) -> tuple[str, str]:
    """The arrow glyph (empty for no change) and the signed change in percentage points."""
    points = change * 100
    if abs(points) < 0.05:
        return "", "±0.0"
    return ("▲", f"+{points:.1f}") if points > 0 else ("▼", f"−{-points:.1f}")


def _change_words(change: float) -> str:
    """The change from the original image as a screen reader says it."""
    points = change * 100
    if abs(points) < 0.05:
        return QCoreApplication.translate("PredictionChart", "unchanged from the original image")
    if points > 0:
        text = QCoreApplication.translate("PredictionChart", "up {points:.1f} points from the original image")
    else:
        text = QCoreApplication.translate("PredictionChart", "down {points:.1f} points from the original image")
    return text.format(points=abs(points))


@dataclass(frozen=True)
class ChartLayout:
    """Where things go, in widget pixels, for the current size, font and row count. `stacked` rows put the label
    and the numbers on a line above a bar as wide as the chart; side-by-side rows have label, bar and numbers in
    columns."""

    header: QRectF
    legend: QRectF | None
    rows: list[QRectF]
    stacked: bool
    label_width: float
    bar_x: float
    bar_width: float
    bar_height: float
    line: float  # the text line's height
    percent_x: float
    percent_width: float
    change_x: float
    change_width: float
    min_bar: float  # the shortest bar drawn for a probability above zero, so that none is a sliver

    def track(self, row: QRectF) -> QRectF:
        """Where a row's bar track lies."""
        if self.stacked:
            top = row.top() + self.line * 1.1
        else:
            top = row.center().y() - self.bar_height / 2
        return QRectF(self.bar_x, top, self.bar_width, self.bar_height)

    def bar_length(self, value: float) -> float:
        """How long the bar of a probability is drawn: in proportion, but never shorter than `min_bar`."""
        if value <= 0:
            return 0.0
        return min(self.bar_width, max(self.min_bar, self.bar_width * value))


def chart_layout(metrics: QFontMetricsF, size: QSize, rows: int, legend: bool, stacked: bool) -> ChartLayout:
    """The chart's geometry for a widget size, its font's metrics and a number of rows (`stacked`: force stacked
    rows, as projector mode does; narrow charts stack anyway)."""
    line = metrics.height()
    margin = max(4.0, line * 0.5)
    gap = line * 0.6
    width = size.width() - 2 * margin
    header = QRectF(margin, margin * 0.6, width, line * 1.4)
    top = header.bottom() + line * 0.2
    legend_rect = None
    if legend:
        legend_rect = QRectF(margin, top, width, line * 1.3)
        top = legend_rect.bottom()
    stacked = stacked or width < line * STACK_BELOW_LINES
    bar_height = max(4.0, line * (0.6 if stacked else 0.7))
    natural = line * 1.35 + bar_height if stacked else line * 1.2
    room = (size.height() - margin - top) / max(1, rows)
    row_height = min(natural * ROW_GROWTH, max(natural, room))
    fitting = max(0, int((size.height() - margin * 0.5 - top) // row_height))
    row_rects = [QRectF(margin, top + i * row_height, width, row_height) for i in range(min(fitting, rows))]
    percent_width = metrics.horizontalAdvance("100.0 %")
    # a change of 100 points or more (rare) may overhang into the gap before the percentages
    change_width = metrics.horizontalAdvance("▼ −88.8") if legend else 0.0
    change_x = margin + width - change_width
    percent_x = change_x - (gap if change_width else 0.0) - percent_width
    if stacked:
        label_width = max(line, percent_x - gap - margin)
        bar_x, bar_width = margin, width
    else:
        label_width = min(width * 0.34, metrics.averageCharWidth() * 26)
        bar_x = margin + label_width + gap
        bar_width = max(line, percent_x - gap - bar_x)
    min_bar = max(3.0, bar_height * 0.4)
    return ChartLayout(
        header, legend_rect, row_rects, stacked, label_width, bar_x, bar_width, bar_height, line,
        percent_x, percent_width, change_x, change_width, min_bar,
    )  # fmt: skip


def high_contrast(palette: QPalette) -> QPalette:
    """The chart's palette for a projector: black on white, a deep blue for the bars."""
    contrast = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        for role, colour in PROJECTOR_COLOURS.items():
            contrast.setColor(group, role, QColor(colour))
    return contrast


def paint_tick(painter: QPainter, x: float, top: float, height: float, color: QColor) -> None:
    """The original image's marker: a short vertical line with flat ends."""
    pen = QPen(color, max(2.0, height / 6))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(x, top), QPointF(x, top + height))


def paint_legend(
    painter: QPainter, rect: QRectF, font: QFont, highlight: QColor, text_color: QColor, muted: QColor
) -> None:
    """The legend line: the bar's colour for now, the tick for the original image, the change's heading."""
    metrics = QFontMetricsF(font)
    side = metrics.height() * 0.6
    y = rect.center().y() - side / 2
    x = rect.left()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(highlight)
    painter.drawRect(QRectF(x, y, side, side))
    painter.setPen(muted)
    x += side + side / 2
    translate = QCoreApplication.translate
    now, original = translate("PredictionChart", "now"), translate("PredictionChart", "original image")
    painter.drawText(QRectF(x, rect.top(), rect.width(), rect.height()), Qt.AlignmentFlag.AlignVCenter, now)
    x += metrics.horizontalAdvance(now) + side * 2
    paint_tick(painter, x + side / 2, rect.center().y() - side * 0.8, side * 1.6, text_color)
    painter.setPen(muted)
    x += side + side / 4
    painter.drawText(QRectF(x, rect.top(), rect.width(), rect.height()), Qt.AlignmentFlag.AlignVCenter, original)
    legend_end = x + metrics.horizontalAdvance(original) + side
    heading = translate("PredictionChart", "change (points)")
    if rect.right() - metrics.horizontalAdvance(heading) < legend_end:
        heading = translate("PredictionChart", "points")
    if rect.right() - metrics.horizontalAdvance(heading) >= legend_end:
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, heading)


class PredictionChart(QWidget):
    """Top classes as horizontal bars that slide to new values; draws everything itself in paintEvent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChartRow] = []
        self._start: dict[int, float] = {}
        self._target: dict[int, float] = {}
        self._progress = 1.0
        self._title = ""
        self._message: str | None = self.tr(EMPTY_MESSAGE)
        self._cover: str | None = None  # while set, this text stands in for the bars (guess first)
        self._busy = False
        self._baseline_visible = False
        self._presenting = False
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setDuration(ANIMATION_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._on_animation_step)
        self._animation.finished.connect(self._on_animation_finished)
        self.setAccessibleName(self.tr("Prediction chart"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches it, so a screen reader reads it out
        self.setAccessibleDescription(self.tr(EMPTY_MESSAGE))

    # ---- public API -------------------------------------------------------------------------------------

    def show_rows(self, rows: Sequence[ChartRow]) -> None:
        """Show these rows (top to bottom), sliding each bar from its current length; latest call wins."""
        current = self.displayed_values()
        self._animation.stop()
        self._rows = list(rows)[:MAX_ROWS]
        self._target = {row.index: min(max(row.probability, 0.0), 1.0) for row in self._rows}
        self._start = {index: current.get(index, 0.0) for index in self._target}
        self._message = None
        if self._start == self._target or self._animation.duration() <= 0:
            self._progress = 1.0
        else:
            self._progress = 0.0
            self._animation.start()
        self._update_description()
        self.update()

    def show_message(self, text: str) -> None:
        """Replace the bars with a message (empty state or error)."""
        self._animation.stop()
        self._rows, self._start, self._target, self._progress = [], {}, {}, 1.0
        self._message = text
        self._update_description()
        self.update()

    def set_covered(self, text: str | None) -> None:
        """Hides the bars and their words behind `text` (None: shows them again, growing from zero); rows given
        meanwhile are kept, never drawn or described."""
        if text == self._cover:
            return
        was_covered, self._cover = self._cover is not None, text
        if was_covered and text is None and self._rows:
            self._animation.stop()
            self._start, self._progress = dict.fromkeys(self._target, 0.0), 0.0
            if self._animation.duration() > 0:
                self._animation.start()
            else:
                self._progress = 1.0
        self._update_description()
        self.update()

    def is_covered(self) -> bool:
        """Whether the bars are hidden (guess first)."""
        return self._cover is not None

    def set_busy(self, busy: bool) -> None:
        """Dim the bars and say "computing…" while a newer result is on its way."""
        if busy != self._busy:
            self._busy = busy
            self.update()

    def set_title(self, text: str) -> None:
        """Set the heading line, e.g. the model's name."""
        self._title = text
        self.update()

    def set_baseline_visible(self, visible: bool) -> None:
        """Show or hide the original image's values and the change in percentage points."""
        if visible != self._baseline_visible:
            self._baseline_visible = visible
            self._update_description()
            self.update()

    def set_animation_duration(self, milliseconds: int) -> None:
        """Set how long bars take to reach new values; 0 jumps at once (screenshots, reduced motion)."""
        self._animation.setDuration(max(0, milliseconds))

    def set_presentation(self, pixel_size: int | None) -> None:
        """Projector mode: text this many pixels high, black on white, stacked rows (None: back to the window's)."""
        self._presenting = pixel_size is not None
        if pixel_size is None:
            self.setFont(QFont())  # a font (palette) with nothing set: the window's own again
            self.setPalette(QPalette())
            self.setAutoFillBackground(False)
        else:
            font = QFont(QApplication.font())
            font.setPixelSize(pixel_size)
            font.setWeight(QFont.Weight.DemiBold)
            self.setFont(font)
            self.setPalette(high_contrast(QApplication.palette()))
            self.setAutoFillBackground(True)
        self.update()

    def is_presenting(self) -> bool:
        """Whether the chart is in projector mode."""
        return self._presenting

    def layout_now(self) -> ChartLayout:
        """The chart's geometry at its present size, font and rows."""
        return self._layout()

    def rows(self) -> list[ChartRow]:
        """The rows last given to show_rows (empty after show_message)."""
        return list(self._rows)

    def displayed_values(self) -> dict[int, float]:
        """The bar values now on screen, by class index (mid-animation values while animating; none while covered)."""
        if self._cover is not None:
            return {}
        t = self._progress
        return {i: self._start[i] + (target - self._start[i]) * t for i, target in self._target.items()}

    def sizeHint(self) -> QSize:
        """About 360x260 at the default font (title, legend and eight rows), scaled with the font."""
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 26), round(line * 18.5))

    def minimumSizeHint(self) -> QSize:
        """Room for a short label, a short bar and the numbers, three rows high."""
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 19), round(line * 7.5))

    # ---- Qt overrides -----------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Show the full class name and values of the row under the mouse as a tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self._row_at(QPointF(event.pos()))
            if row is None:
                QToolTip.hideText()
                event.ignore()
            else:
                text = self.tr("{label}\n{percent} now").format(label=row.label, percent=_percent(row.probability))
                if row.baseline is not None:
                    text += "\n" + self.tr("{percent} on the original image").format(percent=_percent(row.baseline))
                QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        """Re-lay out on font changes; repaint on palette changes."""
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the title, legend, bars and numbers."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        muted = _mix(text_color, palette.color(QPalette.ColorRole.Window), 0.6)
        layout = self._layout()
        self._paint_header(painter, layout.header, text_color, muted)
        message = self._cover if self._cover is not None else self._message
        if message is not None:
            body = QRectF(layout.header.left(), layout.header.bottom(), layout.header.width(), 0)
            body.setBottom(self.height() - layout.header.top())
            painter.setPen(text_color if self._cover is not None else muted)
            painter.drawText(body, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message)
            return
        if layout.legend is not None:
            highlight = palette.color(QPalette.ColorRole.Highlight)
            paint_legend(painter, layout.legend, self.font(), highlight, text_color, muted)
        if self._busy:
            painter.setOpacity(0.45)
        values = self.displayed_values()
        for position, (row, rect) in enumerate(zip(self._rows, layout.rows, strict=False)):
            self._paint_row(painter, layout, rect, row, values.get(row.index, 0.0), position == 0)

    # ---- drawing ----------------------------------------------------------------------------------------

    def _layout(self) -> ChartLayout:
        legend = self._baseline_visible and any(row.baseline is not None for row in self._rows)
        metrics = QFontMetricsF(self.font())
        return chart_layout(metrics, self.size(), len(self._rows), legend, self._presenting)

    def _paint_header(self, painter: QPainter, rect: QRectF, text_color: QColor, muted: QColor) -> None:
        busy_width = 0.0
        if self._busy:
            italic = QFont(self.font())
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(muted)
            busy_width = QFontMetricsF(italic).horizontalAdvance(self.tr("computing…  "))
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.tr("computing…"))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        title = QFontMetricsF(bold).elidedText(self._title, Qt.TextElideMode.ElideRight, rect.width() - busy_width)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(self.font())

    def _paint_row(
        self, painter: QPainter, layout: ChartLayout, rect: QRectF, row: ChartRow, value: float, is_top: bool
    ) -> None:
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        metrics = QFontMetricsF(self.font())
        align_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        align_right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        text_row = QRectF(rect.left(), rect.top(), rect.width(), layout.line * 1.1) if layout.stacked else rect
        painter.setPen(text_color)
        label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, layout.label_width)
        painter.drawText(
            QRectF(text_row.left(), text_row.top(), layout.label_width, text_row.height()), align_left, label
        )

        track = layout.track(rect)
        radius = min(3.0, track.height() / 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_mix(text_color, window, 0.08))
        painter.drawRoundedRect(track, radius, radius)
        filled = QRectF(track.left(), track.top(), layout.bar_length(value), track.height())
        if filled.width() > 0.5:
            painter.setBrush(highlight if is_top else _mix(highlight, window, 0.5))
            painter.drawRoundedRect(filled, radius, radius)

        painter.setPen(text_color)
        percent_rect = QRectF(layout.percent_x, text_row.top(), layout.percent_width, text_row.height())
        painter.drawText(percent_rect, align_right, _percent(row.probability))
        if layout.legend is None or row.baseline is None or row.change is None:
            return
        overhang = track.height() * 0.3
        tick_x = track.left() + track.width() * min(max(row.baseline, 0.0), 1.0)
        tick_x = min(max(tick_x, track.left() + 1), track.right() - 1)
        paint_tick(painter, tick_x, track.top() - overhang, track.height() + 2 * overhang, text_color)
        dark = window.lightness() < 128
        arrow, points = _change_text(row.change)
        colors = {"▲": INCREASE[dark], "▼": DECREASE[dark], "": _mix(text_color, window, 0.6)}
        painter.setPen(colors[arrow])
        change_rect = QRectF(layout.change_x, text_row.top(), layout.change_width, text_row.height())
        painter.drawText(change_rect, align_left, arrow)
        painter.drawText(change_rect, align_right, points)

    # ---- helpers ----------------------------------------------------------------------------------------

    def _on_animation_step(self, value: object) -> None:
        # QVariantAnimation also reports its start value when merely reconfigured (e.g. setDuration)
        if self._animation.state() == QAbstractAnimation.State.Running:
            self._progress = float(value)  # type: ignore[arg-type]  # QVariantAnimation reports floats for float end values
            self.update()

    def _on_animation_finished(self) -> None:
        self._progress = 1.0
        self.update()

    def _row_at(self, point: QPointF) -> ChartRow | None:
        if self._cover is not None:
            return None
        for row, rect in zip(self._rows, self._layout().rows, strict=False):
            if rect.contains(point):
                return row
        return None

    def _update_description(self) -> None:
        if self._cover is not None or self._message is not None:
            self._set_description(self._cover if self._cover is not None else self._message or "")
            return
        parts = []
        for row in self._rows:
            part = f"{row.label} {row.probability * 100:.0f} %"
            if self._baseline_visible and row.change is not None:
                part += f" ({_change_words(row.change)})"
            parts.append(part)
        self._set_description(", ".join(parts) if parts else self.tr("No predictions."))

    def _set_description(self, text: str) -> None:
        # each change notifies assistive technology; a drag may bring 100 results a second with the same text
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)
