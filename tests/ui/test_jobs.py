"""Job handles: each job reports on its own signals, and a newer job of the same lane silences the older one."""

from __future__ import annotations

import threading
import time

import pytest

from desktop_app.core.model_guard import ModelError
from desktop_app.ui.jobs import Job, JobLanes, Lane, describe_error

TIMEOUT_MS = 10_000


@pytest.fixture
def lanes(qtbot):
    """Job lanes, shut down after the test (no worker thread is left)."""
    job_lanes = JobLanes()
    yield job_lanes
    assert job_lanes.shutdown(5)


def record(job: Job) -> list[tuple[str, object]]:
    """Every signal the job emits, in order, as (name, argument)."""
    seen: list[tuple[str, object]] = []
    job.progress.connect(lambda fraction: seen.append(("progress", fraction)))
    job.partial.connect(lambda payload: seen.append(("partial", payload)))
    job.done.connect(lambda result: seen.append(("done", result)))
    job.failed.connect(lambda message: seen.append(("failed", message)))
    job.cancelled.connect(lambda: seen.append(("cancelled", None)))
    return seen


def test_a_job_reports_progress_partial_results_and_its_result(qtbot, lanes):
    def work(_token, progress):
        progress(0.25)
        progress(0.5, "half a map")
        return 42

    job = lanes.start(Lane.EXPLAIN, work)
    seen = record(job)
    with qtbot.waitSignal(job.done, timeout=TIMEOUT_MS):
        pass
    assert seen == [("progress", 0.25), ("progress", 0.5), ("partial", "half a map"), ("done", 42)]
    assert not job.is_running


def test_a_newer_job_silences_the_older_even_when_its_result_is_already_on_the_way(qtbot, lanes):
    older = lanes.start(Lane.LOAD_MODEL, lambda _token, _progress: "old model")
    old_seen = record(older)
    assert lanes.wait_idle(5)  # the old result is computed and queued for the GUI thread, not yet delivered
    newer = lanes.start(Lane.LOAD_MODEL, lambda _token, _progress: "new model")
    new_seen = record(newer)
    with qtbot.waitSignal(newer.done, timeout=TIMEOUT_MS):
        pass
    assert new_seen == [("done", "new model")]
    assert old_seen == []  # neither done nor cancelled: the older job never emits again
    assert not older.is_running


def test_a_newer_job_cancels_the_older_ones_running_work(qtbot, lanes):
    started, stopped = threading.Event(), threading.Event()

    def long_work(token, _progress):
        started.set()
        while not token.cancelled:
            time.sleep(0.005)
        stopped.set()
        return "never shown"

    older = lanes.start(Lane.EXPLAIN, long_work)
    old_seen = record(older)
    assert started.wait(5)
    newer = lanes.start(Lane.EXPLAIN, lambda _token, _progress: "map")
    with qtbot.waitSignal(newer.done, timeout=TIMEOUT_MS) as blocker:
        pass
    assert blocker.args == ["map"] and stopped.is_set() and old_seen == []


def test_jobs_of_different_lanes_do_not_silence_each_other(qtbot, lanes):
    release = threading.Event()
    image = lanes.start(Lane.OPEN_IMAGE, lambda _token, _progress: release.wait(5) and "photo")
    model = lanes.start(Lane.LOAD_MODEL, lambda _token, _progress: "model")
    with qtbot.waitSignal(model.done, timeout=TIMEOUT_MS):
        pass
    with qtbot.waitSignal(image.done, timeout=TIMEOUT_MS) as blocker:
        release.set()
    assert blocker.args == ["photo"]


def test_cancel_ends_the_job_with_cancelled_never_done(qtbot, lanes):
    started = threading.Event()

    def polling(token, progress):
        started.set()
        while True:
            token.raise_if_cancelled()
            progress(0.1)
            time.sleep(0.005)

    job = lanes.start(Lane.GRABCUT, polling)
    seen = record(job)
    assert started.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT_MS):
        job.cancel()
    assert seen[-1] == ("cancelled", None) and not any(name in ("done", "failed") for name, _ in seen)


def test_cancel_after_the_work_finished_still_wins_over_its_result(qtbot, lanes):
    job = lanes.start(Lane.LESSON, lambda _token, _progress: "edits")
    seen = record(job)
    assert lanes.wait_idle(5)  # finished; the result waits in the GUI thread's queue
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT_MS):
        job.cancel()
    assert seen == [("cancelled", None)]


def test_a_failing_job_reports_a_one_line_message(qtbot, lanes):
    def broken(_token, _progress):
        raise ModelError("the file is not an ONNX model\n(protobuf parsing failed)")

    job = lanes.start(Lane.LOAD_MODEL, broken)
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT_MS) as blocker:
        pass
    assert blocker.args == ["the file is not an ONNX model"]


def test_cancel_all_stops_every_lane(qtbot, lanes):
    started = threading.Barrier(3)

    def waits_for_cancel(token, _progress):
        started.wait(5)
        while not token.cancelled:
            time.sleep(0.005)
        token.raise_if_cancelled()

    jobs = [lanes.start(lane, waits_for_cancel) for lane in (Lane.EXPLAIN, Lane.LESSON)]
    started.wait(5)
    with qtbot.waitSignals([job.cancelled for job in jobs], timeout=TIMEOUT_MS):
        assert lanes.cancel_all()
    assert not lanes.cancel_all()  # nothing left to stop


def test_after_shutdown_a_job_is_refused_and_never_emits(qtbot, lanes):
    assert lanes.shutdown(5)
    ran = threading.Event()
    job = lanes.start(Lane.AUTOSAVE, lambda _token, _progress: ran.set())
    assert not job.is_running and lanes.wait_idle(1) and not ran.is_set()


def _raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_messages_are_ours_or_a_plain_sentence_never_internals():
    import numpy as np

    from desktop_app.core.experiment import ExperimentError

    assert describe_error(ExperimentError("“a.json” is damaged: edits[0] must be an object\nmore")) == (
        "“a.json” is damaged: edits[0] must be an object"
    )
    assert describe_error(OSError(30, "Read-only file system")) == (
        "the system could not read or write a file (read-only file system)"
    )
    broadcast = _raised(ValueError("operands could not be broadcast together"))  # raised here, in the tests
    internals = [_raised(TypeError("'int' object is not subscriptable")), broadcast]
    try:
        np.zeros(2) + np.zeros(3)
    except ValueError as err:
        internals.append(err)
    for error in internals:
        message = describe_error(error)
        assert message.startswith("an unexpected problem stopped it") and "object" not in message, message
