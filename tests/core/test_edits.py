"""Edits are pure functions of the image: each changes only what it says."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.edits import (
    EditError,
    Fill,
    Occlude,
    OccludeStroke,
    apply,
    edit_from_dict,
    edit_to_dict,
)
from desktop_app.core.scheduler import Cancelled, CancelToken
from tests.fuzzing import examples, fuzz


@pytest.fixture
def image() -> np.ndarray:
    return np.random.default_rng(1).integers(0, 256, (120, 200, 3), dtype=np.uint8)


@pytest.mark.parametrize("fill", list(Fill))
@pytest.mark.parametrize("shape", ["rect", "ellipse"])
def test_occlusion_changes_only_its_region(image, fill, shape):
    edit = Occlude(0.25, 0.5, 0.75, 1.0, shape=shape, fill=fill)
    out = edit.apply(image)
    left, top, right, bottom = edit.box.to_pixels((120, 200))
    outside = np.ones(image.shape[:2], bool)
    outside[top:bottom, left:right] = False
    np.testing.assert_array_equal(out[outside], image[outside])
    assert not np.array_equal(out[top:bottom, left:right], image[top:bottom, left:right])
    assert out.dtype == np.uint8 and out.shape == image.shape


def test_fills_have_the_promised_colours(image):
    region = (slice(0, 60), slice(0, 100))
    assert (Occlude(0, 0, 0.5, 0.5, fill=Fill.GREY).apply(image)[region] == 128).all()
    assert (Occlude(0, 0, 0.5, 0.5, fill=Fill.BLACK).apply(image)[region] == 0).all()
    assert (Occlude(0, 0, 0.5, 0.5, fill=Fill.WHITE).apply(image)[region] == 255).all()
    mean = image.reshape(-1, 3).mean(axis=0).round()
    np.testing.assert_array_equal(Occlude(0, 0, 0.5, 0.5, fill=Fill.MEAN).apply(image)[0, 0], mean)


def test_apply_never_modifies_its_input_and_is_deterministic(image):
    before = image.copy()
    edits = [Occlude(0.1, 0.1, 0.5, 0.5, fill=Fill.NOISE), Occlude(0.3, 0.3, 0.9, 0.9, shape="ellipse", fill=Fill.BLUR)]
    first, second = apply(image, edits), apply(image, edits)
    np.testing.assert_array_equal(image, before)
    np.testing.assert_array_equal(first, second)
    assert apply(image, []) is not image and np.array_equal(apply(image, []), image)


def test_edits_scale_with_the_image(image):
    """Fractions of the image: the same edit covers the same part at any resolution."""
    edit = Occlude(0.25, 0.25, 0.75, 0.75, fill=Fill.BLACK)
    big = np.repeat(np.repeat(image, 4, axis=0), 4, axis=1)
    small_out, big_out = edit.apply(image), edit.apply(big)
    assert (small_out[30:90, 50:150] == 0).all() and (big_out[120:360, 200:600] == 0).all()


@pytest.mark.parametrize("box", [(0.5, 0.1, 0.4, 0.2), (-0.1, 0, 0.5, 0.5), (0, 0, 1.2, 0.5), (0, float("nan"), 1, 1)])
def test_out_of_bounds_boxes_are_refused(box):
    with pytest.raises(EditError):
        Occlude(*box)


def test_dict_round_trip_and_bad_dicts():
    edit = Occlude(0.1, 0.2, 0.3, 0.4, shape="ellipse", fill=Fill.BLUR)
    data = edit_to_dict(edit)
    assert data == {"kind": "occlude", "x0": 0.1, "y0": 0.2, "x1": 0.3, "y1": 0.4, "shape": "ellipse", "fill": "blur"}
    assert edit_from_dict(data) == edit
    for bad in ({"kind": "teleport"}, {"kind": "occlude", "x0": 0.1}, {**data, "fill": "glitter"}):
        with pytest.raises((EditError, ValueError)):
            edit_from_dict(bad)


BOXES = st.tuples(st.floats(0, 0.9), st.floats(0, 0.9), st.floats(0.02, 1), st.floats(0.02, 1)).map(
    lambda b: (b[0], b[1], min(1.0, b[0] + b[2] * (1 - b[0]) + 0.01), min(1.0, b[1] + b[3] * (1 - b[1]) + 0.01))
)
EDITS = st.one_of(
    st.builds(
        lambda box, shape, fill: Occlude(*box, shape=shape, fill=fill),
        BOXES,
        st.sampled_from(["rect", "ellipse"]),
        st.sampled_from(list(Fill)),
    ),
    st.builds(
        OccludeStroke,
        st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=5).map(tuple),
        st.floats(0.01, 0.5),
        st.sampled_from(list(Fill)),
    ),
)


@fuzz
@settings(max_examples=examples(150))
@given(first=st.lists(EDITS, max_size=4), second=st.lists(EDITS, max_size=4))
def test_applying_in_steps_is_applying_at_once(first, second):
    image = np.random.default_rng(5).integers(0, 256, (40, 56, 3), dtype=np.uint8)
    np.testing.assert_array_equal(apply(apply(image, first), second), apply(image, first + second))
    for edit in first + second:  # what an experiment file stores gives the same edit back
        assert edit_from_dict(edit_to_dict(edit)) == edit


def test_apply_reports_progress_and_stops_when_cancelled(image):
    edits = [Occlude(0.1, 0.1, 0.5, 0.5)] * 5
    seen = []
    apply(image, edits, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 5) for n in range(1, 6)]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        apply(image, edits, cancel=token)


def test_bad_dicts_say_what_is_wrong_in_words():
    with pytest.raises(EditError, match='the edit has no field "colour": an occlude edit has x0, y0, x1, y1, shape'):
        edit_from_dict({"kind": "occlude", "x0": 0, "y0": 0, "x1": 1, "y1": 1, "colour": "red"})
    with pytest.raises(EditError, match=r"y1 is missing \(an occlude edit needs it\)"):
        edit_from_dict({"kind": "occlude", "x0": 0, "y0": 0, "x1": 1})
    with pytest.raises(EditError, match='x0 must be a number between 0 and 1, not "0"'):
        edit_from_dict({"kind": "occlude", "x0": "0", "y0": 0, "x1": 1, "y1": 1})
    with pytest.raises(EditError, match=r"the edit: the occluded box: \(0.500, 0.000\) to \(0.400, 1.000\) is not"):
        edit_from_dict({"kind": "occlude", "x0": 0.5, "y0": 0, "x1": 0.4, "y1": 1})
