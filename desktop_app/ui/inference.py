"""Bridges the core Scheduler (plain threads) to Qt: results arrive as signals on the GUI thread.

Each lane is one long-lived worker where the latest request wins: `predictions` (one image and, when needed,
the original beside it, in one batch), and one lane per kind of job (model loading, image decoding, long work
with progress), so that opening a photo never cancels a model that is loading.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.model import ClassifierModel
from desktop_app.core.scheduler import CancelToken, Outcome, ProgressReporter, Scheduler


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
) -> Callable[[CancelToken, ProgressReporter], object]:
    """The worker-thread function for one prediction (a closure over immutable inputs)."""

    def work(token: CancelToken, report: ProgressReporter) -> tuple[np.ndarray, np.ndarray | None, float, float]:
        started = time.perf_counter()
        images = [image] if original is None else [image, original]
        probabilities = model.predict(images, token)
        baseline = probabilities[1] if original is not None else None
        return probabilities[0], baseline, time.perf_counter() - started, submitted_at

    return work


class InferenceBridge(QObject):
    """Owns the worker lanes; emits results, failures and busy state on the GUI thread."""

    prediction_ready = Signal(object)  # Prediction
    prediction_failed = Signal(str)
    job_done = Signal(str, object)  # kind, result
    job_failed = Signal(str, str)  # kind, message
    job_progress = Signal(str, float)  # kind, fraction
    job_cancelled = Signal(str)  # kind: the latest job of that kind was stopped
    job_partial = Signal(str, object)  # kind, payload: an intermediate result (e.g. a coarse map)
    busy_changed = Signal(bool)

    _outcome_arrived = Signal(object, object)  # (Outcome, lane name), emitted on a worker thread
    _progress_arrived = Signal(str, int, float, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._models: dict[int, tuple[ClassifierModel, bool]] = {}
        self._predictions = Scheduler(lambda o: self._outcome_arrived.emit(o, "predictions"), name="predictions")
        self._jobs: dict[str, Scheduler] = {}
        self._outcome_arrived.connect(self._on_outcome)
        self._progress_arrived.connect(self._on_progress)
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
        request_id = self._predictions.submit("predict", work, cancel_running=False)
        self._models[request_id] = (model, is_original)
        self._set_busy(True)
        return request_id

    def run_job(self, kind: str, work: Callable[[CancelToken, ProgressReporter], object]) -> int:
        """Runs long work (loading a model, decoding a photo) off the GUI thread; the latest job of a kind wins
        (-1 once shut down)."""
        if self._closed:
            return -1
        return self._lane(kind).submit(kind, work)

    def cancel_job(self, kind: str) -> None:
        """Cancels the pending and running job of a kind."""
        if kind in self._jobs:
            self._jobs[kind].cancel()

    def cancel_all(self) -> bool:
        """Cancels the running and pending prediction and jobs; True if anything was running."""
        busy = self._busy or not all(lane.wait_idle(0) for lane in self._jobs.values())
        self._predictions.cancel()
        for lane in self._jobs.values():
            lane.cancel()
        return busy

    def _lane(self, kind: str) -> Scheduler:
        if kind not in self._jobs:
            self._jobs[kind] = Scheduler(
                lambda o: self._outcome_arrived.emit(o, kind),
                lambda rid, fraction, payload: self._progress_arrived.emit(kind, rid, fraction, payload),
                name=kind,
            )
        return self._jobs[kind]

    @property
    def latest_prediction_id(self) -> int:
        """The id of the newest prediction request."""
        return self._predictions.latest_id

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancels all work and stops both worker threads; True when both have ended."""
        self._closed = True
        for lane in self._jobs.values():
            lane.cancel()
        stopped = [lane.shutdown(timeout) for lane in (*self._jobs.values(), self._predictions)]
        return all(stopped)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once every lane has no pending or running work."""
        return all(lane.wait_idle(timeout) for lane in (self._predictions, *self._jobs.values()))

    # -- delivery on the GUI thread -----------------------------------------------------------------

    @Slot(object, object)
    def _on_outcome(self, outcome: Outcome, lane: str) -> None:
        if lane != "predictions":
            self._deliver_job(outcome, lane)
            return
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
            self.prediction_failed.emit(_describe(outcome.error))
            return
        probabilities, baseline, inference_s, submitted_at = outcome.result  # type: ignore[misc]
        self.prediction_ready.emit(
            Prediction(outcome.request_id, model, probabilities, baseline, inference_s, submitted_at, is_original)  # type: ignore[arg-type]
        )

    def _deliver_job(self, outcome: Outcome, kind: str) -> None:
        if self._closed or outcome.request_id != self._jobs[kind].latest_id:
            return
        if outcome.cancelled:
            self.job_cancelled.emit(kind)
            return
        if outcome.error is not None:
            self.job_failed.emit(kind, _describe(outcome.error))
        else:
            self.job_done.emit(kind, outcome.result)

    @Slot(str, int, float, object)
    def _on_progress(self, kind: str, request_id: int, fraction: float, payload: object) -> None:
        if not self._closed and request_id == self._jobs[kind].latest_id:
            self.job_progress.emit(kind, fraction)
            if payload is not None:
                self.job_partial.emit(kind, payload)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


def _describe(error: BaseException) -> str:
    """A one-line message for the status bar; our own errors already read well."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text or f"{type(error).__name__} in the background worker"
