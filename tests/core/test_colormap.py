"""Colour maps, legend ticks and the overlay blend, pixel by pixel."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.colormap import (
    COLORMAPS,
    blend,
    color_table,
    colorize,
    legend_ticks,
    value_range,
)


def test_viridis_and_cividis_run_from_dark_to_light_with_matplotlib_endpoints():
    viridis, cividis = color_table("viridis"), color_table("cividis")
    assert viridis.shape == (256, 3) and viridis.dtype == np.uint8
    assert tuple(viridis[0]) == (68, 1, 84) and tuple(viridis[255]) == (253, 231, 37)  # purple to yellow, RGB
    assert tuple(cividis[0])[:2] == (0, 34) and cividis[255, 0] > 250  # dark blue to yellow
    for name in COLORMAPS:
        table = color_table(name).astype(float)
        lightness = table @ [0.299, 0.587, 0.114]
        assert np.all(np.diff(lightness[::16]) > 0), name  # monotonic lightness: readable in grey and by all


def test_colorize_maps_values_clips_and_leaves_nan_transparent():
    values = np.array([[0.0, 0.5, 1.0], [-3.0, 9.0, np.nan]], np.float32)
    rgba = colorize(values, 0.0, 1.0)
    table = color_table("viridis")
    assert rgba.shape == (2, 3, 4) and rgba.dtype == np.uint8
    assert tuple(rgba[0, 0, :3]) == tuple(table[0]) and tuple(rgba[0, 2, :3]) == tuple(table[255])
    assert tuple(rgba[0, 1, :3]) == tuple(table[128])
    assert tuple(rgba[1, 0, :3]) == tuple(table[0]) and tuple(rgba[1, 1, :3]) == tuple(table[255])
    assert list(rgba[..., 3].ravel()) == [255, 255, 255, 255, 255, 0]


def test_colorize_opacity_scalar_or_per_pixel():
    values = np.zeros((2, 2), np.float32)
    assert np.all(colorize(values, 0, 1, alpha=0.5)[..., 3] == 128)
    alpha = np.array([[0.0, 0.25], [1.0, 2.0]])
    assert colorize(values, 0, 1, "cividis", alpha)[..., 3].tolist() == [[0, 64], [255, 255]]


def test_a_flat_map_and_bad_arguments():
    flat = colorize(np.full((3, 3), 0.2, np.float32), 0.2, 0.2)
    assert np.all(flat[..., 3] == 255) and len({tuple(p) for p in flat[..., :3].reshape(-1, 3)}) == 1
    with pytest.raises(ValueError, match="colour map"):
        colorize(np.zeros((2, 2)), 0, 1, "jet")
    with pytest.raises(ValueError, match="2-D"):
        colorize(np.zeros((2, 2, 2)), 0, 1)


def test_blend_composites_and_keeps_the_image_where_the_map_is_nan():
    image = np.full((2, 2, 3), 100, np.uint8)
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[..., :3] = 200
    rgba[..., 3] = [[0, 255], [128, 64]]
    out = blend(image, rgba)
    assert out[0, 0].tolist() == [100] * 3 and out[0, 1].tolist() == [200] * 3
    assert out[1, 0].tolist() == [150] * 3 and out[1, 1].tolist() == [125] * 3
    with pytest.raises(ValueError, match="size"):
        blend(image, np.zeros((3, 2, 4), np.uint8))


def test_value_range():
    assert value_range(np.array([np.nan, -1.0, 2.0])) == (-1.0, 2.0)
    assert value_range(np.full((2, 2), np.nan)) == (0.0, 1.0)
    low, high = value_range(np.ones(3))
    assert low == 1.0 and high > low


@pytest.mark.parametrize(
    ("vmin", "vmax", "expected"),
    [
        (0, 1, [0.0, 0.25, 0.5, 0.75, 1.0]),
        (-0.0156, 0.0288, [-0.01, 0.0, 0.01, 0.02]),
        (0.378, 0.501, [0.4, 0.425, 0.45, 0.475, 0.5]),
        (1, 0, [0.0, 0.25, 0.5, 0.75, 1.0]),
        (3, 3, [3.0]),
    ],
)
def test_legend_ticks_are_round_and_inside_the_range(vmin, vmax, expected):
    ticks = legend_ticks(vmin, vmax)
    assert ticks == pytest.approx(expected)
    assert all(min(vmin, vmax) <= t <= max(vmin, vmax) for t in ticks)


def test_legend_ticks_for_tiny_and_large_scales():
    for low, high in ((1e-7, 3e-7), (0, 19.15), (-250, 1300), (0.0001, 0.00012)):
        ticks = legend_ticks(low, high, count=5)
        assert 3 <= len(ticks) <= 7 and ticks == sorted(ticks)
        steps = np.diff(ticks)
        assert np.allclose(steps, steps[0])
    assert legend_ticks(float("nan"), 1) == []
