"""Model checks before running: the static graph checks, the killed test run, and plain error messages."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import onnx
import pytest

from desktop_app.core import model as model_module
from desktop_app.core.model import load_model
from desktop_app.core.model_guard import ModelError, check_graph, plain_error, probe_model
from desktop_app.core.paths import default_model_path
from desktop_app.core.scheduler import Cancelled, CancelToken

MODELS = Path(__file__).resolve().parents[1] / "data" / "hostile" / "models"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("endless-loop.onnx", "loop that may never end"),
        ("huge-trip-count.onnx", "loop that may never end"),
        ("constant-of-shape.onnx", "2,147,483,648 values"),
        ("huge-initializer-declared.onnx", "declares 16.0 GB of weights"),
        ("external-data.onnx", "keeps its weights in other files"),
    ],
)
def test_the_graph_alone_shows_these_models_are_unsafe(name, words):
    with pytest.raises(ModelError, match=words):
        check_graph(onnx.load(str(MODELS / name), load_external_data=False), name)


def test_an_ordinary_graph_passes():
    check_graph(onnx.load(str(default_model_path())), "efficientnet_lite0.onnx")
    check_graph(onnx.load(str(MODELS / "nested-ifs.onnx")), "nested-ifs.onnx")


def test_the_test_run_measures_an_ordinary_model():
    report = probe_model(MODELS / "tiny-ok.onnx")
    assert 0 < report["peak_bytes"] < 2**30 and report["seconds"] >= 0


def test_a_model_that_never_finishes_is_stopped_at_the_time_limit():
    with pytest.raises(ModelError, match="did not finish a test run on one image within 1 s"):
        probe_model(MODELS / "runtime-endless-loop.onnx", timeout_s=1.0)


def test_a_model_that_allocates_gigabytes_at_run_time_is_stopped():
    with pytest.raises(ModelError, match="needed more than .* GB of memory for one image"):
        probe_model(MODELS / "runtime-allocation.onnx", timeout_s=60)


def test_a_load_can_be_abandoned_at_once(monkeypatch):
    token, outcome = CancelToken(), {}

    def load() -> None:
        try:
            load_model(MODELS / "runtime-endless-loop.onnx", provider="cpu", cancel=token, timeout_s=60)
        except BaseException as err:
            outcome["error"] = err

    worker = threading.Thread(target=load)
    worker.start()
    time.sleep(0.5)  # let the child process start: the cancel must kill it, not just discard a result
    cancelled_at = time.perf_counter()
    token.cancel()
    worker.join(10)
    print(f"load abandoned {time.perf_counter() - cancelled_at:.3f} s after cancel")
    assert not worker.is_alive() and isinstance(outcome.get("error"), Cancelled)


def test_the_bundled_model_is_trusted_without_a_test_run(monkeypatch):
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the bundled model was test-run")

    monkeypatch.setattr(model_module, "probe_model", refuse)
    assert load_model(None, provider="cpu").name == "EfficientNet-Lite0"


def test_a_foreign_model_is_test_run_first(monkeypatch, tmp_path):
    def refuse(path: Path, *_args: object) -> None:
        raise ModelError(f"“{path.name}” was refused by the test run")

    monkeypatch.setattr(model_module, "probe_model", refuse)
    with pytest.raises(ModelError, match="refused by the test run"):
        load_model(MODELS / "tiny-ok.onnx", provider="cpu")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            RuntimeError(
                "[ONNXRuntimeError] : 1 : FAIL : Load model from /x/m.onnx failed:/onnxruntime_src/onnxruntime/core/"
                "graph/model_load_utils.h:46 void onnxruntime::model_load_utils::ValidateOpsetForDomain() Opset 99 "
                "is under development"
            ),
            "void onnxruntime::model_load_utils::ValidateOpsetForDomain() Opset 99 is under development",
        ),
        (
            AttributeError("'list' object has no attribute 'reshape'"),
            "it does not have the structure of an image classifier",
        ),
        (
            RecursionError("maximum recursion depth exceeded while calling a Python object"),
            "the model's graph is nested too deeply",
        ),
        (MemoryError(), "not enough memory"),
    ],
)
def test_errors_are_told_without_internals(error, expected):
    text = plain_error(error)
    assert text == expected
    assert "onnxruntime_src" not in text and ".h:" not in text and "ONNXRuntimeError" not in text
