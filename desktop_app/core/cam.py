"""Class activation maps (Zhou et al. 2016) for ONNX models, without gradients.

For a model that ends in global average pooling and a linear layer, logits = W . mean_xy(F) + b, so the map of
class c is sum_k W[c, k] F_k. The last feature map F (the pooling node's input) is added to the graph's outputs in
memory with `onnx`'s helpers; W and b are read from the graph's initializers. One inference gives F, and F gives
the map of every class, so the features of the last few images are kept.
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

from desktop_app.core.explanation import ExplanationMap, check_target
from desktop_app.core.model import ClassifierModel, softmax
from desktop_app.core.preprocess import crop_and_resize, crop_box, normalise

NOT_APPLICABLE = "the model does not end in global average pooling and a linear layer"
PASS_THROUGH = {"Flatten", "Reshape", "Squeeze", "Identity", "Dropout"}
AFTER_LINEAR = {"Softmax", "LogSoftmax", "Identity", "Flatten", "Reshape", "Squeeze"}
CACHED_IMAGES = 4


class CamUnsupported(ValueError):
    """The model's last layers do not allow a class activation map; str(err) says why."""


@dataclass(frozen=True)
class CamHead:
    """Where the last feature map is and how the classifier weighs it."""

    feature: str  # name of the feature map tensor (the pooling node's input)
    channel_axis: int  # 1 for N x K x h x w feature maps, 3 for N x h x w x K
    weights: np.ndarray  # classes x K, float32
    bias: np.ndarray  # classes, float32


class _Graph:
    """Producers and constant values of an ONNX graph."""

    def __init__(self, graph: onnx.GraphProto) -> None:
        self.producer = {name: node for node in graph.node for name in node.output}
        self.constants = {init.name: init for init in graph.initializer}
        for node in graph.node:
            if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
                self.constants[node.output[0]] = node.attribute[0].t

    def constant(self, name: str) -> np.ndarray | None:
        tensor = self.constants.get(name)
        return None if tensor is None else numpy_helper.to_array(tensor).astype(np.float32)

    def node(self, name: str) -> onnx.NodeProto | None:
        return self.producer.get(name)


def _attribute(node: onnx.NodeProto, name: str, default: Any) -> Any:  # an ONNX attribute: int, float, list, …
    for attribute in node.attribute:
        if attribute.name == name:
            return onnx.helper.get_attribute_value(attribute)
    return default


def _linear(graph: _Graph, node: onnx.NodeProto) -> tuple[str, np.ndarray, np.ndarray] | None:
    """(input name, W classes x K, b) for a Gemm, MatMul (+ Add) or 1x1 Conv with constant weights, else None."""
    if node.op_type == "Gemm" and not _attribute(node, "transA", 0):
        matrix = graph.constant(node.input[1])
        if matrix is None or matrix.ndim != 2:
            return None
        weights = float(_attribute(node, "alpha", 1.0)) * (matrix if _attribute(node, "transB", 0) else matrix.T)
        bias = graph.constant(node.input[2]) if len(node.input) > 2 and node.input[2] else None
        bias = np.zeros(len(weights), np.float32) if bias is None else float(_attribute(node, "beta", 1.0)) * bias
        return node.input[0], weights, np.broadcast_to(bias.reshape(-1), (len(weights),)).astype(np.float32)
    if node.op_type == "Add":
        for side in (0, 1):
            inner, bias = graph.node(node.input[side]), graph.constant(node.input[1 - side])
            if inner is not None and inner.op_type == "MatMul" and bias is not None:
                found = _linear(graph, inner)
                if found is not None and bias.size in (1, len(found[1])):
                    return found[0], found[1], (found[2] + bias.reshape(-1)).astype(np.float32)
        return None
    if node.op_type == "MatMul":
        matrix = graph.constant(node.input[1])
        if matrix is None or matrix.ndim != 2:
            return None
        return node.input[0], matrix.T, np.zeros(matrix.shape[1], np.float32)
    if node.op_type == "Conv" and int(_attribute(node, "group", 1)) == 1:
        kernel = graph.constant(node.input[1])
        if kernel is None or kernel.ndim != 4 or kernel.shape[2:] != (1, 1):
            return None
        bias = graph.constant(node.input[2]) if len(node.input) > 2 and node.input[2] else None
        return node.input[0], kernel[:, :, 0, 0], np.zeros(len(kernel), np.float32) if bias is None else bias
    return None


