"""Shape: foreground extraction (GrabCut), then silhouette, outline and background-removal edits.

`extract_foreground` turns a rectangle (and optional object/background brush strokes) into a `Region`: the
mask becomes data, so the edits built on it are reproducible without running GrabCut again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import cv2
import numpy as np

from desktop_app.core.edits import EditError, Fill, OccludeStroke, fill_pixels, fill_word, register_edit
from desktop_app.core.geometry import FracBox, stroke_points
from desktop_app.core.regions import Region
from desktop_app.core.scheduler import Cancelled, CancelToken
from desktop_app.core.texts import translate

GRABCUT_MAX_SIDE = 400  # GrabCut runs on a copy this size at most: ~0.4 s per iteration on a slow laptop core
MIN_RECT_PX = 8  # the rectangle must be at least this big on the downscaled copy
KEEP_COMPONENT_SHARE = 0.2  # keep object pieces at least this share of the largest one
FILL_HOLE_SHARE = 0.02  # fill holes smaller than this share of the object
GRABCUT_SEED = 0  # GrabCut's colour models start from k-means with OpenCV's random state, which is per thread


@dataclass(frozen=True)
class Stroke:
    """A brush stroke that marks object or background: a polyline in image fractions with a radius."""

    points: tuple[tuple[float, float], ...]
    radius: float = 0.02  # fraction of the image's longer side

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", stroke_points(self.points, self.radius))

    def mask(self, height: int, width: int) -> np.ndarray:
        """The stroke's pixels as a boolean H x W mask."""
        return OccludeStroke(self.points, self.radius).mask(height, width)  # same drawing as the occlusion brush


def _downscaled(image: np.ndarray) -> np.ndarray:
    """The image with its long side at most GRABCUT_MAX_SIDE pixels."""
    height, width = image.shape[:2]
    scale = GRABCUT_MAX_SIDE / max(height, width)
    if scale >= 1.0:
        return np.ascontiguousarray(image)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _rect_pixels(
    rect: FracBox | tuple[float, float, float, float], height: int, width: int
) -> tuple[int, int, int, int]:
    """A fractional (x0, y0, x1, y1) box as cv2's (x, y, w, h), leaving a one-pixel border for background."""
    x0, y0, x1, y1 = (float(v) for v in rect)
    if not all(np.isfinite(v) for v in (x0, y0, x1, y1)) or not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
        raise ValueError("the rectangle must lie inside the image")
    left, top = max(1, round(x0 * width)), max(1, round(y0 * height))
    right, bottom = min(width - 1, round(x1 * width)), min(height - 1, round(y1 * height))
    if right - left < MIN_RECT_PX or bottom - top < MIN_RECT_PX:
        raise ValueError("the rectangle is too small: drag it around the whole object")
    return left, top, right - left, bottom - top


