"""What the Explain dock says: a map's summary, what a click covered, and the classes to explain (the legend's
title is core's `scale_title`, shared with the exported colour bar)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from desktop_app.core.explanation import ExplanationMap, value_text
from desktop_app.core.model import ClassifierModel
from desktop_app.core.texts import QT_TRANSLATE_NOOP

METHOD_NAMES = {"occlusion": QT_TRANSLATE_NOOP("Explain", "Occlusion"), "rise": "RISE", "cam": "CAM"}


def explain_text(text: str) -> str:
    """A text of the Explain panel's sentences, in the user's language."""
    return QCoreApplication.translate("Explain", text)


def summary(result: ExplanationMap, target: str) -> str:
    """One or two sentences on a map: how it was made, how far it has come, what the model gives the class."""
    name = explain_text(METHOD_NAMES.get(result.method, result.method))
    details = result.details if isinstance(result.details, dict) else {}
    if not result.complete:
        if "masks_done" in details:
            text = explain_text("{method} map of “{target}”: {done} of {masks} masks so far…")
            return text.format(method=name, target=target, done=details["masks_done"], masks=details["masks"])
        text = explain_text("{method} map of “{target}”: {passes} forward passes so far, refining…")
        return text.format(method=name, target=target, passes=result.forward_passes)
    passes = result.forward_passes
    if passes == 0:
        work = explain_text("the last feature map reused")
    elif passes == 1:
        work = explain_text("1 forward pass")
    else:
        work = explain_text("{passes} forward passes").format(passes=passes)
    text = explain_text("{method} map of “{target}”: {work}, {seconds:.2f} s.")
    text = text.format(method=name, target=target, work=work, seconds=result.elapsed_s)
    probability = details.get("base_probability", details.get("probability"))
    if probability is not None:
        gives = explain_text("The model gives “{target}” {percent:.1f} % on this image.")
        text += " " + gives.format(target=target, percent=100 * float(probability))
    return text


def covered_text(result: ExplanationMap, row: int, col: int, target: str) -> str:
    """What covering occlusion window (row, col) did, with what the map predicted for it."""
    drops = result.details.get("drops")
    said = ""
    if drops is not None and np.isfinite(np.asarray(drops)[row, col]):
        drop = value_text("occlusion", float(np.asarray(drops)[row, col]), target)
        said = " " + explain_text("The map says {value}.").format(value=drop.replace("covering here", "covering it"))
    text = explain_text(
        "Covered the window in row {row}, column {column}.{said} The chart shows the model's answer; "
        "Ctrl+Z uncovers it."
    )
    return text.format(row=row + 1, column=col + 1, said=said)


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
