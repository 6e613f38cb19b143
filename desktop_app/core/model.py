"""ClassifierModel: load and validate an ImageNet classifier in ONNX, and run it on images.

Accepted: one float32 image input of rank 4, NCHW or NHWC, fixed or dynamic batch; one output of 1000
classes, or 1001 with the background class first (dropped); logits or probabilities (softmax only logits).
Preprocessing comes from the model's metadata_props, else a sidecar JSON, else ImageNet defaults (announced).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import onnxruntime as ort

from desktop_app.core.labels import Labels, imagenet_labels
from desktop_app.core.model_guard import MAX_BATCH_INPUT_BYTES, ModelError, plain_error, probe_model
from desktop_app.core.paths import default_model_path
from desktop_app.core.preprocess import PreprocessSpec, SpecError, to_batch
from desktop_app.core.providers import QUIET, ProviderReport, create_session
from desktop_app.core.safe_files import FileRefused, open_regular_file, same_file
from desktop_app.core.scheduler import Cancelled, CancelToken

MAX_MODEL_BYTES = 2 * 1024**3  # protobuf's own limit for a single ONNX file
FLOAT_OUTPUTS = ("tensor(float)", "tensor(double)", "tensor(float16)")

__all__ = ["ClassifierModel", "InputInfo", "ModelError", "TopClass", "load_model", "release_unused_memory", "softmax"]


@dataclass(frozen=True)
class InputInfo:
    """What the model's image input looks like."""

    name: str
    layout: str
    height: int
    width: int
    fixed_batch: int | None

    def describe(self) -> str:
        """e.g. "image: NCHW float32 [batch, 3, 224, 224]"."""
        batch = str(self.fixed_batch) if self.fixed_batch else "batch"
        dims = [batch, 3, self.height, self.width] if self.layout == "NCHW" else [batch, self.height, self.width, 3]
        return f"{self.name}: {self.layout} float32 [{', '.join(map(str, dims))}]"


@dataclass(frozen=True)
class TopClass:
    """One class of a prediction."""

    index: int
    label: str
    probability: float


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax in float32, stable for large logits."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted, dtype=np.float32)
    return exp / exp.sum(axis=-1, keepdims=True)


