"""Edits are data: one frozen dataclass per kind, in image fractions, applied by pure functions.

Coordinates are fractions of the image's width and height (0..1), so the same edit applies to the working-size
image on screen and to the full-resolution photo on export. `apply(image, edits)` is the only way an edited image
is made: undo/redo, experiment files, batch runs and tests all go through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar, Protocol

import cv2
import numpy as np

from desktop_app.core.geometry import FracBox, stroke_points
from desktop_app.core.scheduler import CancelToken
from desktop_app.core.texts import QT_TRANSLATE_NOOP, translate


class EditError(ValueError):
    """An edit whose values cannot be applied (out of bounds, unknown kind, ...)."""


class Fill(StrEnum):
    """What covers an occluded region."""

    GREY = "grey"
    BLACK = "black"
    WHITE = "white"
    BLUR = "blur"
    NOISE = "noise"
    MEAN = "mean"


FILL_WORDS = {  # a fill as the edits' descriptions name it
    Fill.GREY: QT_TRANSLATE_NOOP("Edits", "grey"),
    Fill.BLACK: QT_TRANSLATE_NOOP("Edits", "black"),
    Fill.WHITE: QT_TRANSLATE_NOOP("Edits", "white"),
    Fill.BLUR: QT_TRANSLATE_NOOP("Edits", "blur"),
    Fill.NOISE: QT_TRANSLATE_NOOP("Edits", "noise"),
    Fill.MEAN: QT_TRANSLATE_NOOP("Edits", "mean"),
}


def fill_word(fill: Fill) -> str:
    """A fill in the words of the edits' descriptions, in the window's language."""
    return translate("Edits", FILL_WORDS[fill])


class Edit(Protocol):
    """What every edit kind provides."""

    kind: ClassVar[str]

    def apply(self, image: np.ndarray) -> np.ndarray: ...

    def describe(self) -> str: ...


def check_box(x0: float, y0: float, x1: float, y1: float, what: str = "box") -> FracBox:
    """The FracBox of an edit's corners; EditError naming `what` if they are not a box inside the image."""
    try:
        return FracBox(x0, y0, x1, y1)
    except ValueError as err:
        raise EditError(f"the {what}: {err}") from err


def fill_pixels(image: np.ndarray, fill: Fill, region: tuple[slice, slice], seed: int = 0) -> np.ndarray:
    """The replacement pixels for `image[region]` under a fill."""
    patch = image[region]
    if fill is Fill.GREY:
        return np.full_like(patch, 128)
    if fill is Fill.BLACK:
        return np.zeros_like(patch)
    if fill is Fill.WHITE:
        return np.full_like(patch, 255)
    if fill is Fill.MEAN:
        return np.broadcast_to(image.reshape(-1, 3).mean(axis=0).round().astype(np.uint8), patch.shape).copy()
    if fill is Fill.NOISE:
        return np.random.default_rng(seed).integers(0, 256, patch.shape, dtype=np.uint8)
    if fill is Fill.BLUR:
        sigma = max(2.0, 0.03 * max(image.shape[:2]))
        return cv2.GaussianBlur(patch, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REFLECT)
    raise EditError(f"unknown fill {fill!r}")


