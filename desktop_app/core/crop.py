"""Crop edit: keep a rectangle of the image; plus the box geometry the crop tool's gestures need.

A crop changes the image's size, so it also changes the frame of every edit after it in the edit list: their
fractions are of the CROPPED image. Edits before it work in the full frame, as usual.

The box helpers work in whole pixels of the image the crop applies to (the working image on screen), as
(left, top, right, bottom) with right/bottom exclusive, so a box of side n gives exactly n pixels when applied.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import cv2
import numpy as np

from desktop_app.core.edits import Edit, EditError, apply, pixel_box, register_edit

PixelBox = tuple[int, int, int, int]  # left, top, right, bottom in whole pixels (right and bottom exclusive)


@register_edit
@dataclass(frozen=True)
class Crop:
    """Keep only the rectangle (x0, y0) to (x1, y1), in fractions of the image the crop is applied to.

    The result is exactly `pixel_box((x0, y0, x1, y1), height, width)` of the input (at least 1 x 1 pixel).
    `square` keeps equal pixel sides at every resolution: where rounding makes the box a pixel longer one way
    (the full-size photo), the largest centred square of it is kept.
    Edits after a crop work in the cropped image's fractions, not the original photo's.
    """

    kind: ClassVar[str] = "crop"
    x0: float
    y0: float
    x1: float
    y1: float
    square: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.square, bool):
            raise EditError(f"crop's square must be true or false, not {self.square!r}")
        values = (self.x0, self.y0, self.x1, self.y1)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            raise EditError(f"crop coordinates must be numbers, got {values!r}")
        if not all(math.isfinite(v) for v in values):
            raise EditError("crop coordinates must be finite numbers")
        if not (0.0 <= self.x0 < self.x1 <= 1.0 and 0.0 <= self.y0 < self.y1 <= 1.0):
            raise EditError(
                f"crop box ({self.x0:.3f}, {self.y0:.3f}) to ({self.x1:.3f}, {self.y1:.3f}) is not a non-empty "
                "box inside the image (fractions 0..1, x0 < x1, y0 < y1)"
            )
        for name, value in zip(("x0", "y0", "x1", "y1"), values, strict=True):
            object.__setattr__(self, name, float(value))

    def pixel_box(self, height: int, width: int) -> PixelBox:
        """The kept (left, top, right, bottom) pixels of an image of this size, at least one pixel each way."""
        left, top, right, bottom = pixel_box((self.x0, self.y0, self.x1, self.y1), height, width)
        # pixel_box can round a sliver at the right or bottom edge to nothing; keep the last pixel instead
        left, top = min(left, width - 1), min(top, height - 1)
        box = left, top, max(right, left + 1), max(bottom, top + 1)
        return squared(box) if self.square else box

    def pixel_size(self, height: int, width: int) -> tuple[int, int]:
        """The (width, height) in pixels of the crop of an image of this size."""
        left, top, right, bottom = self.pixel_box(height, width)
        return right - left, bottom - top

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The kept rectangle of the image, as a new array."""
        left, top, right, bottom = self.pixel_box(*image.shape[:2])
        return image[top:bottom, left:right].copy()

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        size = f"{100 * (self.x1 - self.x0):.0f}×{100 * (self.y1 - self.y0):.0f} %"
        name = "Square crop" if self.square else "Crop"
        return f"{name} to {size} at ({100 * self.x0:.0f} %, {100 * self.y0:.0f} %)"


def crop_from_pixels(box: PixelBox, height: int, width: int, square: bool = False) -> Crop:
    """The crop that keeps exactly this pixel box of an image of this size (square: a square box, kept square)."""
    left, top, right, bottom = box
    return Crop(left / width, top / height, right / width, bottom / height, square)


def preview_around_crop(image_before: np.ndarray, crop: Crop, edits_after: Sequence[Edit]) -> np.ndarray:
    """The uncropped image with the crop's area showing its final render: what you see while choosing a crop.

    `image_before` is the image as it reaches the crop (the edits before it applied); the edits after the crop are
    applied to the cropped part only (their frame) and the result is pasted back where the crop came from.
    """
    if not edits_after:  # the crop's area is the image itself
        return image_before.copy()
    left, top, right, bottom = crop.pixel_box(*image_before.shape[:2])
    inside = apply(crop.apply(image_before), edits_after)
    if inside.shape[:2] != (bottom - top, right - left):  # an edit after the crop changed the size
        inside = cv2.resize(inside, (right - left, bottom - top), interpolation=cv2.INTER_AREA)
    out = image_before.copy()
    out[top:bottom, left:right] = inside
    return out


