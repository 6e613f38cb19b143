"""Tests for desktop_app.core.scheduler: latest-wins, cancellation, errors, progress, shutdown."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path

import pytest

from desktop_app.core.scheduler import Cancelled, CancelToken, Outcome, Scheduler

TIMEOUT = 5.0  # generous upper bound for waits that normally end in microseconds
_names = count()


class Recorder:
    """Collects outcomes and progress reports from the worker thread."""

    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []
        self.progress: list[tuple[int, float, object | None]] = []
        self.threads: set[str] = set()
        self._cond = threading.Condition()

    def on_outcome(self, outcome: Outcome) -> None:
        with self._cond:
            self.outcomes.append(outcome)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def on_progress(self, request_id: int, fraction: float, payload: object | None) -> None:
        self.progress.append((request_id, fraction, payload))

    def wait_for(self, request_id: int) -> Outcome:
        with self._cond:
            assert self._cond.wait_for(lambda: any(o.request_id == request_id for o in self.outcomes), TIMEOUT)
            return next(o for o in self.outcomes if o.request_id == request_id)

    def by_id(self) -> dict[int, Outcome]:
        return {o.request_id: o for o in self.outcomes}


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def make_scheduler(recorder: Recorder) -> Iterator[Callable[..., Scheduler]]:
    """Build schedulers with unique thread names; shut them down and check no worker thread is left."""
    created: list[Scheduler] = []
    names: list[str] = []

    def make(**kwargs: object) -> Scheduler:
        name = f"test-sched-{next(_names)}"
        kwargs.setdefault("on_outcome", recorder.on_outcome)
        kwargs.setdefault("on_progress", recorder.on_progress)
        scheduler = Scheduler(name=name, **kwargs)  # type: ignore[arg-type]
        created.append(scheduler)
        names.append(name)
        return scheduler

    yield make
    for scheduler in created:
        assert scheduler.shutdown(timeout=TIMEOUT)
    leftovers = [t.name for t in threading.enumerate() if any(t.name.startswith(n) for n in names)]
    assert leftovers == []


def worker_thread(scheduler_name_prefix: str = "test-sched-") -> threading.Thread:
    (thread,) = [t for t in threading.enumerate() if t.name.startswith(scheduler_name_prefix)]
    return thread


def blocking_work(started: threading.Event, release: threading.Event, result: object = "blocked"):
    """Work that signals it started, then waits for ``release`` (ignoring its token)."""

    def work(token: CancelToken, report: Callable[..., None]) -> object:
        started.set()
        assert release.wait(TIMEOUT)
        return result

    return work


def returning(value: object, log: list[object] | None = None):
    def work(token: CancelToken, report: Callable[..., None]) -> object:
        if log is not None:
            log.append(value)
        return value

    return work


def test_ids_strictly_increase_and_is_latest(make_scheduler, recorder):
    scheduler = make_scheduler()
    assert scheduler.latest_id == 0
    ids = [scheduler.submit("predict", returning(i)) for i in range(5)]
    assert ids == sorted(set(ids)) and ids[0] >= 1
    assert scheduler.latest_id == ids[-1]
    assert scheduler.is_latest(ids[-1])
    assert not any(scheduler.is_latest(i) for i in ids[:-1])
    assert scheduler.wait_idle(TIMEOUT)
    assert recorder.by_id()[ids[-1]].result == 4


def test_rapid_submits_run_only_first_and_last(make_scheduler, recorder):
    scheduler = make_scheduler()
    executed: list[int] = []
    started, release = threading.Event(), threading.Event()

    def first(token: CancelToken, report: Callable[..., None]) -> object:
        executed.append(0)
        started.set()
        assert release.wait(TIMEOUT)
        return "first"

    ids = [scheduler.submit("predict", first)]
    assert started.wait(TIMEOUT)
    ids += [scheduler.submit("predict", returning(i, executed)) for i in range(1, 200)]
    release.set()
    assert scheduler.wait_idle(TIMEOUT)

    assert executed == [0, 199]
    outcomes = recorder.outcomes
    assert [o.request_id for o in outcomes] == ids  # exactly one outcome each, in id order
    assert outcomes[-1].result == 199 and not outcomes[-1].cancelled
    assert all(o.cancelled and o.result is None for o in outcomes[:-1])  # first was cancelled while running
    assert recorder.threads == {worker_thread().name}


def test_unsynchronised_rapid_submits_deliver_last_result(make_scheduler, recorder):
    scheduler = make_scheduler()
    executed: list[int] = []
    ids = [scheduler.submit("predict", returning(i, executed)) for i in range(200)]
    assert scheduler.wait_idle(TIMEOUT)
    assert [o.request_id for o in recorder.outcomes] == ids
    assert recorder.outcomes[-1].result == 199
    assert executed[-1] == 199 and len(executed) <= 200
    assert all(o.result in executed for o in recorder.outcomes if not o.cancelled)


def test_replaced_pending_request_is_never_run_and_reports_cancelled(make_scheduler, recorder):
    scheduler = make_scheduler()
    started, release = threading.Event(), threading.Event()
    executed: list[str] = []
    first = scheduler.submit("predict", blocking_work(started, release), cancel_running=False)
    assert started.wait(TIMEOUT)
    replaced = scheduler.submit("predict", returning("replaced", executed), cancel_running=False)
    last = scheduler.submit("predict", returning("last", executed), cancel_running=False)
    release.set()
    assert scheduler.wait_idle(TIMEOUT)

    assert executed == ["last"]
    outcomes = recorder.by_id()
    assert outcomes[first].result == "blocked"
    assert outcomes[replaced] == Outcome(replaced, "predict", None, None, True, 0.0)
    assert outcomes[last].result == "last"


def test_newer_submit_cancels_running_work_that_polls_its_token(make_scheduler, recorder):
    scheduler = make_scheduler()
    started = threading.Event()
    steps: list[int] = []

    def polling(token: CancelToken, report: Callable[..., None]) -> object:
        started.set()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            token.raise_if_cancelled()
            steps.append(1)
            time.sleep(0.001)
        return "not cancelled"

    slow = scheduler.submit("explain", polling)
    assert started.wait(TIMEOUT)
    fast = scheduler.submit("predict", returning("fast"))
    assert recorder.wait_for(fast).result == "fast"
    slow_outcome = recorder.by_id()[slow]
    assert slow_outcome.cancelled and slow_outcome.error is None and slow_outcome.result is None
    assert slow_outcome.kind == "explain" and 0 < slow_outcome.elapsed_s < TIMEOUT


def test_cancel_hook_aborts_running_work_and_its_error_counts_as_cancelled(make_scheduler, recorder):
    """Mimics onnxruntime: a hook sets RunOptions.terminate, and the aborted run raises an error."""
    scheduler = make_scheduler()
    started = threading.Event()

    def ort_like(token: CancelToken, report: Callable[..., None]) -> object:
        terminate = threading.Event()
        remove = token.add_hook(terminate.set)
        started.set()
        try:
            if terminate.wait(TIMEOUT):
                raise RuntimeError("Exiting due to terminate flag being set to true.")
            return "finished"
        finally:
            remove()

    running = scheduler.submit("predict", ort_like)
    assert started.wait(TIMEOUT)
    scheduler.submit("predict", returning("next"))
    assert scheduler.wait_idle(TIMEOUT)
    outcome = recorder.by_id()[running]
    assert outcome.cancelled and outcome.error is None and outcome.result is None
    assert recorder.outcomes[-1].result == "next"


def test_cancel_token_hooks():
    token = CancelToken()
    calls: list[str] = []
    token.add_hook(lambda: calls.append("a"))
    remove_b = token.add_hook(lambda: calls.append("b"))
    token.add_hook(lambda: 1 / 0)  # a failing hook is logged, the others still run
    remove_b()
    token.raise_if_cancelled()
    token.cancel()
    token.cancel()
    assert token.cancelled and calls == ["a"]
    token.add_hook(lambda: calls.append("late"))  # already cancelled: called at once
    assert calls == ["a", "late"]
    with pytest.raises(Cancelled):
        token.raise_if_cancelled()


def test_cancel_running_false_lets_in_flight_request_finish(make_scheduler, recorder):
    scheduler = make_scheduler()
    started, release = threading.Event(), threading.Event()
    in_flight = scheduler.submit("load-model", blocking_work(started, release, "model"))
    assert started.wait(TIMEOUT)
    later = scheduler.submit("predict", returning("prediction"), cancel_running=False)
    release.set()
    assert recorder.wait_for(later).result == "prediction"
    assert recorder.by_id()[in_flight].result == "model"
    assert not recorder.by_id()[in_flight].cancelled


def test_cancel_by_id_and_all(make_scheduler, recorder):
    scheduler = make_scheduler()
    started, release = threading.Event(), threading.Event()
    executed: list[str] = []
    running = scheduler.submit("explain", blocking_work(started, release))
    assert started.wait(TIMEOUT)
    pending = scheduler.submit("predict", returning("pending", executed), cancel_running=False)
    scheduler.cancel(pending)
    scheduler.cancel(12345)  # unknown ids are ignored
    release.set()
    assert scheduler.wait_idle(TIMEOUT)
    assert executed == []
    assert recorder.by_id()[pending].cancelled
    assert recorder.by_id()[running].result == "blocked"  # only the pending one was cancelled

    started.clear()
    release.clear()
    running = scheduler.submit("explain", blocking_work(started, release))
    assert started.wait(TIMEOUT)
    pending = scheduler.submit("predict", returning("pending", executed), cancel_running=False)
    scheduler.cancel()
    release.set()
    assert scheduler.wait_idle(TIMEOUT)
    assert executed == []
    assert recorder.by_id()[pending].cancelled
    assert recorder.by_id()[running].cancelled  # finished after cancel: the result is not delivered


def test_error_in_work_becomes_outcome_and_worker_goes_on(make_scheduler, recorder):
    scheduler = make_scheduler()

    def failing(token: CancelToken, report: Callable[..., None]) -> object:
        raise ValueError("boom")

    bad = scheduler.submit("predict", failing)
    assert scheduler.wait_idle(TIMEOUT)
    good = scheduler.submit("predict", returning("ok"))
    outcome = recorder.wait_for(bad)
    assert isinstance(outcome.error, ValueError) and not outcome.cancelled and outcome.result is None
    assert recorder.wait_for(good).result == "ok"


def test_error_in_callbacks_is_logged_and_worker_goes_on(make_scheduler, recorder, caplog):
    delivered: list[Outcome] = []

    def on_outcome(outcome: Outcome) -> None:
        delivered.append(outcome)
        if len(delivered) == 1:
            raise RuntimeError("callback broke")

    def on_progress(request_id: int, fraction: float, payload: object | None) -> None:
        raise RuntimeError("progress callback broke")

    def reporting(token: CancelToken, report: Callable[..., None]) -> object:
        report(0.5, None)
        return "done"

    scheduler = make_scheduler(on_outcome=on_outcome, on_progress=on_progress)
    with caplog.at_level(logging.ERROR, logger="desktop_app.core.scheduler"):
        scheduler.submit("predict", returning("first"))
        assert scheduler.wait_idle(TIMEOUT)
        scheduler.submit("predict", reporting)
        assert scheduler.wait_idle(TIMEOUT)
    assert [o.result for o in delivered] == ["first", "done"]
    messages = [r.getMessage() for r in caplog.records]
    assert any("on_outcome" in m for m in messages) and any("on_progress" in m for m in messages)


def test_progress_reports_arrive_with_request_id(make_scheduler, recorder):
    scheduler = make_scheduler()

    def reporting(token: CancelToken, report: Callable[..., None]) -> object:
        for step in range(4):
            report((step + 1) / 4, {"step": step})
        return "done"

    request_id = scheduler.submit("explain", reporting)
    assert recorder.wait_for(request_id).result == "done"
    assert recorder.progress == [(request_id, (s + 1) / 4, {"step": s}) for s in range(4)]


def test_progress_after_cancellation_is_dropped(make_scheduler, recorder):
    scheduler = make_scheduler()

    def cancels_itself(token: CancelToken, report: Callable[..., None]) -> object:
        report(0.1, None)
        scheduler.cancel()
        report(0.9, None)
        return "ignored"

    request_id = scheduler.submit("explain", cancels_itself)
    assert recorder.wait_for(request_id).cancelled
    assert recorder.progress == [(request_id, 0.1, None)]


def test_shutdown_during_long_run_returns_quickly_and_is_idempotent(make_scheduler, recorder):
    scheduler = make_scheduler()
    started = threading.Event()

    def long_run(token: CancelToken, report: Callable[..., None]) -> object:
        terminate = threading.Event()
        token.add_hook(terminate.set)
        started.set()
        terminate.wait(60)
        token.raise_if_cancelled()
        return "finished"

    running = scheduler.submit("explain", long_run)
    assert started.wait(TIMEOUT)
    pending = scheduler.submit("predict", returning("never"), cancel_running=False)
    thread = worker_thread()
    begin = time.monotonic()
    assert scheduler.shutdown(timeout=TIMEOUT)
    assert time.monotonic() - begin < 1.0
    assert not thread.is_alive()
    assert scheduler.shutdown() and scheduler.shutdown(timeout=0)
    assert [(o.request_id, o.cancelled) for o in recorder.outcomes] == [(running, True), (pending, True)]
    assert not [t for t in threading.enumerate() if t.name.startswith("test-sched-")]
    with pytest.raises(RuntimeError):
        scheduler.submit("predict", returning("late"))


def test_shutdown_does_not_hang_when_work_ignores_its_token(make_scheduler, recorder):
    """Such a worker is abandoned: a daemon that delivers nothing more and ends when its work does."""
    scheduler = make_scheduler()
    started, release = threading.Event(), threading.Event()
    scheduler.submit("explain", blocking_work(started, release))
    assert started.wait(TIMEOUT)
    thread = worker_thread()
    assert scheduler.shutdown(timeout=0.05) is False
    assert thread.is_alive() and thread.daemon
    release.set()
    assert scheduler.shutdown(timeout=TIMEOUT)
    assert not thread.is_alive()
    assert recorder.outcomes == []


def test_shutdown_without_submit_and_from_worker_thread(make_scheduler, recorder):
    assert make_scheduler().shutdown(timeout=0)  # no thread was ever started

    results: list[bool] = []
    scheduler = make_scheduler(on_outcome=lambda outcome: results.append(scheduler.shutdown(timeout=TIMEOUT)))
    scheduler.submit("predict", returning("x"))
    thread = worker_thread()
    thread.join(TIMEOUT)
    assert not thread.is_alive() and results == [False]  # cannot join itself, but it stops


def test_forgotten_scheduler_does_not_block_interpreter_exit():
    """threading's pre-join hook cancels the forgotten worker's work at exit and lets it finish."""
    code = """if True:
        import threading
        from desktop_app.core.scheduler import Scheduler
        scheduler = Scheduler(lambda outcome: print("cancelled" if outcome.cancelled else "finished"))
        started = threading.Event()
        def work(token, report):
            terminate = threading.Event()
            token.add_hook(terminate.set)
            started.set()
            terminate.wait(60)
        scheduler.submit("explain", work)
        started.wait(5)
    """
    repo = Path(__file__).parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "cancelled"
