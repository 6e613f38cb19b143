"""Bridges the core Scheduler (plain threads) to Qt: results arrive on the GUI thread.

Predictions have lanes of their own (`PredictionLane`: the chart's, and a second model's), where the latest request
wins (one image and, when needed, the original beside it, in one batch) and results come as `ready`. Every other
kind of work is a `Job` on its own lane
(`ui/jobs.py`), so that opening a photo never cancels a model that is loading.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.model import ClassifierModel
from desktop_app.core.scheduler import MIN_JOIN_S, CancelToken, Outcome, Progress, Scheduler, Work
from desktop_app.ui.jobs import Job, JobLanes, Lane, describe_error


@dataclass(frozen=True)
class Prediction:
    """The answer to one prediction request."""

    request_id: int
    model: ClassifierModel
    probabilities: np.ndarray
    baseline: np.ndarray | None  # the original image's probabilities, when they were asked for
    inference_s: float
    submitted_at: float
    is_original: bool = False  # the image had no edits: its probabilities are the baseline


def _prediction_work(
    model: ClassifierModel, image: np.ndarray, original: np.ndarray | None, submitted_at: float
) -> Work:
    """The worker-thread function for one prediction (a closure over immutable inputs)."""

    def work(token: CancelToken, _progress: Progress) -> tuple[np.ndarray, np.ndarray | None, float, float]:
        started = time.perf_counter()
        images = [image] if original is None else [image, original]
        probabilities = model.predict(images, token)
        baseline = probabilities[1] if original is not None else None
        return probabilities[0], baseline, time.perf_counter() - started, submitted_at

    return work


class PredictionLane(QObject):
    """One model's live predictions on a worker of its own: the latest request wins, a result older than one shown
    is dropped, and no other lane waits for it."""

    ready = Signal(object)  # Prediction
    failed = Signal(str)
    busy_changed = Signal(bool)  # a prediction is pending or running

    _arrived = Signal(object)  # Outcome, emitted on the worker thread

    def __init__(self, lane: Lane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._models: dict[int, tuple[ClassifierModel, bool]] = {}
        self._scheduler = Scheduler(self._arrived.emit, name=lane)
        self._arrived.connect(self._on_outcome)
        self._lane = lane
        self._busy = False
        self._closed = False
        self._shown_id = 0

    def predict(
        self, model: ClassifierModel, image: np.ndarray, original: np.ndarray | None = None, is_original: bool = False
    ) -> int:
        """Asks for the prediction of `image` (and of `original`, for the baseline); returns the request id
        (-1 once shut down: a late request during closing is dropped)."""
        if self._closed:
            return -1
        work = _prediction_work(model, image, original, time.perf_counter())
        # A running prediction is let finish (a few ms): cancelling it on every mouse move would starve the chart
        # during a drag. Only the pending request is replaced.
        request_id = self._scheduler.submit(self._lane, work, cancel_running=False)
        self._models[request_id] = (model, is_original)
        self._set_busy(True)
        return request_id

    @property
    def latest_id(self) -> int:
        """The id of the newest request."""
        return self._scheduler.latest_id

    @property
    def busy(self) -> bool:
        """Whether a prediction is pending or running."""
        return self._busy

    def cancel(self) -> None:
        """Cancels the pending and running prediction."""
        self._scheduler.cancel()

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancels the work and stops the worker thread; True when it has ended."""
        self._closed = True
        self._scheduler.cancel()
        return self._scheduler.shutdown(timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once nothing is pending or running."""
        return self._scheduler.wait_idle(timeout)

    @Slot(object)
    def _on_outcome(self, outcome: Outcome) -> None:
        model, is_original = self._models.pop(outcome.request_id, (None, False))
        if outcome.request_id == self._scheduler.latest_id:
            self._set_busy(False)
        if self._closed or outcome.cancelled or outcome.request_id <= self._shown_id:
            return
        # Newer than anything shown: show it, even if a still newer request is on its way, so the chart follows a
        # drag. Outcomes arrive in request order, so an older result never replaces a newer one, and at rest the
        # chart shows the latest request.
        self._shown_id = outcome.request_id
        if outcome.error is not None:
            self.failed.emit(describe_error(outcome.error))
            return
        probabilities, baseline, inference_s, submitted_at = outcome.result  # type: ignore[misc]  # the worker returns this 4-tuple for every prediction
        self.ready.emit(
            Prediction(outcome.request_id, model, probabilities, baseline, inference_s, submitted_at, is_original)  # type: ignore[arg-type]  # the lane records its model before submitting
        )

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


class InferenceBridge(QObject):
    """Owns the worker lanes: the chart's predictions (`predictions`), a second model's (`second_predictions`,
    started on first use) and the jobs; emits the chart's predictions, their failures and busy state on the GUI
    thread."""

    prediction_ready = Signal(object)  # Prediction, of the `predictions` lane
    prediction_failed = Signal(str)
    busy_changed = Signal(bool)  # a prediction of the `predictions` lane is pending or running

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.predictions = PredictionLane(Lane.PREDICTIONS, self)
        self.predictions.ready.connect(self.prediction_ready)
        self.predictions.failed.connect(self.prediction_failed)
        self.predictions.busy_changed.connect(self.busy_changed)
        self._second: PredictionLane | None = None
        self._jobs = JobLanes(self)
        self._closed = False

    # -- requests -----------------------------------------------------------------------------------

    def predict(
        self, model: ClassifierModel, image: np.ndarray, original: np.ndarray | None = None, is_original: bool = False
    ) -> int:
        """Asks the `predictions` lane for the prediction of `image` (see PredictionLane.predict)."""
        return self.predictions.predict(model, image, original, is_original)

    @property
    def second_predictions(self) -> PredictionLane:
        """The lane of a second model's predictions (its worker starts with its first request)."""
        if self._second is None:
            self._second = PredictionLane(Lane.SECOND_PREDICTIONS, self)
            if self._closed:
                self._second.shutdown()
        return self._second

    def run_job(self, lane: Lane, work: Work) -> Job:
        """Runs long work (loading a model, decoding a photo) off the GUI thread and returns its handle; a newer job
        of the same lane cancels and silences this one."""
        return self._jobs.start(lane, work)

    def cancel_all(self) -> bool:
        """Cancels the running and pending predictions and jobs; True if anything was running."""
        busy = any(lane.busy for lane in self._lanes())
        for lane in self._lanes():
            lane.cancel()
        return self._jobs.cancel_all() or busy

    @property
    def latest_prediction_id(self) -> int:
        """The id of the newest request of the `predictions` lane."""
        return self.predictions.latest_id

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancels all work and stops every worker thread within `timeout` seconds in all; True when all have ended
        (a worker still in work that cannot be interrupted is abandoned, see Scheduler.shutdown)."""
        deadline = time.monotonic() + timeout
        self._closed = True
        for lane in self._lanes():
            lane.cancel()
        jobs_stopped = self._jobs.shutdown(timeout)
        lanes_stopped = [lane.shutdown(max(MIN_JOIN_S, deadline - time.monotonic())) for lane in self._lanes()]
        return all(lanes_stopped) and jobs_stopped

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once every lane has no pending or running work."""
        return all(lane.wait_idle(timeout) for lane in self._lanes()) and self._jobs.wait_idle(timeout)

    def _lanes(self) -> list[PredictionLane]:
        return [self.predictions] + ([self._second] if self._second is not None else [])
