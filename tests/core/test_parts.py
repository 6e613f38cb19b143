"""Parts edits rearrange pixels and nothing else: a jigsaw keeps every tile, a move keeps the part whole."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.edits import EditError, Fill, edit_from_dict, edit_to_dict
from desktop_app.core.parts import Jigsaw, MovePart, jigsaw_order


@pytest.fixture
def image() -> np.ndarray:
    """Random pixels, so that no two tiles or parts look alike; 121×203 is divisible by no grid size."""
    return np.random.default_rng(7).integers(0, 256, (121, 203, 3), dtype=np.uint8)


def tiles(image: np.ndarray, edit: Jigsaw) -> list[bytes]:
    """The bytes of every grid tile, in row-major order."""
    xs, ys = edit.tile_grid(*image.shape[:2])
    return [image[ys[r] : ys[r + 1], xs[c] : xs[c + 1]].tobytes() for r in range(edit.n) for c in range(edit.n)]


# -- jigsaw -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(2, 9))
def test_jigsaw_keeps_every_tile(image, n):
    edit = Jigsaw(n, seed=3)
    out = edit.apply(image)
    before, after = tiles(image, edit), tiles(out, edit)
    assert sorted(after) == sorted(before)  # the same multiset of tiles
    assert after != before  # but not in the same order
    assert after == [before[i] for i in edit.order()]
    xs, ys = edit.tile_grid(*image.shape[:2])
    np.testing.assert_array_equal(out[:, xs[-1] :], image[:, xs[-1] :])  # the leftover strips stay in place
    np.testing.assert_array_equal(out[ys[-1] :], image[ys[-1] :])
    assert out.shape == image.shape and out.dtype == np.uint8


def test_jigsaw_tiles_have_equal_size_and_cover_all_but_fewer_than_n_pixels(image):
    for n in range(2, 9):
        xs, ys = Jigsaw(n).tile_grid(*image.shape[:2])
        assert len(set(np.diff(xs))) == 1 and len(set(np.diff(ys))) == 1
        assert xs[0] == 0 and ys[0] == 0 and 0 <= 203 - xs[-1] < n and 0 <= 121 - ys[-1] < n


def test_jigsaw_is_deterministic_and_the_seed_matters(image):
    first, again = Jigsaw(3, seed=0).apply(image), Jigsaw(3, seed=0).apply(image)
    np.testing.assert_array_equal(first, again)
    outcomes = {Jigsaw(3, seed=seed).apply(image).tobytes() for seed in range(10)}
    assert len(outcomes) >= 9  # 9! orders: different seeds practically always differ


def test_jigsaw_order_is_a_permutation_and_never_the_identity():
    for n in (2, 3, 8):
        for seed in range(200):  # for n = 2, about one seed in 24 draws the identity first
            order = jigsaw_order(n, seed)
            assert sorted(order) == list(range(n * n)) and not np.array_equal(order, np.arange(n * n))
    first = np.random.default_rng(5).permutation(9)
    np.testing.assert_array_equal(jigsaw_order(3, 5), first)  # numpy's permutation of the seed, as documented


def test_jigsaw_never_modifies_its_input(image):
    before = image.copy()
    Jigsaw(4, seed=1).apply(image)
    np.testing.assert_array_equal(image, before)


def test_jigsaw_in_a_box_changes_only_the_box(image):
    edit = Jigsaw(2, seed=1, x0=0.25, y0=0.5, x1=0.75, y1=1.0)
    out = edit.apply(image)
    xs, ys = edit.tile_grid(*image.shape[:2])
    inside = np.zeros(image.shape[:2], bool)
    inside[ys[0] : ys[-1], xs[0] : xs[-1]] = True
    np.testing.assert_array_equal(out[~inside], image[~inside])
    assert sorted(tiles(out, edit)) == sorted(tiles(image, edit)) and tiles(out, edit) != tiles(image, edit)


def test_jigsaw_of_an_image_smaller_than_the_grid_leaves_it_unchanged():
    tiny = np.arange(5 * 7 * 3, dtype=np.uint8).reshape(5, 7, 3)
    np.testing.assert_array_equal(Jigsaw(8).apply(tiny), tiny)
    assert Jigsaw(8).tile_grid(5, 7) == ([], [])


@pytest.mark.parametrize(
    "values",
    [
        {"n": 1},
        {"n": 9},
        {"n": 2.5},
        {"n": True},
        {"seed": -1},
        {"seed": 2**31},
        {"seed": "7"},
        {"x0": 0.5, "x1": 0.5},
        {"x1": 1.5},
        {"y0": float("nan")},
    ],
)
def test_bad_jigsaw_values_are_refused(values):
    with pytest.raises(EditError):
        Jigsaw(**values)


def test_jigsaw_describes_itself():
    assert Jigsaw(3, seed=42).describe() == "Jigsaw 3×3, seed 42"
    assert "50×25 % box" in Jigsaw(4, 1, 0.0, 0.0, 0.5, 0.25).describe()


# -- move and swap --------------------------------------------------------------------------------------------


def region(box: tuple[int, int, int, int]) -> tuple[slice, slice]:
    left, top, right, bottom = box
    return slice(top, bottom), slice(left, right)


@pytest.mark.parametrize("fill", [Fill.GREY, Fill.BLACK, Fill.WHITE, Fill.MEAN])
def test_move_puts_the_part_at_its_destination_and_fills_the_hole(image, fill):
    edit = MovePart(0.1, 0.1, 0.3, 0.4, to_x=0.6, to_y=0.5, fill=fill)
    out = edit.apply(image)
    source, destination = edit.boxes(*image.shape[:2])
    np.testing.assert_array_equal(out[region(destination)], image[region(source)])
    hole = out[region(source)].reshape(-1, 3)
    assert (hole == hole[0]).all()  # one flat colour
    expected = {Fill.GREY: 128, Fill.BLACK: 0, Fill.WHITE: 255}.get(fill)
    if expected is not None:
        assert (hole == expected).all()
    untouched = np.ones(image.shape[:2], bool)
    untouched[region(source)] = untouched[region(destination)] = False
    np.testing.assert_array_equal(out[untouched], image[untouched])


def test_move_boxes_have_the_same_size_and_stay_inside(image):
    source, destination = MovePart(0.5, 0.5, 0.8, 0.9, to_x=0.7, to_y=0.6).boxes(*image.shape[:2])
    assert source[2] - source[0] == destination[2] - destination[0]
    assert source[3] - source[1] == destination[3] - destination[1]
    assert destination[2] <= 203 and destination[3] <= 121


def test_swap_exchanges_both_parts(image):
    edit = MovePart(0.0, 0.0, 0.25, 0.5, to_x=0.75, to_y=0.5, swap=True)
    out = edit.apply(image)
    source, destination = edit.boxes(*image.shape[:2])
    np.testing.assert_array_equal(out[region(destination)], image[region(source)])
    np.testing.assert_array_equal(out[region(source)], image[region(destination)])
    untouched = np.ones(image.shape[:2], bool)
    untouched[region(source)] = untouched[region(destination)] = False
    np.testing.assert_array_equal(out[untouched], image[untouched])
    np.testing.assert_array_equal(edit.apply(out), image)  # swapping twice restores the image


def test_overlapping_move_copies_from_the_input_image(image):
    """Source 10..50 px and destination 30..70 px across: the part arrives whole, the uncovered rest is filled."""
    edit = MovePart(10 / 203, 0.0, 50 / 203, 0.5, to_x=30 / 203, to_y=0.0, fill=Fill.BLACK)
    (left, top, right, bottom), (to_left, _, to_right, _) = edit.boxes(*image.shape[:2])
    assert (left, right, to_left, to_right) == (10, 50, 30, 70)
    out = edit.apply(image)
    np.testing.assert_array_equal(out[top:bottom, 30:70], image[top:bottom, 10:50])
    assert (out[top:bottom, 10:30] == 0).all()
    np.testing.assert_array_equal(out[bottom:], image[bottom:])


def test_overlapping_swap_keeps_the_moved_part_whole(image):
    edit = MovePart(10 / 203, 0.0, 50 / 203, 0.5, to_x=30 / 203, to_y=0.0, swap=True)
    _, top, _, bottom = edit.boxes(*image.shape[:2])[0]
    out = edit.apply(image)
    np.testing.assert_array_equal(out[top:bottom, 30:70], image[top:bottom, 10:50])
    np.testing.assert_array_equal(out[top:bottom, 10:30], image[top:bottom, 30:50])  # the destination's start


def test_move_to_the_same_place_changes_nothing(image):
    np.testing.assert_array_equal(MovePart(0.2, 0.2, 0.4, 0.4, to_x=0.2, to_y=0.2).apply(image), image)


def test_move_never_modifies_its_input_and_is_deterministic(image):
    before = image.copy()
    edit = MovePart(0.1, 0.1, 0.3, 0.3, to_x=0.5, to_y=0.5, fill=Fill.NOISE)
    np.testing.assert_array_equal(edit.apply(image), edit.apply(image))
    np.testing.assert_array_equal(image, before)


def test_the_edge_of_the_image_is_a_valid_destination(image):
    edit = MovePart(0.0, 0.0, 0.3, 0.3, to_x=0.7 + 1e-12, to_y=0.7)  # float noise past the edge is forgiven
    _, destination = edit.boxes(*image.shape[:2])
    assert destination[2] == 203 and destination[3] <= 121


@pytest.mark.parametrize(
    "values",
    [
        (0.1, 0.1, 0.3, 0.3, 0.85, 0.1),  # would stick out on the right
        (0.1, 0.1, 0.3, 0.3, 0.1, 0.81),  # ... at the bottom
        (0.1, 0.1, 0.3, 0.3, -0.1, 0.1),
        (0.3, 0.1, 0.1, 0.3, 0.5, 0.5),  # an empty source box
        (0.1, 0.1, 1.3, 0.3, 0.0, 0.5),
        (0.1, 0.1, 0.3, 0.3, float("inf"), 0.5),
        (0.1, 0.1, 0.3, 0.3, "0.5", 0.5),
    ],
)
def test_parts_must_stay_inside_the_image(values):
    with pytest.raises(EditError):
        MovePart(*values)


def test_bad_fill_and_swap_are_refused():
    with pytest.raises(EditError):
        MovePart(0.1, 0.1, 0.3, 0.3, 0.5, 0.5, fill="glitter")
    with pytest.raises(EditError):
        MovePart(0.1, 0.1, 0.3, 0.3, 0.5, 0.5, swap="no")


def test_move_describes_itself():
    assert MovePart(0.1, 0.2, 0.3, 0.4, 0.5, 0.6).describe() == "Move part (10, 20 %) → (50, 60 %), grey hole"
    assert MovePart(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, swap=True).describe() == "Swap parts (10, 20 %) ↔ (50, 60 %)"


# -- files ------------------------------------------------------------------------------------------------------


def test_dict_round_trip():
    jigsaw = Jigsaw(5, seed=1234)
    assert edit_to_dict(jigsaw) == {"kind": "jigsaw", "n": 5, "seed": 1234, "x0": 0.0, "y0": 0.0, "x1": 1.0, "y1": 1.0}
    assert edit_from_dict(edit_to_dict(jigsaw)) == jigsaw
    assert edit_from_dict({"kind": "jigsaw", "n": 4, "seed": 2}) == Jigsaw(4, 2)  # the box defaults to the image
    move = MovePart(0.1, 0.2, 0.3, 0.4, to_x=0.5, to_y=0.6, fill=Fill.BLUR, swap=True)
    data = edit_to_dict(move)
    assert data == {
        "kind": "move-part",
        **{"x0": 0.1, "y0": 0.2, "x1": 0.3, "y1": 0.4, "to_x": 0.5, "to_y": 0.6, "fill": "blur", "swap": True},
    }
    assert edit_from_dict(data) == move


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "jigsaw", "n": 12},
        {"kind": "jigsaw", "seed": -5},
        {"kind": "jigsaw", "n": 3, "colour": "red"},
        {"kind": "move-part", "x0": 0.1},
        {"kind": "move-part", "x0": 0.1, "y0": 0.1, "x1": 0.2, "y1": 0.2, "to_x": 0.95, "to_y": 0.0},
        {"kind": "move-part", "x0": 0.1, "y0": 0.1, "x1": 0.2, "y1": 0.2, "to_x": 0.5, "to_y": 0.5, "fill": "x"},
    ],
)
def test_bad_dicts_are_refused(data):
    with pytest.raises(EditError):
        edit_from_dict(data)
