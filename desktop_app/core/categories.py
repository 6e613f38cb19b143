"""The 16 entry-level categories of Geirhos et al. 2019 and the paper's decision and shape-bias rules.

A classifier's 1000 ImageNet probabilities become one of 16 categories (airplane, bear, ..., truck): the category
whose ImageNet classes have the highest *mean* probability. On a cue-conflict image (the shape of one category, the
texture of another, named like `cat7-elephant1.png`) that decision is a shape decision, a texture decision or
neither; shape bias = shape decisions / (shape + texture decisions), counting only images whose shape and texture
categories differ, and per category grouped by the shape category.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from desktop_app.core.paths import resources_dir
from desktop_app.core.texts import QT_TRANSLATE_NOOP, translate

IMAGENET_CLASSES = 1000
VERDICTS = ("shape", "texture", "neither")


@lru_cache(maxsize=1)
def category_classes() -> dict[str, tuple[int, ...]]:
    """Each of the 16 categories with its ImageNet-1k class indices, in the paper's (alphabetical) order."""
    path = resources_dir() / "texture-vs-shape" / "categories16.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {name: tuple(int(i) for i in indices) for name, indices in doc["categories"].items()}


def categories() -> tuple[str, ...]:
    """The 16 category names, in the paper's order."""
    return tuple(category_classes())


@lru_cache(maxsize=1)
def _mean_matrix() -> np.ndarray:
    """1000 x 16 (read-only): column c holds 1/len(classes of c) on the classes of c, so p @ M gives the means."""
    matrix = np.zeros((IMAGENET_CLASSES, len(category_classes())), np.float64)
    for column, indices in enumerate(category_classes().values()):
        matrix[list(indices), column] = 1.0 / len(indices)
    matrix.flags.writeable = False
    return matrix


def _imagenet_rows(probabilities: np.ndarray) -> np.ndarray:
    """Probabilities as N x 1000 float64; a 1001-wide input loses its background class first, as ClassifierModel
    does, and is renormalised."""
    rows = np.atleast_2d(np.asarray(probabilities, dtype=np.float64))
    if rows.ndim != 2 or rows.shape[1] not in (IMAGENET_CLASSES, IMAGENET_CLASSES + 1):
        raise ValueError(f"expected ImageNet probabilities (1000 or 1001 per image), not shape {rows.shape}")
    if rows.shape[1] == IMAGENET_CLASSES + 1:
        rows = rows[:, 1:]
        rows = rows / np.maximum(rows.sum(axis=1, keepdims=True), 1e-12)
    return rows


def category_scores(probabilities: np.ndarray) -> np.ndarray:
    """N x 16: the mean probability of each category's ImageNet classes, for N rows of probabilities."""
    return np.einsum("ij,jk->ik", _imagenet_rows(probabilities), _mean_matrix())  # not BLAS: its idle threads spin


def category_probabilities(probabilities: np.ndarray) -> dict[str, float]:
    """The mean probability of each category's ImageNet classes, for one image's probabilities."""
    scores = category_scores(probabilities)
    if len(scores) != 1:
        raise ValueError("category_probabilities takes one image's probabilities; use category_scores for several")
    return {name: float(value) for name, value in zip(categories(), scores[0], strict=True)}


def decide_batch(probabilities: np.ndarray) -> list[str]:
    """The paper's 16-category decision for each of N rows of probabilities (ties: the earlier category)."""
    names = categories()
    return [names[int(i)] for i in np.argmax(category_scores(probabilities), axis=1)]


def decide(probabilities: np.ndarray) -> str:
    """The paper's 16-category decision for one image: the category with the highest mean probability."""
    [decision] = decide_batch(np.asarray(probabilities)[None] if np.ndim(probabilities) == 1 else probabilities)
    return decision


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str]:
    alternatives = "|".join(sorted(categories(), key=len, reverse=True))
    return re.compile(rf"^({alternatives})(\d+)-({alternatives})(\d+)(?:_[a-z]+)?\.[a-z]+$", re.IGNORECASE)


def parse_stimulus_name(name: str | Path) -> tuple[str, str] | None:
    """(shape, texture) categories of a file named like the stimuli ("cat7-elephant1.png"), else None."""
    match = _name_pattern().match(Path(name).name)
    if match is None:
        return None
    return match.group(1).lower(), match.group(3).lower()


