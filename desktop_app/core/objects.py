"""The object the model looks at: where its evidence lies (CAM, else a quick occlusion map), the object's region
found by GrabCut starting from that evidence, and a texture patch from inside the object.

The lessons start from the object, not the frame: a GrabCut rectangle of 5-95 % of the frame takes the lake, the
sky or the shelves with the object, and cuts off whatever reaches the frame's edge. The model's own evidence says
where the object is; GrabCut starts from the box around it. (Marking the strong evidence as probable object and the
rest of the box as probable background was tried and measured worse: CAM's 7 x 7 cells cover background too, and
GrabCut then learned the background's colours as the object's.)
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from desktop_app.core.cam import CamUnsupported, cam_map
from desktop_app.core.explain import occlusion_map
from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.geometry import FracBox, PixelBox
from desktop_app.core.model import ClassifierModel
from desktop_app.core.preprocess import crop_box
from desktop_app.core.regions import Region
from desktop_app.core.scheduler import CancelToken, Progress, progress_part
from desktop_app.core.shape import extract_foreground

FRAME = FracBox(0.05, 0.05, 0.95, 0.95)  # when the model's evidence says nothing: the object is assumed to fill it
BOX_SHARE = 0.15  # evidence at least this share of its peak is inside the object's box
BOX_MARGIN = 0.15  # the box grows by this share of its width and height on each side
KEEP_SHARE = 0.2  # evidence pieces at least this share of the largest one count
PATCH_SHARE = 0.35  # a texture patch is at most this share of the side of the crop the model sees


@dataclass(frozen=True)
class ObjectEvidence:
    """Where the model's evidence for its top class lies in an image."""

    box: FracBox  # around the evidence, with a margin; out to the image's edge where the evidence meets the crop's
    method: str  # "cam", "occlusion" or "frame" (no usable evidence)
    target: int | None  # the class explained


def _evidence_map(
    model: ClassifierModel, image: np.ndarray, cancel: CancelToken | None, progress: Progress | None
) -> ExplanationMap:
    """CAM (one inference) when the model allows it, else a quick occlusion map (7 x 7 windows)."""
    try:
        return cam_map(model, image)
    except CamUnsupported:
        size = model.spec.size
        return occlusion_map(
            model, image, window=size // 4, stride=size // 8, coarse_to_fine=False, cancel=cancel, progress=progress
        )


def _main_pieces(strong: np.ndarray) -> np.ndarray:
    """The largest connected pieces of a boolean mask (those at least KEEP_SHARE of the largest)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(strong.astype(np.uint8), connectivity=8)
    if count <= 1:
        return strong
    areas = stats[1:, cv2.CC_STAT_AREA]
    return np.isin(labels, np.flatnonzero(areas >= KEEP_SHARE * areas.max()) + 1)


def evidence_box(evidence: np.ndarray, crop: PixelBox) -> FracBox:
    """The box (fractions) around a boolean evidence mask, grown by BOX_MARGIN, and out to the image's edge on
    each side where the evidence reaches the edge of the crop the model sees (the object may go on beyond it)."""
    height, width = evidence.shape
    rows, cols = np.flatnonzero(evidence.any(axis=1)), np.flatnonzero(evidence.any(axis=0))
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    grow_x, grow_y = BOX_MARGIN * (right - left), BOX_MARGIN * (bottom - top)
    crop_left, crop_top, crop_right, crop_bottom = crop
    x0 = 0 if left <= crop_left + 1 else max(0, left - grow_x)
    y0 = 0 if top <= crop_top + 1 else max(0, top - grow_y)
    x1 = width if right >= crop_right - 1 else min(width, right + grow_x)
    y1 = height if bottom >= crop_bottom - 1 else min(height, bottom + grow_y)
    return FracBox(x0 / width, y0 / height, x1 / width, y1 / height)


def object_evidence(
    model: ClassifierModel,
    image: np.ndarray,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> ObjectEvidence:
    """Where the model's evidence for its top class lies: the box around it, in fractions of the image."""
    height, width = image.shape[:2]
    result = _evidence_map(model, image, cancel, progress)
    values = np.nan_to_num(result.in_image(height, width), nan=0.0)
    peak = float(values.max())
    if not np.isfinite(peak) or peak <= 0:
        return ObjectEvidence(FRAME, "frame", result.target)
    box = evidence_box(_main_pieces(values >= BOX_SHARE * peak), crop_box(height, width, model.spec))
    return ObjectEvidence(box, result.method, result.target)


def find_object(
    model: ClassifierModel,
    image: np.ndarray,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> Region:
    """The object the model looks at: GrabCut from the box of the model's evidence; ValueError when nothing is
    found."""
    evidence = object_evidence(model, image, cancel)
    if progress is not None:
        progress(0.1)
    return extract_foreground(image, evidence.box, progress=progress_part(progress, 0.1, 1.0), cancel=cancel)


def patch_inside(image: np.ndarray, region: Region, crop: PixelBox, share: float = PATCH_SHARE) -> PixelBox:
    """A square (pixels) inside the object and inside the crop the model sees, `share` of the crop's side (less
    where the object is thinner), where the image is most uniform (its four quarters alike in colour): a sample of
    the object's texture rather than one of its parts. ValueError when the object does not reach into the crop."""
    height, width = image.shape[:2]
    inside = region.mask(height, width)
    x0, y0, x1, y1 = crop
    window = np.zeros_like(inside)
    window[y0:y1, x0:x1] = True
    inside &= window
    if not inside.any():
        raise ValueError("the object lies outside what the model sees")
    distance = cv2.distanceTransform(np.pad(inside, 1).astype(np.uint8), cv2.DIST_C, 3)[1:-1, 1:-1]
    half = int(max(1, min(float(distance.max()) - 1, share * (x1 - x0) / 2)))  # chessboard distance: it fits
    rows, cols = np.nonzero(distance >= half + 1)
    score = _quarter_spread(image, rows, cols, half)
    best = int(np.argmin(score))
    row, col = int(rows[best]), int(cols[best])
    return PixelBox(col - half, row - half, col + half + 1, row + half + 1)


def _quarter_spread(image: np.ndarray, rows: np.ndarray, cols: np.ndarray, half: int) -> np.ndarray:
    """For squares of side 2 * half + 1 centred on (rows, cols): how much the mean colours of their four quarters
    differ (summed variance over RGB), from an integral image."""
    sums = cv2.integral(image.astype(np.float32))  # (H + 1) x (W + 1) x 3

    def box_mean(top: np.ndarray, left: np.ndarray, bottom: np.ndarray, right: np.ndarray) -> np.ndarray:
        total = sums[bottom, right] - sums[top, right] - sums[bottom, left] + sums[top, left]
        return total / ((bottom - top) * (right - left))[:, None]

    top, left, bottom, right = rows - half, cols - half, rows + half + 1, cols + half + 1
    quarters = np.stack(
        [
            box_mean(top, left, rows + 1, cols + 1),
            box_mean(top, cols, rows + 1, right),
            box_mean(rows, left, bottom, cols + 1),
            box_mean(rows, cols, bottom, right),
        ]
    )
    return quarters.var(axis=0).sum(axis=1)
