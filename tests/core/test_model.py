"""ClassifierModel against the real bundled model, its variants, and bad models."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort
import pytest
from onnx import TensorProto

from desktop_app.core import providers
from desktop_app.core.labels import coarse_category
from desktop_app.core.model import ClassifierModel, ModelError
from desktop_app.core.paths import default_model_path
from desktop_app.core.scheduler import Cancelled, CancelToken
from tests import model_variants


def documented_preprocessing(image: np.ndarray) -> np.ndarray:
    """The model card's preprocessing, written out independently of desktop_app.core.preprocess."""
    height, width = image.shape[:2]
    side = round(min(height, width) * 224 / 256)
    top, left = (height - side) // 2, (width - side) // 2
    square = image[top : top + side, left : left + side]
    pixels = cv2.resize(square, (224, 224), interpolation=cv2.INTER_AREA).astype(np.float32)
    return ((pixels - 127.0) / 128.0).transpose(2, 0, 1)[None]


def bare_probabilities(image: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(default_model_path()), providers=["CPUExecutionProvider"])
    logits = session.run(None, {"image": documented_preprocessing(image)})[0][0].astype(np.float64)
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


def test_bundled_cat_is_a_cat(model, cat_image):
    top = model.classify(cat_image, k=5)
    assert coarse_category(top[0].index) == "cat", top
    assert top[0].label in {"tiger cat", "tabby", "Egyptian cat"}
    assert top[0].probability > 0.3


def test_describes_itself(model):
    assert model.input.layout == "NCHW" and model.input.height == 224 and model.input.fixed_batch is None
    assert model.spec.source == "model metadata" and model.spec.mean == (127.0, 127.0, 127.0)
    assert model.output_kind == "logits" and not model.background_class
    assert model.provider.active == "CPU" and model.notices == []
    assert len(model.labels) == 1000 and model.labels.name(282) == "tiger cat"


def test_same_top5_and_probabilities_as_bare_onnxruntime(model, sample_photos):
    for name, image in sample_photos.items():
        expected = bare_probabilities(image)
        actual = model.predict([image])[0]
        assert [t.index for t in model.top_k(actual, 5)] == list(np.argsort(-expected)[:5]), name
        assert np.abs(actual - expected).max() < 1e-4, name


def test_batches_split_and_match_single_predictions(cat_image):
    small = ClassifierModel(default_model_path(), provider="cpu", max_batch=3)
    images = [
        cat_image,
        cat_image[:, ::-1].copy(),
        cat_image[::2, ::2].copy(),
        cat_image[50:250, 100:400].copy(),
    ] * 2
    together = small.predict(images)
    one_by_one = np.concatenate([small.predict([image]) for image in images])
    assert together.shape == (8, 1000)
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)
    np.testing.assert_allclose(together.sum(axis=1), 1.0, atol=1e-5)


def _top5(model: ClassifierModel, image: np.ndarray) -> list[int]:
    return [t.index for t in model.classify(image, 5)]


@pytest.mark.parametrize("variant", ["nhwc", "with_background", "probabilities", "fixed_batch", "without_metadata"])
def test_variants_give_the_same_top5(variant, tmp_path, model, cat_image, sample_photos):
    path = getattr(model_variants, variant)(tmp_path / f"{variant}.onnx")
    other = ClassifierModel(path, provider="cpu")
    images = list(sample_photos.values())
    if variant == "without_metadata":
        assert other.spec.source == "defaults" and any("defaults" in n for n in other.notices)
        return  # different preprocessing: only loading and the notice are promised
    for image in images:
        assert _top5(other, image) == _top5(model, image)
    np.testing.assert_allclose(other.predict(images[:3]), model.predict(images[:3]), atol=1e-5)
    expectations = {
        "nhwc": lambda m: m.input.layout == "NHWC",
        "with_background": lambda m: m.background_class,
        "probabilities": lambda m: m.output_kind == "probabilities",
        "fixed_batch": lambda m: m.input.fixed_batch == 4,
    }
    assert expectations[variant](other)


