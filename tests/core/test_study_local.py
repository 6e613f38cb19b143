"""Local study workers: spawned processes with their own sessions, one batch each; failures are reported in words."""

from __future__ import annotations

import os
import signal

import pytest

from desktop_app.core.paths import default_model_path
from desktop_app.core.study_images import find_images
from desktop_app.core.study_local import EFFICIENCY_NEEDED, TRACE_ENV, LocalPool, choose_threads, usable_cores
from desktop_app.core.study_recipes import parse_recipe
from desktop_app.core.study_runner import StudyError
from desktop_app.core.study_worker import StudyWorker, WorkerSettings
from tests.study_folder import make_study_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_study_folder(tmp_path_factory.mktemp("photos"), per_folder=1)


def settings_for(folder, recipe_text="parts", model_path=None, **options) -> WorkerSettings:
    recipe = parse_recipe(recipe_text, **options)
    return WorkerSettings(str(model_path or default_model_path()), "cpu", 1, recipe, str(folder))


def test_two_processes_give_the_rows_of_an_in_process_worker(folder, model, tmp_path, monkeypatch):
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    settings = settings_for(folder, seeds=2)
    images = find_images(folder, model.labels)
    batches = [images[:2], images[2:]]
    pool = LocalPool(settings, workers=2)
    try:
        assert pool.workers == 2
        pool.submit(0, batches[0])
        pool.submit(1, batches[1])
        results = dict([pool.next_result(), pool.next_result()])
    finally:
        pool.close()
    assert not any(process.is_alive() for process in pool.processes)
    inline = StudyWorker(settings)
    for worker, batch in enumerate(batches):
        assert results[worker].rows == inline.process(batch).rows
    events = sorted(line.split()[0] + " " + line.split()[2] for line in trace.read_text().splitlines())
    assert events == ["done 282/cat-00.png", "done n03063599/coffee-00.png"] + [
        "start 282/cat-00.png",
        "start n03063599/coffee-00.png",
    ]


def test_a_model_that_cannot_load_is_reported(folder, tmp_path):
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    with pytest.raises(StudyError, match="could not be loaded in a worker: .*broken.onnx"):
        LocalPool(settings_for(folder, model_path=broken), workers=1)


def test_a_worker_that_dies_is_reported(folder, model):
    pool = LocalPool(settings_for(folder, "map:occlusion"), workers=1)
    try:
        pool.submit(0, find_images(folder, model.labels))
        os.kill(pool.processes[0].pid, signal.SIGKILL)
        with pytest.raises(StudyError, match=r"worker 1 stopped unexpectedly \(exit code -9\)"):
            pool.next_result()
    finally:
        pool.close(wait=False)


def test_workers_ignore_ctrl_c_and_finish_their_batch(folder, model):
    pool = LocalPool(settings_for(folder, "texture"), workers=1)
    try:
        pool.submit(0, find_images(folder, model.labels)[:1])
        os.kill(pool.processes[0].pid, signal.SIGINT)
        worker, result = pool.next_result()
        assert worker == 0 and len(result.rows) == 1 and "error" not in result.rows[0]
    finally:
        pool.close()


def test_thread_layout():
    given = choose_threads(default_model_path(), "cpu", cores=8, workers=2)
    assert (given.workers, given.threads, given.measured) == (2, 4, {})
    crowded = choose_threads(default_model_path(), "cpu", cores=2, workers=4)
    assert (crowded.workers, crowded.threads) == (4, 1)
    layout = choose_threads(default_model_path(), "cpu", cores=usable_cores())
    assert set(layout.measured) == {t for t in (1, 2, 4, 8, 16, 32, 64) if t <= usable_cores()}
    assert layout.threads in layout.measured and layout.workers * layout.threads <= usable_cores()
    best = layout.measured[layout.threads]
    assert best >= EFFICIENCY_NEEDED * layout.threads * layout.measured[1]  # more threads only where they scale
    assert "measured" in layout.reason
