"""Preprocessing: the crop the model sees, normalisation, layouts and metadata round trips."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.preprocess import (
    PreprocessSpec,
    SpecError,
    crop_and_resize,
    crop_box,
    to_batch,
    to_tensor,
)

SPEC = PreprocessSpec(mean=(127.0, 127.0, 127.0), std=(128.0, 128.0, 128.0))


def test_crop_box_is_the_centred_square_of_the_short_side():
    assert crop_box(300, 451, SPEC) == (94, 19, 94 + 262, 19 + 262)  # round(300 * 224/256) = 262
    assert crop_box(256, 256, SPEC) == (16, 16, 240, 240)


def test_crop_and_resize_size_and_dtype():
    image = np.random.default_rng(0).integers(0, 256, (3000, 4000, 3), dtype=np.uint8)
    out = crop_and_resize(image, SPEC)
    assert out.shape == (224, 224, 3) and out.dtype == np.uint8


def test_normalisation_and_layouts():
    image = np.full((256, 256, 3), (255, 127, 0), np.uint8)
    chw = to_tensor(image, SPEC)
    assert chw.shape == (3, 224, 224) and chw.dtype == np.float32
    np.testing.assert_allclose(chw[:, 0, 0], [128 / 128, 0, -127 / 128])
    hwc = to_tensor(image, PreprocessSpec(layout="NHWC", mean=SPEC.mean, std=SPEC.std))
    np.testing.assert_array_equal(hwc, chw.transpose(1, 2, 0))
    bgr = to_tensor(image, PreprocessSpec(color="BGR", mean=SPEC.mean, std=SPEC.std))
    np.testing.assert_allclose(bgr[:, 0, 0], [-127 / 128, 0, 1])
    assert to_batch([image, image], SPEC).shape == (2, 3, 224, 224)


def test_metadata_round_trip_and_bad_values():
    meta = SPEC.to_metadata()
    assert all(isinstance(v, str) for v in meta.values())
    assert PreprocessSpec.from_metadata(meta, "x") == SPEC
    assert PreprocessSpec.from_metadata({"unrelated": "1"}, "x") is None
    with pytest.raises(SpecError):
        PreprocessSpec.from_metadata({"mean": "not json"}, "x")
    with pytest.raises(SpecError):
        PreprocessSpec(layout="CHW")
    with pytest.raises(SpecError):
        crop_and_resize(np.zeros((10, 10), np.uint8), SPEC)
