"""The classifier in use, and loading the next one off the GUI thread (the current one stays until it is ready)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.model import ClassifierModel, load_model
from desktop_app.core.paths import default_model_path
from desktop_app.core.scheduler import CancelToken
from desktop_app.ui.inference import InferenceBridge
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.settings import AppSettings

if TYPE_CHECKING:
    from desktop_app.ui.services import BusyHold, BusyIndicator


class ModelSlot(QObject):
    """Holds the current ClassifierModel; `load` replaces it once the new one has loaded."""

    changed = Signal(object)  # emitted with the ClassifierModel now in use
    failed = Signal(str)  # emitted with the reason a load failed (the current model stays)
    stopped = Signal()  # emitted when a load was cancelled (the current model stays)
    unloaded = Signal()  # emitted when unload() let the model go

    def __init__(
        self,
        bridge: InferenceBridge,
        settings: AppSettings,
        busy: BusyIndicator,
        parent: QObject | None = None,
        lane: Lane = Lane.LOAD_MODEL,
        remember: bool = True,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.busy = busy
        self.lane = lane  # a second slot loads on a lane of its own, so neither load cancels the other
        self.remember = remember  # whether the model loaded is the one the next start opens
        self.current: ClassifierModel | None = None
        self._job: Job | None = None
        self._busy: BusyHold | None = None

    def load(self, path: Path, provider: str) -> None:
        """Loads the model at `path` on an execution provider ("auto", "cpu", "cuda"); a newer load replaces it.

        Any model but the bundled one is first checked and test-run in a child process (core.model.load_model),
        so a model that never finishes or takes gigabytes is refused in words, and Edit › Stop (or closing the
        window) ends the load at once: the child is killed."""

        def load(token: CancelToken, _progress: object) -> ClassifierModel:
            # spin=False: busy-waiting onnxruntime threads would take the GUI thread's core on a 2-core laptop
            return load_model(path, provider, cancel=token, spin=False)

        self._busy = self._busy or self.busy.hold()  # one hold while any load runs (a new one replaces it)
        self._job = self.bridge.run_job(self.lane, load)
        self._job.done.connect(self._loaded)
        self._job.failed.connect(self._failed)
        self._job.cancelled.connect(self._stopped)

    @property
    def loading(self) -> bool:
        """Whether a model is being loaded."""
        return self._job is not None and self._job.is_running

    @Slot(object)
    def _loaded(self, model: ClassifierModel) -> None:
        self._release_busy()
        self.current = model
        if self.remember:
            self.settings.model_path = "" if model.path == default_model_path() else str(model.path)
        self.changed.emit(model)

    def unload(self) -> None:
        """Stops a load and lets the model go (`unloaded` says so); for a second model, which may be closed."""
        if self._job is not None:
            self._job.cancel()
        if self.current is not None:
            self.current = None
            self.unloaded.emit()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._release_busy()
        self.failed.emit(message)

    @Slot()
    def _stopped(self) -> None:
        self._release_busy()
        self.stopped.emit()

    def _release_busy(self) -> None:
        if self._busy is not None:
            self._busy.release()
            self._busy = None
