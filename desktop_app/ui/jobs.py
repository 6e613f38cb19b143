"""Background jobs as handles: starting work returns a `Job` whose own signals say how it goes and how it ends.

Every kind of job has its lane (`Lane`): one long-lived worker thread of the core `Scheduler` where the latest
request wins. A newer job of a lane silences the older one: only the latest job of a lane ever emits, so nobody
filters a broadcast by a string or keeps a serial number (compare Orange3's `ConcurrentMixin`, superqt's workers).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

import desktop_app
from desktop_app.core.scheduler import MIN_JOIN_S, Outcome, Progress, Scheduler, Work
from desktop_app.core.texts import QT_TRANSLATE_NOOP

logger = logging.getLogger(__name__)
PACKAGE = Path(desktop_app.__file__).resolve().parent
UNEXPECTED = QT_TRANSLATE_NOOP(
    "Jobs", "an unexpected problem stopped it (the details are in the log); your work is kept"
)


class Lane(StrEnum):
    """Every kind of background work; each has its own worker, so opening a photo never cancels a model load."""

    PREDICTIONS = "predictions"  # the chart's live predictions (InferenceBridge.predict), not Jobs
    SECOND_PREDICTIONS = "second-predictions"  # a second model's live predictions, not Jobs
    LOAD_MODEL = "load-model"
    LOAD_SECOND_MODEL = "load-second-model"
    OPEN_IMAGE = "open-image"
    OPEN_EXPERIMENT = "open-experiment"
    AUTOSAVE = "autosave"
    LESSON = "lesson"
    EXPLAIN = "explain"
    CAM_SUPPORT = "cam-support"  # whether CAM applies to a newly loaded model
    GRABCUT = "grabcut"
    TEXTURE_FILE = "texture-file"
    LECTURE = "lecture"  # the lecture's slides, made and classified
    STUDY = "study"  # the shape-bias study
    THUMBNAILS = "thumbnails"  # the study's images of one category, as thumbnails
    CUE_CONFLICT = "cue-conflict"
    FIND_OBJECT = "find-object"  # the object the model looks at, for the Texture tool
    RENDER = "render"  # an edit list too long to render between two frames (huge experiments)
    STUDY_IMAGE = "study-image"  # an image of a study's results, with its recipe applied
    WORKSHEET = "worksheet"  # a worksheet written as HTML and PDF


def describe_error(error: BaseException) -> str:
    """A one-line message for the user: the first line of our own errors, which are written for users (the core's
    ImageLoadError, ExperimentError, ModelError, SaveError, ... and the checks it raises as ValueError); for
    anything else (a library's internals, an OSError's errno) a plain sentence, with the details in the log."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    ours = type(error).__module__.startswith("desktop_app.") or (
        isinstance(error, ValueError | RuntimeError) and type(error).__module__ == "builtins" and _raised_here(error)
    )
    if text and ours:
        return text
    if isinstance(error, OSError) and error.strerror:
        text = QCoreApplication.translate("Jobs", "the system could not read or write a file ({reason})")
        return text.format(reason=error.strerror.lower())
    logger.error("unexpected error:\n%s", "".join(traceback.format_exception(error)))
    return QCoreApplication.translate("Jobs", UNEXPECTED)


def counted_progress(progress: Progress, steps: int = 100) -> Callable[[int, int], None]:
    """A progress(done, total) callback (core's apply, experiment.load) reporting to a job at most `steps` times."""
    last = [-1]

    def report(done: int, total: int) -> None:
        step = done * steps // max(total, 1)
        if step != last[0]:
            last[0] = step
            progress(done / max(total, 1))

    return report


