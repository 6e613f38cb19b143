"""The lecture dock's widgets: the step and its title, each image of the slide with its chart and the lecture's
figure beside the app's, the slide's sentence, and Previous / Next / Close. Widgets only; `Lecture` (lecture.py)
feeds them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.prediction import ChartRow
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.qimage import array_to_qimage

PICTURE_PX = 200  # the side of a slide's picture
MAX_IMAGES = 2
CHART_LINES = 7.2  # a chart of three bars, in text lines


@dataclass(frozen=True)
class ImageView:
    """What the panel shows of one slide image."""

    caption: str
    pixels: np.ndarray
    rows: Sequence[ChartRow]  # its top classes
    lecture: str  # the lecture's figure ("" when it gave none)
    app: str  # the app's figure, written the same way
    verdict: str  # "a cat, as in the lecture"
    agrees: bool


class _ImageColumn(QWidget):
    """One slide image: caption, picture, its chart and the two figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        bold = QFont(self.font())
        bold.setBold(True)
        self.caption.setFont(bold)
        self.picture = QLabel()
        self.picture.setFixedSize(PICTURE_PX, PICTURE_PX)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setFrameShape(QFrame.Shape.StyledPanel)
        self.chart = PredictionChart()
        line = QFontMetricsF(self.chart.font()).height()
        self.chart.setMinimumWidth(PICTURE_PX)
        self.chart.setFixedHeight(round(line * CHART_LINES))  # its title line and three bars
        self.chart.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.caption, self.picture, self.chart, self.figures):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_working(self, caption: str) -> None:
        self.caption.setText(caption)
        self.picture.clear()
        self.picture.setText(self.tr("working…"))
        self.chart.show_message("")
        self.figures.setText("")

    def show_view(self, view: ImageView) -> None:
        self.caption.setText(view.caption)
        pixmap = QPixmap.fromImage(array_to_qimage(view.pixels))
        self.picture.setPixmap(
            pixmap.scaled(
                PICTURE_PX - 4,
                PICTURE_PX - 4,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.chart.show_rows(view.rows)
        mark = "✓" if view.agrees else "✗"
        lecture = view.lecture or self.tr("no figure given")
        figures = self.tr("The lecture: <b>{lecture}</b><br>This app: <b>{app}</b><br>{mark} {verdict}")
        self.figures.setText(figures.format(lecture=lecture, app=view.app, mark=mark, verdict=view.verdict))


class LecturePanel(QWidget):
    """The slide on show: step, title, images with charts and figures, sentence, and the three buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = QLabel()
        self.title = QLabel()
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        self.title.setFont(title_font)
        self.columns = [_ImageColumn() for _ in range(MAX_IMAGES)]
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.close_button = QPushButton(self.tr("Close"))
        for button, tip in (
            (self.previous_button, self.tr("The previous slide (Page Up)")),
            (self.next_button, self.tr("The next slide (Page Down)")),
            (self.close_button, self.tr("Close the lecture; the lecture's cat stays open")),
        ):
            button.setToolTip(tip)
        self._build_layout()

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.step)
        images = QGridLayout()
        images.setHorizontalSpacing(12)
        for position, column in enumerate(self.columns):
            images.addWidget(column, 0, position, Qt.AlignmentFlag.AlignTop)
        images.setColumnStretch(MAX_IMAGES, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.sentence)
        layout.addLayout(images)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_step(self, index: int, count: int, title: str, sentence: str, captions: Sequence[str]) -> None:
        """A new slide: its step, title and sentence; its images are being made."""
        self.step.setText(self.tr("Slide {number} of {count}").format(number=index + 1, count=count))
        self.title.setText(title)
        self.sentence.setText(sentence)
        self.message.hide()
        for column, caption in zip(self.columns, [*captions, *[None] * MAX_IMAGES], strict=False):
            column.setVisible(caption is not None)
            if caption is not None:
                column.show_working(caption)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)

    def show_views(self, views: Sequence[ImageView]) -> None:
        """The slide's images, charts and figures."""
        self.progress.hide()
        for column, view in zip(self.columns, views, strict=False):
            column.show_view(view)

    def show_progress(self, fraction: float | None) -> None:
        """The progress of making the slide (None hides it)."""
        self.progress.setVisible(fraction is not None)
        if fraction is not None:
            self.progress.setValue(round(100 * fraction))

    def show_message(self, text: str) -> None:
        """A line under the images (why the slide cannot be shown)."""
        self.progress.hide()
        self.message.setText(text)
        self.message.setVisible(bool(text))
