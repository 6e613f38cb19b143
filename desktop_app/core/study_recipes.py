"""Study recipes: what a study does to every image, parsed from the command line and saved with the results.

A recipe is an experiment file (its visible edits, in image fractions, applied to each image), a lesson (`parts`,
`occlusion`, `shape`, `texture`: the app's Lessons menu), a map (`occlusion`, `rise`, `cam`: an explanation map per
image) or `shape-bias` (each image classified as it is). A seeded recipe (the jigsaw, RISE) runs once per seed.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop_app.core.cam import cam_map
from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import Edit, EditError, apply, edit_from_dict, edit_to_dict
from desktop_app.core.experiment import FORMAT, VERSION
from desktop_app.core.explain import occlusion_map
from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.model import ClassifierModel
from desktop_app.core.presets import PRESETS
from desktop_app.core.rise import MAX_MASKS, rise_map
from desktop_app.core.study_table import StudyTable

KINDS = ("experiment", "lesson", "map", "shape-bias")
MAP_METHODS = ("occlusion", "rise", "cam")
SEEDED_LESSONS = frozenset({"parts"})  # lessons whose edits carry a random seed (the jigsaw's)
OCCLUSION_WINDOW, OCCLUSION_STRIDE, OCCLUSION_FILL = 32, 16, "grey"  # the `explain` command's defaults: 169 windows + 1
OCCLUSION_LESSON_PASSES = 50  # its quick scan: 7 x 7 windows + the original
DEFAULT_MASKS = 1000
MAX_SEEDS = 1000


class RecipeError(ValueError):
    """A recipe that cannot be run; str(err) says why in plain words."""


def _lessons() -> dict[str, Any]:
    return {preset.key: preset for preset in PRESETS}


@dataclass(frozen=True)
class Recipe:
    """What a study does to each image, and how many runs (seeds) per image."""

    kind: str  # one of KINDS
    name: str  # lesson key, map method, experiment file name, or "shape-bias"
    seeds: int = 1
    edits: tuple[Edit, ...] = ()  # an experiment file's visible edits
    masks: int = DEFAULT_MASKS  # RISE only

    @property
    def label(self) -> str:
        """How results and reports name the recipe, e.g. "lesson:parts", "map:rise", "shape-bias"."""
        return self.kind if self.kind == "shape-bias" else f"{self.kind}:{self.name}"

    @property
    def runs(self) -> tuple[int, ...]:
        """The run numbers of each image (the seed offsets): 0 .. seeds - 1."""
        return tuple(range(self.seeds))

    @property
    def seeded(self) -> bool:
        """Whether the recipe has a random seed that runs can vary."""
        if self.kind == "lesson":
            return self.name in SEEDED_LESSONS
        if self.kind == "map":
            return self.name == "rise"
        return self.kind == "experiment" and any(_has_seed(edit) for edit in self.edits)

    @property
    def edits_images(self) -> bool:
        """Whether the recipe classifies an edited image (experiments and lessons) rather than a map or nothing."""
        return self.kind in ("experiment", "lesson")

    @property
    def passes_per_image(self) -> int:
        """Forward passes of the model per image (all runs), to size batches and estimate time."""
        if self.kind == "map":
            per_run = {"occlusion": 170, "rise": self.masks + 1, "cam": 1}[self.name]
            return 1 + per_run * self.seeds
        extra = OCCLUSION_LESSON_PASSES if (self.kind, self.name) == ("lesson", "occlusion") else 0
        return 1 + extra + (self.seeds if self.edits_images else 0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (saved beside the results, compared when a study resumes)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "seeds": self.seeds,
            "masks": self.masks,
            "edits": [edit_to_dict(edit) for edit in self.edits],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recipe:
        """The recipe described by `to_dict`; RecipeError if it is not one."""
        try:
            edits = tuple(edit_from_dict(dict(item)) for item in data.get("edits", []))
            recipe = cls(str(data["kind"]), str(data["name"]), int(data["seeds"]), edits, int(data["masks"]))
        except (KeyError, TypeError, ValueError) as err:
            raise RecipeError(f"the recipe record is damaged ({err})") from err
        if recipe.kind not in KINDS:
            raise RecipeError(f"unknown recipe kind {recipe.kind!r}")
        return recipe


def _has_seed(edit: Edit) -> bool:
    return dataclasses.is_dataclass(edit) and any(field.name == "seed" for field in dataclasses.fields(edit))


def parse_recipe(text: str, seeds: int = 1, masks: int | None = None) -> Recipe:
    """The recipe a RECIPE argument names: an experiment file, `lesson:NAME`, `map:NAME`, a bare lesson or map
    name, or `shape-bias`; RecipeError with a plain message otherwise."""
    lessons = _lessons()
    kind, _, name = text.partition(":") if text.startswith(("lesson:", "map:")) else ("", "", text)
    path = Path(text)
    if not kind and (path.suffix.lower() == ".json" or path.is_file()):
        recipe = Recipe("experiment", path.name, edits=read_experiment_edits(path))
    elif text == "shape-bias":
        recipe = Recipe("shape-bias", "shape-bias")
    elif not kind and name == "occlusion":
        raise RecipeError("“occlusion” is both a lesson and a map: say lesson:occlusion or map:occlusion")
    elif kind in ("", "lesson") and name in lessons:
        recipe = Recipe("lesson", name)
    elif kind in ("", "map") and name in MAP_METHODS:
        recipe = Recipe("map", name, masks=DEFAULT_MASKS if masks is None else masks)
    else:
        names = ", ".join([*lessons, "rise", "cam", "map:occlusion", "shape-bias"])
        raise RecipeError(f"“{text}” is not a recipe: give an experiment file (.json) or one of {names}")
    if masks is not None and recipe.label != "map:rise":
        raise RecipeError("--masks applies to the RISE map (map:rise) only")
    if not 1 <= recipe.masks <= MAX_MASKS:
        raise RecipeError(f"--masks must be between 1 and {MAX_MASKS}, not {recipe.masks}")
    if not 1 <= seeds <= MAX_SEEDS:
        raise RecipeError(f"--seeds must be between 1 and {MAX_SEEDS}, not {seeds}")
    if seeds > 1 and not recipe.seeded:
        raise RecipeError(
            f"{recipe.label} has no random seed to vary; --seeds applies to the parts lesson, map:rise and "
            "experiments with a jigsaw"
        )
    return dataclasses.replace(recipe, seeds=seeds)


def read_experiment_edits(path: Path) -> tuple[Edit, ...]:
    """The visible edits of an experiment file (its image is not needed); RecipeError when it is not one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise RecipeError(f"the experiment file “{path.name}” was not found") from err
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise RecipeError(f"“{path.name}” is not an experiment file (it is not readable JSON)") from err
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RecipeError(f"“{path.name}” is not a Classifier Explorer experiment file")
    if doc.get("version") != VERSION:
        raise RecipeError(f"“{path.name}” is experiment format version {doc.get('version')}; this app reads {VERSION}")
    edits = []
    for number, item in enumerate(doc.get("edits") or [], start=1):
        try:
            if item.get("visible", True):
                edits.append(edit_from_dict(dict(item["edit"])))
        except (AttributeError, EditError, KeyError, TypeError, ValueError) as err:
            raise RecipeError(f"edit {number} in “{path.name}” cannot be used: {err}") from err
    if not edits:
        raise RecipeError(f"“{path.name}” has no visible edits to apply")
    return tuple(edits)


