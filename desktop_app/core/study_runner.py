"""Running a study: fixed batches of images, handed to workers (local processes or Ray actors) one at a time.

Every worker holds at most one batch. When it hands a batch back, its rows are appended to the journal (and the
batch's maps saved) before it gets the next one, so a study killed at any moment loses at most the batch each
worker was working on. Batches are fixed slices of the sorted image list, so a rerun redoes the same batches.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from desktop_app.core.export import save_npy
from desktop_app.core.labels import Labels
from desktop_app.core.study_images import StudyImage, find_images
from desktop_app.core.study_recipes import Recipe
from desktop_app.core.study_results import Journal, maps_folder, read_meta, result_columns
from desktop_app.core.study_worker import BatchResult, WorkerSettings

PASSES_PER_BATCH = 128  # model passes per batch: ~1 s on one core, so a crash costs little and Ray's overhead less
MAX_BATCH_IMAGES = 64


class StudyError(Exception):
    """A study that cannot start or go on (no images, another study's results, a worker failed); says why."""


class Pool(Protocol):
    """Workers that take one batch at a time: local processes or Ray actors."""

    @property
    def workers(self) -> int:
        """How many workers there are."""
        ...

    def submit(self, worker: int, batch: list[StudyImage]) -> None:
        """Gives a batch to an idle worker."""
        ...

    def next_result(self) -> tuple[int, BatchResult]:
        """Waits for any busy worker's batch: (worker, result); StudyError if a worker failed."""
        ...

    def close(self, wait: bool = True) -> None:
        """Stops the workers (after their batches when `wait`)."""
        ...


def default_batch_images(recipe: Recipe) -> int:
    """Images per batch for a recipe: about PASSES_PER_BATCH model passes, at least one image."""
    return max(1, min(MAX_BATCH_IMAGES, round(PASSES_PER_BATCH / recipe.passes_per_image)))


@dataclass(frozen=True)
class Study:
    """One study: a recipe over the images of a folder, with its results file and model."""

    recipe: Recipe
    folder: Path
    out: Path
    model_path: Path
    provider: str
    images: tuple[StudyImage, ...]
    batch_images: int
    categories: bool

    @property
    def columns(self) -> dict[str, str]:
        """The results file's columns."""
        return result_columns(self.categories)

    def batches(self) -> list[list[StudyImage]]:
        """The fixed batches: consecutive slices of the sorted images."""
        step = self.batch_images
        return [list(self.images[start : start + step]) for start in range(0, len(self.images), step)]

    def settings(self, threads: int) -> WorkerSettings:
        """What a worker needs to start."""
        return WorkerSettings(
            str(self.model_path), self.provider, threads, self.recipe, str(self.folder), maps_folder(self.out).name
        )

    def meta(self) -> dict[str, Any]:
        """The description saved beside the results; a rerun must match it."""
        return {
            "recipe": self.recipe.to_dict(),
            "recipe_label": self.recipe.label,
            "folder": str(self.folder),
            "model": str(self.model_path),
            "batch_images": self.batch_images,
            "categories": self.categories,
        }


def plan_study(
    recipe: Recipe,
    folder: Path,
    out: Path,
    model_path: Path,
    labels: Labels,
    provider: str = "cpu",
    batch_images: int | None = None,
    categories: bool = False,
) -> Study:
    """The study of `recipe` over every image below `folder`; StudyError when there are no images, or when `out`
    already holds results of another study (another recipe, folder, model or batch size)."""
    folder = folder.resolve()
    out = out.resolve()
    images = find_images(folder, labels, skip=(maps_folder(out),))
    if not images:
        raise StudyError(f"there are no images in “{folder}” (looked for .png, .jpg, .jpeg, .bmp, .webp, .tif, .gif)")
    size = batch_images or default_batch_images(recipe)
    study = Study(recipe, folder, out, model_path.resolve(), provider, tuple(images), size, categories)
    earlier = read_meta(out)
    if earlier and any(earlier.get(key) != value for key, value in study.meta().items()):
        raise StudyError(
            f"“{out.name}” holds the results of another study ({_describe(earlier)}); rerun that, "
            "or choose another --out (or delete the file to start again)"
        )
    return study


def _describe(meta: dict[str, Any]) -> str:
    """How a saved study was run, in the command's words."""
    recipe = meta.get("recipe") or {}
    seeds = f" --seeds {recipe['seeds']}" if recipe.get("seeds", 1) != 1 else ""
    return (
        f"{meta.get('recipe_label', '?')}{seeds} over {meta.get('folder', '?')} with "
        f"{Path(str(meta.get('model', '?'))).name}, --batch {meta.get('batch_images', '?')}"
    )


@dataclass
class StudyProgress:
    """Where a running study stands."""

    total: int  # images in the study
    done_at_start: int  # images finished by earlier runs
    done: int = 0  # images finished, earlier runs included
    passes: int = 0  # model passes in this run
    started: float = field(default_factory=time.perf_counter)
    stopped: bool = False  # stopped early (on request) rather than complete

    @property
    def elapsed_s(self) -> float:
        """Seconds since this run started."""
        return time.perf_counter() - self.started

    @property
    def complete(self) -> bool:
        """Whether every image is done."""
        return self.done >= self.total


def images_done(study: Study, done: set[tuple[str, int]]) -> int:
    """How many images have a row for every run."""
    return sum(all((image.relative, run) in done for run in study.recipe.runs) for image in study.images)


def pending_batches(study: Study, done: set[tuple[str, int]]) -> list[list[StudyImage]]:
    """The batches with any (image, run) still missing."""
    runs = study.recipe.runs
    return [b for b in study.batches() if any((i.relative, r) not in done for i in b for r in runs)]


def save_maps(folder: Path, maps: dict[str, np.ndarray]) -> None:
    """Saves a batch's maps as .npy files below `folder` (each written whole or not at all)."""
    for name, values in maps.items():
        path = folder.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        save_npy(path, values)


def run_study(
    study: Study,
    pool: Pool,
    journal: Journal,
    on_progress: Callable[[StudyProgress], None] | None = None,
    stop: threading.Event | None = None,
) -> StudyProgress:
    """Runs the study's missing batches on the pool until done or `stop` is set (then after the batches in hand)."""
    stop = stop or threading.Event()
    queue = deque(pending_batches(study, journal.done))
    done_at_start = images_done(study, journal.done)
    progress = StudyProgress(len(study.images), done_at_start, done_at_start)
    running = 0
    for worker in range(min(pool.workers, len(queue))):
        if not stop.is_set():
            pool.submit(worker, queue.popleft())
            running += 1
    while running:
        worker, result = pool.next_result()
        running -= 1
        save_maps(study.out.parent, result.maps)
        new_rows = [row for row in result.rows if (row["image"], int(row["run"])) not in journal.done]
        journal.append(new_rows)
        if queue and not stop.is_set():
            pool.submit(worker, queue.popleft())
            running += 1
        journal.sync()
        progress.done = min(progress.total, progress.done + len({row["image"] for row in new_rows}))
        progress.passes += result.passes
        if on_progress is not None:
            on_progress(progress)
    progress.done = images_done(study, journal.done)
    progress.stopped = not progress.complete
    return progress
