"""ExplanationMap, the result every explanation method returns, and what the methods share.

A map lives in the model's input pixels (the centre crop resized to spec.size x spec.size); `crop` says which box of
the explained image those pixels cover, so `in_image` can lay the map over the image.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from desktop_app.core.colormap import colorize, overlay, value_range
from desktop_app.core.model import ClassifierModel
from desktop_app.core.safe_files import atomic_write

METHODS = ("occlusion", "rise", "cam")
CPU_BATCH = 32  # measured on a 2-core laptop CPU: 16-32 images per run are the fastest, 64 no better (bench/)

Progress = Callable[[float], None]


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


def map_range(result: ExplanationMap) -> tuple[float, float]:
    """The colour scale of a map: its finite min and max (a flat map gets a tiny span)."""
    return value_range(result.values)


def overlay_image(image: np.ndarray, result: ExplanationMap, name: str = "viridis", opacity: float = 0.6) -> np.ndarray:
    """The image (RGB uint8, any size of the explained photo) with the map blended over its crop box."""
    vmin, vmax = map_range(result)
    return overlay(image, result.in_image(image.shape[0], image.shape[1]), vmin, vmax, name, opacity)


def map_image(result: ExplanationMap, name: str = "viridis") -> np.ndarray:
    """The map alone as an opaque RGB uint8 image in input pixels (size x size)."""
    vmin, vmax = map_range(result)
    return np.ascontiguousarray(colorize(result.values, vmin, vmax, name)[..., :3])


def save_npy(path: str | os.PathLike[str], values: np.ndarray) -> None:
    """Saves a map as a float32 .npy file atomically; SaveError (core.safe_files) says why it failed."""
    atomic_write(path, lambda stream: np.save(stream, np.asarray(values, np.float32), allow_pickle=False))


def chunk_sizes(total: int, batch: int) -> list[int]:
    """`total` split into the fewest runs of at most `batch`, as even as possible (no lone image at the end)."""
    if total <= 0:
        return []
    runs = -(-total // max(1, batch))
    return [total // runs + (1 if i < total % runs else 0) for i in range(runs)]
