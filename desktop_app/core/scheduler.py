"""Latest-wins request runner: one long-lived worker thread, plain Python threads, no Qt.

Contract (what the Qt side, ``ui/inference.py`` for predictions and ``ui/jobs.py`` for jobs, relies on):

- Every submitted request produces exactly one :class:`Outcome`, and outcomes arrive in increasing
  ``request_id`` order. A request replaced while still pending (or cancelled, or dropped by shutdown)
  produces ``Outcome(cancelled=True, elapsed_s=0.0)`` and its work is never called.
- ``on_outcome`` and ``on_progress`` are called on the worker thread; exceptions they raise are logged.
- A cancelled request never delivers a result: once its token is cancelled, whatever the work returns or
  raises (e.g. onnxruntime's error after ``RunOptions.terminate``) becomes ``cancelled=True``.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

logger = logging.getLogger(__name__)
MIN_JOIN_S = 0.02  # an idle worker told to stop ends within this; joins under a shared deadline wait at least this


class Progress(Protocol):
    """Reports how far work has come (0..1) and, optionally, a partial result to show meanwhile."""

    def __call__(self, fraction: float, partial: object | None = None, /) -> None: ...


Work = Callable[["CancelToken", Progress], object]


def progress_part(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A progress report for one part of a job: its 0..1 shown as start..end of the whole (None stays None)."""
    if progress is None:
        return None
    whole = progress

    def report(fraction: float, partial: object | None = None, /) -> None:
        whole(start + (end - start) * fraction, partial)

    return report


class Cancelled(Exception):
    """The work was cancelled before it finished."""


