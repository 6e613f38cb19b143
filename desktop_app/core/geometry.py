"""Image geometry in one place: boxes in fractions and in whole pixels, the one conversion between them, and the
arithmetic of gestures (a box from two points, a box around a click, a box moved or resized inside the image).

Edits store fractions of the image's width and height (0..1), so one edit applies at any resolution; pixels are
whole pixels of one image size, (left, top, right, bottom) with right and bottom exclusive, so a box slices an
array. `Size` is (height, width) as numpy shapes have it; points are (x, y). A `Frame` says where an image's
fractions lie on the canvas, so overlays, maps and labels all place themselves by the same rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import NamedTuple, TypeVar

Size = tuple[int, int]  # (height, width)
Point = tuple[float, float]  # (x, y)
Handle = tuple[int, int]  # (hx, hy) of a box: -1 left/top, 0 middle, 1 right/bottom
CORNERS: tuple[Handle, ...] = ((-1, -1), (1, -1), (-1, 1), (1, 1))
EDGES: tuple[Handle, ...] = ((0, -1), (0, 1), (-1, 0), (1, 0))
HANDLES = CORNERS + EDGES  # corners first, so they win where handles overlap
TOLERANCE = 1e-9  # float noise of fraction arithmetic (x0 + width) does not put a box outside the image
Number = TypeVar("Number", int, float)  # whole pixels stay whole; fractions and float pixels stay floats


def _clamp(value: Number, low: Number, high: Number) -> Number:
    return max(low, min(value, high))


class PixelBox(NamedTuple):
    """A box of whole pixels of one image: left, top, right, bottom, right and bottom exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        """Pixels across."""
        return self.right - self.left

    @property
    def height(self) -> int:
        """Pixels down."""
        return self.bottom - self.top

    def to_fractions(self, size: Size) -> FracBox:
        """The same box as fractions of an image of this (height, width)."""
        height, width = size
        return FracBox(self.left / width, self.top / height, self.right / width, self.bottom / height)

    def slices(self) -> tuple[slice, slice]:
        """(rows, columns) to index an image array with."""
        return slice(self.top, self.bottom), slice(self.left, self.right)

    def contains(self, point: Point) -> bool:
        """Whether a point (in pixels) lies in the box or on its edge."""
        return self.left <= point[0] <= self.right and self.top <= point[1] <= self.bottom

    def moved(self, dx: float, dy: float, size: Size) -> PixelBox:
        """The box shifted by (dx, dy) rounded to whole pixels, stopped at the edges of an image of this size."""
        height, width = size
        dx = _clamp(round(dx), -self.left, width - self.right)
        dy = _clamp(round(dy), -self.top, height - self.bottom)
        return PixelBox(self.left + dx, self.top + dy, self.right + dx, self.bottom + dy)

    def squared(self) -> PixelBox:
        """The largest square inside the box, centred on it."""
        side = min(self.width, self.height)
        left = self.left + (self.width - side) // 2
        top = self.top + (self.height - side) // 2
        return PixelBox(left, top, left + side, top + side)


@dataclass(frozen=True)
class FracBox:
    """A box as fractions (0..1) of an image's width and height: x0 < x1, y0 < y1, inside the image."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        values = (self.x0, self.y0, self.x1, self.y1)
        if not all(isinstance(v, Real) and not isinstance(v, bool) for v in values):
            raise ValueError(f"box corners must be numbers, got {values!r}")
        if not all(math.isfinite(v) for v in values):
            raise ValueError("box corners must be finite numbers")
        snapped = [0.0 if -TOLERANCE < v < 0 else 1.0 if 1 < v < 1 + TOLERANCE else float(v) for v in values]
        x0, y0, x1, y1 = snapped
        if not (0.0 <= x0 < x1 <= 1.0 and 0.0 <= y0 < y1 <= 1.0):
            raise ValueError(
                f"({x0:.3f}, {y0:.3f}) to ({x1:.3f}, {y1:.3f}) is not inside the image "
                "(a box needs fractions 0..1 with x0 < x1 and y0 < y1)"
            )
        for name, value in zip(("x0", "y0", "x1", "y1"), snapped, strict=True):
            object.__setattr__(self, name, value)

    def __iter__(self) -> Iterator[float]:
        return iter(self.as_tuple())

    def as_tuple(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1): for the edits' four box fields, e.g. `Occlude(*box.as_tuple(), fill=...)`."""
        return self.x0, self.y0, self.x1, self.y1

    @property
    def width(self) -> float:
        """The share of the image's width."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """The share of the image's height."""
        return self.y1 - self.y0

    def contains(self, point: Point) -> bool:
        """Whether a point (in fractions) lies in the box or on its edge."""
        return self.x0 <= point[0] <= self.x1 and self.y0 <= point[1] <= self.y1

    def to_pixels(self, size: Size) -> PixelBox:
        """The whole pixels of an image of this (height, width) that the box covers: rounded, at least 1 x 1."""
        height, width = size
        left, top = min(round(self.x0 * width), width - 1), min(round(self.y0 * height), height - 1)
        right, bottom = max(left + 1, round(self.x1 * width)), max(top + 1, round(self.y1 * height))
        return PixelBox(left, top, min(right, width), min(bottom, height))

    def moved(self, dx: float, dy: float) -> FracBox:
        """The box shifted by (dx, dy), stopped at the image's edges."""
        dx = _clamp(dx, -self.x0, 1.0 - self.x1)
        dy = _clamp(dy, -self.y0, 1.0 - self.y1)
        return FracBox(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)