@dataclass(frozen=True)
class Occlude:
    """Cover a rectangle or ellipse of the image with a fill."""

    kind: ClassVar[str] = "occlude"
    x0: float
    y0: float
    x1: float
    y1: float
    shape: str = "rect"
    fill: Fill = Fill.GREY

    def __post_init__(self) -> None:
        check_box(self.x0, self.y0, self.x1, self.y1, "occluded box")
        if self.shape not in ("rect", "ellipse"):
            raise EditError(f"occluder shape must be rect or ellipse, not {self.shape!r}")
        object.__setattr__(self, "fill", Fill(self.fill))

    @property
    def box(self) -> FracBox:
        """The covered box."""
        return FracBox(self.x0, self.y0, self.x1, self.y1)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The image with this region covered."""
        left, top, right, bottom = pixels = self.box.to_pixels(image.shape[:2])
        region = pixels.slices()
        out = image.copy()
        replacement = fill_pixels(image, self.fill, region)
        if self.shape == "rect":
            out[region] = replacement
        else:
            mask = np.zeros((bottom - top, right - left), np.uint8)
            centre = ((right - left) / 2 - 0.5, (bottom - top) / 2 - 0.5)
            cv2.ellipse(mask, (centre, (right - left, bottom - top), 0.0), 255, -1)
            out[region][mask > 0] = replacement[mask > 0]
        return out

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        if self.shape == "rect":
            text = translate("Edits", "Box ({fill}), {width:.0f}×{height:.0f} % at ({x:.0f} %, {y:.0f} %)")
        else:
            text = translate("Edits", "Ellipse ({fill}), {width:.0f}×{height:.0f} % at ({x:.0f} %, {y:.0f} %)")
        width, height = 100 * (self.x1 - self.x0), 100 * (self.y1 - self.y0)
        return text.format(fill=fill_word(self.fill), width=width, height=height, x=100 * self.x0, y=100 * self.y0)


@dataclass(frozen=True)
class OccludeStroke:
    """Cover a free-hand brush stroke: a polyline of points with a radius, all in image fractions."""

    kind: ClassVar[str] = "occlude-brush"
    points: tuple[tuple[float, float], ...]
    radius: float = 0.04  # fraction of the image's longer side
    fill: Fill = Fill.GREY

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "points", stroke_points(self.points, self.radius))
        except ValueError as err:
            raise EditError(str(err)) from err
        object.__setattr__(self, "fill", Fill(self.fill))

    def mask(self, height: int, width: int) -> np.ndarray:
        """The stroke's pixels as a boolean H x W mask."""
        mask = np.zeros((height, width), np.uint8)
        scale = 16  # sub-pixel precision for cv2's fixed-point drawing
        pts = np.array([[x * width * scale, y * height * scale] for x, y in self.points], np.int32)
        thickness = max(1, round(2 * self.radius * max(height, width)))
        if len(pts) == 1:
            cv2.circle(mask, tuple(int(v) for v in pts[0]), thickness * scale // 2, 255, -1, cv2.LINE_8, 4)
        else:
            cv2.polylines(mask, [pts], False, 255, thickness, cv2.LINE_8, 4)
        return mask > 0

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The image with the stroke covered."""
        mask = self.mask(*image.shape[:2])
        out = image.copy()
        full = (slice(0, image.shape[0]), slice(0, image.shape[1]))
        out[mask] = fill_pixels(image, self.fill, full)[mask]
        return out

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        text = translate("Edits", "Brush ({fill}), {points} points, radius {radius:.0f} %")
        return text.format(fill=fill_word(self.fill), points=len(self.points), radius=100 * self.radius)


EDIT_KINDS: dict[str, type] = {}
# Modules whose edit kinds register themselves on import (loaded before reading a saved edit).
EDIT_MODULES: tuple[str, ...] = (
    "desktop_app.core.crop",
    "desktop_app.core.parts",
    "desktop_app.core.shape",
    "desktop_app.core.texture",
)


def register_edit(cls: type) -> type:
    """Class decorator: makes an edit kind known to `edit_from_dict` (experiment files)."""
    EDIT_KINDS[cls.kind] = cls  # type: ignore[attr-defined]  # every registered edit class defines `kind`
    return cls


register_edit(Occlude)
register_edit(OccludeStroke)


def apply(
    image: np.ndarray,
    edits: Iterable[Edit],
    cancel: CancelToken | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """The image with every edit applied in order (the input is never modified); Cancelled between two edits once
    `cancel` is set; progress(done, total) after each edit when edits is a sequence."""
    total = len(edits) if isinstance(edits, Sequence) else 0
    out = image
    for done, edit in enumerate(edits, start=1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        out = edit.apply(out)
        if progress is not None:
            progress(done, total)
    return out if out is not image else image.copy()


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    """A JSON-ready dict of an edit, with its kind."""
    values = {f.name: _jsonable(getattr(edit, f.name)) for f in fields(edit)}  # type: ignore[arg-type]  # edits are dataclasses
    return {"kind": edit.kind, **values}


def _jsonable(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if hasattr(value, "to_dict"):  # nested data such as a Region
        return value.to_dict()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def edit_from_dict(data: dict[str, Any]) -> Edit:
    """The edit described by a dict from `edit_to_dict`, every field checked against the experiment schema first;
    EditError (SchemaError) says which field is wrong and why."""
    from desktop_app.core.experiment_schema import edit_from_json  # the schema is built from the edit classes

    return edit_from_json(data)
