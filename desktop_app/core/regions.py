"""Regions of an image as data: polygons in image fractions, so they serialise and scale like edits."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Polygon = tuple[tuple[float, float], ...]
SUBPIXEL_BITS = 4  # cv2 drawing precision: 1/16 pixel


@dataclass(frozen=True)
class Region:
    """One or more polygons (fractions of width/height); `invert` means everything outside them."""

    polygons: tuple[Polygon, ...]
    invert: bool = False

    def __post_init__(self) -> None:
        polygons = tuple(tuple((float(x), float(y)) for x, y in polygon) for polygon in self.polygons)
        if not polygons or any(len(p) < 3 for p in polygons):
            raise ValueError("a region needs at least one polygon of three or more points")
        if not all(-1e-9 <= v <= 1 + 1e-9 for p in polygons for point in p for v in point):
            raise ValueError("region points must lie inside the image (fractions 0..1)")
        object.__setattr__(self, "polygons", polygons)

    @classmethod
    def rect(cls, x0: float, y0: float, x1: float, y1: float, invert: bool = False) -> Region:
        """A rectangle given by two corners in fractions."""
        return cls((((x0, y0), (x1, y0), (x1, y1), (x0, y1)),), invert)

    @classmethod
    def from_mask(cls, mask: np.ndarray, tolerance_px: float = 0.75) -> Region:
        """The outer and hole contours of a boolean mask as polygons (simplified within `tolerance_px`)."""
        height, width = mask.shape[:2]
        contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
        polygons = []
        for contour in contours:
            simplified = cv2.approxPolyDP(contour, tolerance_px, True).reshape(-1, 2)
            if len(simplified) >= 3:
                polygons.append(tuple(((x + 0.5) / width, (y + 0.5) / height) for x, y in simplified))
        if not polygons:
            raise ValueError("the mask is empty")
        return cls(tuple(polygons))

    def mask(self, height: int, width: int) -> np.ndarray:
        """The region as a boolean H x W mask (polygons filled with the even-odd rule, so holes stay holes).
        Boundary pixels count as inside, so edges are exact to within one pixel at any resolution."""
        canvas = np.zeros((height, width), np.uint8)
        scale = 1 << SUBPIXEL_BITS
        points = [
            np.array([[x * width * scale - scale / 2, y * height * scale - scale / 2] for x, y in p], np.int32)
            for p in self.polygons
        ]
        cv2.fillPoly(canvas, points, 1, cv2.LINE_8, SUBPIXEL_BITS)
        if len(points) > 1:  # even-odd: pixels covered by an even number of polygons are outside
            counts = np.zeros((height, width), np.uint8)
            for p in points:
                single = np.zeros((height, width), np.uint8)
                cv2.fillPoly(single, [p], 1, cv2.LINE_8, SUBPIXEL_BITS)
                counts += single
            canvas = counts % 2
        inside = canvas.astype(bool)
        return ~inside if self.invert else inside

    def bounds(self) -> tuple[float, float, float, float]:
        """The (x0, y0, x1, y1) bounding box of the polygons, in fractions."""
        xs = [x for p in self.polygons for x, _ in p]
        ys = [y for p in self.polygons for _, y in p]
        return min(xs), min(ys), max(xs), max(ys)

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"polygons": [[list(pt) for pt in p] for p in self.polygons], "invert": self.invert}

    @classmethod
    def from_dict(cls, data: dict) -> Region:
        """The region written by `to_dict`."""
        return cls(tuple(tuple(tuple(pt) for pt in p) for p in data["polygons"]), bool(data.get("invert", False)))
