"""The lesson presets: on the bundled cat they give the results README.md publishes (±0.5 points); on the lecture's
cat the Shape and Texture lessons start from the object the model looks at."""

from __future__ import annotations

import pytest

from desktop_app.core.edits import Occlude, apply
from desktop_app.core.imageio import load_image
from desktop_app.core.labels import coarse_category
from desktop_app.core.objects import find_object
from desktop_app.core.parts import Jigsaw
from desktop_app.core.prediction import chart_rows
from desktop_app.core.presets import PRESETS, shape_edits, texture_edits
from desktop_app.core.scheduler import Cancelled, CancelToken
from desktop_app.core.shape import Silhouette
from desktop_app.core.stimuli import lecture_image
from desktop_app.core.texture import TextureOnly
from tests.published import assert_as_published

KINDS = {"parts": Jigsaw, "occlusion": Occlude, "shape": Silhouette, "texture": TextureOnly}


def top_rows(model, image):
    """The model's top three classes for an image, as the chart lists them."""
    return chart_rows(model.predict([image])[0], model.labels, k=3)


def test_the_original_cat_is_as_published(model, cat_image):
    assert_as_published("original", top_rows(model, cat_image))


@pytest.mark.parametrize("preset", PRESETS, ids=[preset.key for preset in PRESETS])
def test_each_lesson_gives_the_published_result(model, cat_image, preset):
    edits = preset.make(model, cat_image, None, None)
    assert [type(edit) for edit in edits] == [KINDS[preset.key]]
    assert_as_published(preset.key, top_rows(model, apply(cat_image, edits)))


@pytest.fixture(scope="module")
def lecture_cat():
    return load_image(lecture_image("original"))


def test_the_shape_lesson_turns_the_cat_into_a_dog(model, lecture_cat):
    [edit] = shape_edits(model, lecture_cat)
    assert isinstance(edit, Silhouette) and edit.region == find_object(model, lecture_cat)
    top = model.classify(apply(lecture_cat, [edit]), 1)[0]
    assert coarse_category(top.index) == "dog" and top.label == "schipperke"  # the lecture's answer, as measured


def test_the_texture_lesson_tiles_a_patch_of_the_object_at_its_own_size(model, lecture_cat):
    [edit] = texture_edits(model, lecture_cat)
    assert isinstance(edit, TextureOnly) and edit.source.kind == "patch"
    x0, y0, x1, y1 = edit.source.box
    assert edit.scale == pytest.approx(x1 - x0)  # one patch pixel is one image pixel
    inside = find_object(model, lecture_cat).mask(224, 224)
    assert inside[round(y0 * 224) : round(y1 * 224), round(x0 * 224) : round(x1 * 224)].all()


def test_lessons_stop_on_their_token(model, lecture_cat):
    token = CancelToken()
    token.cancel()
    for preset in PRESETS:
        if preset.key in ("shape", "texture"):
            with pytest.raises(Cancelled):
                preset.make(model, lecture_cat, token, None)
