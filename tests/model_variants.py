"""Variants of the bundled model, built in memory with onnx.helper, to prove the loader's generality."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from desktop_app.core.paths import default_model_path


def _base() -> onnx.ModelProto:
    return onnx.load(str(default_model_path()))


def _drop_metadata(model: onnx.ModelProto, *keys: str) -> None:
    kept = [(p.key, p.value) for p in model.metadata_props if p.key not in keys]
    del model.metadata_props[:]
    for key, value in kept:
        model.metadata_props.add(key=key, value=value)


def _save(model: onnx.ModelProto, path: Path) -> Path:
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def nhwc(path: Path) -> Path:
    """The model behind a Transpose, taking NHWC input; the layout key removed so it must be detected."""
    model = _base()
    graph = model.graph
    old = graph.input[0]
    new_input = helper.make_tensor_value_info("image_nhwc", TensorProto.FLOAT, ["batch", 224, 224, 3])
    graph.node.insert(0, helper.make_node("Transpose", ["image_nhwc"], [old.name], perm=[0, 3, 1, 2]))
    graph.input.remove(old)
    graph.input.insert(0, new_input)
    _drop_metadata(model, "layout")
    return _save(model, path)


def with_background(path: Path) -> Path:
    """1001 outputs: a constant background logit of -10 prepended as class 0."""
    model = _base()
    graph = model.graph
    out = graph.output[0]
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array([0], np.int64), "bg_start"),
            numpy_helper.from_array(np.array([1], np.int64), "bg_end"),
            numpy_helper.from_array(np.array([1], np.int64), "bg_axis"),
            numpy_helper.from_array(np.array(0.0, np.float32), "bg_zero"),
            numpy_helper.from_array(np.array(-10.0, np.float32), "bg_value"),
        ]
    )
    graph.node.extend(
        [
            helper.make_node("Slice", [out.name, "bg_start", "bg_end", "bg_axis"], ["bg_slice"]),
            helper.make_node("Mul", ["bg_slice", "bg_zero"], ["bg_zeros"]),
            helper.make_node("Add", ["bg_zeros", "bg_value"], ["bg_logit"]),
            helper.make_node("Concat", ["bg_logit", out.name], ["logits_1001"], axis=1),
        ]
    )
    graph.output.remove(out)
    graph.output.append(helper.make_tensor_value_info("logits_1001", TensorProto.FLOAT, ["batch", 1001]))
    _drop_metadata(model, "labels")
    return _save(model, path)


def probabilities(path: Path) -> Path:
    """Softmax appended to the graph; the output key removed so probabilities must be detected."""
    model = _base()
    graph = model.graph
    out = graph.output[0]
    graph.node.append(helper.make_node("Softmax", [out.name], ["probs"], axis=1))
    graph.output.remove(out)
    graph.output.append(helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 1000]))
    _drop_metadata(model, "output")
    return _save(model, path)


def fixed_batch(path: Path, batch: int = 4) -> Path:
    """The model with its batch axis fixed (as many exported models are)."""
    model = _base()
    for value in (model.graph.input[0], model.graph.output[0]):
        value.type.tensor_type.shape.dim[0].dim_value = batch
    return _save(model, path)


def without_metadata(path: Path) -> Path:
    """The model with all metadata_props removed (a foreign model)."""
    model = _base()
    del model.metadata_props[:]
    return _save(model, path)


def tiny(path: Path, input_shape: list, output_classes: int, input_type: int = TensorProto.FLOAT) -> Path:
    """A small graph that is not an ImageNet classifier: GlobalAveragePool/Flatten/MatMul or Identity."""
    x = helper.make_tensor_value_info("x", input_type, input_shape)
    if len(input_shape) == 4 and input_type == TensorProto.FLOAT:
        channels = input_shape[1]
        weights = numpy_helper.from_array(np.ones((channels, output_classes), np.float32), "w")
        nodes = [
            helper.make_node("GlobalAveragePool", ["x"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["flat"]),
            helper.make_node("MatMul", ["flat", "w"], ["y"]),
        ]
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [input_shape[0], output_classes])
        graph = helper.make_graph(nodes, "tiny", [x], [y], [weights])
    else:
        nodes = [helper.make_node("Identity", ["x"], ["y"])]
        graph = helper.make_graph(nodes, "tiny", [x], [helper.make_tensor_value_info("y", input_type, input_shape)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return _save(model, path)


def two_inputs(path: Path) -> Path:
    """A graph with two inputs."""
    a = helper.make_tensor_value_info("a", TensorProto.FLOAT, [1, 3, 224, 224])
    b = helper.make_tensor_value_info("b", TensorProto.FLOAT, [1, 3, 224, 224])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 224, 224])
    graph = helper.make_graph([helper.make_node("Add", ["a", "b"], ["y"])], "two", [a, b], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return _save(model, path)


def biased_logits(path: Path, class_index: int, amount: float = 40.0) -> Path:
    """The bundled model with `amount` added to one class's logit, so that class is top-1 for any image; named
    for it in its metadata, as a second model to compare with the first."""
    model = _base()
    graph = model.graph
    out = graph.output[0]
    bias = np.zeros(1000, np.float32)
    bias[class_index] = amount
    graph.initializer.append(numpy_helper.from_array(bias, "logit_bias"))
    graph.node.append(helper.make_node("Add", [out.name, "logit_bias"], ["biased_logits"]))
    graph.output.remove(out)
    graph.output.append(helper.make_tensor_value_info("biased_logits", TensorProto.FLOAT, ["batch", 1000]))
    _drop_metadata(model, "model_name")
    model.metadata_props.add(key="model_name", value=f"biased toward class {class_index}")
    return _save(model, path)
