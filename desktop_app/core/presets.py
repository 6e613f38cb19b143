"""Lesson presets: the four questions of the interpretability lecture, each as edits on the current image.

Parts? a 3 x 3 jigsaw. Which parts? a grey box over the region whose occlusion lowers the top class most (a quick
occlusion scan). Shape? the silhouette of the object the model looks at (GrabCut from the model's own evidence, see
objects.py). Texture? a patch from inside that object, tiled over the whole frame at its own scale. Each returns
ordinary edits that can be inspected and tweaked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop_app.core.edits import Edit, Fill, Occlude
from desktop_app.core.explain import most_important_box, occlusion_map
from desktop_app.core.model import ClassifierModel
from desktop_app.core.objects import find_object, patch_inside
from desktop_app.core.parts import Jigsaw
from desktop_app.core.preprocess import crop_box
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.core.shape import Silhouette
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.core.texture import MIN_SCALE, TextureOnly, TextureSource


@dataclass(frozen=True)
class Preset:
    """One lesson: its name, the question it asks, and how it makes its edits."""

    key: str
    title: str
    question: str
    make: Callable[[ClassifierModel, np.ndarray, CancelToken | None, Progress | None], list[Edit]]


def parts_edits(
    model: ClassifierModel, image: np.ndarray, cancel: CancelToken | None = None, progress: Progress | None = None
) -> list[Edit]:
    """Parts: shuffle a 3 x 3 grid (seed 0)."""
    return [Jigsaw(n=3, seed=0)]


def occlusion_edits(
    model: ClassifierModel, image: np.ndarray, cancel: CancelToken | None = None, progress: Progress | None = None
) -> list[Edit]:
    """Which parts: a grey box over the most important region for the top class (coarse occlusion scan)."""
    size = model.spec.size
    result = occlusion_map(
        model, image, window=size // 4, stride=size // 8, coarse_to_fine=False, cancel=cancel, progress=progress
    )
    return [Occlude(*most_important_box(result, *image.shape[:2]).as_tuple(), fill=Fill.GREY)]


def shape_edits(
    model: ClassifierModel, image: np.ndarray, cancel: CancelToken | None = None, progress: Progress | None = None
) -> list[Edit]:
    """Shape: black silhouette on white of the object the model looks at."""
    return [Silhouette(find_object(model, image, cancel, progress), style="black-on-white")]


def texture_edits(
    model: ClassifierModel, image: np.ndarray, cancel: CancelToken | None = None, progress: Progress | None = None
) -> list[Edit]:
    """Texture: a patch from inside the object the model looks at, tiled over the whole frame at its own size."""
    height, width = image.shape[:2]
    region = find_object(model, image, cancel, progress)
    x0, y0, x1, y1 = patch_inside(image, region, crop_box(height, width, model.spec)).to_fractions((height, width))
    return [TextureOnly(TextureSource.patch(x0, y0, x1, y1), scale=max(MIN_SCALE, x1 - x0))]


PRESETS: tuple[Preset, ...] = (
    Preset(
        "parts",
        QT_TRANSLATE_NOOP("Menus", "Parts: jigsaw 3×3"),
        QT_TRANSLATE_NOOP("Menus", "Do the parts matter, or their arrangement?"),
        parts_edits,
    ),
    Preset(
        "occlusion",
        QT_TRANSLATE_NOOP("Menus", "Occlusion: cover the key region"),
        QT_TRANSLATE_NOOP("Menus", "Which parts matter most?"),
        occlusion_edits,
    ),
    Preset(
        "shape",
        QT_TRANSLATE_NOOP("Menus", "Shape: silhouette"),
        QT_TRANSLATE_NOOP("Menus", "Is the shape enough?"),
        shape_edits,
    ),
    Preset(
        "texture",
        QT_TRANSLATE_NOOP("Menus", "Texture: texture only"),
        QT_TRANSLATE_NOOP("Menus", "Is the texture enough?"),
        texture_edits,
    ),
)