def base_edits(recipe: Recipe, model: ClassifierModel, image: np.ndarray) -> list[Edit]:
    """The recipe's edits for one image before seeding (a lesson computes them on the image)."""
    if recipe.kind == "experiment":
        return list(recipe.edits)
    if recipe.kind != "lesson":
        return []
    return list(_lessons()[recipe.name].make(model, image, None, None))


def seeded_edits(edits: list[Edit], run: int) -> list[Edit]:
    """The edits of run `run`: every seed moved on by `run` (run 0 is the edits exactly as made)."""
    if run == 0:
        return edits
    # edits are frozen dataclasses and _has_seed checked the field
    return [dataclasses.replace(e, seed=e.seed + run) if _has_seed(e) else e for e in edits]  # type: ignore[type-var,attr-defined]


def edited_image(image: np.ndarray, edits: list[Edit], run: int) -> np.ndarray:
    """The image with run `run`'s edits applied."""
    return apply(image, seeded_edits(edits, run))


def explanation(recipe: Recipe, model: ClassifierModel, image: np.ndarray, target: int, run: int) -> ExplanationMap:
    """The map of a map recipe for one image and class (the `explain` command's settings)."""
    if recipe.name == "occlusion":
        return occlusion_map(
            model, image, target, OCCLUSION_WINDOW, OCCLUSION_STRIDE, OCCLUSION_FILL, coarse_to_fine=False
        )
    if recipe.name == "rise":
        return rise_map(model, image, target, masks=recipe.masks, seed=run)
    return cam_map(model, image, target)


def open_target(table: StudyTable, row: int) -> tuple[Path, Recipe, int]:
    """What a results row opens in the app: (image file, recipe, run); RecipeError when the results do not say."""
    path = table.image_path(row)
    if path is None or "recipe" not in table.meta:
        raise RecipeError(f"“{table.path.name}” does not record its study (the .study.json file beside it is missing)")
    return path, Recipe.from_dict(table.meta["recipe"]), int(table.value(row, "run") or 0)


def document_for(image_path: Path, recipe: Recipe, run: int, model: ClassifierModel) -> Document:
    """A document of the image with the recipe's edits of run `run` as ordinary (undoable) entries; a map or
    shape-bias recipe gives the plain image. ImageLoadError or ValueError when it cannot be made."""
    document = Document.from_file(image_path)
    edits = seeded_edits(base_edits(recipe, model, document.working), run)
    document.entries = [EditEntry(edit) for edit in edits]
    return document
