"""The model slot: the current classifier stays until a new one has loaded; failures and stops keep it."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core import model as core_model
from desktop_app.core.paths import default_model_path
from desktop_app.ui import model_slot
from desktop_app.ui.inference import InferenceBridge
from desktop_app.ui.model_slot import ModelSlot
from desktop_app.ui.services import BusyIndicator
from desktop_app.ui.settings import AppSettings
from tests.ui.helpers import child_processes

TIMEOUT_MS = 30_000
CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"


@pytest.fixture
def slot(qtbot, settings):
    """A model slot on its own bridge (shut down after the test)."""
    bridge = InferenceBridge()
    yield ModelSlot(bridge, AppSettings(settings), BusyIndicator())
    assert bridge.shutdown(5)


def test_a_loaded_model_becomes_current_and_is_remembered(qtbot, slot, tmp_path):
    copy = tmp_path / "my-model.onnx"
    copy.write_bytes(default_model_path().read_bytes())
    with qtbot.waitSignal(slot.changed, timeout=TIMEOUT_MS) as blocker:
        slot.load(copy, "cpu")
        assert slot.busy.active and slot.loading
    [model] = blocker.args
    assert slot.current is model and model.path == copy and model.provider.active == "CPU"
    assert slot.settings.model_path == str(copy) and not slot.busy.active and not slot.loading


def test_a_failed_load_keeps_the_current_model(qtbot, slot, tmp_path):
    with qtbot.waitSignal(slot.changed, timeout=TIMEOUT_MS):
        slot.load(default_model_path(), "cpu")
    before = slot.current
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not an ONNX file")
    with qtbot.waitSignal(slot.failed, timeout=TIMEOUT_MS) as blocker:
        slot.load(broken, "cpu")
    assert "broken.onnx" in blocker.args[0] and slot.current is before and not slot.busy.active
    assert slot.settings.model_path == ""  # the bundled model is still the choice


def test_a_stopped_load_keeps_the_current_model_and_frees_the_busy_bar(qtbot, slot, monkeypatch, request):
    started, release = threading.Event(), threading.Event()
    request.addfinalizer(release.set)

    def slow_load(*args, **kwargs):
        started.set()
        release.wait(30)
        return core_model.load_model(*args, **kwargs)

    monkeypatch.setattr(model_slot, "load_model", slow_load)
    slot.load(default_model_path(), "cpu")
    assert started.wait(10)
    with qtbot.waitSignal(slot.stopped, timeout=TIMEOUT_MS):
        assert slot.bridge.cancel_all()
        release.set()
    assert slot.current is None and not slot.busy.active and not slot.loading


def test_stop_ends_the_test_run_of_a_never_ending_model_within_a_second(qtbot, slot):
    """Its loop count is computed from the image, so only running it shows that it never ends: the test run in a
    child process is killed by Stop, the slot is idle again within a second and no process is left."""
    before = child_processes()
    slot.load(CORPUS / "models" / "runtime-endless-loop.onnx", "cpu")
    qtbot.waitUntil(lambda: bool(child_processes() - before), timeout=TIMEOUT_MS)  # its test run has started
    with qtbot.waitSignal(slot.stopped, timeout=1_000):  # the budget: idle within 1 s of Stop
        assert slot.bridge.cancel_all()
    assert not slot.loading and not slot.busy.active and slot.current is None
    assert child_processes() - before == set()


def test_a_model_file_deleted_or_replaced_after_loading_keeps_working(qtbot, slot, tmp_path, cat_image):
    copy = tmp_path / "mine.onnx"
    copy.write_bytes(default_model_path().read_bytes())
    with qtbot.waitSignal(slot.changed, timeout=TIMEOUT_MS):
        slot.load(copy, "cpu")
    loaded = slot.current
    expected = loaded.predict([cat_image])[0]
    copy.unlink()
    np.testing.assert_array_equal(loaded.predict([cat_image])[0], expected)  # the session lives in memory
    with qtbot.waitSignal(slot.failed, timeout=TIMEOUT_MS) as blocker:
        slot.load(copy, "cpu")  # a reload (another provider, the next start) says what happened
    assert blocker.args == [f"the model file “mine.onnx” was not found ({copy})."] and slot.current is loaded
    copy.write_bytes(b"\x08\x07" + b"\x00" * 64)  # replaced by something that is not a model
    with qtbot.waitSignal(slot.failed, timeout=TIMEOUT_MS) as blocker:
        slot.load(copy, "cpu")
    assert "“mine.onnx” is not an ONNX model this app can run" in blocker.args[0] and slot.current is loaded
    np.testing.assert_array_equal(loaded.predict([cat_image])[0], expected)
