"""The shape-bias study: a classifier over cue-conflict images (the bundled subset or any folder of images named the
stimuli's way, `cat7-elephant1.png`), decided by the paper's 16-category rule and counted as in the paper.

Files are read through `imageio` (safe loading) in batches; a file that cannot be read or whose name does not give
its shape and texture categories is listed as skipped, never fatal. The run reports progress after each batch and
stops within one batch when its CancelToken is cancelled.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.categories import Decision, ShapeBias, decide_batch, parse_stimulus_name, shape_bias
from desktop_app.core.explanation import default_batch_size
from desktop_app.core.imageio import SUPPORTED_EXTENSIONS, ImageLoadError, load_image
from desktop_app.core.model import ClassifierModel
from desktop_app.core.safe_files import atomic_write
from desktop_app.core.scheduler import CancelToken
from desktop_app.core.stimuli import cue_conflict_dir

NAMING_HINT = "the name does not give a shape and a texture category (like cat7-elephant1.png)"


@dataclass(frozen=True)
class Stimulus:
    """One file of a study, with the categories its name gives."""

    path: Path
    name: str  # the path relative to the study's folder, with "/" separators
    shape: str
    texture: str


@dataclass(frozen=True)
class Skipped:
    """A file left out of a study, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class StudyResult:
    """What a study found: every decision, the files skipped, and the shape bias."""

    model: str
    folder: Path
    decisions: tuple[Decision, ...]
    skipped: tuple[Skipped, ...]
    bias: ShapeBias
    elapsed_s: float

    def to_json(self) -> dict:
        """The `shape-bias --json` document (keys as documented in the README)."""
        return {
            "model": self.model,
            "images": self.bias.images,
            "cue_conflict": self.bias.cue_conflict,
            **self.bias.overall.to_dict(),
            "per_category": {name: count.to_dict() for name, count in self.bias.per_category.items()},
            "decisions": [
                {"image": d.image, "shape": d.shape, "texture": d.texture, "decision": d.decision}
                for d in self.decisions
            ],
        }

    def decisions_csv(self) -> str:
        """The decisions as CSV text: image, shape, texture, decision, verdict (empty when no cue conflict)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["image", "shape", "texture", "decision", "verdict"])
        for d in self.decisions:
            writer.writerow([d.image, d.shape, d.texture, d.decision, d.verdict or ""])
        return out.getvalue()


def _natural_key(name: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name))


def find_stimuli(folder: str | os.PathLike[str]) -> tuple[list[Stimulus], list[Skipped]]:
    """The files under `folder` named like the stimuli (natural order) and the other files, with why they are left
    out; hidden files are ignored. ValueError when the folder cannot be read."""
    root = Path(folder)
    if not root.is_dir():
        raise ValueError(f"“{root}” is not a folder")
    stimuli: list[Stimulus] = []
    skipped: list[Skipped] = []
    try:
        files = [p for p in root.rglob("*") if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    except OSError as err:
        raise ValueError(f"the folder “{root}” could not be read ({err.strerror or err})") from err
    for path in sorted(files, key=lambda p: _natural_key(p.relative_to(root).as_posix())):
        if path.is_dir():
            continue
        name = path.relative_to(root).as_posix()
        if path.suffix.lower() not in SUPPORTED_EXTENSIONS:
            skipped.append(Skipped(name, "not an image file"))
            continue
        categories = parse_stimulus_name(path.name)
        if categories is None:
            skipped.append(Skipped(name, NAMING_HINT))
            continue
        stimuli.append(Stimulus(path, name, *categories))
    return stimuli, skipped


def run_study(
    model: ClassifierModel,
    folder: str | os.PathLike[str] | None = None,
    batch_size: int | None = None,
    cancel: CancelToken | None = None,
    progress: Callable[[float], None] | None = None,
) -> StudyResult:
    """The model's decisions and shape bias on the cue-conflict images of `folder` (default: the bundled subset).

    Raises Cancelled (within one batch) when `cancel` is cancelled, ValueError when the folder cannot be read."""
    started = time.perf_counter()
    root = Path(folder) if folder is not None else cue_conflict_dir()
    stimuli, skipped = find_stimuli(root)
    batch = max(1, batch_size or default_batch_size(model))
    decisions: list[Decision] = []
    for start in range(0, len(stimuli), batch):
        if cancel is not None:
            cancel.raise_if_cancelled()
        images, read = [], []
        for stimulus in stimuli[start : start + batch]:
            try:
                images.append(load_image(stimulus.path))
            except ImageLoadError as err:
                skipped.append(Skipped(stimulus.name, str(err)))
                continue
            read.append(stimulus)
        if images:
            probabilities = model.predict(images, cancel)
            for stimulus, decision in zip(read, decide_batch(probabilities), strict=True):
                decisions.append(Decision(stimulus.name, stimulus.shape, stimulus.texture, decision))
        if progress is not None:
            progress(min(1.0, (start + batch) / len(stimuli)))
    skipped.sort(key=lambda s: _natural_key(s.name))
    elapsed = time.perf_counter() - started
    return StudyResult(model.name, root, tuple(decisions), tuple(skipped), shape_bias(decisions), elapsed)


def save_csv(result: StudyResult, path: str | os.PathLike[str]) -> None:
    """Writes the decisions as CSV (atomically; SaveError says why it failed)."""
    atomic_write(path, result.decisions_csv().encode("utf-8"))
