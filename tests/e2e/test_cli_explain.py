"""`classifier-explorer explain`, run as a user would: a separate process, real model, real files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop_app.core.explain import occlusion_map, rise_map
from desktop_app.core.imageio import load_image
from desktop_app.core.preprocess import crop_box
from tests.core.test_cam import tiny_classifier
from tests.e2e.test_cli import CAT, assert_one_error_line, cli

KEYS = {"method", "target", "label", "map_shape", "forward_passes", "elapsed_s", "model", "provider"}


def test_cam_json_overlay_png_and_raw_npy(tmp_path, model, cat_image):
    out, raw = tmp_path / "cam overlay.png", tmp_path / "cam.npy"
    result = cli("explain", str(CAT), "--method", "cam", "--json", "--out", str(out), "--npy", str(raw))
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert KEYS <= set(doc)
    assert doc["method"] == "cam" and doc["target"] == 282 and doc["label"] == "tiger cat"
    assert doc["map_shape"] == [224, 224] and doc["forward_passes"] == 1 and doc["elapsed_s"] > 0
    assert doc["model"] == "EfficientNet-Lite0" and doc["provider"] == "CPU"
    values = np.load(raw)
    assert values.shape == (224, 224) and values.dtype == np.float32 and values.min() >= 0 and values.max() > 0
    with_bar = load_image(out)
    height = cat_image.shape[0]
    assert with_bar.shape[1] == cat_image.shape[1] and height < with_bar.shape[0] <= 1.3 * height  # + colour bar
    overlay = with_bar[:height]  # the image's size
    x0, y0, x1, y1 = crop_box(*cat_image.shape[:2], model.spec)
    outside = np.ones(cat_image.shape[:2], bool)
    outside[y0:y1, x0:x1] = False
    assert np.array_equal(overlay[outside], cat_image[outside])  # the border the model never sees stays as it was
    assert np.abs(overlay[y0:y1, x0:x1].astype(int) - cat_image[y0:y1, x0:x1]).mean() > 10


def test_occlusion_of_another_class_equals_the_core_map(tmp_path, model, cat_image):
    raw = tmp_path / "occlusion.npy"
    args = ("--window", "112", "--stride", "56", "--target", "285", "--fill", "black")
    result = cli("explain", str(CAT), "--method", "occlusion", *args, "--npy", str(raw), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["target"] == 285 and doc["label"] == "Egyptian cat" and doc["forward_passes"] == 3 * 3 + 1
    expected = occlusion_map(model, cat_image, target=285, window=112, stride=56, fill="black")
    np.testing.assert_allclose(np.load(raw), expected.values, rtol=0, atol=1e-6)


def test_rise_with_a_seed_is_reproducible_and_prints_a_summary(tmp_path, model, cat_image):
    raw = tmp_path / "rise.npy"
    result = cli("explain", str(CAT), "--method", "rise", "--masks", "20", "--seed", "3", "--npy", str(raw))
    assert result.returncode == 0, result.stderr
    assert "rise map of “tiger cat” [282]: 224 x 224, 21 forward passes" in result.stdout
    assert f"wrote {raw}" in result.stdout
    expected = rise_map(model, cat_image, masks=20, seed=3)
    np.testing.assert_allclose(np.load(raw), expected.values, rtol=0, atol=1e-6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--method", "gradcam"), "invalid choice"),
        (("--method", "occlusion", "--masks", "10"), "--masks applies to --method rise only"),
        (("--method", "cam", "--window", "16"), "--window applies to --method occlusion only"),
        (("--window", "0"), "window 0"),
        (("--target", "1000"), "target class must be between 0 and 999"),
        (("--method", "rise", "--masks", "0"), "number of masks"),
        (("--out", "map.jpg"), "must name a .png file"),
    ],
)
def test_bad_explain_options(args, message):
    result = cli("explain", str(CAT), *args)
    assert result.returncode == 2 and result.stdout == ""
    assert_one_error_line(result.stderr)
    assert message in result.stderr


def test_missing_image_and_unwritable_outputs(tmp_path):
    missing = cli("explain", str(tmp_path / "nope.png"), "--method", "cam")
    assert missing.returncode == 2 and "nope.png" in missing.stderr
    assert_one_error_line(missing.stderr)
    unwritable = cli("explain", str(CAT), "--method", "cam", "--npy", str(tmp_path / "no folder" / "map.npy"))
    assert unwritable.returncode == 2 and "map.npy" in unwritable.stderr
    assert_one_error_line(unwritable.stderr)


def test_cam_on_a_model_without_global_average_pooling(tmp_path):
    path, _ = tiny_classifier(tmp_path / "maxpool.onnx", "max_pool")
    result = cli("explain", str(CAT), "--method", "cam", "--model", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert_one_error_line(result.stderr)
    assert "CAM is not available" in result.stderr and "global average pooling" in result.stderr