def _raised_here(error: BaseException) -> bool:
    """Whether the innermost frame of the error's traceback is in this app's own code (a check of ours, not a
    message from inside numpy or OpenCV)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(PACKAGE)


class Job(QObject):
    """One piece of background work. Its signals arrive on the GUI thread, and none after a newer job of its lane
    started; exactly one of done, failed and cancelled ends it."""

    progress = Signal(float)  # emitted with the fraction done, 0..1
    partial = Signal(object)  # emitted with an intermediate result to show meanwhile (e.g. a coarse map)
    done = Signal(object)  # emitted with the work's result
    failed = Signal(str)  # emitted with a one-line message when the work raised
    cancelled = Signal()  # emitted once the work has stopped after cancel() (or Edit › Stop Running Work)

    def __init__(self, lane: Lane, request_id: int, stop: Callable[[int], None]) -> None:
        super().__init__()
        self.lane = lane
        self.request_id = request_id
        self._stop = stop
        self._ended = request_id < 0  # a job refused (the app is closing) never runs and never emits
        self._cancel_requested = False
        self._superseded = False

    @property
    def is_running(self) -> bool:
        """Whether the job may still emit: it has not ended, been cancelled or been replaced."""
        return not (self._ended or self._cancel_requested or self._superseded)

    def cancel(self) -> None:
        """Stops the work; the job then ends with `cancelled`, never with `done` or `failed`."""
        if self.is_running:
            self._cancel_requested = True
            self._stop(self.request_id)

    def _supersede(self) -> None:
        """A newer job of the lane took over: this one never emits again (its work is cancelled by the scheduler)."""
        self._superseded = True
        self.blockSignals(True)

    def _report(self, fraction: float, payload: object | None) -> None:
        if self.is_running:
            self.progress.emit(fraction)
            if payload is not None:
                self.partial.emit(payload)

    def _end(self, outcome: Outcome) -> None:
        if self._ended or self._superseded:
            return
        self._ended = True
        if self._cancel_requested or outcome.cancelled:
            self.cancelled.emit()
        elif outcome.error is not None:
            self.failed.emit(describe_error(outcome.error))
        else:
            self.done.emit(outcome.result)


class JobLanes(QObject):
    """The job lanes (a worker thread each, started on first use); delivers every outcome to its Job."""

    _outcome_arrived = Signal(object)  # Outcome, emitted on a worker thread
    _progress_arrived = Signal(str, int, float, object)  # lane, request id, fraction, payload (worker thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[Lane, Scheduler] = {}
        self._latest: dict[Lane, Job] = {}  # the job of each lane that may still emit
        self._closed = False
        self._outcome_arrived.connect(self._on_outcome)
        self._progress_arrived.connect(self._on_progress)

    def start(self, lane: Lane, work: Work) -> Job:
        """Runs `work(cancel_token, progress)` on the lane's worker; the job it replaces is cancelled and silenced."""
        if self._closed:
            return Job(lane, -1, lambda _id: None)
        scheduler = self._scheduler(lane)
        job = Job(lane, scheduler.submit(lane, work), scheduler.cancel)
        previous = self._latest.get(lane)
        if previous is not None:
            previous._supersede()
        self._latest[lane] = job
        return job

    def cancel_all(self) -> bool:
        """Cancels every running or pending job; True if there was one."""
        jobs = [job for job in self._latest.values() if job.is_running]
        for job in jobs:
            job.cancel()
        return bool(jobs)

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancels all jobs and stops the workers within `timeout` seconds in all; True when every worker thread has
        ended (one still running then, in work that cannot be interrupted, is abandoned: see Scheduler.shutdown)."""
        deadline = time.monotonic() + timeout
        self._closed = True
        for job in self._latest.values():
            job._supersede()
        self._latest.clear()
        for scheduler in self._lanes.values():
            scheduler.cancel()  # all at once: each join below then takes only its own lane's last step
        return all(
            [scheduler.shutdown(max(MIN_JOIN_S, deadline - time.monotonic())) for scheduler in self._lanes.values()]
        )

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and benchmarks: True once no lane has pending or running work."""
        return all(scheduler.wait_idle(timeout) for scheduler in self._lanes.values())

    def _scheduler(self, lane: Lane) -> Scheduler:
        if lane not in self._lanes:
            self._lanes[lane] = Scheduler(
                self._outcome_arrived.emit,
                lambda request_id, fraction, payload: self._progress_arrived.emit(lane, request_id, fraction, payload),
                name=lane,
            )
        return self._lanes[lane]

    def _current(self, lane: str, request_id: int) -> Job | None:
        job = self._latest.get(Lane(lane))
        return job if job is not None and job.request_id == request_id else None

    @Slot(object)
    def _on_outcome(self, outcome: Outcome) -> None:
        job = self._current(outcome.kind, outcome.request_id)
        if job is not None:
            del self._latest[job.lane]
            job._end(outcome)

    @Slot(str, int, float, object)
    def _on_progress(self, lane: str, request_id: int, fraction: float, payload: object) -> None:
        job = self._current(lane, request_id)
        if job is not None:
            job._report(fraction, payload)
