"""Map pictures and files: the one colour scale rule, the overlay, and atomic writing of .npy, CSV (and PNG)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from desktop_app.core.colormap import color_table
from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.export import (
    colour_scale,
    map_colours,
    overlay_image,
    overlay_with_colour_bar,
    save_csv,
    save_npy,
)
from desktop_app.core.safe_files import SaveError

VIRIDIS = color_table("viridis")


def explanation(method: str, values: np.ndarray, crop=(0, 0, 4, 4)) -> ExplanationMap:
    """A map of `values` over the `crop` box of its image."""
    return ExplanationMap(method, np.asarray(values, np.float32), 281, crop, 1, 0.0)


def test_occlusion_scale_is_symmetric_about_zero_so_zero_is_always_the_middle_colour():
    drops = np.array([[-0.02, 0.0], [0.1, 0.3]])
    scale = colour_scale(explanation("occlusion", drops))
    assert (scale.low, scale.high) == pytest.approx((-0.3, 0.3))
    colours = scale.colours(np.asarray(drops, np.float32))
    assert tuple(colours[0, 1, :3]) == tuple(VIRIDIS[128])  # no effect: the middle of the colour map
    assert tuple(colours[1, 1, :3]) == tuple(VIRIDIS[255])  # the strongest evidence: the last colour
    counter = scale.colours(np.array([[-0.3]], np.float32))
    assert tuple(counter[0, 0, :3]) == tuple(VIRIDIS[0])  # counter-evidence as strong: the first colour
    assert 0.0 in scale.ticks() and scale.bar().shape == (1, 256, 4)


def test_saliency_maps_run_from_their_smallest_to_their_largest_value():
    for method in ("rise", "cam"):
        scale = colour_scale(explanation(method, [[0.2, 0.4], [0.6, 1.0]]))
        assert (scale.low, scale.high) == pytest.approx((0.2, 1.0))


def test_a_flat_occlusion_map_still_colours():
    scale = colour_scale(explanation("occlusion", np.zeros((2, 2))))
    assert scale.low < 0 < scale.high
    assert tuple(map_colours(explanation("occlusion", np.zeros((2, 2))))[0, 0, :3]) == tuple(VIRIDIS[128])


def test_map_colours_leave_cells_not_computed_yet_transparent():
    colours = map_colours(explanation("occlusion", [[np.nan, 0.1], [0.2, -0.1]]))
    assert colours.shape == (2, 2, 4) and colours[0, 0, 3] == 0 and np.all(colours.reshape(-1, 4)[1:, 3] == 255)


def test_overlay_blends_the_map_over_its_crop_box_and_keeps_the_rest():
    image = np.full((6, 8, 3), 40, np.uint8)
    result = explanation("cam", [[0.0, 1.0], [0.0, 1.0]], crop=(2, 1, 6, 5))
    out = overlay_image(image, result, opacity=0.5)
    outside = np.ones((6, 8), bool)
    outside[1:5, 2:6] = False
    assert np.array_equal(out[outside], image[outside])
    weight = 128 / 255  # opacity 0.5 as an 8-bit alpha
    expected = np.rint((1 - weight) * 40 + weight * VIRIDIS[255].astype(float)).astype(np.uint8)
    assert out[2, 5].tolist() == expected.tolist()  # the right half of the box carries the top colour
    assert out.dtype == np.uint8 and out.shape == image.shape


def test_the_exported_overlay_carries_a_colour_bar_with_ticks_under_the_picture():
    image = np.full((300, 450, 3), 40, np.uint8)
    result = explanation("occlusion", np.linspace(-0.1, 0.3, 16).reshape(4, 4), crop=(100, 50, 300, 250))
    out = overlay_with_colour_bar(image, result, "tiger cat")
    assert out.shape[1] == 450 and 300 + 40 <= out.shape[0] <= 300 + 100  # a strip, a fifth of the picture at most
    assert np.array_equal(out[:300], overlay_image(image, result))  # the picture itself is the plain overlay
    strip = out[300:].astype(int)
    first, last = VIRIDIS[0].astype(int), VIRIDIS[255].astype(int)
    # the bar: rows that run from the scale's first colour at the left to its last at the right
    bar_rows = [y for y, row in enumerate(strip) if (np.abs(row - first).max(axis=1) <= 2).any()]
    assert bar_rows and all((np.abs(strip[y] - last).max(axis=1) <= 2).any() for y in bar_rows)
    columns = np.flatnonzero(np.abs(strip[bar_rows[0]] - first).max(axis=1) <= 2)
    left = int(columns[0])
    right = int(np.flatnonzero(np.abs(strip[bar_rows[0]] - last).max(axis=1) <= 2)[-1])
    middle = strip[bar_rows[0], (left + right) // 2]
    assert np.abs(middle - VIRIDIS[128]).max() <= 12  # symmetric scale: zero, the middle colour, in the middle
    below = strip[bar_rows[-1] + 2]
    zero_tick = round(left + 0.5 * (right - left))
    assert (below[zero_tick - 1 : zero_tick + 2] == 0).all(axis=1).any()  # a black tick under zero
    title = strip[: bar_rows[0] - 2]
    assert (title.max(axis=2) < 100).sum() > 200  # dark text: the title line
    values = strip[bar_rows[-1] + 4 :]
    assert (values.max(axis=2) < 100).sum() > 100  # and the tick values under the ticks


def test_npy_and_csv_round_trip(tmp_path):
    values = np.arange(6, dtype=np.float64).reshape(2, 3) / 7
    save_npy(tmp_path / "map.npy", values)
    loaded = np.load(tmp_path / "map.npy")
    assert loaded.dtype == np.float32 and np.array_equal(loaded, values.astype(np.float32))
    save_csv(tmp_path / "bias.csv", ["image", "category"], [("cat1-elephant2.png", "cat"), ("Übung.png", "elephant")])
    assert (tmp_path / "bias.csv").read_text("utf-8") == (
        "image,category\ncat1-elephant2.png,cat\nÜbung.png,elephant\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bias.csv", "map.npy"]  # no temporary file left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_partial_one(tmp_path, monkeypatch):
    target = tmp_path / "map.npy"
    target.write_bytes(b"the old map")

    def refuse(_source, _destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError, match="map.npy"):
        save_npy(target, np.ones((2, 2)))
    assert target.read_bytes() == b"the old map" and [p.name for p in tmp_path.iterdir()] == ["map.npy"]
    monkeypatch.undo()
    with pytest.raises(SaveError, match="does not exist"):
        save_npy(tmp_path / "no such folder" / "map.npy", np.zeros((2, 2)))
