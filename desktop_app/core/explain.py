"""Explanation maps: occlusion sensitivity (Zeiler & Fergus 2014) here, RISE in rise.py, CAM in cam.py.

Occlusion, as Captum's `Occlusion` defines it with a scalar or tensor baseline: for every window position the
window is replaced by the baseline and the drop of the target probability, p(original) - p(occluded), is recorded;
each input pixel gets the mean drop over the windows that cover it (0 where none does). Window positions start at 0
and step by `stride`, ceil((size - window) / stride) + 1 of them along each axis (Captum's shift count), so when the
stride does not divide (size - window) the last window is cut off at the border, as in Captum.

Coarse to fine: a sparse grid of the same windows runs first (one small batch, so a first map is up at once), then
the remaining windows, those near the strongest coarse drops first. It ends with every window of the plain sweep,
so the final map is the plain sweep's; partial maps fill the windows not yet run from their nearest neighbours.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import lru_cache

import cv2
import numpy as np

from desktop_app.core.cam import cam_map, cam_support
from desktop_app.core.explanation import (
    ExplanationMap,
    check_target,
    chunk_sizes,
    default_batch_size,
    report,
)
from desktop_app.core.geometry import FracBox, PixelBox
from desktop_app.core.model import ClassifierModel
from desktop_app.core.preprocess import crop_and_resize, crop_box, normalise
from desktop_app.core.rise import rise_map
from desktop_app.core.scheduler import CancelToken, Progress

__all__ = [
    "FILLS",
    "ExplanationMap",
    "cam_map",
    "cam_support",
    "occluded_image",
    "occlusion_map",
    "rise_map",
    "window_at",
    "window_box",
]

FILLS = ("grey", "black", "blur")
COARSE_PER_AXIS = 4  # the first map: 4 x 4 windows + the original in one run (~0.15 s on a 2-core CPU)


def window_offsets(size: int, window: int, stride: int) -> tuple[int, ...]:
    """Top-left offsets of the windows along one axis (the last one may reach past the border and is cut there)."""
    if not 1 <= window <= size or stride < 1:
        raise ValueError(f"window {window} and stride {stride} do not fit an input of {size}")
    shifts = -(-(size - window) // stride) + 1
    return tuple(offset for offset in range(0, shifts * stride, stride) if offset < size)


def _blur_sigma(size: int) -> float:
    return max(2.0, size / 16)


def baseline_input(pixels: np.ndarray, fill: str, model: ClassifierModel) -> np.ndarray:
    """The fully occluded input (same layout as the model input, no batch axis) for a fill."""
    if fill == "grey":
        covered = np.full_like(pixels, 128)
    elif fill == "black":
        covered = np.zeros_like(pixels)
    elif fill == "blur":
        covered = cv2.GaussianBlur(pixels, (0, 0), sigmaX=_blur_sigma(pixels.shape[0]))
    else:
        raise ValueError(f"fill must be one of {', '.join(FILLS)}, not {fill!r}")
    return normalise(covered[None], model.spec)[0]


def _product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Matrix product without BLAS: OpenBLAS's idle threads spin and slow the next onnxruntime run by ~25%."""
    return np.einsum("ij,jk->ik", a, b)


@lru_cache(maxsize=8)
def coverage(offsets: tuple[int, ...], window: int, size: int) -> np.ndarray:
    """size x len(offsets) matrix (read-only): 1 where input pixel i lies inside window j along one axis."""
    cover = np.zeros((size, len(offsets)), np.float64)
    for j, offset in enumerate(offsets):
        cover[offset : offset + window, j] = 1.0
    cover.flags.writeable = False
    return cover


def aggregate(drops: np.ndarray, offsets: tuple[int, ...], window: int, size: int) -> np.ndarray:
    """Per-pixel mean of the drops of the windows covering each pixel (0 where none does), float32."""
    cover = coverage(offsets, window, size)
    total = _product(_product(cover, drops.astype(np.float64)), cover.T)
    counts = np.outer(cover.sum(axis=1), cover.sum(axis=1))
    return np.divide(total, counts, out=np.zeros_like(total), where=counts > 0).astype(np.float32)


def coarse_indices(count: int, per_axis: int = COARSE_PER_AXIS) -> np.ndarray:
    """Evenly spread indices (first and last included) of the coarse grid along one axis."""
    return np.unique(np.round(np.linspace(0, count - 1, min(count, per_axis))).astype(int))


def _interpolation_matrix(count: int, known: np.ndarray) -> np.ndarray:
    """count x len(known): linear interpolation from values at indices `known` to all indices."""
    return np.stack([np.interp(np.arange(count), known, np.eye(len(known))[k]) for k in range(len(known))], axis=1)


