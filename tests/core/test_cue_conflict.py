"""One-step cue conflict: A's object's shape, entirely filled with B's texture, on a plain background."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from desktop_app.core.categories import decide
from desktop_app.core.cue_conflict import cue_conflict_edits, object_texture
from desktop_app.core.edits import Fill, apply
from desktop_app.core.imageio import load_image
from desktop_app.core.preprocess import crop_box
from desktop_app.core.shape import RemoveBackground
from desktop_app.core.stimuli import lecture_image
from desktop_app.core.texture import TextureFill, TextureSource, load_texture, tile


@pytest.fixture(scope="module")
def lecture_cat() -> np.ndarray:
    return load_image(lecture_image("original"))


def test_cat_shape_with_the_lecture_elephant_skin_is_an_elephant(model, lecture_cat):
    edits = cue_conflict_edits(model, lecture_cat, TextureSource.library("elephant skin"))
    assert [type(e) for e in edits] == [RemoveBackground, TextureFill] and edits[0].background is Fill.WHITE
    fill = edits[1]
    assert not fill.shading and fill.area == "object"
    assert fill.scale == pytest.approx(224 * (196 / 224) / 224)  # one texture pixel per model-input pixel
    out = apply(lecture_cat, edits)
    inside = fill.region.mask(224, 224)
    assert (out[~inside] == 255).all()
    texture = tile(load_texture("elephant skin"), 224, 224, fill.scale)
    assert (out[inside] == texture[inside]).all()  # nothing of the cat is left but its outline
    assert decide(model.predict([out])[0]) == "elephant"


def test_the_background_is_kept_only_when_asked(model, lecture_cat):
    edits = cue_conflict_edits(model, lecture_cat, TextureSource.library("gravel"), keep_background=True)
    assert len(edits) == 1 and isinstance(edits[0], TextureFill)
    out = apply(lecture_cat, edits)
    outside = ~edits[0].region.mask(224, 224)
    assert (out[outside] == lecture_cat[outside]).all()


def test_the_texture_of_another_image_s_object(model, lecture_cat, sample_photos):
    coffee = sample_photos["coffee.png"]
    source, width_in_input_pixels = object_texture(model, coffee, "coffee.png")
    pixels = load_texture(source)
    assert source.kind == "file" and source.describe() == "file coffee.png (its object's texture)"
    x0, _y0, x1, _y1 = crop_box(*coffee.shape[:2], model.spec)
    assert width_in_input_pixels == pytest.approx(pixels.shape[1] * 224 / (x1 - x0))
    difference = cv2.matchTemplate(coffee, np.ascontiguousarray(pixels), cv2.TM_SQDIFF)
    assert difference.min() == 0  # the texture is a patch of the coffee photo, pixel for pixel
    edits = cue_conflict_edits(model, lecture_cat, coffee, "coffee.png")
    assert edits[1].source == source
    assert edits[1].scale == pytest.approx(width_in_input_pixels * (196 / 224) / 224)


def test_an_image_b_with_no_object_gives_all_the_model_sees_of_it(model, lecture_cat):
    skin = load_image(lecture_image("texture"))  # all texture: no object to find in it
    source, width = object_texture(model, skin, "elephant1.png")
    crop = crop_box(*skin.shape[:2], model.spec)
    np.testing.assert_array_equal(load_texture(source), skin[crop.slices()])
    assert width == model.spec.size and source.path == "elephant1.png (all of it)"
    [_background, fill] = cue_conflict_edits(model, lecture_cat, skin, "elephant1.png")
    assert decide(model.predict([apply(lecture_cat, [_background, fill])])[0]) == "elephant"
