"""Model › Open Second Model…: a second classifier (here the bundled one with a biased logit, made at test time)
predicts the same edited image on a lane of its own, on a chart of its own; stale results of either lane are
dropped and neither lane waits for the other."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.model import ClassifierModel, load_model
from desktop_app.core.model_guard import ModelError
from desktop_app.core.scheduler import Outcome
from desktop_app.ui.inference import InferenceBridge
from desktop_app.ui.jobs import describe_error
from tests import model_variants
from tests.ui.helpers import wait_for_chart

ZEBRA = 340  # the biased model's top-1 for any image
TIMEOUT_MS = 60_000  # a foreign model is test-run in a child process first


@pytest.fixture(scope="module")
def biased_path(tmp_path_factory):
    """The bundled model with +40 on the zebra logit."""
    return model_variants.biased_logits(tmp_path_factory.mktemp("second") / "biased.onnx", ZEBRA)


@pytest.fixture(scope="module")
def biased_model(biased_path) -> ClassifierModel:
    return ClassifierModel(biased_path, provider="cpu")


def wait_for_second_chart(qtbot, window) -> None:
    """Waits until the second chart shows the second lane's latest request."""
    lane = window.bridge.second_predictions
    qtbot.waitUntil(
        lambda: (
            not window.live.render_pending()
            and window.second.feed.prediction is not None
            and window.second.feed.prediction.request_id == lane.latest_id
            and not lane.busy
        ),
        timeout=TIMEOUT_MS,
    )


@pytest.fixture
def two_models(qtbot, window, biased_path):
    """The window with the biased model open as the second one, its first prediction on its chart."""
    with qtbot.waitSignal(window.services.second_models.changed, timeout=TIMEOUT_MS):
        window.second.load(biased_path)
    wait_for_second_chart(qtbot, window)
    return window


def test_both_charts_show_their_own_model_on_the_same_edited_image(qtbot, two_models, model, biased_model):
    window = two_models
    assert window.second.chart.isVisible() and window.second.model_name() == "biased toward class 340"
    assert window.model.path != window.second.model.path and window.settings.model_path == ""  # not remembered
    window.editor.add_edit(Occlude(0.05, 0.05, 0.35, 0.35, fill=Fill.BLACK))
    wait_for_chart(qtbot, window)
    wait_for_second_chart(qtbot, window)
    image = window.editor.document.render()
    first, second = model.predict([image])[0], biased_model.predict([image])[0]
    rows = window.second.chart_rows()
    assert rows is not None and rows[0].index == ZEBRA == int(np.argmax(second))
    for row in rows:
        assert abs(row.probability - float(second[row.index])) <= 1e-5
    assert window.chart.rows()[0].index == int(np.argmax(first)) != ZEBRA
    original = biased_model.predict([window.editor.document.working])[0]
    assert rows[0].baseline == pytest.approx(float(original[ZEBRA]), abs=1e-5)
    described = window.second.chart.accessibleDescription()
    window.action_table["compare"].trigger()  # Compare with Original: on both charts
    compare = window.action_table["compare"].isChecked()
    assert compare != ("original image" in described)
    assert ("original image" in window.second.chart.accessibleDescription()) == compare


def test_closing_the_second_model_goes_back_to_one_chart(qtbot, two_models):
    window = two_models
    lane = window.bridge.second_predictions
    window.action_table["close_second_model"].trigger()
    assert not window.second.chart.isVisible() and window.second.chart_rows() is None
    assert window.second.model_name() is None and window.live.feeds == [window.live.feed]
    before = lane.latest_id
    window.editor.add_edit(Occlude(0.5, 0.5, 0.7, 0.7))
    wait_for_chart(qtbot, window)
    assert lane.latest_id == before  # the closed model is asked nothing


