"""Bridges the core Scheduler (plain threads) to Qt: results arrive on the GUI thread.

Predictions have their own lane, where the latest request wins (one image and, when needed, the original beside it,
in one batch) and results come as `prediction_ready`. Every other kind of work is a `Job` on its own lane
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


class InferenceBridge(QObject):
    """Owns the worker lanes; emits predictions, their failures and busy state on the GUI thread."""

    prediction_ready = Signal(object)  # Prediction
    prediction_failed = Signal(str)
    busy_changed = Signal(bool)  # a prediction is pending or running

    _prediction_arrived = Signal(object)  # Outcome, emitted on the worker thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._models: dict[int, tuple[ClassifierModel, bool]] = {}
        self._predictions = Scheduler(self._prediction_arrived.emit, name=Lane.PREDICTIONS)
        self._jobs = JobLanes(self)
        self._prediction_arrived.connect(self._on_prediction)
        self._busy = False
        self._closed = False
        self._shown_id = 0

    # -- requests -----------------------------------------------------------------------------------

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
        request_id = self._predictions.submit(Lane.PREDICTIONS, work, cancel_running=False)
        self._models[request_id] = (model, is_original)
        self._set_busy(True)
        return request_id

    def run_job(self, lane: Lane, work: Work) -> Job:
        """Runs long work (loading a model, decoding a photo) off the GUI thread and returns its handle; a newer job
        of the same lane cancels and silences this one."""
        return self._jobs.start(lane, work)

    def cancel_all(self) -> bool:
        """Cancels the running and pending prediction and jobs; True if anything was running."""
        busy = self._busy
        self._predictions.cancel()
        return self._jobs.cancel_all() or busy

    @property
    def latest_prediction_id(self) -> int:
        """The id of the newest prediction request."""
        return self._predictions.latest_id

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancels all work and stops every worker thread within `timeout` seconds in all; True when all have ended
        (a worker still in work that cannot be interrupted is abandoned, see Scheduler.shutdown)."""
        deadline = time.monotonic() + timeout
        self._closed = True
        self._predictions.cancel()
        jobs_stopped = self._jobs.shutdown(timeout)
        return self._predictions.shutdown(max(MIN_JOIN_S, deadline - time.monotonic())) and jobs_stopped

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once every lane has no pending or running work."""
        return self._predictions.wait_idle(timeout) and self._jobs.wait_idle(timeout)

    # -- delivery on the GUI thread -----------------------------------------------------------------

    @Slot(object)
    def _on_prediction(self, outcome: Outcome) -> None:
        model, is_original = self._models.pop(outcome.request_id, (None, False))
        if outcome.request_id == self._predictions.latest_id:
            self._set_busy(False)
        if self._closed or outcome.cancelled or outcome.request_id <= self._shown_id:
            return
        # Newer than anything shown: show it, even if a still newer request is on its way, so the chart follows a
        # drag. Outcomes arrive in request order, so an older result never replaces a newer one, and at rest the
        # chart shows the latest request.
        self._shown_id = outcome.request_id
        if outcome.error is not None:
            self.prediction_failed.emit(describe_error(outcome.error))
            return
        probabilities, baseline, inference_s, submitted_at = outcome.result  # type: ignore[misc]  # the worker returns this 4-tuple for every prediction
        self.prediction_ready.emit(
            Prediction(outcome.request_id, model, probabilities, baseline, inference_s, submitted_at, is_original)  # type: ignore[arg-type]  # the prediction lane records its model before submitting
        )

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