# -- gestures: boxes from points -----------------------------------------------------------------------------------


def _span(anchor: Number, target: Number, limit: Number, min_side: Number) -> tuple[Number, Number]:
    """The [start, end) from a fixed edge `anchor` towards `target` inside [0, limit], at least min_side long."""
    min_side = min(min_side, limit)
    length = target - anchor
    direction = 1 if length >= 0 else -1
    if (limit - anchor if direction > 0 else anchor) < min_side:  # no room that way: the smallest box the other way
        direction, length = -direction, 0
    room = limit - anchor if direction > 0 else anchor
    if room < min_side:  # a tiny image: no room either way, so the anchor cannot stay put
        start = _clamp(anchor - min_side // 2, 0, limit - min_side)
        return start, start + min_side
    length = _clamp(abs(length), min_side, room)
    return (anchor, anchor + length) if direction > 0 else (anchor - length, anchor)


def _anchored_box(
    anchor: tuple[Number, Number],
    point: tuple[Number, Number],
    width: Number,
    height: Number,
    min_side: Number,
    square: bool,
) -> tuple[Number, Number, Number, Number]:
    """The box from a fixed corner `anchor` towards `point`, in pixels (whole or not); see box_from_points."""
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


def box_from_points(anchor: Point, point: Point, size: Size, min_px: float = 1, square: bool = False) -> FracBox:
    """The box a drag from `anchor` to `point` (fractions) spans on an image of this size.

    The anchor stays put while it can; the box is at least `min_px` image pixels each way (growing towards the
    pointer, or away from an edge with no room), inside the image; `square` makes its sides equal in pixels.
    """
    height, width = size
    start, end = (anchor[0] * width, anchor[1] * height), (point[0] * width, point[1] * height)
    left, top, right, bottom = _anchored_box(start, end, float(width), float(height), float(min_px), square)
    return FracBox(left / width, top / height, right / width, bottom / height)


def pixel_box_from_points(
    anchor: tuple[int, int], point: Point, size: Size, min_side: int = 1, square: bool = False
) -> PixelBox:
    """`box_from_points` in whole pixels: from the pixel corner `anchor` towards `point` (rounded)."""
    height, width = size
    target = (round(point[0]), round(point[1]))
    return PixelBox(*_anchored_box(anchor, target, width, height, min_side, square))


def box_around(point: Point, size: Size, share: float) -> FracBox:
    """The square box, `share` of the image's width on a side (in pixels), centred on a click and moved inside.

    Where the image is less high than the side, the box takes the whole height.
    """
    height, width = size
    side = share * width
    spans = []
    for centre, limit in ((point[0] * width, width), (point[1] * height, height)):
        extent = min(side, limit)
        start = _clamp(centre - extent / 2, 0.0, limit - extent)
        spans.append((start / limit, (start + extent) / limit))
    (x0, x1), (y0, y1) = spans
    return FracBox(x0, y0, x1, y1)


# -- gestures: handles, resizing -----------------------------------------------------------------------------------


def handle_point(box: Sequence[float], handle: Handle) -> Point:
    """Where a handle of a (left, top, right, bottom) box sits."""
    left, top, right, bottom = box
    xs = {-1: left, 0: (left + right) / 2, 1: right}
    ys = {-1: top, 0: (top + bottom) / 2, 1: bottom}
    return xs[handle[0]], ys[handle[1]]


def handle_at(point: Point, box: Sequence[float], reach: float, handles: Sequence[Handle] = HANDLES) -> Handle | None:
    """The first of `handles` of a (left, top, right, bottom) box within `reach` of a point (each way), or None."""
    for handle in handles:
        x, y = handle_point(box, handle)
        if abs(x - point[0]) <= reach and abs(y - point[1]) <= reach:
            return handle
    return None


def opposite_corner(box: Sequence[float], corner: Handle) -> Point:
    """The corner of a (left, top, right, bottom) box that stays put while `corner` is dragged."""
    return handle_point(box, (-corner[0], -corner[1]))


def _resize_horizontal(box: PixelBox, side_x: int, x: float, size: Size, square: bool, min_side: int) -> PixelBox:
    """Moves the left (side_x = -1) or right (1) edge to x; square: the height follows, centred."""
    height, width = size
    left, top, right, bottom = box
    if side_x < 0:
        left = _clamp(round(x), 0, right - min_side)
    else:
        right = min(width, max(round(x), left + min_side))
    if not square:
        return PixelBox(left, top, right, bottom)
    side = min(right - left, height)
    if side_x < 0:
        left = right - side
    else:
        right = left + side
    top = _clamp(round((top + bottom - side) / 2), 0, height - side)
    return PixelBox(left, top, right, top + side)


def _transposed(box: PixelBox) -> PixelBox:
    left, top, right, bottom = box
    return PixelBox(top, left, bottom, right)


def resize_box(box: PixelBox, handle: Handle, point: Point, size: Size, square: bool, min_side: int) -> PixelBox:
    """The pixel box after dragging one of its handles to `point`; a corner keeps the opposite corner put."""
    hx, hy = handle
    if hx and hy:
        anchor = opposite_corner(box, handle)
        return pixel_box_from_points((int(anchor[0]), int(anchor[1])), point, size, min_side, square)
    if hx:
        return _resize_horizontal(box, hx, point[0], size, square, min_side)
    if hy:
        height, width = size
        return _transposed(_resize_horizontal(_transposed(box), hy, point[1], (width, height), square, min_side))
    return box


# -- strokes, areas and frames -------------------------------------------------------------------------------------


def stroke_points(points: Sequence[Point], radius: float) -> tuple[Point, ...]:
    """A brush stroke's points as float pairs; ValueError unless there is one inside the image and the radius
    (a share of the image's longer side) is between 0 and one half."""
    checked = tuple((float(x), float(y)) for x, y in points)
    if not checked or not all(0.0 <= v <= 1.0 for point in checked for v in point):
        raise ValueError("a brush stroke needs at least one point inside the image")
    if not 0.0 < radius <= 0.5:
        raise ValueError(f"brush radius {radius} is not between 0 and half the image")
    return checked


def polygon_area(points: Sequence[Point], size: Size) -> float:
    """The area in square pixels of a polygon given in fractions of an image of this size (shoelace formula)."""
    height, width = size
    total = 0.0
    for (xa, ya), (xb, yb) in zip(points, [*points[1:], *points[:1]], strict=True):
        total += xa * yb - xb * ya
    return abs(total) * width * height / 2


@dataclass(frozen=True)
class Frame:
    """Where an image lies on the canvas: its own (height, width) and the rectangle it fills in canvas pixels.

    Canvas (scene) pixels are the pixels of the image on show, so an image on show fills its own size from (0, 0);
    an image drawn into part of it (the cropped render inside the Crop tool's uncropped view) fills that part.
    """

    size: Size
    rect: tuple[float, float, float, float]  # (left, top, right, bottom) in canvas pixels

    @classmethod
    def whole(cls, size: Size) -> Frame:
        """The image on show: its pixels are the canvas pixels."""
        height, width = size
        return cls(size, (0.0, 0.0, float(width), float(height)))

    @property
    def scale(self) -> tuple[float, float]:
        """Canvas pixels per image pixel, (x, y)."""
        (height, width), (left, top, right, bottom) = self.size, self.rect
        return (right - left) / width, (bottom - top) / height

    def to_canvas(self, point: Point) -> Point:
        """A point in fractions of the image as canvas pixels."""
        left, top, right, bottom = self.rect
        return left + point[0] * (right - left), top + point[1] * (bottom - top)

    def to_fractions(self, x: float, y: float) -> Point:
        """A canvas point as fractions of the image, clamped to the image."""
        left, top, right, bottom = self.rect
        return _clamp((x - left) / (right - left), 0.0, 1.0), _clamp((y - top) / (bottom - top), 0.0, 1.0)

    def box_to_canvas(self, box: FracBox | PixelBox) -> tuple[float, float, float, float]:
        """A box of the image (fractions, or whole pixels of the image's size) as a canvas rectangle."""
        if isinstance(box, PixelBox):
            box = box.to_fractions(self.size)
        return (*self.to_canvas((box.x0, box.y0)), *self.to_canvas((box.x1, box.y1)))