# -- box geometry for the crop tool (whole pixels, always inside the image, at least min_side each way) -----------


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def _span(anchor: int, target: float, limit: int, min_side: int) -> tuple[int, int]:
    """The [start, end) from a fixed edge `anchor` towards `target`, inside [0, limit), at least min_side long."""
    min_side = min(min_side, limit)
    length = round(target) - anchor
    direction = 1 if length >= 0 else -1
    if (limit - anchor if direction > 0 else anchor) < min_side:  # no room that way: the smallest box the other way
        direction, length = -direction, 0
    room = limit - anchor if direction > 0 else anchor
    if room < min_side:  # a tiny image: no room either way, so the anchor cannot stay put
        start = _clamp(anchor - min_side // 2, 0, limit - min_side)
        return start, start + min_side
    length = _clamp(abs(length), min_side, room)
    return (anchor, anchor + length) if direction > 0 else (anchor - length, anchor)


def box_from_points(
    anchor: tuple[int, int], point: tuple[float, float], height: int, width: int, square: bool, min_side: int
) -> PixelBox:
    """The box from a fixed corner `anchor` to `point`; square: sides of the longer drag, as far as the image allows."""
    ax, ay = _clamp(anchor[0], 0, width), _clamp(anchor[1], 0, height)
    left, right = _span(ax, point[0], width, min_side)
    top, bottom = _span(ay, point[1], height, min_side)
    if not square:
        return left, top, right, bottom
    growing_right, growing_down = right > ax, bottom > ay
    room_x = width - ax if growing_right else ax
    room_y = height - ay if growing_down else ay
    side = min(max(right - left, bottom - top), room_x, room_y)
    if side < min(min_side, width, height):  # a tiny image: shift the square inside rather than shrink it
        side = min(min_side, width, height)
    left = _clamp(ax if growing_right else ax - side, 0, width - side)
    top = _clamp(ay if growing_down else ay - side, 0, height - side)
    return left, top, left + side, top + side


def _transpose(box: PixelBox) -> PixelBox:
    left, top, right, bottom = box
    return top, left, bottom, right


def _resize_horizontal(
    box: PixelBox, side_x: int, x: float, height: int, width: int, square: bool, min_side: int
) -> PixelBox:
    """Moves the left (side_x = -1) or right (1) edge to x; square: the height follows, centred."""
    left, top, right, bottom = box
    if side_x < 0:
        left = _clamp(round(x), 0, right - min_side)
    else:
        right = min(width, max(round(x), left + min_side))
    if not square:
        return left, top, right, bottom
    side = min(right - left, height)
    if side_x < 0:
        left = right - side
    else:
        right = left + side
    top = _clamp(round((top + bottom - side) / 2), 0, height - side)
    return left, top, right, top + side


def resize_box(
    box: PixelBox,
    handle: tuple[int, int],
    point: tuple[float, float],
    height: int,
    width: int,
    square: bool,
    min_side: int,
) -> PixelBox:
    """The box after dragging a handle to `point`; handle (hx, hy) is -1/0/1 per axis (left/none/right...)."""
    left, top, right, bottom = box
    hx, hy = handle
    if hx and hy:  # a corner: the opposite corner stays put
        anchor = (left if hx > 0 else right, top if hy > 0 else bottom)
        return box_from_points(anchor, point, height, width, square, min_side)
    if hx:
        return _resize_horizontal(box, hx, point[0], height, width, square, min_side)
    if hy:
        flipped = _resize_horizontal(_transpose(box), hy, point[1], width, height, square, min_side)
        return _transpose(flipped)
    return box


def move_box(box: PixelBox, dx: float, dy: float, height: int, width: int) -> PixelBox:
    """The box shifted by (dx, dy) pixels, stopped at the image's edges."""
    left, top, right, bottom = box
    dx = _clamp(round(dx), -left, width - right)
    dy = _clamp(round(dy), -top, height - bottom)
    return left + dx, top + dy, right + dx, bottom + dy


def squared(box: PixelBox) -> PixelBox:
    """The largest square inside the box, centred on it."""
    left, top, right, bottom = box
    side = min(right - left, bottom - top)
    left += (right - left - side) // 2
    top += (bottom - top - side) // 2
    return left, top, left + side, top + side