def verdict(shape: str, texture: str, decision: str) -> str:
    """ "shape" if the decision names the shape category, "texture" if the texture's, else "neither"; ValueError
    when shape and texture are the same category (such an image is no cue conflict)."""
    if shape == texture:
        raise ValueError(f"shape and texture are both {shape!r}: the image is no cue conflict")
    if decision == shape:
        return "shape"
    return "texture" if decision == texture else "neither"


@dataclass(frozen=True)
class Decision:
    """The decision on one stimulus, with the categories its name gives."""

    image: str
    shape: str
    texture: str
    decision: str

    @property
    def cue_conflict(self) -> bool:
        """Whether shape and texture categories differ (only those images count for shape bias)."""
        return self.shape != self.texture

    @property
    def verdict(self) -> str | None:
        """ "shape", "texture" or "neither"; None when the image is no cue conflict."""
        return verdict(self.shape, self.texture, self.decision) if self.cue_conflict else None


HOW_DECIDED = {
    "shape": QT_TRANSLATE_NOOP("Categories", "by shape"),
    "texture": QT_TRANSLATE_NOOP("Categories", "by texture"),
    "neither": QT_TRANSLATE_NOOP("Categories", "by neither shape nor texture"),
}


def stimulus_decision(name: str | Path, probabilities: np.ndarray) -> Decision | None:
    """The paper's decision on an image named like the stimuli ("cat7-elephant1.png"), with the categories its
    name gives; None for any other name."""
    named = parse_stimulus_name(name)
    if named is None:
        return None
    return Decision(Path(name).name, *named, decide(probabilities))


def decision_sentence(decision: Decision) -> str:
    """ "shape cat, texture elephant: decided by texture (elephant)", or that the two categories are the same."""
    if decision.verdict:
        how = translate("Categories", HOW_DECIDED[decision.verdict])
    else:
        how = translate("Categories", "with shape and texture of the same category")
    text = translate("Categories", "shape {shape}, texture {texture}: decided {how} ({decision})")
    return text.format(shape=decision.shape, texture=decision.texture, how=how, decision=decision.decision)


@dataclass(frozen=True)
class BiasCount:
    """Shape and texture decisions and the resulting shape bias (None when there are neither)."""

    shape_decisions: int
    texture_decisions: int

    @property
    def shape_bias(self) -> float | None:
        """shape / (shape + texture) decisions, or None when both are zero."""
        total = self.shape_decisions + self.texture_decisions
        return self.shape_decisions / total if total else None

    def to_dict(self) -> dict[str, int | float | None]:
        """JSON-ready form: shape_decisions, texture_decisions, shape_bias."""
        return {
            "shape_decisions": self.shape_decisions,
            "texture_decisions": self.texture_decisions,
            "shape_bias": self.shape_bias,
        }


@dataclass(frozen=True)
class ShapeBias:
    """The shape bias over a set of decisions: overall, and per shape category (in the paper's order)."""

    images: int  # every decision given
    cue_conflict: int  # those whose shape and texture categories differ
    overall: BiasCount
    per_category: dict[str, BiasCount]

    @property
    def shape_bias(self) -> float | None:
        """The overall shape bias (None when there are no shape or texture decisions)."""
        return self.overall.shape_bias


def shape_bias(decisions: Iterable[Decision]) -> ShapeBias:
    """The paper's shape bias of the decisions: only cue-conflict images count; per category by shape category."""
    images = 0
    conflicts = 0
    counts: dict[str, list[int]] = {}
    for decision in decisions:
        images += 1
        if not decision.cue_conflict:
            continue
        conflicts += 1
        count = counts.setdefault(decision.shape, [0, 0])
        result = decision.verdict
        if result == "shape":
            count[0] += 1
        elif result == "texture":
            count[1] += 1
    order = {name: position for position, name in enumerate(categories())}
    per_category = {
        name: BiasCount(*counts[name]) for name in sorted(counts, key=lambda n: (order.get(n, len(order)), n))
    }
    shapes = sum(count.shape_decisions for count in per_category.values())
    textures = sum(count.texture_decisions for count in per_category.values())
    return ShapeBias(images, conflicts, BiasCount(shapes, textures), per_category)