class ClassifierModel:
    """An ONNX ImageNet classifier with its preprocessing, labels and execution provider."""

    def __init__(self, path: str | Path, provider: str = "auto", max_batch: int = 32, spin: bool = True) -> None:
        """Loads and validates `path`; `spin=False` stops idle worker threads from busy-waiting between runs
        (what an interactive app wants on a 2-core laptop, where spinning threads starve the GUI thread)."""
        self.path = Path(path)
        self.max_batch = max(1, int(max_batch))
        self.spin = spin
        self.notices: list[str] = []
        _check_file(self.path)
        try:
            self._session, self.provider = create_session(self._make_session, provider, self._warm_up)
        except ModelError:
            raise
        except Exception as err:
            raise ModelError(f"“{self.path.name}” is not an ONNX model this app can run ({plain_error(err)}).") from err
        if self.provider.notice:
            self.notices.append(self.provider.notice)

    # -- loading and validation -------------------------------------------------------------------------

    def _make_session(self, providers: list[str], options: ort.SessionOptions) -> ort.InferenceSession:
        options.log_severity_level = QUIET  # failures and cancellations are reported by us, in words
        if not self.spin:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return ort.InferenceSession(str(self.path), options, providers=providers)

    def _warm_up(self, session: ort.InferenceSession) -> None:
        """Validates the session's inputs and outputs and runs it once; sets the model's description."""
        self._session = session
        self.notices = []
        meta = dict(session.get_modelmeta().custom_metadata_map)
        self.metadata = meta
        self.input = _input_info(session, meta)
        self.spec = self._resolve_spec(meta)
        sample_bytes = 4 * int(np.prod(self._sample_shape()))
        fixed = self.input.fixed_batch or 1
        if fixed * sample_bytes > MAX_BATCH_INPUT_BYTES:
            raise ModelError(
                f"“{self.path.name}” only takes batches of exactly {fixed:,} images, which need "
                f"{fixed * sample_bytes / 2**30:,.1f} GB for every prediction; export it with a "
                "dynamic or smaller batch."
            )
        self.max_batch = max(1, min(self.max_batch, MAX_BATCH_INPUT_BYTES // sample_bytes))
        output = session.get_outputs()[0]
        if len(session.get_outputs()) != 1 or output.type not in FLOAT_OUTPUTS:
            raise ModelError(
                f"“{self.path.name}” gives {len(session.get_outputs())} outputs, the first of type {output.type}; "
                "an image classifier gives one tensor of class scores."
            )
        probe = np.zeros((self.input.fixed_batch or 1, *self._sample_shape()), dtype=np.float32)
        raw = self._run(probe, None).reshape(probe.shape[0], -1)
        self._check_finite(raw)
        if raw.shape[1] not in (1000, 1001):
            raise ModelError(
                f"“{self.path.name}” gives {raw.shape[1]} values per image; an ImageNet classifier gives 1000 "
                "(or 1001 with a background class)."
            )
        self.background_class = raw.shape[1] == 1001
        kind = meta.get("output", "")
        looks_like_probabilities = _are_probabilities(raw[:, 1:] if self.background_class else raw)
        if kind == "probabilities" and not looks_like_probabilities:
            self.notices.append(
                f"“{self.path.name}” says it gives probabilities, but its outputs do not add up to 100 %; they are "
                "treated as scores (logits) instead."
            )
            kind = "logits"
        if kind not in ("logits", "probabilities"):
            kind = "probabilities" if looks_like_probabilities else "logits"
        self.output_kind = kind
        self.labels = _labels_from(meta)
        self.name = meta.get("model_name") or self.path.stem

    def _resolve_spec(self, meta: dict[str, str]) -> PreprocessSpec:
        """Preprocessing from metadata, else a sidecar JSON, else announced ImageNet defaults."""
        spec = None
        try:
            spec = PreprocessSpec.from_metadata(meta, "model metadata")
            if spec is None:
                for sidecar in (
                    self.path.with_suffix(".json"),
                    self.path.with_name(self.path.name + ".json"),
                ):
                    if sidecar.is_file():
                        spec = PreprocessSpec.from_metadata(json.loads(sidecar.read_text("utf-8")), sidecar.name)
                        break
        except (SpecError, ValueError, OSError) as err:
            raise ModelError(f"the preprocessing settings of “{self.path.name}” are unusable: {err}") from err
        if spec is None:
            spec = PreprocessSpec(source="defaults")
            self.notices.append(
                f"“{self.path.name}” does not say how to prepare images; using the ImageNet defaults (short side "
                "256, centre crop 224, torchvision mean/std). Add a sidecar JSON if predictions look wrong."
            )
        size = self.input.height
        if spec.size != size:
            spec = replace(spec, size=size, resize=max(size, round(size * spec.resize / spec.size)))
        return replace(spec, layout=self.input.layout)

    def _sample_shape(self) -> tuple[int, int, int]:
        size = self.spec.size
        return (3, size, size) if self.input.layout == "NCHW" else (size, size, 3)

    # -- running --------------------------------------------------------------------------------------

    def _run(self, batch: np.ndarray, cancel: CancelToken | None) -> np.ndarray:
        """One session run, cancellable through the token; ModelError when the run fails."""
        if cancel is not None:
            cancel.raise_if_cancelled()
        options = ort.RunOptions()
        options.log_severity_level = QUIET  # a terminated run is not an error worth a red log line
        remove = cancel.add_hook(lambda: setattr(options, "terminate", True)) if cancel is not None else None
        try:
            result = self._session.run(None, {self.input.name: batch}, options)[0]
        except Exception as err:
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from None
            raise ModelError(f"“{self.path.name}” failed while running ({plain_error(err)}).") from err
        finally:
            if remove is not None:
                remove()
        if not isinstance(result, np.ndarray) or result.dtype.kind != "f":
            raise ModelError(f"“{self.path.name}” did not give a tensor of numbers as its output.")
        return result

    def _check_finite(self, raw: np.ndarray) -> None:
        if not np.isfinite(raw).all():
            what = "NaN" if np.isnan(raw).any() else "infinity"
            raise ModelError(f"“{self.path.name}” produced invalid numbers ({what}); its results cannot be shown.")

    def predict_tensor(self, batch: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
        """Class probabilities (N x 1000, float32) for an already preprocessed batch."""
        if batch.ndim == 3:
            batch = batch[None]
        expected = self._sample_shape()
        if batch.shape[1:] != expected:
            raise ModelError(f"input batch has shape {batch.shape[1:]}, the model needs {expected}")
        batch = np.ascontiguousarray(batch, dtype=np.float32)
        step = self.input.fixed_batch or self.max_batch
        chunks = []
        for start in range(0, len(batch), step):
            chunk = batch[start : start + step]
            missing = step - len(chunk) if self.input.fixed_batch else 0
            if missing:
                chunk = np.concatenate([chunk, np.zeros((missing, *expected), np.float32)])
            raw = self._run(chunk, cancel).reshape(len(chunk), -1)
            self._check_finite(raw)
            chunks.append(raw[: len(chunk) - missing])
        return self._to_probabilities(np.concatenate(chunks) if len(chunks) > 1 else chunks[0])

    def _to_probabilities(self, raw: np.ndarray) -> np.ndarray:
        if self.background_class:
            raw = raw[:, 1:]
        if self.output_kind == "logits":
            return softmax(raw.astype(np.float32, copy=False))
        probabilities = raw.astype(np.float32)
        if self.background_class:
            probabilities /= np.maximum(probabilities.sum(axis=1, keepdims=True), np.float32(1e-12))
        if not _are_probabilities(probabilities, tolerance=0.02):
            raise ModelError(f"“{self.path.name}” gave probabilities that do not add up to 100 % for this image.")
        return probabilities

    def preprocess(self, images: Sequence[np.ndarray]) -> np.ndarray:
        """The model input batch for RGB uint8 images."""
        return to_batch(images, self.spec)

    def predict(self, images: Sequence[np.ndarray], cancel: CancelToken | None = None) -> np.ndarray:
        """Class probabilities (N x 1000, float32) for RGB uint8 images of any size."""
        return self.predict_tensor(self.preprocess(images), cancel)

    def top_k(self, probabilities: np.ndarray, k: int = 5) -> list[TopClass]:
        """The k most probable classes of one probability row, most probable first."""
        k = max(1, min(k, probabilities.shape[-1]))
        order = np.argsort(-probabilities, kind="stable")[:k]
        return [TopClass(int(i), self.labels.name(int(i)), float(probabilities[i])) for i in order]

    def classify(self, image: np.ndarray, k: int = 5, cancel: CancelToken | None = None) -> list[TopClass]:
        """The top-k classes for one RGB uint8 image."""
        return self.top_k(self.predict([image], cancel)[0], k)

    @property
    def session(self) -> ort.InferenceSession:
        """The underlying onnxruntime session (for benchmarks and explanations)."""
        return self._session

    @property
    def provider_report(self) -> ProviderReport:
        """What was asked for and what runs."""
        return self.provider


def _are_probabilities(raw: np.ndarray, tolerance: float = 1e-3) -> bool:
    """Whether every row is non-negative and sums to 1."""
    return bool(raw.min() >= 0 and np.allclose(raw.sum(axis=1), 1.0, atol=tolerance))


def _check_file(path: Path) -> None:
    """ModelError unless the path is a regular, non-empty file within MAX_MODEL_BYTES (nothing is read)."""
    try:
        with open_regular_file(path, MAX_MODEL_BYTES, "an ONNX model file") as (_stream, size):
            pass
    except FileRefused as err:
        if err.reason == "not-found":
            raise ModelError(f"the model file “{path.name}” was not found ({path}).") from err
        if err.reason == "too-large":
            raise ModelError(f"the model file “{path.name}” is larger than 2 GB, the limit of one ONNX file.") from err
        raise ModelError(str(err)) from err
    if size == 0:
        raise ModelError(f"the model file “{path.name}” is empty.")


def load_model(
    path: str | os.PathLike[str] | None = None,
    provider: str = "auto",
    cancel: CancelToken | None = None,
    timeout_s: float | None = None,
    spin: bool = True,
) -> ClassifierModel:
    """A model loaded safely: any model but the bundled one is first checked and test-run in a child process that
    is killed when it overruns (see core.model_guard), so this returns or raises ModelError / Cancelled promptly."""
    file = Path(path) if path is not None else default_model_path()
    _check_file(file)
    if not same_file(file, default_model_path()):
        probe_model(file, timeout_s, cancel)
    if cancel is not None:
        cancel.raise_if_cancelled()
    return ClassifierModel(file, provider=provider, spin=spin)


def _input_info(session: ort.InferenceSession, meta: dict[str, str]) -> InputInfo:
    """Checks that the session takes one float32 image batch and describes it."""
    inputs = session.get_inputs()
    if len(inputs) != 1:
        raise ModelError(f"the model has {len(inputs)} inputs; an image classifier has exactly one (the image).")
    tensor = inputs[0]
    if tensor.type != "tensor(float)":
        raise ModelError(f"the model's input is {tensor.type}; this app feeds float32 images (tensor(float)).")
    shape = list(tensor.shape)
    if len(shape) != 4:
        raise ModelError(
            f"the model's input has {len(shape)} dimensions {shape}; an image classifier takes a batch of images "
            "with 4 (batch, channels, height, width)."
        )
    layout = meta.get("layout")
    if layout not in ("NCHW", "NHWC"):
        layout = "NCHW" if shape[1] == 3 else "NHWC" if shape[3] == 3 else None
    if layout is None:
        raise ModelError(f"the model's input {shape} has no colour axis of size 3; it does not take RGB images.")
    height, width = (shape[2], shape[3]) if layout == "NCHW" else (shape[1], shape[2])
    fixed = [d for d in (height, width) if isinstance(d, int)]
    if fixed and (len(fixed) == 1 or height != width):
        raise ModelError(f"the model's input is {height} x {width}; only square inputs are supported.")
    size = height if isinstance(height, int) else int(json.loads(meta.get("size", "224")))
    batch = shape[0] if isinstance(shape[0], int) and shape[0] > 0 else None
    return InputInfo(tensor.name, layout, size, size, batch)


def _labels_from(meta: dict[str, str]) -> Labels:
    """Labels embedded in the metadata when they fit, else the bundled ImageNet-1k names."""
    bundled = imagenet_labels()
    try:
        names = json.loads(meta["labels"]) if "labels" in meta else None
    except ValueError:
        names = None
    if isinstance(names, list) and len(names) == 1000 and all(isinstance(n, str) for n in names):
        return Labels(tuple(names), bundled.wnids, meta.get("label_set", "imagenet-1k"))
    return bundled


def release_unused_memory() -> None:
    """Gives the memory of models no longer used back to the system: Python's cycles are collected, then glibc's
    malloc_trim returns the freed blocks it keeps for reuse (tens of MB per session); elsewhere only the first."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # another C library (musl) has none
        return None
    return function
