"""Turning probability vectors into what the chart shows (top-k rows, the original's values beside) and what
experiment files record."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop_app.core.labels import Labels
from desktop_app.core.model import ClassifierModel

MAX_K = 10


@dataclass(frozen=True)
class ChartRow:
    """One bar of the chart: a class, its probability now, and on the original image (None: no baseline)."""

    index: int
    label: str
    probability: float
    baseline: float | None = None

    @property
    def change(self) -> float | None:
        """Probability now minus on the original, or None without a baseline."""
        return None if self.baseline is None else self.probability - self.baseline


def chart_rows(
    probabilities: np.ndarray, labels: Labels, k: int = 5, baseline: np.ndarray | None = None
) -> list[ChartRow]:
    """The top-k classes of `probabilities`, most probable first, each with its baseline probability. With a
    baseline, the original image's top class is always kept (as an extra last row if it fell out of the top-k),
    so a change always reads against what the model first said."""
    k = max(1, min(k, MAX_K, probabilities.shape[-1]))
    order = list(np.argsort(-probabilities, kind="stable")[:k])
    if baseline is not None:
        original_top = int(np.argmax(baseline))
        if original_top not in order:
            order.append(original_top)
    return [
        ChartRow(
            int(i),
            labels.name(int(i)),
            float(probabilities[i]),
            None if baseline is None else float(baseline[i]),
        )
        for i in order
    ]


def prediction_record(
    model: ClassifierModel, probabilities: np.ndarray, baseline: np.ndarray | None, k: int
) -> dict[str, object]:
    """The top-k classes of a prediction (and of the original image, when known), as experiment files record them."""
    record: dict[str, object] = {"top": [vars(t) for t in model.top_k(probabilities, k)]}
    if baseline is not None:
        record["baseline_top"] = [vars(t) for t in model.top_k(baseline, k)]
    record["label_set"] = model.labels.label_set
    return record