def _pooling(graph: _Graph, node: onnx.NodeProto) -> tuple[str, int] | None:
    """(feature map name, channel axis) for a global average pooling node, else None."""
    if node.op_type == "GlobalAveragePool":
        return node.input[0], 1
    if node.op_type == "ReduceMean":
        axes = _attribute(node, "axes", None)
        if axes is None and len(node.input) > 1 and node.input[1]:
            constant = graph.constants.get(node.input[1])
            axes = None if constant is None else numpy_helper.to_array(constant).tolist()
        spatial = sorted(int(a) % 4 for a in axes) if axes is not None else None
        if spatial == [2, 3]:
            return node.input[0], 1
        if spatial == [1, 2]:
            return node.input[0], 3
    return None


def find_cam_head(proto: onnx.ModelProto) -> CamHead:
    """The feature map and classifier weights of a model ending in global average pooling + linear."""
    graph = _Graph(proto.graph)
    if not proto.graph.output:
        raise CamUnsupported(NOT_APPLICABLE)
    node = graph.node(proto.graph.output[0].name)
    while node is not None and node.op_type in AFTER_LINEAR:
        node = graph.node(node.input[0])
    linear = _linear(graph, node) if node is not None else None
    if linear is None:
        raise CamUnsupported(NOT_APPLICABLE)
    source, weights, bias = linear
    node = graph.node(source)
    while node is not None and node.op_type in PASS_THROUGH:
        node = graph.node(node.input[0])
    pooled = _pooling(graph, node) if node is not None else None
    if pooled is None:
        raise CamUnsupported(NOT_APPLICABLE)
    return CamHead(pooled[0], pooled[1], np.ascontiguousarray(weights, np.float32), bias.astype(np.float32))


def augmented_model(proto: onnx.ModelProto, feature: str) -> bytes:
    """The model with `feature` added as a last output, checked and serialised."""
    augmented = onnx.ModelProto()
    augmented.CopyFrom(proto)
    if feature not in {output.name for output in augmented.graph.output}:
        known = {info.name: info for info in augmented.graph.value_info}
        if feature in known and known[feature].type.tensor_type.HasField("shape"):
            augmented.graph.output.append(known[feature])
        else:  # rank 4, sizes left to the runtime
            shape = [None] * 4
            augmented.graph.output.append(onnx.helper.make_tensor_value_info(feature, onnx.TensorProto.FLOAT, shape))
    onnx.checker.check_model(augmented)
    return augmented.SerializeToString()


