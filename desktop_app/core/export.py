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
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from desktop_app.core.colormap import blend, colorize, legend_ticks, value_range
from desktop_app.core.safe_files import atomic_write

if TYPE_CHECKING:  # imageio writes through this module: it must not pull in the model and onnxruntime
    from desktop_app.core.explanation import ExplanationMap

COLOUR_MAP = "viridis"  # perceptually uniform and colour-blind safe
DEFAULT_OPACITY = 0.6  # the map over the image: the CLI's and the Explain dock's starting opacity
SIGNED_METHODS = ("occlusion",)  # maps whose values have a sign that means something
FONT = cv2.FONT_HERSHEY_SIMPLEX
TEXT_SCALE_PER_PIXEL = 900  # the colour bar's text scale is the picture's width over this (0.5 for 450 px)
MIN_TEXT_SCALE, MAX_TEXT_SCALE = 0.4, 2.0


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


def overlay_with_colour_bar(
    image: np.ndarray,
    result: ExplanationMap,
    target_name: str,
    opacity: float = DEFAULT_OPACITY,
    name: str = COLOUR_MAP,
) -> np.ndarray:
    """The overlay (see `overlay_image`) over a strip that reads it: the colour bar from the scale's low to its high
    end, round values under their ticks, and what the colours measure for which class. This is the exported
    overlay, the same from the CLI and the window."""
    from desktop_app.core.explanation import scale_title, tick_text  # not at import: it loads the model code

    picture = overlay_image(image, result, opacity, name)
    scale = colour_scale(result, name)
    strip = colour_bar_strip(
        scale, picture.shape[1], scale_title(result, target_name), lambda value: tick_text(result.method, value)
    )
    return np.vstack([picture, strip])


def colour_bar_strip(
    scale: ColourScale, width: int, title: str, label: Callable[[float], str] = lambda value: f"{value:.3g}"
) -> np.ndarray:
    """An RGB strip `width` pixels wide, white, with a title line, the colour bar, tick marks and their values in
    black; its text grows with the width so that it reads at the picture's own scale."""
    text_scale = min(MAX_TEXT_SCALE, max(MIN_TEXT_SCALE, width / TEXT_SCALE_PER_PIXEL))
    thickness = max(1, round(text_scale * 2))
    (_, text_height), baseline = cv2.getTextSize("0", FONT, text_scale, thickness)
    line = text_height + baseline
    margin = max(4, round(line * 0.8))
    bar_top, bar_height = margin + line + margin // 2, max(6, round(line * 1.1))
    tick_end = bar_top + bar_height + max(3, line // 3)
    height = tick_end + line + margin
    strip = np.full((height, width, 3), 255, np.uint8)
    left, right = margin, max(margin + 2, width - margin)
    _put_text(strip, title, (left, margin + text_height), text_scale, thickness)
    bar = scale.bar(right - left)[0, :, :3]
    strip[bar_top : bar_top + bar_height, left:right] = bar[None, :, :]
    span = scale.high - scale.low or 1.0
    for value in scale.ticks():
        x = round(left + (value - scale.low) / span * (right - left - 1))
        strip[bar_top + bar_height : tick_end, max(0, x - thickness // 2) : x + (thickness + 1) // 2] = 0
        text = _ascii(label(value))
        text_width = cv2.getTextSize(text, FONT, text_scale, thickness)[0][0]
        x_text = min(max(left, x - text_width // 2), width - margin - text_width)
        _put_text(strip, text, (x_text, tick_end + text_height + baseline // 2), text_scale, thickness)
    return strip


def _ascii(text: str) -> str:
    """Text OpenCV's built-in font can draw: a minus sign as a hyphen, accents dropped."""
    plain = unicodedata.normalize("NFKD", text.replace("−", "-").replace("—", "-"))
    return plain.encode("ascii", "ignore").decode("ascii")


def _put_text(strip: np.ndarray, text: str, origin: tuple[int, int], scale: float, thickness: int) -> None:
    cv2.putText(strip, _ascii(text), origin, FONT, scale, (0, 0, 0), thickness, cv2.LINE_AA)


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
