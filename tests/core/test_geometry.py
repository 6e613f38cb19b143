"""The one coordinate model: fraction and pixel boxes, the conversion between them, and the gesture arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.geometry import (
    CORNERS,
    HANDLES,
    FracBox,
    Frame,
    PixelBox,
    box_around,
    box_from_points,
    handle_at,
    handle_point,
    opposite_corner,
    pixel_box_from_points,
    polygon_area,
    resize_box,
    stroke_points,
)

# -- the conversion ------------------------------------------------------------------------------------------------


def test_fractions_to_pixels_exact_numbers():
    assert FracBox(0.25, 0.5, 0.75, 1.0).to_pixels((120, 200)) == PixelBox(50, 60, 150, 120)
    assert FracBox(0.0, 0.0, 1.0, 1.0).to_pixels((3, 5)) == PixelBox(0, 0, 5, 3)
    assert FracBox(0.333, 0.1, 0.667, 0.9).to_pixels((10, 10)) == PixelBox(3, 1, 7, 9)  # rounded to the nearest


def test_a_sliver_keeps_one_pixel_even_at_the_far_edge():
    assert FracBox(0.999, 0.999, 1.0, 1.0).to_pixels((100, 100)) == PixelBox(99, 99, 100, 100)
    assert FracBox(0.0, 0.0, 0.001, 0.001).to_pixels((100, 100)) == PixelBox(0, 0, 1, 1)


def test_pixels_to_fractions_and_back_is_exact():
    rng = np.random.default_rng(3)
    for height, width in ((1200, 1600), (1067, 1600), (7, 9), (1, 1)):
        for _ in range(200):
            left, right = sorted(rng.choice(width + 1, 2, replace=False)) if width > 1 else (0, 1)
            top, bottom = sorted(rng.choice(height + 1, 2, replace=False)) if height > 1 else (0, 1)
            box = PixelBox(int(left), int(top), int(right), int(bottom))
            assert box.to_fractions((height, width)).to_pixels((height, width)) == box


def test_pixel_box_measures_and_slices():
    box = PixelBox(10, 20, 40, 30)
    assert (box.width, box.height) == (30, 10)
    image = np.arange(50 * 60).reshape(50, 60)
    np.testing.assert_array_equal(image[box.slices()], image[20:30, 10:40])
    assert box == (10, 20, 40, 30)  # a plain tuple where one is expected
    assert box.contains((10, 20)) and box.contains((40, 30)) and not box.contains((41, 25))


@pytest.mark.parametrize(
    "corners",
    [
        (0.5, 0.1, 0.4, 0.2),  # x reversed
        (0.1, 0.5, 0.4, 0.5),  # no height
        (-0.1, 0.0, 0.5, 0.5),
        (0.0, 0.0, 1.2, 0.5),
        (0.0, float("nan"), 1.0, 1.0),
        (0.0, 0.0, float("inf"), 1.0),
        ("0", 0.0, 1.0, 1.0),
        (True, 0.0, 1.0, 1.0),
    ],
)
def test_a_fraction_box_must_lie_inside_the_image(corners):
    with pytest.raises(ValueError):
        FracBox(*corners)


def test_float_noise_at_the_edges_is_not_an_error():
    box = FracBox(-1e-12, 0.3, 0.1 + 0.2 + 0.7, 1.0 + 1e-12)
    assert (box.x0, box.x1, box.y1) == (0.0, 1.0, 1.0)
    assert list(box) == [0.0, 0.3, 1.0, 1.0] and box.width == 1.0 and box.height == pytest.approx(0.7)


def test_moving_keeps_the_size_and_stops_at_the_edges():
    box = FracBox(0.2, 0.2, 0.4, 0.5)
    assert tuple(box.moved(0.1, -0.1)) == pytest.approx((0.3, 0.1, 0.5, 0.4))
    assert tuple(box.moved(5, 5)) == pytest.approx((0.8, 0.7, 1.0, 1.0))
    assert tuple(box.moved(-5, -5)) == pytest.approx((0.0, 0.0, 0.2, 0.3))
    pixels = PixelBox(100, 50, 200, 150)
    assert pixels.moved(30.4, -20.6, (300, 400)) == (130, 29, 230, 129)
    assert pixels.moved(1000, 1000, (300, 400)) == (300, 200, 400, 300)
    assert pixels.moved(-1000, -1000, (300, 400)) == (0, 0, 100, 100)


def test_squared_is_the_largest_centred_square():
    assert PixelBox(0, 0, 400, 300).squared() == (50, 0, 350, 300)
    assert PixelBox(10, 10, 20, 50).squared() == (10, 25, 20, 35)


# -- boxes from a drag -----------------------------------------------------------------------------------------------


def inside(box, height, width, min_side=1) -> bool:
    left, top, right, bottom = box
    return 0 <= left and right <= width and 0 <= top and bottom <= height and right - left >= min_side <= bottom - top


def test_a_drag_gives_the_box_between_the_points_either_way():
    for a, b in (((0.2, 0.3), (0.6, 0.8)), ((0.6, 0.8), (0.2, 0.3)), ((0.6, 0.3), (0.2, 0.8))):
        assert tuple(box_from_points(a, b, (100, 200))) == pytest.approx((0.2, 0.3, 0.6, 0.8))


def test_a_small_drag_grows_from_the_anchor_to_the_minimum_size():
    # 4 px of a 200 x 100 image: 0.02 across, 0.04 down, towards the pointer
    assert tuple(box_from_points((0.5, 0.5), (0.5, 0.5), (100, 200), min_px=4)) == pytest.approx((0.5, 0.5, 0.52, 0.54))
    assert tuple(box_from_points((0.5, 0.5), (0.49, 0.49), (100, 200), min_px=4)) == pytest.approx(
        (0.48, 0.46, 0.5, 0.5)
    )
    # at the right and bottom edges there is no room that way: the box lies the other way
    assert tuple(box_from_points((1.0, 1.0), (1.0, 1.0), (100, 200), min_px=4)) == pytest.approx((0.98, 0.96, 1.0, 1.0))


def test_a_square_drag_has_equal_pixel_sides():
    box = box_from_points((0.1, 0.1), (0.5, 0.3), (100, 200), square=True)
    left, top, right, bottom = box.to_pixels((100, 200))
    assert right - left == bottom - top == 80  # the longer drag (80 px across) sets the side


def test_pixel_drags_follow_the_pointer_from_their_anchor():
    size = (300, 400)
    assert pixel_box_from_points((10, 20), (110, 70), size, 8) == (10, 20, 110, 70)
    assert pixel_box_from_points((110, 70), (10, 20), size, 8) == (10, 20, 110, 70)
    assert pixel_box_from_points((10, 20), (110, 70), size, 8, square=True) == (10, 20, 110, 120)
    assert pixel_box_from_points((10, 20), (11, 21), size, 8) == (10, 20, 18, 28)
    assert pixel_box_from_points((400, 300), (420, 320), size, 8) == (392, 292, 400, 300)
    # a square from near the right edge stops at the edge
    assert pixel_box_from_points((350, 0), (500, 200), size, 8, square=True) == (350, 0, 400, 50)


def test_drawn_boxes_stay_inside_and_squares_are_square():
    rng = np.random.default_rng(5)
    height, width = 300, 400
    for _ in range(500):
        anchor = (int(rng.integers(0, width + 1)), int(rng.integers(0, height + 1)))
        point = (rng.uniform(-50, width + 50), rng.uniform(-50, height + 50))
        free = pixel_box_from_points(anchor, point, (height, width), 8)
        assert inside(free, height, width, 8)
        square = pixel_box_from_points(anchor, point, (height, width), 8, square=True)
        assert inside(square, height, width, 8) and square.width == square.height
        fractions = box_from_points((anchor[0] / width, anchor[1] / height), (0.5, 0.5), (height, width), min_px=8)
        assert inside(fractions.to_pixels((height, width)), height, width, 8)


def test_tiny_images_still_give_valid_boxes():
    for square in (False, True):
        for anchor in ((0, 0), (2, 1), (5, 3)):
            assert inside(pixel_box_from_points(anchor, (4.0, 0.0), (3, 5), 8, square), 3, 5)
            fractions = box_from_points((anchor[0] / 5, anchor[1] / 3), (0.8, 0.0), (3, 5), 8, square)
            assert inside(fractions.to_pixels((3, 5)), 3, 5)


# -- a box around a click --------------------------------------------------------------------------------------------


def test_a_click_box_is_square_in_pixels_and_centred():
    box = box_around((0.5, 0.5), (100, 200), 0.25)  # 50 px on a side
    assert tuple(box) == pytest.approx((0.375, 0.25, 0.625, 0.75))
    assert box.to_pixels((100, 200)) == (75, 25, 125, 75)


def test_a_click_box_near_an_edge_is_moved_inside():
    assert tuple(box_around((0.0, 1.0), (100, 200), 0.25)) == pytest.approx((0.0, 0.5, 0.25, 1.0))
    assert tuple(box_around((0.99, 0.01), (100, 200), 0.1)) == pytest.approx((0.9, 0.0, 1.0, 0.2))


def test_a_click_box_on_a_wide_image_takes_the_whole_height():
    assert tuple(box_around((0.3, 0.5), (40, 400), 0.25)) == pytest.approx((0.175, 0.0, 0.425, 1.0))


# -- handles ---------------------------------------------------------------------------------------------------------


def test_handles_sit_on_the_corners_and_edge_middles():
    box = (10.0, 20.0, 50.0, 40.0)
    assert [handle_point(box, h) for h in HANDLES] == [
        (10, 20), (50, 20), (10, 40), (50, 40), (30, 20), (30, 40), (10, 30), (50, 30)
    ]  # fmt: skip
    assert handle_at((51.0, 41.0), box, reach=2) == (1, 1)
    assert handle_at((30.0, 21.5), box, reach=2) == (0, -1)
    assert handle_at((30.0, 21.5), box, reach=2, handles=CORNERS) is None
    assert handle_at((30.0, 30.0), box, reach=2) is None
    assert opposite_corner(box, (1, -1)) == (10, 40)


def test_resizing_an_edge_moves_only_that_edge():
    box, size = PixelBox(100, 50, 200, 150), (300, 400)
    assert resize_box(box, (1, 0), (260.0, 0.0), size, False, 8) == (100, 50, 260, 150)
    assert resize_box(box, (-1, 0), (40.0, 999.0), size, False, 8) == (40, 50, 200, 150)
    assert resize_box(box, (0, 1), (0.0, 500.0), size, False, 8) == (100, 50, 200, 300)
    assert resize_box(box, (0, -1), (0.0, 149.0), size, False, 8) == (100, 142, 200, 150)
    assert resize_box(box, (1, 1), (300.0, 250.0), size, False, 8) == (100, 50, 300, 250)
    assert resize_box(box, (-1, -1), (300.0, 250.0), size, False, 8) == (200, 150, 300, 250)


def test_square_resizing_keeps_it_square_and_inside():
    rng = np.random.default_rng(9)
    size = height, width = 300, 400
    for _ in range(300):
        anchor = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        start = pixel_box_from_points(anchor, (rng.uniform(0, width), rng.uniform(0, height)), size, 8, True)
        for handle in HANDLES:
            point = (rng.uniform(-20, width + 20), rng.uniform(-20, height + 20))
            box = resize_box(start, handle, point, size, True, 8)
            assert inside(box, height, width) and box.width == box.height


def test_square_edge_resize_keeps_the_opposite_edge_and_centre():
    assert resize_box(PixelBox(100, 100, 200, 200), (1, 0), (240.0, 0.0), (300, 400), True, 8) == (100, 80, 240, 220)


# -- areas and frames ------------------------------------------------------------------------------------------------


def test_polygon_area_in_pixels():
    square = [(0.1, 0.1), (0.6, 0.1), (0.6, 0.6), (0.1, 0.6)]
    assert polygon_area(square, (100, 200)) == pytest.approx(100 * 50)
    assert polygon_area(square[::-1], (100, 200)) == pytest.approx(100 * 50)  # either winding
    assert polygon_area([(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)], (10, 10)) == pytest.approx(50)
    assert polygon_area([(0.2, 0.2), (0.4, 0.4)], (10, 10)) == 0


def test_the_whole_frame_maps_fractions_to_the_shown_pixels():
    frame = Frame.whole((100, 200))
    assert frame.to_canvas((0.25, 0.5)) == (50, 50) and frame.scale == (1, 1)
    assert frame.to_fractions(50, 50) == (0.25, 0.5)
    assert frame.to_fractions(-10, 150) == (0.0, 1.0)  # clamped to the image
    assert frame.box_to_canvas(FracBox(0.25, 0.25, 0.75, 0.75)) == (50, 25, 150, 75)


def test_a_frame_inside_the_canvas_places_an_image_drawn_into_part_of_it():
    """A 70 x 120 render drawn into the (80, 30)-(200, 100) rectangle of the uncropped view."""
    frame = Frame((70, 120), (80.0, 30.0, 200.0, 100.0))
    assert frame.to_canvas((0.0, 0.0)) == (80, 30) and frame.to_canvas((1.0, 1.0)) == (200, 100)
    assert frame.box_to_canvas(PixelBox(12, 7, 60, 35)) == pytest.approx((92, 37, 140, 65))
    assert frame.to_fractions(140, 65) == pytest.approx((0.5, 0.5))


def test_a_stroke_needs_a_point_inside_and_a_sensible_radius():
    assert stroke_points([(0, 1), (0.5, 0.25)], 0.1) == ((0.0, 1.0), (0.5, 0.25))
    for points, radius in (([], 0.1), ([(0.5, 1.2)], 0.1), ([(0.5, 0.5)], 0.0), ([(0.5, 0.5)], 0.6)):
        with pytest.raises(ValueError):
            stroke_points(points, radius)
