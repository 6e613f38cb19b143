"""Explanation maps. Occlusion sensitivity (Zeiler & Fergus 2014), computed in the model's input space.

Definition (the same as Captum's `Occlusion` with a scalar or tensor baseline): for every window position, the
window is replaced by the baseline and the drop of the target probability, p(original) - p(occluded), is recorded;
each input pixel gets the mean drop over the windows that cover it. Window positions start at 0 and step by
`stride` while the window fits (Captum's shift count: floor((size - window) / stride) + 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from desktop_app.core.model import ClassifierModel
from desktop_app.core.preprocess import crop_box, crop_and_resize, normalise
from desktop_app.core.scheduler import CancelToken

FILLS = ("grey", "black", "blur")


@dataclass(frozen=True)
class OcclusionResult:
    """An occlusion map and how it was made."""

    attribution: np.ndarray  # size x size, mean probability drop per input pixel
    drops: np.ndarray  # rows x cols, the drop for each window position
    positions: tuple[int, ...]  # window offsets along each axis (same for both axes)
    window: int
    target: int
    base_probability: float
    forward_passes: int


def window_offsets(size: int, window: int, stride: int) -> tuple[int, ...]:
    """Top-left offsets of the windows along one axis."""
    if not 1 <= window <= size or stride < 1:
        raise ValueError(f"window {window} and stride {stride} do not fit an input of {size}")
    return tuple(range(0, size - window + 1, stride))


def baseline_input(pixels: np.ndarray, fill: str, model: ClassifierModel) -> np.ndarray:
    """The fully occluded input (same layout as the model input, no batch axis) for a fill."""
    if fill == "grey":
        covered = np.full_like(pixels, 128)
    elif fill == "black":
        covered = np.zeros_like(pixels)
    elif fill == "blur":
        covered = cv2.GaussianBlur(pixels, (0, 0), sigmaX=max(2.0, pixels.shape[0] / 16))
    else:
        raise ValueError(f"fill must be one of {', '.join(FILLS)}, not {fill!r}")
    return normalise(covered[None], model.spec)[0]


def occlusion_sensitivity(
    model: ClassifierModel,
    image: np.ndarray,
    target: int | None = None,
    window: int = 32,
    stride: int = 16,
    fill: str = "grey",
    batch_size: int = 32,
    cancel: CancelToken | None = None,
    progress: Callable[[float], None] | None = None,
) -> OcclusionResult:
    """The occlusion map of `image` for class `target` (default: the top class), in the model's input pixels."""
    pixels = crop_and_resize(image, model.spec)
    original = normalise(pixels[None], model.spec)
    base = model.predict_tensor(original, cancel)[0]
    target = int(np.argmax(base)) if target is None else int(target)
    covered = baseline_input(pixels, fill, model)
    size = model.spec.size
    offsets = window_offsets(size, window, stride)
    positions = [(y, x) for y in offsets for x in offsets]
    channel_first = model.spec.layout == "NCHW"
    drops = np.empty(len(positions), np.float32)
    for start in range(0, len(positions), batch_size):
        chunk = positions[start : start + batch_size]
        batch = np.repeat(original, len(chunk), axis=0)
        for i, (y, x) in enumerate(chunk):
            if channel_first:
                batch[i, :, y : y + window, x : x + window] = covered[:, y : y + window, x : x + window]
            else:
                batch[i, y : y + window, x : x + window] = covered[y : y + window, x : x + window]
        drops[start : start + len(chunk)] = base[target] - model.predict_tensor(batch, cancel)[:, target]
        if progress is not None:
            progress(min(1.0, (start + len(chunk)) / len(positions)))
    total = np.zeros((size, size), np.float64)
    counts = np.zeros((size, size), np.float64)
    for (y, x), drop in zip(positions, drops, strict=True):
        total[y : y + window, x : x + window] += drop
        counts[y : y + window, x : x + window] += 1
    attribution = np.divide(total, counts, out=np.zeros_like(total), where=counts > 0).astype(np.float32)
    grid = drops.reshape(len(offsets), len(offsets))
    return OcclusionResult(attribution, grid, offsets, window, target, float(base[target]), len(positions) + 1)


def most_important_box(result: OcclusionResult, image_shape: tuple[int, int], model: ClassifierModel) -> tuple:
    """The window whose occlusion lowers the target most, as (x0, y0, x1, y1) fractions of the image."""
    row, col = np.unravel_index(int(np.argmax(result.drops)), result.drops.shape)
    y, x = result.positions[row], result.positions[col]
    height, width = image_shape
    left, top, right, _bottom = crop_box(height, width, model.spec)
    scale = (right - left) / model.spec.size  # input pixels -> image pixels
    x0, y0 = left + x * scale, top + y * scale
    side = result.window * scale
    return x0 / width, y0 / height, min(1.0, (x0 + side) / width), min(1.0, (y0 + side) / height)
