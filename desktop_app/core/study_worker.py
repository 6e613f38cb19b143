"""One worker of a study: its own model session, the recipe, and the result rows of one batch of images.

The same StudyWorker runs in a local worker process and in a Ray actor; it loads the model once. A batch's rows
depend only on its images (inference here gives the same numbers whatever the batch), so a batch redone after a
crash gives the same rows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from desktop_app.core.categories import decide, parse_stimulus_name
from desktop_app.core.document import working_copy
from desktop_app.core.imageio import ImageLoadError, load_image
from desktop_app.core.model import ClassifierModel
from desktop_app.core.study_images import StudyImage
from desktop_app.core.study_recipes import Recipe, base_edits, edited_image, explanation
from desktop_app.core.study_results import TOP_K, Row


class StudyModel(ClassifierModel):
    """A ClassifierModel whose session uses a fixed number of threads (a worker's share of the cores)."""

    def __init__(self, path: str | Path, provider: str = "cpu", threads: int = 1) -> None:
        """Loads the model with `threads` intra-op threads and no inter-op parallelism."""
        self.threads = max(1, int(threads))
        super().__init__(path, provider=provider, max_batch=32)

    def _make_session(self, providers: list[str], options: ort.SessionOptions) -> ort.InferenceSession:
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        return super()._make_session(providers, options)


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker needs to start: picklable, sent to worker processes and Ray actors."""

    model_path: str
    provider: str
    threads: int
    recipe: Recipe
    folder: str
    maps_prefix: str = "maps"  # map files are saved as f"{maps_prefix}/{image}.{run}.npy", beside the results


@dataclass
class BatchResult:
    """The rows of one batch, the maps to save (by file name relative to the results), and what it cost."""

    rows: list[Row]
    maps: dict[str, np.ndarray] = field(default_factory=dict)
    passes: int = 0
    seconds: float = 0.0


class StudyWorker:
    """Runs a recipe on batches of images with its own model session."""

    def __init__(self, settings: WorkerSettings) -> None:
        """Loads the model (ModelError if it cannot be used) and the category decision."""
        cv2.setNumThreads(settings.threads)
        self.settings = settings
        self.recipe = settings.recipe
        self.folder = Path(settings.folder)
        self.model = StudyModel(settings.model_path, settings.provider, settings.threads)

    def process(self, images: list[StudyImage]) -> BatchResult:
        """The rows (one per image and run) of a batch of images; unreadable images get rows with an error."""
        started = time.perf_counter()
        rows: list[Row] = []
        loaded: list[tuple[StudyImage, np.ndarray]] = []
        for image in images:
            try:
                loaded.append((image, working_copy(load_image(image.path(self.folder)))))
            except ImageLoadError as err:
                rows += [self._error_row(image, run, str(err)) for run in self.recipe.runs]
        result = BatchResult(rows)
        if loaded:
            originals = self.model.predict([pixels for _, pixels in loaded])
            if self.recipe.edits_images:
                rows += self._edited_rows(loaded, originals)
            elif self.recipe.kind == "map":
                rows += self._map_rows(loaded, originals, result.maps)
            else:
                rows += [self.make_row(image, 0, before) for (image, _), before in zip(loaded, originals, strict=True)]
        result.passes = self.recipe.passes_per_image * len(loaded)
        result.seconds = time.perf_counter() - started
        return result

    def _edited_rows(self, loaded: list[tuple[StudyImage, np.ndarray]], originals: np.ndarray) -> list[Row]:
        """Rows of a recipe that edits images: every run's edited image classified in one batch."""
        rows: list[Row] = []
        tensors, owners = [], []
        for (image, pixels), before in zip(loaded, originals, strict=True):
            try:
                edits = base_edits(self.recipe, self.model, pixels)
            except ValueError as err:  # e.g. GrabCut finds no object
                rows += [self._error_row(image, run, f"{self.recipe.label}: {err}") for run in self.recipe.runs]
                continue
            for run in self.recipe.runs:
                tensors.append(self.model.preprocess([edited_image(pixels, edits, run)])[0])
                owners.append((image, run, before))
        if tensors:
            after = self.model.predict_tensor(np.stack(tensors))
            for (image, run, before), probabilities in zip(owners, after, strict=True):
                rows.append(self.make_row(image, run, before, probabilities))
        return rows

    def _map_rows(
        self, loaded: list[tuple[StudyImage, np.ndarray]], originals: np.ndarray, maps: dict[str, np.ndarray]
    ) -> list[Row]:
        """Rows of a map recipe: the map explains the true class when known, else the top class."""
        rows: list[Row] = []
        for (image, pixels), before in zip(loaded, originals, strict=True):
            target = image.true_index if image.true_index is not None else int(np.argmax(before))
            for run in self.recipe.runs:
                try:
                    values = explanation(self.recipe, self.model, pixels, target, run).values
                except ValueError as err:
                    rows.append(self._error_row(image, run, f"{self.recipe.label}: {err}"))
                    continue
                name = f"{self.settings.maps_prefix}/{image.relative}.{run}.npy"
                maps[name] = values
                rows.append({**self.make_row(image, run, before), "map_target": target, "map_file": name})
        return rows

    def make_row(self, image: StudyImage, run: int, before: np.ndarray, after: np.ndarray | None = None) -> Row:
        """One result row: top-k before (and after an edit), the drop of the original top class, the true class
        and the 16-category decisions where known."""
        labels = self.model.labels
        row: Row = {"image": image.relative, "run": run, "recipe": self.recipe.label}
        top = np.argsort(-before, kind="stable")[:TOP_K]
        row["before_label"] = labels.name(int(top[0]))
        for rank, index in enumerate(top, start=1):
            row[f"before_top{rank}"], row[f"before_p{rank}"] = int(index), before[index]
        if image.true_index is not None:
            row.update(true_index=image.true_index, true_label=labels.name(image.true_index))
            row["true_p_before"] = before[image.true_index]
        row["category_before"] = decide(before)
        if self.recipe.kind == "shape-bias" and (cues := parse_stimulus_name(image.relative)):
            row["shape_category"], row["texture_category"] = cues
        if after is not None:
            self._after(row, image, top[0], before, after)
        return row

    def _after(self, row: Row, image: StudyImage, first: int, before: np.ndarray, after: np.ndarray) -> None:
        order = np.argsort(-after, kind="stable")[:TOP_K]
        row["after_label"] = self.model.labels.name(int(order[0]))
        for rank, index in enumerate(order, start=1):
            row[f"after_top{rank}"], row[f"after_p{rank}"] = int(index), after[index]
        row["drop"] = before[first] - after[first]
        row["top1_kept"] = bool(order[0] == first)
        if image.true_index is not None:
            row["true_p_after"] = after[image.true_index]
        row["category_after"] = decide(after)

    def _error_row(self, image: StudyImage, run: int, message: str) -> Row:
        row: Row = {"image": image.relative, "run": run, "recipe": self.recipe.label, "error": message}
        if image.true_index is not None:
            row.update(true_index=image.true_index, true_label=self.model.labels.name(image.true_index))
        return row