def refinement_order(coarse_drops: np.ndarray, known: np.ndarray, count: int) -> list[tuple[int, int]]:
    """The window positions not on the coarse grid, strongest estimated |drop| first (bilinear estimate)."""
    spread = _interpolation_matrix(count, known)
    estimate = np.abs(_product(_product(spread, coarse_drops), spread.T))
    on_coarse = np.zeros((count, count), bool)
    on_coarse[np.ix_(known, known)] = True
    flat = np.argsort(-estimate, axis=None, kind="stable")
    return [(int(i // count), int(i % count)) for i in flat if not on_coarse.flat[i]]


def fill_missing(drops: np.ndarray) -> np.ndarray:
    """The drops grid with each NaN replaced by the value of its nearest computed neighbour (index distance)."""
    missing = np.isnan(drops)
    if not missing.any() or missing.all():
        return np.nan_to_num(drops)
    known = np.argwhere(~missing)
    holes = np.argwhere(missing)
    distance = ((holes[:, None, :] - known[None, :, :]) ** 2).sum(axis=2)
    filled = drops.copy()
    filled[missing] = drops[tuple(known[np.argmin(distance, axis=1)].T)]
    return filled


class _Occluder:
    """A reusable batch of copies of the original input; windows are pasted in and restored per run."""

    def __init__(
        self, original: np.ndarray, covered: np.ndarray, offsets: tuple[int, ...], window: int, channel_first: bool
    ) -> None:
        self.original, self.covered, self.offsets, self.window = original, covered, offsets, window
        self.channel_first = channel_first
        self.buffer = original[None].copy()

    def _region(self, row: int, col: int) -> tuple:
        y, x = self.offsets[row], self.offsets[col]
        rows, cols = slice(y, y + self.window), slice(x, x + self.window)
        return (slice(None), rows, cols) if self.channel_first else (rows, cols)

    def run(self, model: ClassifierModel, positions: list, cancel: CancelToken | None) -> np.ndarray:
        """Probabilities for the inputs with window (row, col) of the grid occluded (None: the original)."""
        if len(positions) > len(self.buffer):
            self.buffer = np.repeat(self.original[None], len(positions), axis=0)
        for slot, position in enumerate(positions):
            if position is not None:
                region = self._region(*position)
                self.buffer[slot][region] = self.covered[region]
        try:
            return model.predict_tensor(self.buffer[: len(positions)], cancel)
        finally:
            for slot, position in enumerate(positions):
                if position is not None:
                    region = self._region(*position)
                    self.buffer[slot][region] = self.original[region]


def _first_windows(count: int, batch: int, coarse_to_fine: bool) -> list[tuple[int, int]]:
    """The windows of the first run, beside the original: the coarse grid, or the first batch in row order."""
    known = coarse_indices(count)
    if coarse_to_fine and len(known) < count:
        return [(int(r), int(c)) for r in known for c in known]
    return [(r, c) for r in range(count) for c in range(count)][: chunk_sizes(count * count + 1, batch)[0] - 1]


def _remaining_windows(
    first_drops: np.ndarray, first: list[tuple[int, int]], count: int, coarse_to_fine: bool
) -> list[tuple[int, int]]:
    """The windows still to run after the first run: near the coarse grid's largest drops first when refining."""
    known = coarse_indices(count)
    order = [(r, c) for r in range(count) for c in range(count)]
    if coarse_to_fine and len(known) < count:
        order = refinement_order(first_drops.reshape(len(known), len(known)), known, count)
    done = set(first)
    return [window for window in order if window not in done]


def occlusion_map(
    model: ClassifierModel,
    image: np.ndarray,
    target: int | None = None,
    window: int = 32,
    stride: int = 16,
    fill: str = "grey",
    coarse_to_fine: bool = True,
    batch_size: int | None = None,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
    on_partial: Callable[[ExplanationMap], None] | None = None,
) -> ExplanationMap:
    """The occlusion sensitivity map of `image` for class `target` (default: the top class), in input pixels."""
    started = time.perf_counter()
    target = check_target(model, target)
    size = model.spec.size
    offsets = window_offsets(size, window, stride)
    pixels = crop_and_resize(image, model.spec)
    original = normalise(pixels[None], model.spec)[0]
    covered = baseline_input(pixels, fill, model)
    batch = max(1, batch_size or default_batch_size(model))
    count = len(offsets)
    total_passes = count * count + 1
    occluder = _Occluder(original, covered, offsets, window, model.spec.layout == "NCHW")
    drops = np.full((count, count), np.nan, np.float32)
    first = _first_windows(count, batch, coarse_to_fine)
    passes, base_probability = 0, 0.0
    pending: list[tuple[int, int]] = []
    crop = crop_box(image.shape[0], image.shape[1], model.spec)

    def result(complete: bool) -> ExplanationMap:
        values = aggregate(drops if complete else fill_missing(drops), offsets, window, size)
        details: dict[str, object] = dict(
            window=window, stride=stride, fill=fill, drops=drops.copy(), positions=offsets
        )
        details.update(base_probability=base_probability, image_shape=image.shape[:2])
        elapsed = time.perf_counter() - started
        assert target is not None  # the first run, before any map, names the top class
        return ExplanationMap("occlusion", values, target, crop, passes, elapsed, complete, details)

    chunk: list = [None, *first]
    while chunk:
        probabilities = occluder.run(model, chunk, cancel)
        if chunk[0] is None:
            target = int(np.argmax(probabilities[0])) if target is None else target
            base_probability = float(probabilities[0, target])
            pending = _remaining_windows(base_probability - probabilities[1:, target], first, count, coarse_to_fine)
            sizes = chunk_sizes(len(pending), batch)
        occluded = probabilities[1:] if chunk[0] is None else probabilities
        for (row, col), row_probabilities in zip(chunk[len(chunk) - len(occluded) :], occluded, strict=True):
            drops[row, col] = base_probability - row_probabilities[target]
        passes += len(chunk)
        report(progress, passes / total_passes)
        step = sizes.pop(0) if sizes else 0
        chunk, pending = pending[:step], pending[step:]
        if chunk and on_partial is not None:
            on_partial(result(complete=False))
    return result(complete=True)


def most_important_box(result: ExplanationMap, height: int, width: int) -> FracBox:
    """The occlusion window that lowers the target most, as fractions of an H x W image."""
    drops = np.nan_to_num(result.details["drops"], nan=-np.inf)
    row, col = np.unravel_index(int(np.argmax(drops)), drops.shape)
    return window_box(result, int(row), int(col), height, width).to_fractions((height, width))


def window_box(result: ExplanationMap, row: int, col: int, height: int, width: int) -> PixelBox:
    """The pixel box of an height x width image that occlusion window (row, col) covers."""
    positions, window = result.details["positions"], result.details["window"]
    if not (0 <= row < len(positions) and 0 <= col < len(positions)):
        raise ValueError(f"there is no window ({row}, {col}) in a {len(positions)} x {len(positions)} grid")
    x0, y0, x1, y1 = result._crop_for(height, width)
    scale = (x1 - x0) / result.values.shape[1]
    left, top = x0 + positions[col] * scale, y0 + positions[row] * scale
    side = window * scale
    return PixelBox(round(left), round(top), min(x1, round(left + side)), min(y1, round(top + side)))


def window_at(result: ExplanationMap, y: float, x: float) -> tuple[int, int]:
    """The (row, column) of the occlusion window covering a point of the map (input pixels); where windows overlap,
    the one centred nearest to it."""
    offsets, window = result.details["positions"], int(result.details["window"])
    return _nearest_window(offsets, window, y), _nearest_window(offsets, window, x)


def _nearest_window(offsets: Sequence[int], window: int, coordinate: float) -> int:
    """The window (by offset index) that covers a coordinate along one axis, preferring the one centred nearest."""
    centres = np.asarray(offsets, np.float64) + window / 2
    covering = [
        (abs(c - coordinate), i)
        for i, (o, c) in enumerate(zip(offsets, centres, strict=True))
        if o <= coordinate < o + window
    ]
    if covering:
        return min(covering)[1]
    return int(np.argmin(np.abs(centres - coordinate)))


def occluded_image(image: np.ndarray, result: ExplanationMap, row: int, col: int, fill: str = "grey") -> np.ndarray:
    """A copy of `image` with occlusion window (row, col) of `result` filled, in image pixels."""
    if result.method != "occlusion":
        raise ValueError(f"only occlusion maps have windows, not {result.method} maps")
    height, width = image.shape[:2]
    x0, y0, x1, y1 = window_box(result, row, col, height, width)
    out = image.copy()
    if fill == "grey":
        out[y0:y1, x0:x1] = 128
    elif fill == "black":
        out[y0:y1, x0:x1] = 0
    elif fill == "blur":
        crop_x0, _y, crop_x1, _y1 = result._crop_for(height, width)
        sigma = _blur_sigma(result.values.shape[0]) * (crop_x1 - crop_x0) / result.values.shape[1]
        pad = int(np.ceil(4 * sigma))  # blur a margin around the window only, not the whole photo
        top, left = max(0, y0 - pad), max(0, x0 - pad)
        around = image[top : min(height, y1 + pad), left : min(width, x1 + pad)]
        blurred = cv2.GaussianBlur(around, (0, 0), sigmaX=sigma)
        out[y0:y1, x0:x1] = blurred[y0 - top : y1 - top, x0 - left : x1 - left]
    else:
        raise ValueError(f"fill must be one of {', '.join(FILLS)}, not {fill!r}")
    return out
