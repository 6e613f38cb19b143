"""Lessons › The Lecture: opens the lecture's cat and walks the lecture's slides (core/lecture.py) in a dock.

Each slide's images are made and classified on the lecture's lane of the worker (latest wins: paging on quickly
leaves only the last slide to finish); slides once shown are kept for the model that made them, so paging back is
instant. Previous and Next are actions (Page Up / Page Down, Alt+Left / Alt+Right) while the dock is open.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QScrollArea

from desktop_app.core.lecture import SLIDES, ShownImage, Slide, app_result, show_slide, verdict_text
from desktop_app.core.lesson_templates import LECTURE
from desktop_app.core.model import ClassifierModel
from desktop_app.core.prediction import chart_rows
from desktop_app.core.stimuli import lecture_image
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.core.worksheet import LessonStep
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.lecture_panel import ImageView, LecturePanel
from desktop_app.ui.services import WindowServices

CHART_ROWS = 3
DOCK_MIN_WIDTH = 440
NAVIGATION = ("lecture_previous", "lecture_next")


def lecture_text(text: str) -> str:
    """A slide's title, sentence or caption (marked in core.lecture) in the user's language."""
    return QCoreApplication.translate("Lecture", text)


class Lecture(QObject):
    """Owns the lecture dock and walks its slides."""

    def __init__(
        self, services: WindowServices, open_image: Callable[[Path], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.open_image = open_image
        self.index: int | None = None  # the slide on show
        self.shown: dict[str, tuple[ShownImage, ...]] = {}  # slides made by `_shown_model`, by key
        self._shown_model: ClassifierModel | None = None
        self._job: Job | None = None
        self._navigation: list[QAction] = []  # Previous / Next actions, enabled while the dock is open
        self.panel = LecturePanel()
        self.dock = self._build_dock()
        self.panel.previous_button.clicked.connect(self.previous)
        self.panel.next_button.clicked.connect(self.next)
        self.panel.close_button.clicked.connect(self.close)
        self.dock.visibilityChanged.connect(self._visibility_changed)
        services.models.changed.connect(self._model_changed)

    def _build_dock(self) -> QDockWidget:
        dock = QDockWidget(self.tr("The lecture"))
        dock.setObjectName("LectureDock")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.panel)
        dock.setWidget(scroll)
        dock.setMinimumWidth(DOCK_MIN_WIDTH)
        dock.hide()
        return dock

    def action_specs(self) -> list[ActionSpec]:
        """Lessons › The Lecture, Next Slide and Previous Slide."""
        menu = "&Lessons"
        return [
            ActionSpec(
                "lecture",
                QT_TRANSLATE_NOOP("Menus", "The &Lecture…"),
                self.start,
                menu,
                ("Ctrl+L",),
                tip=QT_TRANSLATE_NOOP(
                    "Menus", "Walk the lecture's slides on the lecture's own cat: parts, occlusion, shape, texture"
                ),
                separator=True,
            ),
            ActionSpec(
                "lecture_previous",
                QT_TRANSLATE_NOOP("Menus", "&Previous Slide"),
                self.previous,
                menu,
                ("PgUp", "Alt+Left"),
            ),
            ActionSpec(
                "lecture_next", QT_TRANSLATE_NOOP("Menus", "&Next Slide"), self.next, menu, ("PgDown", "Alt+Right")
            ),
        ]

    def attach(self, actions: dict[str, QAction]) -> None:
        """Takes the Previous / Next actions the table made: they work while the dock is open."""
        self._navigation = [actions[key] for key in NAVIGATION]
        self._visibility_changed(self.dock.isVisible())

    # -- walking ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Opens the lecture's cat in the window and shows the first slide."""
        self.open_image(lecture_image("original"))
        self.dock.show()
        self.dock.raise_()
        self.go(0)

    def go(self, index: int) -> None:
        """Shows a slide (0-based), making it on the worker unless it is already made for this model."""
        index = max(0, min(index, len(SLIDES) - 1))
        slide = SLIDES[index]
        self.index = index
        captions = [lecture_text(image.caption) for image in slide.images]
        self.panel.show_step(index, len(SLIDES), lecture_text(slide.title), lecture_text(slide.sentence), captions)
        model = self.services.model
        if model is None:
            self.panel.show_message(self.tr("Waiting for the model…"))
            return
        if model is not self._shown_model:
            self.shown, self._shown_model = {}, model
        if slide.key in self.shown:
            self._show(slide, self.shown[slide.key])
            return
        self.panel.show_progress(0.0)
        self._job = self.services.bridge.run_job(
            Lane.LECTURE, lambda token, progress: show_slide(model, slide, token, progress)
        )
        self._job.done.connect(partial(self._made, model, slide))
        self._job.failed.connect(self._failed)
        self._job.progress.connect(self.panel.show_progress)
        self._job.cancelled.connect(
            lambda: self.panel.show_message(self.tr("Stopped. Press Next or Previous to go on."))
        )

    def next(self) -> None:
        """The next slide."""
        if self.index is not None and self.index < len(SLIDES) - 1:
            self.go(self.index + 1)

    def previous(self) -> None:
        """The previous slide."""
        if self.index is not None and self.index > 0:
            self.go(self.index - 1)

    def close(self) -> None:
        """Closes the lecture (the lecture's cat stays open in the window)."""
        if self._job is not None:
            self._job.cancel()
        self.dock.hide()

    def current_step(self) -> LessonStep | None:
        """The slide on show while the lecture is open, as a lesson step; None when it is closed."""
        if self.index is None or not self.dock.isVisible():
            return None
        return LessonStep(
            LECTURE, "The lecture", f"slide {self.index + 1} of {len(SLIDES)}: {SLIDES[self.index].title}"
        )

    # -- results ------------------------------------------------------------------------------------

    def views(self, slide: Slide, shown: tuple[ShownImage, ...]) -> list[ImageView]:
        """What the panel shows of a made slide."""
        model = self._shown_model
        assert model is not None
        return [
            ImageView(
                lecture_text(image.slide_image.caption),
                image.pixels,
                chart_rows(image.probabilities, model.labels, CHART_ROWS),
                image.slide_image.lecture_result,
                app_result(model, image),
                verdict_text(image),
                image.agrees,
            )
            for image in shown
        ]

    def _made(self, model: ClassifierModel, slide: Slide, shown: tuple[ShownImage, ...]) -> None:
        if model is not self._shown_model:
            return
        self.shown[slide.key] = shown
        if self.index is not None and SLIDES[self.index] is slide:
            self._show(slide, shown)

    def _show(self, slide: Slide, shown: tuple[ShownImage, ...]) -> None:
        self.panel.show_views(self.views(slide, shown))

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.panel.show_message(self.tr("This slide could not be made: {reason}").format(reason=message))

    @Slot(object)
    def _model_changed(self, _model: ClassifierModel) -> None:
        if self.dock.isVisible() and self.index is not None:
            self.go(self.index)  # the new model's verdicts

    @Slot(bool)
    def _visibility_changed(self, visible: bool) -> None:
        for action in self._navigation:
            action.setEnabled(visible)
        if visible and self.index is None:  # opened by a restored layout: start at the first slide
            self.go(0)
