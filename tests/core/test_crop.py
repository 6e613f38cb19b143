"""The crop edit keeps exactly the requested pixels; the box geometry behind the crop tool stays valid."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.crop import (
    Crop,
    box_from_points,
    crop_from_pixels,
    move_box,
    preview_around_crop,
    resize_box,
    squared,
)
from desktop_app.core.edits import EditError, Fill, Occlude, apply, edit_from_dict, edit_to_dict, pixel_box


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
        expected = pixel_box(box, height, width)
        if expected[0] < expected[2] and expected[1] < expected[3]:  # pixel_box's own box when not a lost sliver
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
            crop = crop_from_pixels((left, top, right, bottom), height, width)
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


@pytest.mark.parametrize(
    "box",
    [
        (0.5, 0.1, 0.4, 0.2),  # x reversed
        (0.1, 0.5, 0.4, 0.5),  # no height
        (-0.1, 0.0, 0.5, 0.5),
        (0.0, 0.0, 1.2, 0.5),
        (0.0, float("nan"), 1.0, 1.0),
        (0.0, 0.0, float("inf"), 1.0),
        ("0", 0.0, 1.0, 1.0),
        (None, 0.0, 1.0, 1.0),
        (False, 0.0, 1.0, 1.0),
    ],
)
def test_bad_boxes_are_refused(box):
    with pytest.raises(EditError):
        Crop(*box)


def test_square_must_be_a_bool():
    with pytest.raises(EditError):
        Crop(0.1, 0.1, 0.5, 0.5, square="yes")


def test_a_square_crop_stays_square_at_every_resolution():
    """Drawn square on the 1600 px working image, the same crop must be square on the 4032 px photo too."""
    crop = crop_from_pixels((333, 101, 1111, 879), 1200, 1600, square=True)
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


# -- geometry ------------------------------------------------------------------------------------------------------


def inside(box, height, width, min_side=1) -> bool:
    left, top, right, bottom = box
    return 0 <= left and right <= width and 0 <= top and bottom <= height and right - left >= min_side <= bottom - top


def test_drawn_boxes_stay_inside_and_squares_are_square():
    rng = np.random.default_rng(5)
    height, width = 300, 400
    for _ in range(500):
        anchor = (int(rng.integers(0, width + 1)), int(rng.integers(0, height + 1)))
        point = (rng.uniform(-50, width + 50), rng.uniform(-50, height + 50))
        free = box_from_points(anchor, point, height, width, square=False, min_side=8)
        assert inside(free, height, width, 8)
        square = box_from_points(anchor, point, height, width, square=True, min_side=8)
        assert inside(square, height, width, 8)
        assert square[2] - square[0] == square[3] - square[1]


def test_drawn_box_follows_the_pointer_from_its_anchor():
    assert box_from_points((10, 20), (110, 70), 300, 400, square=False, min_side=8) == (10, 20, 110, 70)
    assert box_from_points((110, 70), (10, 20), 300, 400, square=False, min_side=8) == (10, 20, 110, 70)
    assert box_from_points((10, 20), (110, 70), 300, 400, square=True, min_side=8) == (10, 20, 110, 120)
    assert box_from_points((10, 20), (11, 21), 300, 400, square=False, min_side=8) == (10, 20, 18, 28)
    assert box_from_points((400, 300), (420, 320), 300, 400, square=False, min_side=8) == (392, 292, 400, 300)
    # a square from near the right edge stops at the edge
    assert box_from_points((350, 0), (500, 200), 300, 400, square=True, min_side=8) == (350, 0, 400, 50)


def test_tiny_images_still_give_valid_boxes():
    for square in (False, True):
        for anchor in ((0, 0), (2, 1), (5, 3)):
            box = box_from_points(anchor, (4.0, 0.0), 3, 5, square=square, min_side=8)
            assert inside(box, 3, 5)


def test_resizing_an_edge_moves_only_that_edge():
    box = (100, 50, 200, 150)
    assert resize_box(box, (1, 0), (260.0, 0.0), 300, 400, square=False, min_side=8) == (100, 50, 260, 150)
    assert resize_box(box, (-1, 0), (40.0, 999.0), 300, 400, square=False, min_side=8) == (40, 50, 200, 150)
    assert resize_box(box, (0, 1), (0.0, 500.0), 300, 400, square=False, min_side=8) == (100, 50, 200, 300)
    assert resize_box(box, (0, -1), (0.0, 149.0), 300, 400, square=False, min_side=8) == (100, 142, 200, 150)
    assert resize_box(box, (1, 1), (300.0, 250.0), 300, 400, square=False, min_side=8) == (100, 50, 300, 250)
    assert resize_box(box, (-1, -1), (300.0, 250.0), 300, 400, square=False, min_side=8) == (200, 150, 300, 250)


def test_square_resizing_keeps_it_square_and_inside():
    rng = np.random.default_rng(9)
    height, width = 300, 400
    handles = [(hx, hy) for hx in (-1, 0, 1) for hy in (-1, 0, 1) if hx or hy]
    for _ in range(300):
        start = box_from_points(
            (int(rng.integers(0, width)), int(rng.integers(0, height))),
            (rng.uniform(0, width), rng.uniform(0, height)),
            height,
            width,
            square=True,
            min_side=8,
        )
        for handle in handles:
            point = (rng.uniform(-20, width + 20), rng.uniform(-20, height + 20))
            box = resize_box(start, handle, point, height, width, square=True, min_side=8)
            assert inside(box, height, width) and box[2] - box[0] == box[3] - box[1]


def test_square_edge_resize_keeps_the_opposite_edge_and_centre():
    assert resize_box((100, 100, 200, 200), (1, 0), (240.0, 0.0), 300, 400, square=True, min_side=8) == (
        100,
        80,
        240,
        220,
    )


def test_moving_keeps_the_size_and_stops_at_the_edges():
    box = (100, 50, 200, 150)
    assert move_box(box, 30.4, -20.6, 300, 400) == (130, 29, 230, 129)
    assert move_box(box, 1000, 1000, 300, 400) == (300, 200, 400, 300)
    assert move_box(box, -1000, -1000, 300, 400) == (0, 0, 100, 100)


def test_squared_is_the_largest_centred_square():
    assert squared((0, 0, 400, 300)) == (50, 0, 350, 300)
    assert squared((10, 10, 20, 50)) == (10, 25, 20, 35)
