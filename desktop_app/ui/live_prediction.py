"""The data path of one interaction: the edited image is rendered (at most once a frame), shown on the canvas and
predicted in the background by each model on its own lane (latest wins); each answer goes on its model's chart
beside the original image's (`ChartFeed`)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from desktop_app.core.document import Document
from desktop_app.core.edits import EditError, apply
from desktop_app.core.model import release_unused_memory
from desktop_app.core.preprocess import crop_box
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.ui.canvas import ImageCanvas
from desktop_app.ui.chart_feed import ChartFeed
from desktop_app.ui.inference import Prediction
from desktop_app.ui.jobs import Job, Lane, counted_progress
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.services import BusyHold, WindowServices
from desktop_app.ui.status_bar import WindowStatusBar
from desktop_app.ui.timers import single_shot_timer

FRAME_MS = 16  # renders at most ~60 times a second
LIVE_RENDER_EDITS = 100  # longer edit lists (huge experiments) render in the background, with progress


def describe_image(document: Document) -> str:
    """What the canvas shows, for a screen reader: the photo, its size and its edits."""
    height, width = document.working.shape[:2]
    done = "; ".join(document.edits_in_words()) or QCoreApplication.translate("LivePrediction", "no edits")
    text = QCoreApplication.translate(
        "LivePrediction", "{name}, {width} × {height} pixels, {edits}. The dashed square marks what the model sees."
    )
    return text.format(name=document.name, width=width, height=height, edits=done)


class LivePrediction(QObject):
    """Keeps the canvas and the charts on the current edits: render, predict, show."""

    shown = Signal(object)  # emitted with each Prediction of the window's model once it is on the chart
    requested = Signal()  # emitted when the edited image goes to the models: the charts' answers are on their way

    def __init__(
        self,
        services: WindowServices,
        canvas: ImageCanvas,
        chart: PredictionChart,
        status: WindowStatusBar,
        tool_image: Callable[[Document], np.ndarray | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.canvas = canvas
        self.chart = chart
        self.status = status
        self.tool_image = tool_image  # what the active tool shows instead of the rendered image (None: the image)
        self.feed = ChartFeed(services, lambda: services.model, services.bridge.predictions, chart, self)
        self.feeds: list[ChartFeed] = [self.feed]  # the window's model first, then a second model's, if any
        self._last_render = 0.0
        self._render_timer = single_shot_timer(self, self.render)
        self._render_job: Job | None = None
        self._render_busy: BusyHold | None = None
        self._shown_model_id: int | None = None  # id() of the model of the last prediction shown, not the model
        self.feed.shown.connect(self._shown)
        services.bridge.prediction_failed.connect(self._failed)

    @property
    def prediction(self) -> Prediction | None:
        """The prediction on the window's chart."""
        return self.feed.prediction

    @property
    def baseline(self) -> np.ndarray | None:
        """The original image's probabilities, when known."""
        return self.feed.baseline

    def render_pending(self) -> bool:
        """Whether a render is scheduled for the next frame or running in the background."""
        return self._render_timer.isActive() or (self._render_job is not None and self._render_job.is_running)

    def forget_baseline(self) -> None:
        """Another photo or model: the original's prediction must be asked for again."""
        for feed in self.feeds:
            feed.forget_baseline()

    def add_feed(self, feed: ChartFeed) -> None:
        """Predicts every render with one more model (a second chart) too, starting now."""
        if feed not in self.feeds:
            self.feeds.append(feed)
        self.schedule()

    def remove_feed(self, feed: ChartFeed) -> None:
        """Stops predicting with a feed's model."""
        if feed in self.feeds and feed is not self.feed:
            self.feeds.remove(feed)

    @Slot()
    def schedule(self) -> None:
        """Schedules a render: at once, or at the next frame when one ran less than a frame ago (a mouse sends
        edits faster than a screen can show them; rendering each would starve the event loop on big photos)."""
        if self._render_timer.isActive():
            return
        wait_ms = FRAME_MS - 1000 * (time.perf_counter() - self._last_render)
        if wait_ms <= 0:
            self.render()
        else:
            self._render_timer.start(int(wait_ms) + 1)

    def stop(self) -> None:
        """No more renders (the window is closing)."""
        self._render_timer.stop()

    @Slot()
    def render(self) -> None:
        """Renders the edited image, shows it, and asks each model for its prediction (latest wins). A long edit list
        (a huge experiment) renders on the RENDER lane instead, with progress, and Edit › Stop stops it."""
        self._last_render = time.perf_counter()
        document = self.services.editor.document
        if document is None:
            return
        if len(document.edits) > LIVE_RENDER_EDITS:
            self._render_in_background(document)
            return
        self._drop_background_render()
        try:
            image = document.render()
        except EditError as err:  # e.g. a texture file that has gone: say so, keep the work, hide nothing
            self._render_failed(str(err))
            return
        self._show_render(document, image)

    def _show_render(self, document: Document, image: np.ndarray) -> None:
        """Shows a rendered image (or what the active tool shows instead) and asks for its prediction."""
        model = self.services.model
        try:
            shown = self.tool_image(document)
        except EditError as err:
            self._render_failed(str(err))
            return
        self.canvas.set_image(image if shown is None else shown)
        self.canvas.setAccessibleDescription(describe_image(document))
        if model is None:
            return
        # the region the model keeps, on the rendered image; hidden while a tool shows another image (crop)
        self.canvas.model_region.set_box(
            crop_box(image.shape[0], image.shape[1], model.spec) if shown is None else None
        )
        self.requested.emit()
        for feed in self.feeds:
            feed.request(document, image)

    def _render_in_background(self, document: Document) -> None:
        working, edits = document.working, document.edits
        count = len(edits)

        def work(token: CancelToken, progress: Progress) -> np.ndarray:
            return apply(working, edits, cancel=token, progress=counted_progress(progress))

        self._render_busy = self._render_busy or self.services.busy.hold()
        job = self._render_job = self.services.bridge.run_job(Lane.RENDER, work)
        job.progress.connect(
            lambda fraction: self.services.show_status(
                self.tr("Applying {count:,} edits… {percent:.0f} % (Esc stops)").format(
                    count=count, percent=100 * fraction
                )
            )
        )
        job.done.connect(lambda image: self._rendered_in_background(document, image))
        job.failed.connect(self._render_failed)
        job.cancelled.connect(self._render_stopped)

    def _drop_background_render(self) -> None:
        """A short edit list again (an undo, another photo): a long render still running is no longer wanted."""
        job, self._render_job = self._render_job, None
        if job is not None and job.is_running:
            job.blockSignals(True)  # it ends unseen: no "stopped" message for what nobody stopped
            job.cancel()
            self.services.show_status("")
        self._release_render_busy()

    def _rendered_in_background(self, document: Document, image: np.ndarray) -> None:
        self._release_render_busy()
        self.services.show_status("")
        if document is self.services.editor.document:
            self._show_render(document, image)

    @Slot(str)
    def _render_failed(self, message: str) -> None:
        self._release_render_busy()
        text = self.tr("An edit cannot be applied: {reason}. Hide or delete it in the Edits panel.")
        self.services.notify(text.format(reason=message), "error")

    @Slot()
    def _render_stopped(self) -> None:
        self._release_render_busy()
        self.services.show_status(
            self.tr("Stopped applying the edits; the image shows the last finished render."), 6000
        )

    def _release_render_busy(self) -> None:
        if self._render_busy is not None:
            self._render_busy.release()
            self._render_busy = None

    def update_chart(self) -> None:
        """Shows each prediction as chart rows (top-k from the settings, against the original's)."""
        for feed in self.feeds:
            feed.update_chart()

    @Slot(object)
    def _shown(self, prediction: Prediction) -> None:
        replaced = self._shown_model_id not in (None, id(prediction.model))
        self._shown_model_id = id(prediction.model)
        self.status.show_timing(prediction.inference_s, time.perf_counter() - prediction.submitted_at)
        self.shown.emit(prediction)
        if replaced:  # the last prediction of the model before is gone, and with it that model
            release_unused_memory()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.services.notify(self.tr("The prediction failed: {reason}").format(reason=message), "error")
        self.services.show_status(self.tr("Prediction failed; the next change will try again."), 5000)