def clean_mask(mask: np.ndarray, keep: np.ndarray | None = None, drop: np.ndarray | None = None) -> np.ndarray:
    """A foreground mask without specks and small holes: opened, closed, only its main pieces kept, and the thin
    parts attached to them (legs, tails, a tripod) that the opening took off put back.

    Pieces touching `keep` (pixels marked as object) are kept and holes touching `drop` (marked background) stay.
    """
    radius = max(1, round(0.006 * max(mask.shape)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    raw = mask.astype(np.uint8)
    opened = np.asarray(cv2.morphologyEx(raw, cv2.MORPH_OPEN, kernel), np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    if count <= 1:
        return np.zeros(mask.shape, bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    wanted = set((np.flatnonzero(areas >= KEEP_COMPONENT_SHARE * areas.max()) + 1).tolist())
    if keep is not None:
        wanted |= set(np.unique(labels[keep & (labels > 0)]).tolist())
    main = np.isin(labels, sorted(wanted))
    result = main | _thin_parts_touching(raw & ~opened, main)
    result = cv2.morphologyEx(result.astype(np.uint8), cv2.MORPH_CLOSE, kernel) > 0
    return _holes_filled(result, drop)


def _thin_parts_touching(thin: np.ndarray, main: np.ndarray) -> np.ndarray:
    """The pieces of `thin` (what the opening removed) that touch the main pieces."""
    count, labels = cv2.connectedComponents(thin.astype(np.uint8), connectivity=8)
    if count <= 1:
        return np.zeros(main.shape, bool)
    border = cv2.dilate(main.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    touching = np.unique(labels[border & (labels > 0)])
    return np.isin(labels, touching) & (labels > 0)


def _holes_filled(result: np.ndarray, drop: np.ndarray | None) -> np.ndarray:
    """The mask with its small holes filled, except holes touching `drop` (marked background)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((~result).astype(np.uint8), connectivity=4)
    height, width = result.shape
    limit = FILL_HOLE_SHARE * result.sum()
    result = result.copy()
    for label in range(1, count):
        x, y, w, h, area = stats[label]
        touches_border = x == 0 or y == 0 or x + w == width or y + h == height
        if touches_border or area >= limit:
            continue
        hole = labels == label
        if drop is None or not (hole & drop).any():
            result |= hole
    return result


def _paint_strokes(mask: np.ndarray, foreground: np.ndarray, background: np.ndarray) -> None:
    """Marks stroked pixels as certain object or certain background in a GrabCut mask."""
    mask[foreground] = cv2.GC_FGD
    mask[background] = cv2.GC_BGD


def _stroke_masks(
    fg_strokes: Sequence[Stroke], bg_strokes: Sequence[Stroke], height: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """The object and background strokes as boolean masks (where both were painted, the object mark wins)."""
    foreground = np.zeros((height, width), bool)
    for stroke in fg_strokes:
        foreground |= stroke.mask(height, width)
    background = np.zeros((height, width), bool)
    for stroke in bg_strokes:
        background |= stroke.mask(height, width)
    return foreground, background & ~foreground


def _to_full_size(found: np.ndarray, height: int, width: int) -> np.ndarray:
    """A mask of the downscaled copy at the image's size, with smooth edges instead of staircases."""
    if found.shape == (height, width):
        return found
    sigma = 0.5 * width / found.shape[1]
    upscaled = cv2.resize(found.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.GaussianBlur(upscaled, (0, 0), sigmaX=sigma) >= 0.5


def extract_foreground(
    image: np.ndarray,
    rect_fractions: FracBox | tuple[float, float, float, float],
    fg_strokes: Sequence[Stroke] = (),
    bg_strokes: Sequence[Stroke] = (),
    iterations: int = 5,
    progress: Callable[[float], None] | None = None,
    cancel: CancelToken | Callable[[], bool] | None = None,
) -> Region:
    """The object inside a rectangle (x0, y0, x1, y1 fractions), refined by object/background strokes.

    Runs GrabCut one iteration at a time, reporting progress (0..1) and raising `Cancelled` between iterations
    once `cancel` is cancelled (a CancelToken; a function returning True still works); ValueError when the
    rectangle is unusable or no object is found. The same inputs give the same region on every run and thread.
    """
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError("GrabCut needs an H x W x 3 uint8 image")
    if iterations < 1:
        raise ValueError("GrabCut needs at least one iteration")
    small = _downscaled(image)
    height, width = small.shape[:2]
    rect = _rect_pixels(rect_fractions, height, width)
    foreground, background = _stroke_masks(fg_strokes, bg_strokes, height, width)

    def checkpoint(done: float) -> None:
        if isinstance(cancel, CancelToken):
            cancel.raise_if_cancelled()
        elif cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done)

    checkpoint(0.0)
    mask = np.zeros((height, width), np.uint8)
    bgd_model, fgd_model = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    steps = iterations + 1  # the last step is cleaning the mask
    cv2.setRNGSeed(GRABCUT_SEED)  # this thread's random state, which GrabCut's k-means draws from
    try:
        for iteration in range(iterations):
            if iteration == 0:
                cv2.grabCut(small, mask, rect, bgd_model, fgd_model, 1, cv2.GC_INIT_WITH_RECT)
            elif iteration == 1 and (foreground.any() or background.any()):
                _paint_strokes(mask, foreground, background)
                cv2.grabCut(small, mask, (0, 0, 0, 0), bgd_model, fgd_model, 1, cv2.GC_INIT_WITH_MASK)
            else:
                cv2.grabCut(small, mask, (0, 0, 0, 0), bgd_model, fgd_model, 1, cv2.GC_EVAL)
            checkpoint((iteration + 1) / steps)
        if iterations == 1 and (foreground.any() or background.any()):  # strokes still count with one iteration
            _paint_strokes(mask, foreground, background)
    except cv2.error as err:
        raise ValueError("the object could not be separated: draw the rectangle around it") from err
    found = clean_mask((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), keep=foreground, drop=background)
    if not found.any():
        raise ValueError("no object found in the rectangle: draw it around the object or mark the object")
    region = Region.from_mask(_to_full_size(found, *image.shape[:2]))
    checkpoint(1.0)
    return region


def _check_region(region: object) -> None:
    if not isinstance(region, Region):
        raise EditError(f"a shape edit needs a Region, not {type(region).__name__}")


SILHOUETTE_STYLES = ("black-on-white", "white-on-black")
OUTLINE_MODES = ("contour", "edges")
BACKGROUNDS = (Fill.WHITE, Fill.GREY, Fill.BLACK, Fill.BLUR)


@register_edit
@dataclass(frozen=True)
class Silhouette:
    """Only the object's shape: the region in one colour on a plain background of the other."""

    kind: ClassVar[str] = "silhouette"
    region: Region
    style: str = "black-on-white"

    def __post_init__(self) -> None:
        _check_region(self.region)
        if self.style not in SILHOUETTE_STYLES:
            raise EditError(f"silhouette style must be one of {', '.join(SILHOUETTE_STYLES)}, not {self.style!r}")

    def apply(self, image: np.ndarray) -> np.ndarray:
        """A two-valued image: the region black on white (or white on black)."""
        inside = self.region.mask(*image.shape[:2])
        object_value, background_value = (0, 255) if self.style == "black-on-white" else (255, 0)
        out = np.full_like(image, background_value)
        out[inside] = object_value
        return out

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        if self.style == "black-on-white":
            return translate("Edits", "Silhouette, black on white")
        return translate("Edits", "Silhouette, white on black")


def _line_width(height: int, width: int) -> int:
    """Outline thickness in pixels for an image size (about 2 px at 450, 6 px at 1600)."""
    return max(1, round(max(height, width) / 250))


@register_edit
@dataclass(frozen=True)
class Outline:
    """Only the object's outline (its contour), or the edges inside and around it, black on white."""

    kind: ClassVar[str] = "outline"
    region: Region
    mode: str = "contour"

    def __post_init__(self) -> None:
        _check_region(self.region)
        if self.mode not in OUTLINE_MODES:
            raise EditError(f"outline mode must be one of {', '.join(OUTLINE_MODES)}, not {self.mode!r}")

    def apply(self, image: np.ndarray) -> np.ndarray:
        """Black lines on white: the region's contour, or the image's edges inside and around the region."""
        height, width = image.shape[:2]
        thickness = _line_width(height, width)
        if self.mode == "contour":
            canvas = np.full((height, width), 255, np.uint8)
            scale = 16
            polygons = [np.array([[x * width, y * height] for x, y in p]) - 0.5 for p in self.region.polygons]
            points = [np.round(p * scale).astype(np.int32) for p in polygons]
            cv2.polylines(canvas, points, True, 0, thickness, cv2.LINE_AA, 4)
        else:
            canvas = np.full((height, width), 255, np.uint8)
            canvas[self._edges(image, thickness)] = 0
        return np.repeat(canvas[:, :, None], 3, axis=2)

    def _edges(self, image: np.ndarray, thickness: int) -> np.ndarray:
        """Canny edges of the image inside the region grown by a few line widths, as a boolean mask."""
        height, width = image.shape[:2]
        grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        grey = cv2.GaussianBlur(grey, (0, 0), sigmaX=max(1.0, max(height, width) / 500))
        grow = 2 * thickness + 1
        near = cv2.dilate(self.region.mask(height, width).astype(np.uint8), np.ones((grow, grow), np.uint8)) > 0
        magnitude = np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
        high = float(np.percentile(magnitude[near], 85)) if near.any() else 0.0
        edges = cv2.Canny(grey, max(1.0, 0.4 * high), max(2.0, high), L2gradient=True)
        if thickness > 2:
            edges = cv2.dilate(edges, np.ones((thickness // 2, thickness // 2), np.uint8))
        return (edges > 0) & near

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        if self.mode == "contour":
            return translate("Edits", "Outline (contour only)")
        return translate("Edits", "Outline (edges of the object)")


@register_edit
@dataclass(frozen=True)
class RemoveBackground:
    """The object kept as it is, on a plain (white, grey, black) or blurred background."""

    kind: ClassVar[str] = "remove-background"
    region: Region
    background: Fill = Fill.WHITE

    def __post_init__(self) -> None:
        _check_region(self.region)
        try:
            background = Fill(self.background)
        except ValueError:
            background = None
        if background not in BACKGROUNDS:
            names = ", ".join(b.value for b in BACKGROUNDS)
            raise EditError(f"background must be one of {names}, not {self.background!r}")
        object.__setattr__(self, "background", background)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The image with everything outside the region replaced by the background."""
        outside = ~self.region.mask(*image.shape[:2])
        full = (slice(0, image.shape[0]), slice(0, image.shape[1]))
        out = image.copy()
        out[outside] = fill_pixels(image, self.background, full)[outside]
        return out

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        return translate("Edits", "Background removed ({fill})").format(fill=fill_word(self.background))