class CancelToken:
    """Set by the scheduler when a newer request replaces the running one or on shutdown."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._hooks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        """Mark the work as cancelled and call every registered hook once."""
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            hooks, self._hooks = self._hooks, []
        for hook in hooks:
            _call_hook(hook)

    @property
    def cancelled(self) -> bool:
        """Whether cancel() has been called."""
        return self._cancelled

    def add_hook(self, hook: Callable[[], None]) -> Callable[[], None]:
        """Call ``hook`` on cancellation (at once if already cancelled); return a function that removes it."""
        with self._lock:
            if not self._cancelled:
                self._hooks.append(hook)
                return lambda: self._remove_hook(hook)
        _call_hook(hook)
        return lambda: None

    def raise_if_cancelled(self) -> None:
        """Raise Cancelled if the work was cancelled."""
        if self._cancelled:
            raise Cancelled()

    def _remove_hook(self, hook: Callable[[], None]) -> None:
        with self._lock:
            if hook in self._hooks:
                self._hooks.remove(hook)


def _call_hook(hook: Callable[[], None]) -> None:
    try:
        hook()
    except Exception:
        logger.exception("cancel hook %r failed", hook)


@dataclass(frozen=True)
class Request:
    """One unit of work; it must capture everything it needs (immutable image copy, model, ...)."""

    id: int
    kind: str
    work: Work
    cancel_running: bool = True
    token: CancelToken = field(default_factory=CancelToken, compare=False, repr=False)


@dataclass(frozen=True)
class Outcome:
    """What became of one request: a result, an error, or a cancellation."""

    request_id: int
    kind: str
    result: object | None
    error: BaseException | None
    cancelled: bool
    elapsed_s: float


class Scheduler:
    """One long-lived worker thread per lane; latest request wins."""

    def __init__(
        self,
        on_outcome: Callable[[Outcome], None],
        on_progress: Callable[[int, float, object | None], None] | None = None,
        name: str = "inference",
    ) -> None:
        self._on_outcome = on_outcome
        self._on_progress = on_progress
        self._name = name
        self._ids = itertools.count(1)
        self._latest_id = 0
        self._cond = threading.Condition()
        self._pending: Request | None = None
        self._running: Request | None = None
        self._dropped: list[tuple[int, str]] = []  # (id, kind) cancelled before starting; the worker reports them
        self._busy = False  # the worker is running work or delivering outcomes
        self._stopping = False
        self._thread: threading.Thread | None = None
        _live_schedulers.add(self)

    def submit(self, kind: str, work: Work, cancel_running: bool = True) -> int:
        """Run ``work(token, report_progress)`` next, replacing any pending request; return its id."""
        with self._cond:
            if self._stopping:
                raise RuntimeError(f"scheduler {self._name!r} is shut down")
            request = Request(next(self._ids), kind, work, cancel_running)
            self._latest_id = request.id
            if self._pending is not None:
                self._pending.token.cancel()
                self._dropped.append((self._pending.id, self._pending.kind))  # drop the work and its data
            self._pending = request
            running = self._running if cancel_running else None
            if self._thread is None:
                # a daemon: work that cannot be interrupted (a native call) and outlives shutdown() is abandoned,
                # and never keeps the process from exiting (joined for a moment at exit: see _shutdown_all)
                self._thread = threading.Thread(target=self._run, name=f"{self._name}-worker", daemon=True)
                self._thread.start()
            self._cond.notify_all()
        if running is not None:
            running.token.cancel()  # outside the lock: hooks may be slow or call back into us
        return request.id

    def cancel(self, request_id: int | None = None) -> None:
        """Cancel the pending and/or running request with this id (both if None)."""
        with self._cond:
            pending, running = self._pending, self._running
            if pending is not None and request_id in (None, pending.id):
                self._pending = None
                self._dropped.append((pending.id, pending.kind))
                self._cond.notify_all()
            else:
                pending = None
            if running is None or request_id not in (None, running.id):
                running = None
        for request in (pending, running):
            if request is not None:
                request.token.cancel()

    @property
    def latest_id(self) -> int:
        """Id of the most recently submitted request (0 before the first)."""
        return self._latest_id

    def is_latest(self, request_id: int) -> bool:
        """Whether ``request_id`` is the most recently submitted request."""
        return request_id == self._latest_id

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancel everything, stop the worker and join it; return True if the worker thread has ended.

        A worker still running after `timeout` (in work that ignores its token) is abandoned: it delivers nothing
        more (its callbacks are dropped, so it never touches a closed window) and ends when its work does."""
        with self._cond:
            self._stopping = True
            pending, self._pending = self._pending, None
            if pending is not None:
                self._dropped.append((pending.id, pending.kind))
            running, thread = self._running, self._thread
            self._cond.notify_all()
        for request in (pending, running):
            if request is not None:
                request.token.cancel()
        if thread is None:
            return True
        if thread is threading.current_thread():
            return False  # called from a callback: the worker stops once the callback returns
        thread.join(timeout)
        if thread.is_alive():
            with self._cond:
                self._on_outcome, self._on_progress = _ignore_outcome, None
            logger.warning("abandoned the %s worker: its work did not stop within %.1f s", self._name, timeout)
        return not thread.is_alive()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is pending, running or undelivered; False if ``timeout`` passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._dropped and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._dropped or self._stopping)
                dropped, self._dropped = self._dropped, []
                request, self._pending = self._pending, None
                self._running = request
                self._busy = True
                stop = self._stopping and request is None
            for old_id, old_kind in dropped:
                self._deliver(Outcome(old_id, old_kind, None, None, True, 0.0))
            if request is not None:
                outcome = self._execute(request)
                with self._cond:
                    self._running = None
                self._deliver(outcome)
            with self._cond:
                self._busy = False
                self._cond.notify_all()
            if stop:
                return

    def _execute(self, request: Request) -> Outcome:
        token = request.token

        def report_progress(fraction: float, payload: object | None = None) -> None:
            callback = self._on_progress  # None once abandoned
            if callback is None or token.cancelled:
                return
            try:
                callback(request.id, fraction, payload)
            except Exception:
                logger.exception("on_progress callback of %r failed", self._name)

        result: object | None = None
        error: BaseException | None = None
        start = time.perf_counter()
        if not token.cancelled:
            try:
                result = request.work(token, report_progress)
            except BaseException as exc:  # the worker must survive anything the work raises
                error = exc
        elapsed = time.perf_counter() - start
        if token.cancelled or isinstance(error, Cancelled):
            return Outcome(request.id, request.kind, None, None, True, elapsed)
        return Outcome(request.id, request.kind, result, error, False, elapsed)

    def _deliver(self, outcome: Outcome) -> None:
        try:
            self._on_outcome(outcome)
        except Exception:
            logger.exception("on_outcome callback of %r failed", self._name)


def _ignore_outcome(_outcome: Outcome) -> None:
    """What an abandoned worker delivers its outcomes to."""


# Schedulers nobody shut down are stopped at interpreter exit by threading's own pre-join hook (used by
# concurrent.futures): their work is cancelled and their workers joined for a moment, then abandoned (daemons).
_live_schedulers: weakref.WeakSet[Scheduler] = weakref.WeakSet()


def _shutdown_all(timeout: float = 1.0) -> None:
    schedulers = list(_live_schedulers)
    for scheduler in schedulers:
        scheduler.cancel()
    deadline = time.monotonic() + timeout
    for scheduler in schedulers:
        scheduler.shutdown(timeout=max(MIN_JOIN_S, deadline - time.monotonic()))


_register = getattr(threading, "_register_atexit", None)
if _register is not None:
    _register(_shutdown_all)
