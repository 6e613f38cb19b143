"""The lesson presets on the bundled cat and model give the results README.md publishes (±0.5 points)."""

from __future__ import annotations

import pytest

from desktop_app.core.edits import Occlude, apply
from desktop_app.core.parts import Jigsaw
from desktop_app.core.prediction import chart_rows
from desktop_app.core.presets import PRESETS
from desktop_app.core.shape import Silhouette
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
