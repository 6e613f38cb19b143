"""Class activation maps without gradients: equal to a direct computation from the feature map and the weights."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import cv2
import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from desktop_app.core.cam import NOT_APPLICABLE, CamUnsupported, augmented_model, cam_map, cam_support, find_cam_head
from desktop_app.core.model import ClassifierModel
from desktop_app.core.paths import default_model_path
from desktop_app.core.preprocess import crop_and_resize, normalise
from tests import model_variants


def model_input(model: ClassifierModel, image: np.ndarray) -> np.ndarray:
    return normalise(crop_and_resize(image, model.spec)[None], model.spec)


@pytest.fixture(scope="module")
def reference() -> tuple[ort.InferenceSession, str, np.ndarray]:
    """The bundled model with its pooling input as an extra output (built here, independently), and W."""
    proto = onnx.load(str(default_model_path()))
    [pool] = [node for node in proto.graph.node if node.op_type == "GlobalAveragePool"]
    [gemm] = [node for node in proto.graph.node if node.op_type == "Gemm"]
    assert [a.i for a in gemm.attribute if a.name == "transB"] == [1]
    weights = {init.name: numpy_helper.to_array(init) for init in proto.graph.initializer}[gemm.input[1]]
    proto.graph.output.append(helper.make_tensor_value_info(pool.input[0], TensorProto.FLOAT, None))
    session = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    return session, pool.input[0], weights


def direct_cam(feature: np.ndarray, weights: np.ndarray, target: int, size: int = 224) -> np.ndarray:
    cam = np.maximum(np.einsum("k,khw->hw", weights[target].astype(np.float64), feature.astype(np.float64)), 0)
    return cv2.resize(cam.astype(np.float32), (size, size), interpolation=cv2.INTER_LINEAR)


def test_cam_equals_the_weighted_feature_map(model, cat_image, reference):
    session, feature_name, weights = reference
    logits, feature = session.run(None, {"image": model_input(model, cat_image)})
    assert feature.shape == (1, 1280, 7, 7)
    top = int(np.argmax(logits[0]))
    assert cam_support(model) == (True, "")
    for target in (None, 285, 7):
        result = cam_map(model, cat_image, target)
        expected = direct_cam(feature[0], weights, top if target is None else target)
        assert result.method == "cam" and result.target == (top if target is None else target)
        assert result.values.shape == (224, 224) and result.values.dtype == np.float32
        np.testing.assert_allclose(result.values, expected, rtol=1e-4, atol=1e-4 * expected.max())
        assert result.details["feature"] == feature_name and result.details["feature_shape"] == (1280, 7, 7)
    assert cam_map(model, cat_image).values.max() > 0  # the top class is present somewhere


def test_one_inference_gives_the_map_of_every_class(model, cat_image):
    image = np.ascontiguousarray(cat_image[:, ::-1])  # an image no other test has explained
    first = cam_map(model, image)
    others = [cam_map(model, image, target) for target in (1, 281, 999)]
    assert first.forward_passes == 1 and not first.details["cached"]
    assert all(o.forward_passes == 0 and o.details["cached"] for o in others)
    assert first.details["probability"] == pytest.approx(model.predict([image])[0, first.target], abs=1e-5)


def test_the_head_is_read_from_the_graph(reference):
    _session, feature_name, weights = reference
    head = find_cam_head(onnx.load(str(default_model_path())))
    assert head.feature == feature_name and head.channel_axis == 1
    np.testing.assert_array_equal(head.weights, weights)
    assert head.bias.shape == (1000,)


@pytest.mark.parametrize("variant", ["probabilities", "fixed_batch", "nhwc"])
def test_cam_on_other_forms_of_the_same_network(model, cat_image, tmp_path, variant):
    path = getattr(model_variants, variant)(tmp_path / f"{variant}.onnx")
    other = ClassifierModel(path, provider="cpu")
    assert cam_support(other) == (True, "")
    np.testing.assert_allclose(cam_map(other, cat_image, 281).values, cam_map(model, cat_image, 281).values, atol=1e-3)


# -- tiny graphs built with onnx.helper ------------------------------------------------------------------------------

CHANNELS = 6


def tiny_classifier(path: Path, head: str) -> tuple[Path, dict[str, np.ndarray]]:
    """image -> 1x1 conv (3 -> CHANNELS) -> Relu -> `head` -> 1000 logits; returns the path and the weights."""
    rng = np.random.default_rng(0)
    arrays = {
        "conv_w": rng.standard_normal((CHANNELS, 3, 1, 1)).astype(np.float32),
        "conv_b": rng.standard_normal(CHANNELS).astype(np.float32),
        "fc_w": rng.standard_normal((1000, CHANNELS)).astype(np.float32),
        "fc_b": rng.standard_normal(1000).astype(np.float32),
    }
    nodes = [
        helper.make_node("Conv", ["image", "conv_w", "conv_b"], ["conv"]),
        helper.make_node("Relu", ["conv"], ["feature"]),
    ]
    initializers = dict(arrays)
    if head == "gap_gemm_transB":
        nodes += [
            helper.make_node("GlobalAveragePool", ["feature"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["flat"]),
            helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], transB=1),
        ]
    elif head == "reducemean_gemm":
        initializers["fc_w"] = arrays["fc_w"].T.copy()
        nodes += [
            helper.make_node("ReduceMean", ["feature"], ["flat"], axes=[2, 3], keepdims=0),
            helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], alpha=1.0),
        ]
    elif head == "reducemean_matmul_add":
        initializers["fc_w"] = arrays["fc_w"].T.copy()
        nodes += [
            helper.make_node("ReduceMean", ["feature"], ["pooled"], axes=[-2, -1], keepdims=1),
            helper.make_node("Reshape", ["pooled", "shape"], ["flat"]),
            helper.make_node("MatMul", ["flat", "fc_w"], ["matmul"]),
            helper.make_node("Add", ["matmul", "fc_b"], ["logits"]),
        ]
        initializers["shape"] = np.array([-1, CHANNELS], np.int64)
    elif head == "max_pool":
        nodes += [
            helper.make_node("GlobalMaxPool", ["feature"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["flat"]),
            helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], transB=1),
        ]
    elif head == "conv_as_classifier":  # a 224 x 224 convolution instead of pooling: no spatial map left
        initializers["big_w"] = rng.standard_normal((CHANNELS, CHANNELS, 224, 224)).astype(np.float32) / 1e3
        nodes += [
            helper.make_node("Conv", ["feature", "big_w"], ["squeezed"]),
            helper.make_node("Flatten", ["squeezed"], ["flat"]),
            helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], transB=1),
        ]
    elif head == "hidden_layer":  # pooling, then a non-linear hidden layer before the classifier
        initializers["hidden_w"] = rng.standard_normal((CHANNELS, CHANNELS)).astype(np.float32)
        nodes += [
            helper.make_node("GlobalAveragePool", ["feature"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["flat0"]),
            helper.make_node("MatMul", ["flat0", "hidden_w"], ["hidden"]),
            helper.make_node("Relu", ["hidden"], ["flat"]),
            helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], transB=1),
        ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, 224, 224])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1000])],
        [numpy_helper.from_array(value, name) for name, value in initializers.items()],
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    proto.ir_version = 8
    onnx.checker.check_model(proto)
    onnx.save(proto, str(path))
    return path, arrays


@pytest.mark.parametrize("head", ["gap_gemm_transB", "reducemean_gemm", "reducemean_matmul_add"])
def test_cam_of_tiny_models_equals_numpy(tmp_path, cat_image, head):
    path, arrays = tiny_classifier(tmp_path / "tiny.onnx", head)
    tiny = ClassifierModel(path, provider="cpu")
    assert cam_support(tiny) == (True, "")
    x = model_input(tiny, cat_image)[0]
    feature = np.maximum(np.einsum("kc,chw->khw", arrays["conv_w"][:, :, 0, 0], x) + arrays["conv_b"][:, None, None], 0)
    for target in (3, 500):
        expected = np.maximum(np.einsum("k,khw->hw", arrays["fc_w"][target], feature), 0)
        result = cam_map(tiny, cat_image, target)
        np.testing.assert_allclose(result.values, expected, rtol=1e-4, atol=1e-4 * expected.max())


@pytest.mark.parametrize("head", ["max_pool", "conv_as_classifier", "hidden_layer"])
def test_models_without_pooling_and_a_linear_layer_are_refused_with_the_reason(tmp_path, cat_image, head):
    path, _ = tiny_classifier(tmp_path / "tiny.onnx", head)
    tiny = ClassifierModel(path, provider="cpu")
    available, reason = cam_support(tiny)
    assert not available and reason == NOT_APPLICABLE
    with pytest.raises(CamUnsupported, match="global average pooling"):
        cam_map(tiny, cat_image)


def test_the_augmented_graph_is_valid_and_keeps_the_original_outputs():
    proto = onnx.load(str(default_model_path()))
    head = find_cam_head(proto)
    augmented = onnx.load_from_string(augmented_model(proto, head.feature))
    assert [o.name for o in augmented.graph.output] == ["logits", head.feature]
    assert [o.name for o in proto.graph.output] == ["logits"]  # the loaded model itself is untouched


def test_a_model_no_longer_used_is_freed_with_its_cam_session(tmp_path, cat_image):
    for head in ("gap_gemm_transB", "max_pool"):
        path, _ = tiny_classifier(tmp_path / f"{head}.onnx", head)
        tiny = ClassifierModel(path, provider="cpu")
        try:
            cam_map(tiny, cat_image)
        except CamUnsupported:
            pass
        alive = weakref.ref(tiny)
        del tiny
        gc.collect()
        assert alive() is None, head