def test_sidecar_json_supplies_preprocessing(tmp_path, model, cat_image):
    path = model_variants.without_metadata(tmp_path / "foreign.onnx")
    (tmp_path / "foreign.json").write_text('{"mean": [127, 127, 127], "std": [128, 128, 128], "resize": 256}')
    other = ClassifierModel(path, provider="cpu")
    assert other.spec.source == "foreign.json" and other.notices == []
    np.testing.assert_allclose(other.predict([cat_image]), model.predict([cat_image]), atol=1e-5)


def _bad_models(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the message must contain)."""
    (tmp / "empty.onnx").write_bytes(b"")
    (tmp / "random.onnx").write_bytes(np.random.default_rng(0).bytes(4096))
    (tmp / "truncated.onnx").write_bytes(default_model_path().read_bytes()[:100_000])
    (tmp / "folder.onnx").mkdir()
    return {
        "missing": (tmp / "missing.onnx", "not found"),
        "empty": (tmp / "empty.onnx", "empty"),
        "random bytes": (tmp / "random.onnx", "not an ONNX model"),
        "truncated": (tmp / "truncated.onnx", "not an ONNX model"),
        "folder": (tmp / "folder.onnx", "folder"),
        "ten classes": (model_variants.tiny(tmp / "ten.onnx", ["n", 3, 224, 224], 10), "gives 10 values"),
        "image out": (model_variants.tiny(tmp / "identity.onnx", [1, 3, 224, 224], 0), "values per image"),
        "wrong rank": (model_variants.tiny(tmp / "rank2.onnx", [1, 1000], 0), "dimensions"),
        "uint8 input": (
            model_variants.tiny(tmp / "u8.onnx", [1, 3, 224, 224], 0, TensorProto.UINT8),
            "float32",
        ),
        "two inputs": (model_variants.two_inputs(tmp / "two.onnx"), "2 inputs"),
        "no colour axis": (model_variants.tiny(tmp / "gray.onnx", [1, 5, 224, 224], 1000), "colour axis"),
    }


def test_bad_models_give_clear_errors(tmp_path):
    for name, (path, words) in _bad_models(tmp_path).items():
        with pytest.raises(ModelError) as caught:
            ClassifierModel(path, provider="cpu")
        message = str(caught.value)
        assert words in message, (name, message)
        assert path.name in message or "model" in message, (name, message)
        assert "Traceback" not in message and "\n" not in message, (name, message)


def test_cuda_request_falls_back_to_cpu_with_notice():
    cuda = ClassifierModel(default_model_path(), provider="cuda")
    if cuda.provider.active == "CUDA":
        pytest.skip("this machine really runs CUDA")
    assert cuda.session.get_providers() == ["CPUExecutionProvider"]
    assert cuda.provider.reason and any("CUDA was requested" in n for n in cuda.notices)


def test_silent_onnxruntime_fallback_is_detected(monkeypatch):
    """Pretend CUDA is worth trying: onnxruntime then falls back silently, and we must notice."""
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        pytest.skip("this onnxruntime build has no CUDA provider to fall back from")
    if providers.cuda_driver_present():
        pytest.skip("a real NVIDIA driver is present")
    monkeypatch.setattr(providers, "cuda_unavailable_reason", lambda: "")
    cuda = ClassifierModel(default_model_path(), provider="cuda")
    assert cuda.provider.active == "CPU" and "could not be loaded" in cuda.provider.reason


def test_unknown_provider_is_refused():
    with pytest.raises(ValueError):
        providers.create_session(lambda p, o: None, "tpu", lambda s: None)


def test_cancel_before_and_during_a_run(model, capfd):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        model.predict_tensor(np.zeros((1, 3, 224, 224), np.float32), token)
    big = ClassifierModel(default_model_path(), provider="cpu", max_batch=512)
    token = CancelToken()
    threading.Timer(0.15, token.cancel).start()  # a 512-image batch runs for seconds: the cancel lands mid-run
    with pytest.raises(Cancelled):  # only onnxruntime's terminate flag can end the single run with this error
        big.predict_tensor(np.zeros((512, 3, 224, 224), np.float32), token)
    assert "[E:" not in capfd.readouterr().err  # no red onnxruntime log line for a run the user stopped


def test_input_shape_mismatch_is_a_model_error(model):
    with pytest.raises(ModelError):
        model.predict_tensor(np.zeros((1, 224, 224, 3), np.float32))
