"""A cue conflict in one step, as in Geirhos et al. 2019: the shape of the object in image A, entirely filled with
the texture of the object in image B (or a library or file texture), on a plain background.

Nothing of A's object is left inside its outline (no shading: see texture.cue_conflict), and A's background goes
unless asked for, so that only the outline can speak for A. The texture keeps the scale at which the model sees it:
B's patch as large, in model-input pixels, as it is in B; a library or file texture one texture pixel per
model-input pixel (texture.model_scale).
"""

from __future__ import annotations

import numpy as np

from desktop_app.core.edits import Edit, Fill
from desktop_app.core.model import ClassifierModel
from desktop_app.core.objects import find_object, patch_inside
from desktop_app.core.preprocess import crop_box
from desktop_app.core.scheduler import CancelToken, Progress, progress_part
from desktop_app.core.shape import RemoveBackground
from desktop_app.core.texture import TextureSource, cue_conflict, load_texture, model_scale


def object_texture(
    model: ClassifierModel,
    image: np.ndarray,
    name: str = "image B",
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> tuple[TextureSource, float]:
    """A patch of the texture of the object the model looks at in `image`, as a texture source (its pixels kept),
    and its width in model-input pixels."""
    height, width = image.shape[:2]
    region = find_object(model, image, cancel, progress)
    crop = crop_box(height, width, model.spec)
    patch = patch_inside(image, region, crop)
    source = TextureSource.from_pixels(image[patch.slices()], f"{name} (its object's texture)")
    return source, patch.width * model.spec.size / crop.width


def cue_conflict_edits(
    model: ClassifierModel,
    shape_image: np.ndarray,
    texture: TextureSource | np.ndarray,
    texture_name: str = "image B",
    keep_background: bool = False,
    background: Fill = Fill.WHITE,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> list[Edit]:
    """Edits for `shape_image` (A): its object's shape filled with `texture` (another image B, whose object's
    texture is used, or a library or file texture source) on a plain `background`, or on A's own background when
    `keep_background`. ValueError when an object cannot be found."""
    region = find_object(model, shape_image, cancel, progress_part(progress, 0.0, 0.5))
    if isinstance(texture, TextureSource):
        source = texture
        texture_width = float(load_texture(source, shape_image).shape[1])
        if source.kind == "patch":  # A's own pixels: as large as they are in A
            left, _top, right, _bottom = crop_box(shape_image.shape[0], shape_image.shape[1], model.spec)
            texture_width *= model.spec.size / (right - left)
    else:
        source, texture_width = object_texture(model, texture, texture_name, cancel, progress_part(progress, 0.5, 1.0))
    scale = model_scale(texture_width, shape_image.shape, model.spec)
    edits: list[Edit] = [] if keep_background else [RemoveBackground(region, background)]
    return [*edits, cue_conflict(region, source, scale)]
