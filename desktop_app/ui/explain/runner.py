"""Computing explanation maps in the background: one map job at a time, and whether CAM applies to each model."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from desktop_app.core.document import Document
from desktop_app.core.edits import Edit
from desktop_app.core.explain import ExplanationMap, cam_map, cam_support, occlusion_map, rise_map
from desktop_app.core.model import ClassifierModel
from desktop_app.core.scheduler import CancelToken, Progress, Work
from desktop_app.ui.inference import InferenceBridge
from desktop_app.ui.jobs import Job, Lane


@dataclass(frozen=True, eq=False)
class MapRequest:
    """What one map is made from: the image, the document state it shows (edit identities), the model, the method,
    the class (None: the top one) and the method's settings (keyword arguments of its core function)."""

    image: np.ndarray
    document: Document
    edits: tuple[Edit, ...]
    model: ClassifierModel
    method: str
    target: int | None = None
    options: dict[str, Any] = field(default_factory=dict)  # keyword arguments of the method's core function

    @property
    def fill(self) -> str:
        """What covered the occlusion windows ("grey" for the other methods)."""
        return str(self.options.get("fill", "grey"))


def map_work(request: MapRequest) -> Work:
    """The worker-thread function of one map: a closure over immutable inputs, reporting partial maps."""
    model, image, target, options = request.model, request.image, request.target, request.options
    if request.method == "cam":
        return lambda _token, _progress: cam_map(model, image, target=target)
    compute = occlusion_map if request.method == "occlusion" else rise_map

    def work(token: CancelToken, progress: Progress) -> ExplanationMap:
        done = [0.0]

        def report(fraction: float, partial: object | None = None) -> None:
            done[0] = fraction
            progress(fraction)

        return compute(
            model,
            image,
            target=target,
            **options,
            cancel=token,
            progress=report,
            on_partial=lambda partial: progress(done[0], partial),
        )

    return work


class MapRunner(QObject):
    """Starts and stops map jobs; a new map replaces the one being computed."""

    def __init__(self, bridge: InferenceBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.job: Job | None = None

    def start(self, request: MapRequest) -> Job:
        """Computes a map in the background; connect to the returned job's signals."""
        self.job = self.bridge.run_job(Lane.EXPLAIN, map_work(request))
        return self.job

    def cancel(self) -> None:
        """Stops the map being computed (the job ends with `cancelled`)."""
        if self.job is not None:
            self.job.cancel()

    @property
    def running(self) -> bool:
        """Whether a map is being computed."""
        return self.job is not None and self.job.is_running


def check_cam(model: ClassifierModel) -> tuple[bool, str]:
    """Whether CAM applies to a model and, if not, why; a graph that cannot be read is a reason too."""
    try:
        return cam_support(model)
    except Exception as err:
        return False, f"the model's graph could not be inspected ({type(err).__name__})"


class CamSupport(QObject):
    """Remembers, per model, whether CAM applies; reading a model's graph (~0.1 s) runs off the GUI thread."""

    known = Signal(object)  # emitted with the model whose answer has just been read

    def __init__(self, bridge: InferenceBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._answers: weakref.WeakKeyDictionary[ClassifierModel, tuple[bool, str]] = weakref.WeakKeyDictionary()

    def answer(self, model: ClassifierModel) -> tuple[bool, str] | None:
        """(available, reason) for a model, or None while it is not known."""
        return self._answers.get(model)

    def check(self, model: ClassifierModel) -> None:
        """Reads whether CAM applies to a model, unless that is known; `known` says when it is."""
        if model in self._answers:
            self.known.emit(model)
            return
        job = self.bridge.run_job(Lane.CAM_SUPPORT, lambda _token, _progress: check_cam(model))
        job.done.connect(lambda answer: self._answered(model, answer))

    def forget(self) -> None:
        """Drops every answer (the next check reads the graph again)."""
        self._answers.clear()

    def _answered(self, model: ClassifierModel, answer: tuple[bool, str]) -> None:
        self._answers[model] = answer
        self.known.emit(model)
