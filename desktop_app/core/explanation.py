"""ExplanationMap, the result every explanation method returns, and what the methods share.

A map lives in the model's input pixels (the centre crop resized to spec.size x spec.size); `crop` says which box of
the explained image those pixels cover, so `in_image` can lay the map over the image. `value_text` and `tick_text`
say what a value means.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from desktop_app.core.model import ClassifierModel
from desktop_app.core.scheduler import Progress

METHODS = ("occlusion", "rise", "cam")
CPU_BATCH = 32  # measured on a 2-core laptop CPU: 16-32 images per run are the fastest, 64 no better (bench/)


@dataclass(frozen=True)
class ExplanationMap:
    """An explanation of one class for one image, in the model's input pixels."""

    method: str  # "occlusion" | "rise" | "cam"
    values: np.ndarray  # float32, size x size, in the model input pixels
    target: int  # class index explained
    crop: tuple[int, int, int, int]  # (x0, y0, x1, y1): the box of the explained image that the input pixels cover
    forward_passes: int
    elapsed_s: float
    complete: bool = True  # False for progressive partial results
    details: dict = field(default_factory=dict)

    def in_image(self, height: int, width: int) -> np.ndarray:
        """The values resized into the crop box of a height x width image (float32), NaN outside it."""
        x0, y0, x1, y1 = self._crop_for(height, width)
        out = np.full((height, width), np.nan, np.float32)
        if x1 <= x0 or y1 <= y0:
            return out
        shrinking = (x1 - x0) < self.values.shape[1]
        method = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
        out[y0:y1, x0:x1] = cv2.resize(self.values.astype(np.float32), (x1 - x0, y1 - y0), interpolation=method)
        return out

    def _crop_for(self, height: int, width: int) -> tuple[int, int, int, int]:
        """The crop box scaled to another size of the same image (the explained image's shape is in details)."""
        shape = self.details.get("image_shape")
        if shape is None or tuple(shape) == (height, width):
            return self.crop
        sy, sx = height / shape[0], width / shape[1]
        x0, y0, x1, y1 = self.crop
        return round(x0 * sx), round(y0 * sy), min(width, round(x1 * sx)), min(height, round(y1 * sy))


def default_batch_size(model: ClassifierModel) -> int:
    """How many inputs per forward pass suit the model's execution provider."""
    if model.input.fixed_batch:
        return model.input.fixed_batch
    if model.provider.active.upper() == "CPU":
        return min(CPU_BATCH, model.max_batch)
    return model.max_batch


def check_target(model: ClassifierModel, target: int | None) -> int | None:
    """The target as an int, or a ValueError when it is not a class of the model."""
    if target is None:
        return None
    classes = len(model.labels.names)
    if not 0 <= int(target) < classes:
        raise ValueError(f"the target class must be between 0 and {classes - 1}, not {target}")
    return int(target)


def report(progress: Progress | None, fraction: float) -> None:
    """Calls progress(fraction) if there is a callback."""
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)))


def chunk_sizes(total: int, batch: int) -> list[int]:
    """`total` split into the fewest runs of at most `batch`, as even as possible (no lone image at the end)."""
    if total <= 0:
        return []
    runs = -(-total // max(1, batch))
    return [total // runs + (1 if i < total % runs else 0) for i in range(runs)]


def value_text(method: str, value: float, target: str) -> str:
    """What a map's value means, in words ("covering here lowers P(tabby) by 3.1 points")."""
    if not np.isfinite(value):
        return "not computed yet"
    if method == "occlusion":
        verb = "lowers" if value >= 0 else "raises"
        return f"covering here {verb} P({target}) by {100 * abs(value):.1f} points"
    return f"saliency {value:.3g}".replace("-", "−")


SCALE_TITLES = {"rise": "Saliency (RISE)", "cam": "Saliency (class activation)"}


def scale_title(result: ExplanationMap, target: str) -> str:
    """What a map's colours measure, for which class: the legend's and the exported colour bar's title."""
    if result.method == "occlusion":
        return f"Drop of P({target}) when covered, in points"
    return f"{SCALE_TITLES.get(result.method, 'Saliency')} for {target}"


def tick_text(method: str, value: float) -> str:
    """How a legend writes a value: percentage points for occlusion, plain numbers otherwise."""
    scaled = 100 * value if method == "occlusion" else value
    return f"{scaled:.3g}".replace("-", "−")