class CamEngine:
    """The augmented session of one model, its CAM head and the features of the last few images."""

    def __init__(self, model: ClassifierModel, head: CamHead, proto: onnx.ModelProto) -> None:
        """Builds the session on the model's providers; checks that the head reproduces the model's output."""
        self.head = head  # no reference to the model: the engine is cached in a dictionary weakly keyed by it
        self.fixed_batch, self.output_kind = model.input.fixed_batch, model.output_kind
        options = ort.SessionOptions()
        if not model.spin:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        content = augmented_model(proto, head.feature)
        self.session = ort.InferenceSession(content, options, providers=model.session.get_providers())
        self.input_name = model.input.name
        self._cache: OrderedDict[bytes, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()
        classes = len(model.labels.names)
        skip = len(head.weights) - classes
        if skip not in (0, 1):
            raise CamUnsupported(NOT_APPLICABLE)
        self.weights, self.bias = head.weights[skip:], head.bias[skip:]
        size = model.spec.size
        sample = (3, size, size) if model.spec.layout == "NCHW" else (size, size, 3)
        self.features(np.zeros((1, *sample), np.float32), verify=True)

    def features(self, tensor: np.ndarray, verify: bool = False) -> tuple[np.ndarray, np.ndarray, bool]:
        """(K x h x w feature map, class probabilities, whether it came from the cache) for one input."""
        key = hashlib.blake2b(tensor.tobytes(), digest_size=16).digest()
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return (*self._cache[key], True)
        batch = tensor
        if self.fixed_batch:
            batch = np.concatenate([tensor, np.zeros((self.fixed_batch - 1, *tensor.shape[1:]), np.float32)])
        outputs = self.session.run(None, {self.input_name: batch})
        raw, feature = outputs[0].reshape(len(batch), -1)[:1], outputs[-1][:1]
        feature = feature[0] if self.head.channel_axis == 1 else np.moveaxis(feature[0], -1, 0)
        probabilities = self._probabilities(raw)[0]
        if verify:
            pooled = feature.reshape(len(feature), -1).mean(axis=1)
            predicted = softmax((np.einsum("ck,k->c", self.weights, pooled) + self.bias)[None])[0]
            if feature.ndim != 3 or not np.allclose(predicted, probabilities, atol=1e-3):
                raise CamUnsupported(NOT_APPLICABLE)
        with self._lock:
            self._cache[key] = (feature, probabilities)
            while len(self._cache) > CACHED_IMAGES:
                self._cache.popitem(last=False)
        return feature, probabilities, False

    def _probabilities(self, raw: np.ndarray) -> np.ndarray:
        raw = raw[:, len(raw[0]) - len(self.weights) :]
        if self.output_kind == "logits":
            return softmax(raw.astype(np.float32))
        return raw / np.maximum(raw.sum(axis=1, keepdims=True), np.float32(1e-12))


# Per model: its engine, its head (engine not built yet), or the reason CAM does not apply. Reasons are kept as
# strings, never as exceptions: a caught exception's traceback would hold the model and keep it alive forever.
_engines: weakref.WeakKeyDictionary[ClassifierModel, CamEngine | CamHead | str] = weakref.WeakKeyDictionary()
_engines_lock = threading.Lock()


def _head(model: ClassifierModel) -> CamEngine | CamHead | str:
    with _engines_lock:
        known = _engines.get(model)
        if known is None:
            try:
                known = find_cam_head(onnx.load(str(model.path)))
            except CamUnsupported as err:
                known = str(err)
            except Exception as err:  # a model onnxruntime runs but `onnx` cannot read
                known = f"the model's graph cannot be read ({type(err).__name__})"
            _engines[model] = known
        return known


def _engine(model: ClassifierModel) -> CamEngine:
    known = _head(model)
    if isinstance(known, CamHead):
        with _engines_lock:
            known = _engines.get(model, known)
            if isinstance(known, CamHead):
                try:
                    known = CamEngine(model, known, onnx.load(str(model.path)))
                except CamUnsupported as err:
                    known = str(err)
                _engines[model] = known
    if isinstance(known, str):
        raise CamUnsupported(known)
    return known


def cam_support(model: ClassifierModel) -> tuple[bool, str]:
    """(True, "") when class activation maps work for the model, else (False, why not)."""
    known = _head(model)
    return (False, known) if isinstance(known, str) else (True, "")


def cam_map(model: ClassifierModel, image: np.ndarray, target: int | None = None) -> ExplanationMap:
    """The class activation map of `image` for class `target` (default: the top class), in input pixels."""
    started = time.perf_counter()
    target = check_target(model, target)
    engine = _engine(model)
    tensor = normalise(crop_and_resize(image, model.spec)[None], model.spec)
    feature, probabilities, cached = engine.features(tensor)
    target = int(np.argmax(probabilities)) if target is None else target
    cam = np.einsum("k,khw->hw", engine.weights[target], feature)  # not BLAS: its spinning threads slow onnxruntime
    size = model.spec.size
    values = cv2.resize(np.maximum(cam, 0).astype(np.float32), (size, size), interpolation=cv2.INTER_LINEAR)
    details = {
        "feature": engine.head.feature,
        "feature_shape": tuple(feature.shape),
        "probability": float(probabilities[target]),
        "cached": cached,
        "image_shape": image.shape[:2],
    }
    crop = crop_box(image.shape[0], image.shape[1], model.spec)
    return ExplanationMap("cam", values, target, crop, 0 if cached else 1, time.perf_counter() - started, True, details)
