"""What the Explain dock says: a map's summary, what a click covered, and the classes to explain (the legend's
title is core's `scale_title`, shared with the exported colour bar)."""

from __future__ import annotations

import numpy as np

from desktop_app.core.explanation import ExplanationMap, value_text
from desktop_app.core.model import ClassifierModel

METHOD_NAMES = {"occlusion": "Occlusion", "rise": "RISE", "cam": "CAM"}


def summary(result: ExplanationMap, target: str) -> str:
    """One or two sentences on a map: how it was made, how far it has come, what the model gives the class."""
    name = METHOD_NAMES.get(result.method, result.method)
    details = result.details if isinstance(result.details, dict) else {}
    if not result.complete:
        if "masks_done" in details:
            return f"{name} map of “{target}”: {details['masks_done']} of {details['masks']} masks so far…"
        return f"{name} map of “{target}”: {result.forward_passes} forward passes so far, refining…"
    passes = result.forward_passes
    work = "the last feature map reused" if passes == 0 else f"{passes} forward pass{'es' if passes > 1 else ''}"
    text = f"{name} map of “{target}”: {work}, {result.elapsed_s:.2f} s."
    probability = details.get("base_probability", details.get("probability"))
    if probability is not None:
        text += f" The model gives “{target}” {100 * float(probability):.1f} % on this image."
    return text


def covered_text(result: ExplanationMap, row: int, col: int, target: str) -> str:
    """What covering occlusion window (row, col) did, with what the map predicted for it."""
    drops = result.details.get("drops")
    said = ""
    if drops is not None and np.isfinite(np.asarray(drops)[row, col]):
        drop = value_text("occlusion", float(np.asarray(drops)[row, col]), target)
        said = f" The map says {drop.replace('covering here', 'covering it')}."
    return (
        f"Covered the window in row {row + 1}, column {col + 1}.{said} "
        "The chart shows the model's answer; Ctrl+Z uncovers it."
    )


def target_choices(
    model: ClassifierModel, probabilities: np.ndarray | None, keep: int | None, count: int
) -> list[tuple[int, str]]:
    """The classes a map can explain, as (index, text): the prediction's top classes, and a chosen one kept."""
    choices = (
        []
        if probabilities is None
        else [(t.index, f"{t.label} — {100 * t.probability:.1f} %") for t in model.top_k(probabilities, count)]
    )
    if keep is not None and all(index != keep for index, _ in choices):
        choices.append((keep, model.labels.name(keep)))
    return choices
