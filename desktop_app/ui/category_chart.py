"""The paper's 16 entry-level categories as small bars: each the mean probability of the category's ImageNet classes,
the decision (the highest) marked, and a caption below (what the model decided on a cue-conflict image)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from desktop_app.ui.colours import mix

ROWS_PER_COLUMN = 8  # two columns of eight when there is room, else one of sixteen
COLUMN_MIN_EM = 15  # a column needs this many average characters of width
TAG_COLOURS = {"shape": QColor("#0072B2"), "texture": QColor("#D55E00")}  # Okabe-Ito blue and vermilion


class CategoryChart(QWidget):
    """Sixteen rows of name, bar (scaled to the largest value) and percentage; drawn in paintEvent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, float] = {}
        self._decision = ""
        self._tags: dict[str, str] = {}  # category -> "shape" / "texture", for a cue-conflict image
        self._caption = ""
        self._message = self.tr("The 16 categories appear with the first prediction.")
        self._cover: str | None = None  # while set, this text stands in for the bars (guess first)
        self._description = self._message
        self.setAccessibleName(self.tr("16 categories"))
        self.setToolTip(
            self.tr(
                "The 16 entry-level categories of Geirhos et al. 2019: each bar is the mean probability of the "
                "category's ImageNet classes; the highest is the paper's decision"
            )
        )

    # ---- public API -------------------------------------------------------------------------------------

    def show_scores(
        self, values: Mapping[str, float], decision: str, caption: str = "", tags: Mapping[str, str] | None = None
    ) -> None:
        """Shows the categories' values (in order), marks the decision (bold), colours the stimulus's shape (blue)
        and texture (vermilion) categories and writes the caption under the bars."""
        self._values, self._decision = dict(values), decision
        self._tags, self._caption, self._message = dict(tags or {}), caption, ""
        ranked = sorted(self._values.items(), key=lambda item: -item[1])[:3]
        summary = ", ".join(f"{name} {100 * value:.1f} %" for name, value in ranked)
        described = self.tr("Decision: {decision}. {summary}. {caption}")
        self._describe(described.format(decision=decision, summary=summary, caption=caption).strip())
        self.updateGeometry()
        self.update()

    def show_message(self, text: str) -> None:
        """Replaces the bars with a message."""
        self._values, self._decision, self._tags, self._caption, self._message = {}, "", {}, "", text
        self._describe(text)
        self.update()

    def set_covered(self, text: str | None) -> None:
        """Hides the bars, the decision and the caption behind `text` (None: shows them again); scores given
        meanwhile are kept, never drawn or described."""
        self._cover = text
        self._describe(self._description)
        self.update()

    def _describe(self, text: str) -> None:
        self._description = text
        self.setAccessibleDescription(self._cover if self._cover is not None else text)

    def values(self) -> dict[str, float]:
        """The values on show, by category (empty while a message is shown)."""
        return dict(self._values)

    def decision(self) -> str:
        """The marked category ("" when none)."""
        return self._decision

    def caption(self) -> str:
        """The caption under the bars."""
        return self._caption

    def sizeHint(self) -> QSize:
        """Two columns of eight rows and a caption line."""
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 26), round(line * (ROWS_PER_COLUMN * 1.15 + 2.6)))

    def minimumSizeHint(self) -> QSize:
        """Room for a few rows; the rest squeeze."""
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 14), round(line * 5))

    # ---- drawing ----------------------------------------------------------------------------------------

    def _columns(self) -> int:
        em = QFontMetricsF(self.font()).averageCharWidth()
        return 2 if self.width() >= 2 * COLUMN_MIN_EM * em else 1

    def row_rects(self) -> dict[str, QRectF]:
        """Where each category's row is drawn, in widget pixels."""
        line = QFontMetricsF(self.font()).height()
        margin = max(4.0, line * 0.4)
        columns = self._columns()
        per_column = -(-len(self._values) // columns) if self._values else 0
        caption_height = line * 2.5 if self._caption else 0.0
        available = self.height() - 2 * margin - caption_height
        row_height = min(line * 1.15, available / max(1, per_column))
        width = (self.width() - 2 * margin - (columns - 1) * line) / columns
        return {
            name: QRectF(
                margin + (index // per_column) * (width + line),
                margin + (index % per_column) * row_height,
                width,
                row_height,
            )
            for index, name in enumerate(self._values)
        }

    def paintEvent(self, event: QPaintEvent) -> None:
        """The rows, then the caption."""
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        muted = mix(text, window, 0.6)
        message = self._cover if self._cover is not None else self._message
        if message:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message)
            return
        rects = self.row_rects()
        largest = max(self._values.values(), default=0.0) or 1.0
        for name, rect in rects.items():
            self._paint_row(painter, rect, name, self._values[name] / largest, text, window)
        if self._caption:
            bottom = max((r.bottom() for r in rects.values()), default=0.0)
            box = QRectF(rects[next(iter(rects))].left(), bottom + 2, self.width(), self.height() - bottom - 2)
            painter.setPen(text)
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            box.setWidth(self.width() - 2 * box.left())
            painter.drawText(
                box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, self._caption
            )

    def _paint_row(
        self, painter: QPainter, rect: QRectF, name: str, share: float, text: QColor, window: QColor
    ) -> None:
        metrics = QFontMetricsF(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        widest = max(QFontMetricsF(bold).horizontalAdvance(n) for n in self._values) + metrics.averageCharWidth()
        label_width = min(rect.width() * 0.5, widest)
        value_width = metrics.horizontalAdvance("00.0 %")
        font = QFont(self.font())
        font.setBold(name == self._decision)
        painter.setFont(font)
        painter.setPen(TAG_COLOURS[self._tags[name]] if name in self._tags else text)  # the stimulus's two categories
        label = QFontMetricsF(font).elidedText(name, Qt.TextElideMode.ElideRight, label_width)
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(rect.left(), rect.top(), label_width, rect.height()), middle, label)
        painter.setFont(self.font())
        bar_left = rect.left() + label_width + 4
        bar_width = max(4.0, rect.width() - label_width - value_width - 10)
        bar_height = max(3.0, rect.height() * 0.55)
        track = QRectF(bar_left, rect.center().y() - bar_height / 2, bar_width, bar_height)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mix(text, window, 0.08))
        painter.drawRect(track)
        painter.setBrush(highlight if name == self._decision else mix(highlight, window, 0.5))
        painter.drawRect(QRectF(track.left(), track.top(), track.width() * share, track.height()))
        painter.setPen(text)
        value = QRectF(rect.right() - value_width, rect.top(), value_width, rect.height())
        painter.drawText(value, Qt.AlignmentFlag.AlignRight | middle, f"{100 * self._values[name]:.1f} %")
