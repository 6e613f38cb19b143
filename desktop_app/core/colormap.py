"""Colour maps for explanation overlays: perceptually uniform, colour-blind-safe tables, the blend over an image,
and legend ticks.

The tables are OpenCV's (matplotlib's viridis, cividis, magma, inferno and plasma), read once as RGB.
"""

from __future__ import annotations

import math
from functools import cache

import cv2
import numpy as np

COLORMAPS = {
    "viridis": cv2.COLORMAP_VIRIDIS,
    "cividis": cv2.COLORMAP_CIVIDIS,
    "magma": cv2.COLORMAP_MAGMA,
    "inferno": cv2.COLORMAP_INFERNO,
    "plasma": cv2.COLORMAP_PLASMA,
}


@cache
def color_table(name: str = "viridis") -> np.ndarray:
    """The 256 x 3 uint8 RGB table of a colour map (read-only)."""
    if name not in COLORMAPS:
        raise ValueError(f"colour map must be one of {', '.join(COLORMAPS)}, not {name!r}")
    ramp = np.arange(256, dtype=np.uint8).reshape(256, 1)
    table = cv2.applyColorMap(ramp, COLORMAPS[name]).reshape(256, 3)[:, ::-1].copy()
    table.flags.writeable = False
    return table


def normalised(values: np.ndarray, vmin: float, vmax: float) -> np.ndarray:
    """Values scaled to 0..1 between vmin and vmax (clipped), NaN kept."""
    span = float(vmax) - float(vmin)
    scaled = (values.astype(np.float32) - np.float32(vmin)) / np.float32(span if span > 0 else 1.0)
    return np.clip(scaled, 0.0, 1.0)


def colorize(
    values: np.ndarray, vmin: float, vmax: float, name: str = "viridis", alpha: float | np.ndarray = 1.0
) -> np.ndarray:
    """H x W x 4 uint8 RGBA: values mapped through the colour map, NaN fully transparent."""
    if values.ndim != 2:
        raise ValueError(f"expected a 2-D map, got shape {values.shape}")
    scaled = normalised(values, vmin, vmax)
    missing = np.isnan(scaled)
    index = np.rint(np.nan_to_num(scaled) * 255).astype(np.uint8)
    rgba = np.empty((*values.shape, 4), np.uint8)
    rgba[..., :3] = color_table(name)[index]
    opacity = np.clip(np.broadcast_to(np.asarray(alpha, np.float32), values.shape), 0.0, 1.0)
    rgba[..., 3] = np.rint(opacity * 255).astype(np.uint8)
    rgba[missing, 3] = 0
    return rgba


def blend(image: np.ndarray, rgba: np.ndarray) -> np.ndarray:
    """The RGB uint8 image with an RGBA overlay of the same size composited over it."""
    if image.shape[:2] != rgba.shape[:2]:
        raise ValueError(f"overlay {rgba.shape[:2]} and image {image.shape[:2]} differ in size")
    weight = rgba[..., 3:4].astype(np.float32) / 255
    mixed = image.astype(np.float32) * (1 - weight) + rgba[..., :3].astype(np.float32) * weight
    return np.rint(mixed).astype(np.uint8)


def value_range(values: np.ndarray) -> tuple[float, float]:
    """(min, max) of the finite values; a span of at least 1e-12 so that a flat map still colours."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    low, high = float(finite.min()), float(finite.max())
    return (low, high) if high > low else (low, low + 1e-12)


def _ticks_with_step(low: float, high: float, step: float) -> list[float]:
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [float(round(i * step, 12)) + 0.0 for i in range(first, last + 1)]


def legend_ticks(vmin: float, vmax: float, count: int = 5) -> list[float]:
    """About `count` round values (1, 2, 2.5 or 5 times a power of ten apart) within [vmin, vmax], ascending."""
    low, high = sorted((float(vmin), float(vmax)))
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high - low <= 1e-12 * max(1.0, abs(high)) or count < 2:
        return [low]
    exponent = math.floor(math.log10((high - low) / (count - 1)))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 2.5, 5)]
    ticks = [_ticks_with_step(low, high, step) for step in candidates]
    return min(ticks, key=lambda t: (abs(len(t) - count), -len(t)))
