"""The crop edit keeps exactly the requested pixels, and the uncropped preview shows its final render."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.crop import Crop, crop_from_pixels, preview_around_crop
from desktop_app.core.edits import EditError, Fill, Occlude, apply, edit_from_dict, edit_to_dict
from desktop_app.core.geometry import FracBox, PixelBox


@pytest.fixture
def image() -> np.ndarray:
    return np.random.default_rng(2).integers(0, 256, (120, 200, 3), dtype=np.uint8)


def random_boxes(count: int, seed: int = 0) -> list[tuple[float, float, float, float]]:
    rng = np.random.default_rng(seed)
    boxes = []
    for _ in range(count):
        x0, x1 = sorted(rng.uniform(0, 1, 2))
        y0, y1 = sorted(rng.uniform(0, 1, 2))
        boxes.append((x0, y0, max(x1, x0 + 1e-6), max(y1, y0 + 1e-6)))
    return boxes


@pytest.mark.parametrize("size", [(120, 200), (1, 1), (3, 1600), (1200, 1600), (97, 31)])
def test_crop_has_the_requested_size_and_content(size):
    height, width = size
    picture = np.random.default_rng(height * width).integers(0, 256, (height, width, 3), dtype=np.uint8)
    for box in random_boxes(200, seed=width):
        crop = Crop(*box)
        out = crop.apply(picture)
        left, top, right, bottom = crop.pixel_box(height, width)
        expected = FracBox(*box).to_pixels((height, width))
        if expected[0] < expected[2] and expected[1] < expected[3]:  # to_pixels' own box when not a lost sliver
            assert (left, top, right, bottom) == expected
        assert out.shape == (bottom - top, right - left, 3) and out.shape[0] >= 1 and out.shape[1] >= 1
        assert crop.pixel_size(height, width) == (out.shape[1], out.shape[0])
        np.testing.assert_array_equal(out, picture[top:bottom, left:right])


def test_a_sliver_at_the_edge_still_keeps_one_pixel(image):
    """Rounding could leave nothing of a box thinner than half a pixel at the right or bottom edge."""
    out = Crop(0.999, 0.999, 1.0, 1.0).apply(image)
    assert out.shape == (1, 1, 3)
    np.testing.assert_array_equal(out[0, 0], image[-1, -1])


def test_crop_copies_and_never_modifies_its_input(image):
    before = image.copy()
    out = Crop(0.25, 0.25, 0.75, 0.75).apply(image)
    out[:] = 0
    np.testing.assert_array_equal(image, before)
    assert out.flags["C_CONTIGUOUS"] and out.flags["OWNDATA"]


def test_whole_pixel_boxes_give_exactly_those_pixels():
    """The crop tool works in working-image pixels: a box of n pixels must crop to n pixels, not n +- 1."""
    for height, width in ((1200, 1600), (1067, 1600), (333, 777)):
        rng = np.random.default_rng(width)
        for _ in range(300):
            left, right = sorted(rng.choice(width + 1, 2, replace=False))
            top, bottom = sorted(rng.choice(height + 1, 2, replace=False))
            crop = crop_from_pixels(PixelBox(left, top, right, bottom), (height, width))
            assert crop.pixel_box(height, width) == (left, top, right, bottom)


def test_edits_after_a_crop_work_in_the_cropped_frame(image):
    cropped_then_covered = apply(image, [Crop(0.5, 0.5, 1.0, 1.0), Occlude(0.0, 0.0, 0.5, 0.5, fill=Fill.BLACK)])
    assert cropped_then_covered.shape == (60, 100, 3)
    assert (cropped_then_covered[:30, :50] == 0).all()
    np.testing.assert_array_equal(cropped_then_covered[30:, 50:], image[90:, 150:])


def test_preview_shows_the_final_render_inside_the_crop_and_the_rest_untouched(image):
    crop = Crop(0.25, 0.5, 0.75, 1.0)
    after = [Occlude(0.0, 0.0, 0.5, 0.5, fill=Fill.WHITE)]
    preview = preview_around_crop(image, crop, after)
    left, top, right, bottom = crop.pixel_box(*image.shape[:2])
    assert preview.shape == image.shape
    np.testing.assert_array_equal(preview[top:bottom, left:right], apply(image, [crop, *after]))
    outside = np.ones(image.shape[:2], bool)
    outside[top:bottom, left:right] = False
    np.testing.assert_array_equal(preview[outside], image[outside])


def test_dict_round_trip():
    crop = Crop(0.125, 0.2, 0.875, 0.95)
    data = edit_to_dict(crop)
    assert data == {"kind": "crop", "x0": 0.125, "y0": 0.2, "x1": 0.875, "y1": 0.95, "square": False}
    assert edit_from_dict(data) == crop
    assert edit_from_dict(edit_to_dict(Crop(0.1, 0.1, 0.5, 0.5, square=True))).square
    # files written before `square` existed still load
    assert edit_from_dict({"kind": "crop", "x0": 0, "y0": 0, "x1": 1, "y1": 1}) == Crop(0.0, 0.0, 1.0, 1.0)


@pytest.mark.parametrize("box", [(0.5, 0.1, 0.4, 0.2), (0.0, float("nan"), 1.0, 1.0), (None, 0.0, 1.0, 1.0)])
def test_bad_boxes_are_refused(box):
    """As an EditError naming the crop (test_geometry checks every way a box can be wrong)."""
    with pytest.raises(EditError, match="crop box"):
        Crop(*box)


def test_square_must_be_a_bool():
    with pytest.raises(EditError):
        Crop(0.1, 0.1, 0.5, 0.5, square="yes")


def test_a_square_crop_stays_square_at_every_resolution():
    """Drawn square on the 1600 px working image, the same crop must be square on the 4032 px photo too."""
    crop = crop_from_pixels(PixelBox(333, 101, 1111, 879), (1200, 1600), square=True)
    for height, width in ((1200, 1600), (3024, 4032), (3000, 4000), (601, 801), (7, 9)):
        picture = np.zeros((height, width, 3), np.uint8)
        out = crop.apply(picture)
        assert out.shape[0] == out.shape[1] >= 1
        assert crop.pixel_size(height, width) == (out.shape[1], out.shape[0])
    assert crop.pixel_box(1200, 1600) == (333, 101, 1111, 879)  # exact where it was drawn


def test_bad_dicts_are_refused():
    with pytest.raises(EditError):
        edit_from_dict({"kind": "crop", "x0": 0.1, "y0": 0.1, "x1": 0.5})
    with pytest.raises(EditError):
        edit_from_dict({"kind": "crop", "x0": 0.1, "y0": 0.1, "x1": 0.5, "y1": 0.5, "angle": 3})


def test_describe():
    assert Crop(0.1, 0.2, 0.6, 0.7).describe() == "Crop to 50×50 % at (10 %, 20 %)"
    assert Crop(0.1, 0.2, 0.6, 0.7, square=True).describe().startswith("Square crop")
