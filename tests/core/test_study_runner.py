"""The study driver: fixed batches, one per worker at a time, written before the next; stop and resume."""

from __future__ import annotations

import threading
from collections import deque

import numpy as np
import pytest

from desktop_app.core.paths import default_model_path
from desktop_app.core.study_recipes import parse_recipe
from desktop_app.core.study_results import finish, open_journal, write_meta
from desktop_app.core.study_runner import (
    Study,
    StudyError,
    default_batch_images,
    images_done,
    pending_batches,
    plan_study,
    run_study,
)
from desktop_app.core.study_worker import BatchResult, StudyWorker
from tests.study_folder import make_study_folder


class InlinePool:
    """Runs each batch in this process when its result is asked for (the pools' contract, without processes)."""

    def __init__(self, study: Study, workers: int) -> None:
        self.worker = StudyWorker(study.settings(threads=1))
        self.workers = workers
        self.submitted: deque[tuple[int, list]] = deque()
        self.log: list[tuple[str, int, str]] = []

    def submit(self, worker, batch) -> None:
        assert worker not in [w for w, _ in self.submitted], "a worker got a second batch while busy"
        self.submitted.append((worker, batch))
        self.log.append(("submit", worker, batch[0].relative))

    def next_result(self) -> tuple[int, BatchResult]:
        worker, batch = self.submitted.popleft()
        self.log.append(("result", worker, batch[0].relative))
        return worker, self.worker.process(batch)

    def close(self, wait: bool = True) -> None:
        pass


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_study_folder(tmp_path_factory.mktemp("photos"), per_folder=2)


def study_of(folder, out, recipe_text="parts", batch=2, **options) -> Study:
    recipe = parse_recipe(recipe_text, **options)
    from desktop_app.core.labels import imagenet_labels

    return plan_study(recipe, folder, out, default_model_path(), imagenet_labels(), batch_images=batch)


def run(study: Study, workers: int = 2, stop_after: int | None = None) -> tuple:
    write_meta(study.out, study.meta())
    journal = open_journal(study.out, study.columns)
    pool = InlinePool(study, workers)
    stop = threading.Event()
    seen = []

    def progress(p):
        seen.append(p.done)
        if stop_after is not None and len(seen) >= stop_after:
            stop.set()

    result = run_study(study, pool, journal, progress, stop)
    journal.close()
    return result, pool, seen


def test_batch_sizes_follow_the_recipe_cost():
    assert default_batch_images(parse_recipe("parts")) == 64
    assert default_batch_images(parse_recipe("parts", seeds=5)) == 21
    assert default_batch_images(parse_recipe("map:occlusion")) == 1
    assert default_batch_images(parse_recipe("rise", masks=10)) == 11  # 1 + 11 passes per image


def test_plan_fixed_batches_and_refuse_another_study(folder, tmp_path):
    study = study_of(folder, tmp_path / "r.csv", batch=3)
    assert len(study.images) == 8 and [len(b) for b in study.batches()] == [3, 3, 2]
    assert study.batches()[0][0].relative == "282/cat-00.png"
    write_meta(study.out, study.meta())
    study_of(folder, tmp_path / "r.csv", batch=3)  # the same study again is fine
    with pytest.raises(StudyError, match=r"another study \(lesson:parts over .* --batch 3\)"):
        study_of(folder, tmp_path / "r.csv", batch=3, seeds=2)
    with pytest.raises(StudyError, match="no images"):
        study_of(tmp_path, tmp_path / "other.csv")


def test_a_complete_run_writes_every_row_once(folder, tmp_path):
    study = study_of(folder, tmp_path / "r.csv", seeds=2)
    progress, pool, seen = run(study)
    assert progress.complete and not progress.stopped and progress.done == 8 and progress.done_at_start == 0
    assert progress.passes == 8 * 3 and seen == [2, 4, 6, 8]
    assert [event for event, _, _ in pool.log] == ["submit", "submit"] + ["result", "submit"] * 2 + ["result"] * 2
    assert finish(study.out, study.columns) == 16


def test_stop_after_the_batches_in_hand_then_resume_to_the_same_file(folder, tmp_path):
    whole = study_of(folder, tmp_path / "whole.csv", seeds=2)
    run(whole)
    finish(whole.out, whole.columns)

    study = study_of(folder, tmp_path / "r.csv", seeds=2)
    progress, pool, _ = run(study, stop_after=1)  # asked to stop once the first batch is back
    assert progress.stopped and progress.done == 6  # the batches in hand when the stop was seen are finished
    assert [event for event, _, _ in pool.log] == ["submit", "submit", "result", "submit", "result", "result"]
    journal = open_journal(study.out, study.columns)
    assert images_done(study, journal.done) == 6
    assert [batch[0].relative for batch in pending_batches(study, journal.done)] == ["space_shuttle/rocket-00.png"]
    journal.close()
    resumed, _, _ = run(study)
    assert resumed.done_at_start == 6 and resumed.complete
    finish(study.out, study.columns)
    assert study.out.read_bytes() == whole.out.read_bytes()


def test_a_stop_before_the_start_runs_nothing(folder, tmp_path):
    study = study_of(folder, tmp_path / "r.csv")
    write_meta(study.out, study.meta())
    journal = open_journal(study.out, study.columns)
    stop = threading.Event()
    stop.set()
    pool = InlinePool(study, 2)
    progress = run_study(study, pool, journal, stop=stop)
    assert progress.stopped and progress.done == 0 and pool.log == []


def test_maps_are_saved_beside_the_results(folder, tmp_path, model):
    study = study_of(folder, tmp_path / "maps.csv", "cam", batch=4)
    run(study)
    finish(study.out, study.columns)
    saved = sorted((tmp_path / "maps-maps").rglob("*.npy"))
    assert len(saved) == 8 and saved[0] == tmp_path / "maps-maps" / "282" / "cat-00.png.0.npy"
    values = np.load(saved[0])
    assert values.shape == (224, 224) and values.dtype == np.float32


def test_a_failing_worker_stops_the_study_keeping_what_was_done(folder, tmp_path):
    study = study_of(folder, tmp_path / "r.csv")

    class Failing(InlinePool):
        def next_result(self):
            if len([e for e in self.log if e[0] == "result"]) == 1:
                raise StudyError("worker 2 stopped unexpectedly (exit code -9)")
            return super().next_result()

    write_meta(study.out, study.meta())
    journal = open_journal(study.out, study.columns)
    with pytest.raises(StudyError, match="exit code -9"):
        run_study(study, Failing(study, 2), journal)
    journal.close()
    assert open_journal(study.out, study.columns).done == {("282/cat-00.png", 0), ("282/cat-01.png", 0)}
