"""Unsaved work kept on disk, so that neither a crash nor a kill loses more than the last second of edits.

While the work is unsaved it is written after every step of the undo history (an edit, a whole drag, an undo), and
within `EVERY_MS` of any change inside a step (a long drag writes once a second), in the background, atomically (a
complete file under its name or the previous one), and one writer at a time: the writes run on one worker, a Save,
Discard or closing waits for a write in progress, and a write asked for before them never lands after them. At the
next start the file left by a session that did not end cleanly is moved aside as a *recovered* file and offered back
until the user restores or discards it; this session writes its own.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.experiment import Experiment, save
from desktop_app.ui.jobs import Lane
from desktop_app.ui.services import WindowServices
from desktop_app.ui.timers import single_shot_timer

EVERY_MS = 1000
STEP_MS = 50  # after a step of the undo history: soon, and at most this often however fast the steps come
RECOVERED = "recovered-*.json"  # unsaved work of earlier sessions, offered back, oldest name first


class Autosave(QObject):
    """Writes this session's unsaved work to `path`; keeps the work of crashed sessions as recovered files."""

    failed = Signal(str)  # emitted with the reason a write failed

    def __init__(
        self,
        services: WindowServices,
        path: Path,
        experiment: Callable[[], Experiment | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.path = path
        self.experiment = experiment  # the work as it stands, or None without a document
        self.writes = 0  # completed writes, for tests and the kill trials
        self._lock = threading.Lock()  # one writer at a time: the worker's writes and the closing write
        self._generation = 0  # a write asked for in an older generation (before a save or discard) is dropped
        self._timer = single_shot_timer(self, self.write_soon)
        services.editor.changed.connect(self._changed)
        services.editor.undo_stack.indexChanged.connect(self._batch_done)

    @Slot()
    def _changed(self) -> None:
        """A change, maybe within a drag: written within a second (a steady stream still writes each second)."""
        if not self._timer.isActive():
            self._timer.start(EVERY_MS)

    @Slot(int)
    def _batch_done(self, _index: int) -> None:
        """A step of the undo history is complete (an edit, a whole drag, an undo): written at once, from the event
        loop (the stack may be mid-change, or being destroyed, right now). A wait already running is not started
        again: a busy event loop must not put the write off for ever."""
        if not self._timer.isActive() or self._timer.remainingTime() > STEP_MS:
            self._timer.start(STEP_MS)

    def pending(self) -> bool:
        """Whether a write is waiting for its moment."""
        return self._timer.isActive()

    @Slot()
    def write_soon(self) -> None:
        """Writes the unsaved work in the background (nothing when it is saved)."""
        self._timer.stop()
        experiment = self.experiment()
        if experiment is None or self.services.editor.undo_stack.isClean():
            return
        generation = self._generation
        self.path.parent.mkdir(parents=True, exist_ok=True)
        job = self.services.bridge.run_job(Lane.AUTOSAVE, lambda _t, _p: self._write(experiment, generation))
        job.failed.connect(self.failed)

    def _write(self, experiment: Experiment, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # saved or discarded since this write was asked for
            save(experiment, self.path)
            self.writes += 1

    def stop(self) -> None:
        """No more writes: a write in progress ends first, and one asked for before never lands (the window closes
        after the question about unsaved work was answered)."""
        self._timer.stop()
        with self._lock:
            self._generation += 1

    def discard(self) -> None:
        """Deletes this session's autosave (the work was saved, or the user discarded it); writes asked for before
        never land."""
        self._timer.stop()
        with self._lock:
            self._generation += 1
            self.path.unlink(missing_ok=True)

    # -- recovered work of earlier sessions ---------------------------------------------------------

    def recovered(self) -> list[Path]:
        """The unsaved work of sessions that did not end cleanly, newest first."""
        return sorted(self.path.parent.glob(RECOVERED), reverse=True)

    def set_aside_previous(self) -> None:
        """Moves an autosave left by an earlier session aside as a recovered file, so that this session's own
        writes never overwrite it."""
        if self.path.is_file():
            stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.path.stat().st_mtime))
            os.replace(self.path, self.path.with_name(f"recovered-{stamp}-{time.time_ns() % 10**9:09d}.json"))

    def adopt(self, recovered: Path) -> None:
        """Makes a restored file this session's autosave: the work is unsaved again, and stays protected."""
        self._timer.stop()
        with self._lock:
            self._generation += 1
            os.replace(recovered, self.path)
