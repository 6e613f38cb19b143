"""Explanation maps as pictures and files, shared by the CLI and the GUI so that one map gives one file.

One colour scale rule (`colour_scale`): an occlusion map is signed — positive where covering lowers the target's
probability (evidence), negative where it raises it (counter-evidence) — so its scale is symmetric about zero:
zero (no effect) is always the middle colour, and evidence and counter-evidence of the same size are equally far
from it. RISE and CAM maps are non-negative saliencies and run from their smallest to their largest value.

Writing is atomic: a file appears complete under its name or not at all (`core.safe_files.atomic_write`).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from desktop_app.core.colormap import blend, colorize, legend_ticks, value_range
from desktop_app.core.safe_files import atomic_write

if TYPE_CHECKING:  # imageio writes through this module: it must not pull in the model and onnxruntime
    from desktop_app.core.explanation import ExplanationMap

COLOUR_MAP = "viridis"  # perceptually uniform and colour-blind safe
DEFAULT_OPACITY = 0.6  # the map over the image: the CLI's and the Explain dock's starting opacity
SIGNED_METHODS = ("occlusion",)  # maps whose values have a sign that means something


@dataclass(frozen=True)
class ColourScale:
    """Which colour each value of a map gets: `low` the first colour of the map, `high` the last."""

    low: float
    high: float
    name: str = COLOUR_MAP

    def colours(self, values: np.ndarray, opacity: float = 1.0) -> np.ndarray:
        """H x W x 4 uint8 RGBA of a 2-D array of values (NaN transparent)."""
        return colorize(values, self.low, self.high, self.name, opacity)

    def bar(self, width: int = 256) -> np.ndarray:
        """A 1 x width x 4 colour bar from low to high, for a legend."""
        return self.colours(np.linspace(self.low, self.high, width, dtype=np.float32)[None, :])

    def ticks(self) -> list[float]:
        """Round values between low and high for the legend (zero among them on a signed scale)."""
        return legend_ticks(self.low, self.high)


def colour_scale(result: ExplanationMap, name: str = COLOUR_MAP) -> ColourScale:
    """The colour scale of a map: symmetric about zero for signed maps (occlusion), min to max for the others."""
    low, high = value_range(result.values)
    if result.method in SIGNED_METHODS:
        extent = max(abs(low), abs(high), 1e-12)
        return ColourScale(-extent, extent, name)
    return ColourScale(low, high, name)


def map_colours(result: ExplanationMap, name: str = COLOUR_MAP) -> np.ndarray:
    """The map alone in colour, one pixel per model-input pixel, as RGBA (transparent where not computed yet)."""
    return colour_scale(result, name).colours(result.values)


def overlay_image(
    image: np.ndarray, result: ExplanationMap, opacity: float = DEFAULT_OPACITY, name: str = COLOUR_MAP
) -> np.ndarray:
    """The explained image (RGB uint8, at any size of it) with the map blended over the box the model saw."""
    values = result.in_image(image.shape[0], image.shape[1])
    return blend(image, colour_scale(result, name).colours(values, opacity))


def save_npy(path: str | os.PathLike[str], values: np.ndarray) -> None:
    """Saves a map's values as a float32 .npy file (atomically; SaveError says why it failed)."""
    atomic_write(path, lambda stream: np.save(stream, np.asarray(values, np.float32), allow_pickle=False))


def save_csv(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Saves a table as UTF-8 CSV with a header row (atomically; SaveError says why it failed)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write(path, text.getvalue().encode("utf-8"))
