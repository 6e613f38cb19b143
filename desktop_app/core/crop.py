"""Crop edit: keep a rectangle of the image, and the uncropped view the Crop tool shows while choosing one.

A crop changes the image's size, so it also changes the frame of every edit after it in the edit list: their
fractions are of the CROPPED image. Edits before it work in the full frame, as usual. The crop tool works in
whole pixels of the image the crop applies to (core.geometry's PixelBox), so a box of side n keeps n pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import cv2
import numpy as np

from desktop_app.core.edits import Edit, EditError, apply, check_box, register_edit
from desktop_app.core.geometry import FracBox, PixelBox, Size


@register_edit
@dataclass(frozen=True)
class Crop:
    """Keep only the rectangle (x0, y0) to (x1, y1), in fractions of the image the crop is applied to.

    The result is exactly `box.to_pixels(size)` of the input (at least 1 x 1 pixel).
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
        box = check_box(self.x0, self.y0, self.x1, self.y1, "crop box")
        for name, value in zip(("x0", "y0", "x1", "y1"), box, strict=True):
            object.__setattr__(self, name, value)

    @property
    def box(self) -> FracBox:
        """The kept box."""
        return FracBox(self.x0, self.y0, self.x1, self.y1)

    def pixel_box(self, height: int, width: int) -> PixelBox:
        """The kept pixels of an image of this size, at least one pixel each way (squared if square)."""
        box = self.box.to_pixels((height, width))
        return box.squared() if self.square else box

    def pixel_size(self, height: int, width: int) -> tuple[int, int]:
        """The (width, height) in pixels of the crop of an image of this size."""
        box = self.pixel_box(height, width)
        return box.width, box.height

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The kept rectangle of the image, as a new array."""
        return image[self.pixel_box(*image.shape[:2]).slices()].copy()

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        size = f"{100 * (self.x1 - self.x0):.0f}×{100 * (self.y1 - self.y0):.0f} %"
        name = "Square crop" if self.square else "Crop"
        return f"{name} to {size} at ({100 * self.x0:.0f} %, {100 * self.y0:.0f} %)"


def crop_from_pixels(box: PixelBox, size: Size, square: bool = False) -> Crop:
    """The crop that keeps exactly this pixel box of an image of this size (square: a square box, kept square)."""
    return Crop(*box.to_fractions(size).as_tuple(), square=square)


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