def test_a_broken_second_model_gets_the_same_message_as_the_first(qtbot, window, tmp_path):
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not an ONNX file")
    with pytest.raises(ModelError) as raised:
        load_model(broken, "cpu")
    expected = describe_error(raised.value)
    with qtbot.waitSignal(window.services.second_models.failed, timeout=TIMEOUT_MS) as blocker:
        window.second.load(broken)
    assert blocker.args == [expected]
    assert window.notice.message() == f"Could not open the second model: {expected}"
    assert window.second.model is None and not window.second.chart.isVisible()


def test_guess_first_covers_the_second_chart_too(qtbot, two_models):
    window = two_models
    window.action_table["guess_first"].trigger()
    assert window.second.chart.is_covered() and window.second.chart.displayed_values() == {}
    qtbot.waitUntil(lambda: window.guess_first.question is not None, timeout=10_000)
    window.guess_first.pick(window.guess_first.question.answer.key)
    assert not window.second.chart.is_covered() and window.second.chart.displayed_values() != {}


@pytest.fixture
def bridge(qtbot):
    bridge = InferenceBridge()
    yield bridge
    assert bridge.shutdown(5)


def test_each_lane_shows_only_its_latest_result_and_drops_stale_ones(qtbot, bridge, model, biased_model, cat_image):
    lanes = {"first": (bridge.predictions, model), "second": (bridge.second_predictions, biased_model)}
    shown: dict[str, list] = {name: [] for name in lanes}
    for name, (lane, _model) in lanes.items():
        lane.ready.connect(lambda prediction, name=name: shown[name].append(prediction))
    images = [np.ascontiguousarray(np.roll(cat_image, 40 * i, axis=1)) for i in range(5)]
    for image in images:  # interleaved, as the window asks both models about each render
        for lane, lane_model in lanes.values():
            lane.predict(lane_model, image)
    qtbot.waitUntil(lambda: bridge.wait_idle(0.01), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: all(not lane.busy for lane, _ in lanes.values()), timeout=5_000)
    for name, (lane, lane_model) in lanes.items():
        ids = [prediction.request_id for prediction in shown[name]]
        assert ids and ids == sorted(set(ids)) and ids[-1] == lane.latest_id
        np.testing.assert_allclose(shown[name][-1].probabilities, lane_model.predict([images[-1]])[0], atol=1e-5)
    second, count = bridge.second_predictions, len(shown["second"])
    stale_result = (np.zeros(1000, np.float32), None, 0.0, 0.0)
    for stale_id in (second.latest_id - 1, second.latest_id):  # older than shown, and the one shown again
        second._arrived.emit(Outcome(stale_id, "second-predictions", stale_result, None, False, 0.0))
    assert [p.request_id for p in shown["second"]][-1] == second.latest_id and len(shown["second"]) == count
    assert not np.all(shown["second"][-1].probabilities == 0)


class BlockedModel:
    """The bundled model, held in predict until released: a lane stuck on a slow model (fault injection)."""

    def __init__(self, model: ClassifierModel) -> None:
        self.model, self.started, self.release = model, threading.Event(), threading.Event()

    def predict(self, images, cancel=None):  # noqa: ANN001, ANN201 (ClassifierModel.predict's)
        self.started.set()
        self.release.wait(30)
        return self.model.predict(images, cancel)


def test_neither_lane_waits_for_the_other(qtbot, bridge, model, cat_image, request):
    blocked = BlockedModel(model)
    request.addfinalizer(blocked.release.set)
    first, second = bridge.predictions, bridge.second_predictions
    for stuck, free in ((first, second), (second, first)):
        blocked.started.clear()
        blocked.release.clear()
        stuck.predict(blocked, cat_image)  # type: ignore[arg-type]  # a stand-in with predict()
        assert blocked.started.wait(10)
        with qtbot.waitSignal(free.ready, timeout=TIMEOUT_MS) as answer:
            free.predict(model, cat_image)
        assert stuck.busy and int(np.argmax(answer.args[0].probabilities)) == 282  # tiger cat, while the other waits
        with qtbot.waitSignal(stuck.ready, timeout=TIMEOUT_MS):
            blocked.release.set()
