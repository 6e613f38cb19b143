"""RISE (Petsiuk, Das & Saenko 2018): saliency from randomly masked inputs, no gradients.

Each mask is a cell x cell grid of ones (probability `keep`) and zeros, bilinearly upsampled to
(cell + 1) * ceil(size / cell) pixels and cut to size x size at a random shift. The masked input is the model input
times the mask, so hidden pixels fade to the model's mean input (zero after normalisation: a grey for most models).
Saliency = sum_i p_i(target) * M_i / (N * keep). Every random draw is made up front from `seed`, so a map does not
depend on the batch size, and a partial map after n masks is the same sum over the first n.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import cv2
import numpy as np

from desktop_app.core.explanation import (
    ExplanationMap,
    check_target,
    chunk_sizes,
    default_batch_size,
    report,
)
from desktop_app.core.model import ClassifierModel
from desktop_app.core.preprocess import crop_and_resize, crop_box, normalise
from desktop_app.core.scheduler import CancelToken, Progress

MAX_MASKS = 100_000


class RiseMasks:
    """The seeded random masks of one RISE run, made batch by batch."""

    def __init__(self, count: int, size: int, cell: int = 7, keep: float = 0.5, seed: int = 0) -> None:
        """Draws every grid and shift at once from `seed`; masks are upsampled when asked for."""
        if not 1 <= count <= MAX_MASKS:
            raise ValueError(f"the number of masks must be between 1 and {MAX_MASKS}, not {count}")
        if not 1 <= cell <= size:
            raise ValueError(f"the cell grid must be between 1 and {size} cells across, not {cell}")
        if not 0.0 < keep < 1.0:
            raise ValueError(f"the keep probability must be between 0 and 1 (exclusive), not {keep}")
        self.count, self.size, self.cell, self.keep = count, size, cell, keep
        self.cell_size = math.ceil(size / cell)
        self.upsampled = (cell + 1) * self.cell_size
        rng = np.random.default_rng(seed)
        self.grids = (rng.random((count, cell, cell)) < keep).astype(np.float32)
        self.shifts = rng.integers(0, self.cell_size, size=(count, 2))

    def masks(self, start: int, stop: int) -> np.ndarray:
        """Masks start..stop-1 as a (stop - start) x size x size float32 array in [0, 1]."""
        out = np.empty((stop - start, self.size, self.size), np.float32)
        side = (self.upsampled, self.upsampled)
        for i in range(start, stop):
            big = cv2.resize(self.grids[i], side, interpolation=cv2.INTER_LINEAR)
            dy, dx = self.shifts[i]
            out[i - start] = big[dy : dy + self.size, dx : dx + self.size]
        return out


def rise_map(
    model: ClassifierModel,
    image: np.ndarray,
    target: int | None = None,
    masks: int = 1000,
    cell: int = 7,
    keep: float = 0.5,
    seed: int = 0,
    batch_size: int | None = None,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
    on_partial: Callable[[ExplanationMap], None] | None = None,
) -> ExplanationMap:
    """The RISE saliency map of `image` for class `target` (default: the top class), in input pixels."""
    started = time.perf_counter()
    target = check_target(model, target)
    size = model.spec.size
    generator = RiseMasks(masks, size, cell, keep, seed)
    original = normalise(crop_and_resize(image, model.spec)[None], model.spec)[0]
    channel_first = model.spec.layout == "NCHW"
    batch = max(1, batch_size or default_batch_size(model))
    total = np.zeros(size * size, np.float64)
    buffer = np.empty((max(batch, 2), *original.shape), np.float32)
    crop = crop_box(image.shape[0], image.shape[1], model.spec)
    done = passes = 0
    base_probability = 0.0

    def result(complete: bool) -> ExplanationMap:
        values = (total / (max(done, 1) * keep)).reshape(size, size).astype(np.float32)
        details: dict[str, object] = dict(masks=masks, masks_done=done, cell=cell, keep=keep, seed=seed)
        details.update(base_probability=base_probability, image_shape=image.shape[:2])
        elapsed = time.perf_counter() - started
        assert target is not None  # the first run, before any map, names the top class
        return ExplanationMap("rise", values, target, crop, passes, elapsed, complete, details)

    sizes = chunk_sizes(masks + 1, batch)  # the first run also gives the top class and the unmasked probability
    while done < masks:
        with_original = passes == 0
        stop = min(masks, done + max(1, sizes.pop(0) - with_original))
        chunk = generator.masks(done, stop)
        inputs = buffer[: len(chunk) + with_original]
        if with_original:
            inputs[0] = original
        np.multiply(original[None], chunk[:, None] if channel_first else chunk[..., None], out=inputs[with_original:])
        probabilities = model.predict_tensor(inputs, cancel)
        if with_original:
            target = int(np.argmax(probabilities[0])) if target is None else target
            base_probability = float(probabilities[0, target])
            probabilities = probabilities[1:]
        # einsum, not BLAS: OpenBLAS's idle threads would spin and slow the next onnxruntime run
        total += np.einsum("n,np->p", probabilities[:, target].astype(np.float64), chunk.reshape(len(chunk), -1))
        passes += len(inputs)
        done = stop
        report(progress, done / masks)
        if done < masks and on_partial is not None:
            on_partial(result(complete=False))
    return result(complete=True)
