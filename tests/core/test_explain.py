"""Occlusion and RISE maps on the real model, checked against brute-force references written here."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from desktop_app.core.explain import (
    ExplanationMap,
    occluded_image,
    occlusion_map,
    refinement_order,
    rise_map,
    window_at,
    window_box,
    window_offsets,
)
from desktop_app.core.explanation import chunk_sizes, tick_text, value_text
from desktop_app.core.preprocess import crop_and_resize, crop_box, normalise
from desktop_app.core.rise import RiseMasks
from desktop_app.core.scheduler import Cancelled, CancelToken


class CountingModel:
    """The real model, recording the size of every forward batch that finished (and when one starts)."""

    def __init__(self, model) -> None:
        self._model = model
        self.finished: list[int] = []
        self.started = threading.Event()

    def __getattr__(self, name):
        return getattr(self._model, name)

    def predict_tensor(self, batch, cancel=None):
        self.started.set()
        out = self._model.predict_tensor(batch, cancel)
        self.finished.append(len(batch))
        return out


def model_input(model, image) -> np.ndarray:
    return normalise(crop_and_resize(image, model.spec)[None], model.spec)[0]


def brute_force_occlusion(model, image, target, window, stride, pixel_value):
    """Captum's Occlusion written out: one window at a time, every pixel averages the windows covering it.

    Captum's shift count is ceil((size - window) / stride) + 1: a last window that does not fit is cut at the border.
    """
    x = model_input(model, image)
    size = model.spec.size
    baseline = ((pixel_value - np.array(model.spec.mean)) / np.array(model.spec.std)).astype(np.float32)
    base = model.predict_tensor(x[None])[0, target]
    total = np.zeros((size, size))
    counts = np.zeros((size, size))
    shifts = int(np.ceil((size - window) / stride)) + 1
    inputs, boxes = [], []
    for i in range(shifts):
        for j in range(shifts):
            y, x0 = i * stride, j * stride
            occluded = x.copy()
            occluded[:, y : y + window, x0 : x0 + window] = baseline[:, None, None]
            inputs.append(occluded)
            boxes.append((y, x0))
    probabilities = np.concatenate(
        [model.predict_tensor(np.stack(inputs[k : k + 16])) for k in range(0, len(inputs), 16)]
    )
    for (y, x0), p in zip(boxes, probabilities[:, target], strict=True):
        total[y : y + window, x0 : x0 + window] += base - p
        counts[y : y + window, x0 : x0 + window] += 1
    with np.errstate(invalid="ignore"):
        return np.where(counts > 0, total / np.maximum(counts, 1), 0.0), base


@pytest.fixture(scope="module")
def top(model, cat_image) -> int:
    return int(np.argmax(model.predict([cat_image])[0]))


@pytest.fixture(scope="module")
def plain_map(model, cat_image) -> ExplanationMap:
    return occlusion_map(model, cat_image, coarse_to_fine=False)


# -- occlusion ----------------------------------------------------------------------------------------------------


def test_occlusion_matches_the_brute_force_reference(model, cat_image, plain_map, top):
    reference, base = brute_force_occlusion(model, cat_image, top, 32, 16, 128)
    assert plain_map.method == "occlusion" and plain_map.target == top and plain_map.complete
    assert plain_map.values.shape == (224, 224) and plain_map.values.dtype == np.float32
    assert np.abs(plain_map.values - reference).max() < 1e-4
    assert plain_map.details["base_probability"] == pytest.approx(base, abs=1e-6)
    assert plain_map.forward_passes == 13 * 13 + 1
    assert plain_map.details["positions"] == tuple(range(0, 193, 16))
    assert np.abs(plain_map.values).max() > 1e-3  # the cat's face matters


@pytest.mark.parametrize(("fill", "pixel"), [("grey", 128), ("black", 0)])
def test_cut_off_last_window_other_fills_and_another_class(model, cat_image, fill, pixel):
    target = 285  # Egyptian cat, not the top class
    result = occlusion_map(model, cat_image, target=target, window=64, stride=48, fill=fill)
    reference, _ = brute_force_occlusion(model, cat_image, target, 64, 48, pixel)
    assert result.target == target
    assert np.abs(result.values - reference).max() < 1e-4
    assert result.details["positions"] == (0, 48, 96, 144, 192)  # the last window is cut at the border
    assert np.all(result.values[208:, 208:] == result.values[223, 223])  # covered by the last window only


def test_coarse_to_fine_reaches_the_plain_sweep_and_shows_partial_maps(model, cat_image, plain_map):
    partials: list[ExplanationMap] = []
    fractions: list[float] = []
    result = occlusion_map(model, cat_image, on_partial=partials.append, progress=fractions.append)
    np.testing.assert_allclose(result.values, plain_map.values, rtol=0, atol=1e-6)
    np.testing.assert_allclose(result.details["drops"], plain_map.details["drops"], rtol=0, atol=1e-6)
    assert result.complete and result.forward_passes == plain_map.forward_passes
    first = partials[0]
    assert not first.complete and first.forward_passes == 4 * 4 + 1  # the coarse grid and the original
    assert np.isnan(first.details["drops"]).sum() == 13 * 13 - 16 and np.isfinite(first.values).all()
    passes = [p.forward_passes for p in partials]
    assert passes == sorted(passes) and passes[-1] < result.forward_passes
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    # the first refinement batch goes where the coarse map found the largest drops
    computed = ~np.isnan(partials[1].details["drops"]) & np.isnan(first.details["drops"])
    strongest = np.abs(plain_map.details["drops"])
    assert strongest[computed].mean() > strongest[~computed].mean()


def test_refinement_order_starts_next_to_the_strongest_coarse_window():
    coarse = np.zeros((4, 4))
    coarse[3, 0] = 1.0  # coarse indices 0, 4, 8, 12: the hot window is at grid (12, 0)
    order = refinement_order(coarse, np.array([0, 4, 8, 12]), 13)
    assert len(order) == 13 * 13 - 16 and len(set(order)) == len(order)
    assert order[0] in {(11, 0), (12, 1), (11, 1)}
    assert all(max(abs(r - 12), c) <= 3 for r, c in order[:5])


def test_cancel_stops_within_one_batch(model, cat_image):
    counting, token = CountingModel(model), CancelToken()
    with pytest.raises(Cancelled):
        occlusion_map(counting, cat_image, stride=8, batch_size=16, cancel=token, on_partial=lambda _: token.cancel())
    assert counting.finished == [17]  # the coarse run finished, nothing after the cancel


def test_cancel_from_another_thread_ends_the_running_batch(model, cat_image):
    counting, token = CountingModel(model), CancelToken()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            occlusion_map(counting, cat_image, stride=8, coarse_to_fine=False, batch_size=32, cancel=token)
        except BaseException as err:
            errors.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    assert counting.started.wait(30)
    token.cancel()
    worker.join(60)
    assert not worker.is_alive() and len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert len(counting.finished) <= 1  # at most the batch that was already running


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"window": 0}, "window"),
        ({"window": 300}, "window"),
        ({"stride": 0}, "stride"),
        ({"fill": "pink"}, "fill"),
        ({"target": 1000}, "target"),
        ({"target": -1}, "target"),
    ],
)
def test_bad_occlusion_settings(model, cat_image, kwargs, message):
    counting = CountingModel(model)
    with pytest.raises(ValueError, match=message):
        occlusion_map(counting, cat_image, **kwargs)
    assert counting.finished == []


# -- maps over the image, clicked cells ------------------------------------------------------------------------------


def test_in_image_puts_the_map_into_the_crop_box(plain_map, cat_image):
    height, width = cat_image.shape[:2]
    x0, y0, x1, y1 = plain_map.crop
    assert plain_map.crop == (94, 19, 356, 281)  # 224/256 of the short side, centred
    laid = plain_map.in_image(height, width)
    assert laid.shape == (height, width) and laid.dtype == np.float32
    assert np.isfinite(laid[y0:y1, x0:x1]).all()
    outside = np.ones((height, width), bool)
    outside[y0:y1, x0:x1] = False
    assert np.isnan(laid[outside]).all()
    assert laid[y0:y1, x0:x1].mean() == pytest.approx(plain_map.values.mean(), abs=1e-3)
    half = plain_map.in_image(height // 2, width // 2)  # the same image shown smaller: the box scales with it
    assert np.isfinite(half[10:140, 47:178]).all() and np.isnan(half[:, :46]).all() and np.isnan(half[:, 179:]).all()


def test_occluded_image_covers_exactly_the_clicked_window(model, cat_image, plain_map):
    row, col = np.unravel_index(int(np.argmax(plain_map.details["drops"])), plain_map.details["drops"].shape)
    x0, y0, x1, y1 = window_box(plain_map, row, col, *cat_image.shape[:2])
    scale = 262 / 224
    assert x0 == round(94 + 16 * col * scale) and y0 == round(19 + 16 * row * scale)
    assert abs((x1 - x0) - 32 * scale) <= 1 and abs((y1 - y0) - 32 * scale) <= 1
    occluded = occluded_image(cat_image, plain_map, row, col)
    changed = np.any(occluded != cat_image, axis=2)
    assert np.all(occluded[y0:y1, x0:x1] == 128)
    assert not changed[:y0].any() and not changed[y1:].any() and not changed[:, :x0].any() and not changed[:, x1:].any()
    # its prediction shows the drop the map recorded for that cell (up to resampling at the window's edges)
    target = plain_map.target
    dropped = plain_map.details["base_probability"] - model.predict([occluded])[0, target]
    assert dropped == pytest.approx(plain_map.details["drops"][row, col], abs=0.05)
    blurred = occluded_image(cat_image, plain_map, row, col, fill="blur")
    outside = np.ones(cat_image.shape[:2], bool)
    outside[y0:y1, x0:x1] = False
    assert np.array_equal(blurred[outside], cat_image[outside]) and not np.array_equal(blurred, cat_image)


def test_occluded_image_rejects_cells_outside_the_grid(cat_image, plain_map):
    with pytest.raises(ValueError, match="window"):
        occluded_image(cat_image, plain_map, 13, 0)


def test_window_at_finds_the_covering_window_centred_nearest(plain_map):
    # window 32, stride 16: offsets 0, 16, ..., 192; a pixel at 40 lies in the windows at 16 and 32
    assert plain_map.details["positions"][:4] == (0, 16, 32, 48)
    assert window_at(plain_map, 40.5, 40.5) == (2, 2)  # centre 48 is nearer than 32
    assert window_at(plain_map, 31.5, 8.5) == (1, 0)  # row: centres 32 and 16 -> 32; column: only the first covers
    assert window_at(plain_map, 223.5, 223.5) == (12, 12)  # the last window, cut off at the border


def test_values_and_ticks_in_words():
    assert value_text("occlusion", 0.031, "tabby") == "covering here lowers P(tabby) by 3.1 points"
    assert value_text("occlusion", -0.2, "tabby") == "covering here raises P(tabby) by 20.0 points"
    assert value_text("rise", -0.00123, "tabby") == "saliency −0.00123"
    assert value_text("cam", float("nan"), "tabby") == "not computed yet"
    assert [tick_text("occlusion", v) for v in (-0.05, 0.0, 0.125)] == ["−5", "0", "12.5"]
    assert tick_text("cam", 0.25) == "0.25"


# -- RISE ----------------------------------------------------------------------------------------------------------


def test_rise_masks_are_seeded_coarse_and_keep_about_half():
    first = RiseMasks(50, 224, cell=7, keep=0.5, seed=3).masks(0, 50)
    again = RiseMasks(50, 224, cell=7, keep=0.5, seed=3).masks(0, 50)
    other = RiseMasks(50, 224, cell=7, keep=0.5, seed=4).masks(0, 50)
    assert first.shape == (50, 224, 224) and first.dtype == np.float32
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert first.min() >= 0 and first.max() <= 1 and 0.4 < first.mean() < 0.6
    assert np.array_equal(RiseMasks(50, 224, seed=3).masks(10, 20), first[10:20])  # made in pieces, the same


def test_rise_matches_its_definition_and_is_reproducible(model, cat_image, top):
    count = 40
    result = rise_map(model, cat_image, masks=count, seed=7, batch_size=16)
    masks = RiseMasks(count, 224, cell=7, keep=0.5, seed=7).masks(0, count)
    x = model_input(model, cat_image)
    scores = model.predict_tensor(x[None] * masks[:, None])[:, top]
    expected = np.tensordot(scores, masks, axes=1) / (count * 0.5)
    assert result.method == "rise" and result.target == top and result.values.shape == (224, 224)
    np.testing.assert_allclose(result.values, expected, rtol=0, atol=1e-5)
    assert result.forward_passes == count + 1 and result.details["masks_done"] == count
    again = rise_map(model, cat_image, masks=count, seed=7, batch_size=9)  # another batch size: the same map
    np.testing.assert_allclose(again.values, result.values, rtol=0, atol=1e-6)
    other = rise_map(model, cat_image, masks=count, seed=8)
    assert np.abs(other.values - result.values).max() > 1e-3


def test_rise_shows_partial_maps_as_masks_accumulate(model, cat_image):
    partials: list[ExplanationMap] = []
    result = rise_map(model, cat_image, masks=50, cell=5, keep=0.3, seed=1, batch_size=16, on_partial=partials.append)
    done = [p.details["masks_done"] for p in partials]
    assert done == [12, 25, 38] and all(not p.complete for p in partials)  # 51 inputs in 4 even runs
    assert result.complete and result.details["masks_done"] == 50
    assert partials[-1].values.shape == result.values.shape and np.isfinite(partials[0].values).all()


def test_rise_cancel_stops_within_one_batch(model, cat_image):
    counting, token = CountingModel(model), CancelToken()
    with pytest.raises(Cancelled):
        rise_map(counting, cat_image, masks=100, batch_size=10, cancel=token, on_partial=lambda _: token.cancel())
    assert counting.finished == [10]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"masks": 0}, "masks"), ({"keep": 1.0}, "keep"), ({"keep": 0}, "keep"), ({"cell": 0}, "cell")],
)
def test_bad_rise_settings(model, cat_image, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rise_map(model, cat_image, **kwargs)


def test_maps_of_a_photo_smaller_than_the_input(model):
    small = np.full((100, 150, 3), 90, np.uint8)
    result = occlusion_map(model, small, window=112, stride=112)
    assert result.crop == crop_box(100, 150, model.spec) == (31, 6, 119, 94)
    assert result.forward_passes == 2 * 2 + 1
    laid = result.in_image(100, 150)
    assert laid.shape == (100, 150) and np.isfinite(laid[6:94, 31:119]).all() and np.isnan(laid[:, :31]).all()


def test_runs_are_split_evenly():
    assert chunk_sizes(626, 32) == [32] * 6 + [31] * 14 and sum(chunk_sizes(1001, 32)) == 1001
    assert chunk_sizes(17, 32) == [17] and chunk_sizes(0, 32) == [] and chunk_sizes(3, 1) == [1, 1, 1]


def test_window_offsets_follow_captums_shift_count():
    assert window_offsets(224, 32, 16) == tuple(range(0, 193, 16))
    assert len(window_offsets(224, 32, 8)) == 25
    assert window_offsets(224, 64, 64) == (0, 64, 128, 192)  # ceil(160 / 64) + 1 windows, the last one cut
    assert window_offsets(224, 224, 5) == (0,)
