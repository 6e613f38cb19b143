"""Lesson presets: the four questions of the interpretability lecture, each as edits on the current image.

Parts? a 3 x 3 jigsaw. Which parts? a grey box over the region whose occlusion lowers the top class most (a quick
occlusion scan). Shape? the silhouette of the object (GrabCut from a generous rectangle). Texture? a patch from
the object's centre tiled over the whole frame. Each returns ordinary edits that can be inspected and tweaked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop_app.core.edits import Edit, Fill, Occlude
from desktop_app.core.explain import most_important_box, occlusion_map
from desktop_app.core.model import ClassifierModel
from desktop_app.core.parts import Jigsaw
from desktop_app.core.preprocess import crop_box
from desktop_app.core.scheduler import CancelToken
from desktop_app.core.shape import Silhouette, extract_foreground
from desktop_app.core.texture import TextureOnly, TextureSource

OBJECT_RECT = (0.05, 0.05, 0.95, 0.95)  # GrabCut's starting rectangle: the object is assumed to fill the frame


@dataclass(frozen=True)
class Preset:
    """One lesson: its name, the question it asks, and how it makes its edits."""

    key: str
    title: str
    question: str
    make: Callable[[ClassifierModel, np.ndarray, CancelToken | None, Callable[[float], None] | None], list[Edit]]


def parts_edits(model, image, cancel=None, progress=None) -> list[Edit]:
    """Parts: shuffle a 3 x 3 grid (seed 0)."""
    return [Jigsaw(n=3, seed=0)]


def occlusion_edits(model, image, cancel=None, progress=None) -> list[Edit]:
    """Which parts: a grey box over the most important region for the top class (coarse occlusion scan)."""
    size = model.spec.size
    result = occlusion_map(
        model, image, window=size // 4, stride=size // 8, coarse_to_fine=False, cancel=cancel, progress=progress
    )
    return [Occlude(*most_important_box(result, *image.shape[:2]), fill=Fill.GREY)]


def shape_edits(model, image, cancel=None, progress=None) -> list[Edit]:
    """Shape: black silhouette of the object on white."""
    stop = (lambda: cancel.cancelled) if cancel is not None else None
    region = extract_foreground(image, OBJECT_RECT, progress=progress, cancel=stop)
    return [Silhouette(region, style="black-on-white")]


def texture_edits(model, image, cancel=None, progress=None) -> list[Edit]:
    """Texture: a patch from the centre of what the model sees, tiled over the whole frame."""
    height, width = image.shape[:2]
    x0, y0, x1, y1 = crop_box(height, width, model.spec)
    cx, cy, half = (x0 + x1) / 2 / width, (y0 + y1) / 2 / height, 0.1 * (x1 - x0)
    patch = TextureSource.patch(cx - half / width, cy - half / height, cx + half / width, cy + half / height)
    return [TextureOnly(patch)]


PRESETS: tuple[Preset, ...] = (
    Preset("parts", "Parts: jigsaw 3×3", "Do the parts matter, or their arrangement?", parts_edits),
    Preset("occlusion", "Occlusion: cover the key region", "Which parts matter most?", occlusion_edits),
    Preset("shape", "Shape: silhouette", "Is the shape enough?", shape_edits),
    Preset("texture", "Texture: texture only", "Is the texture enough?", texture_edits),
)
