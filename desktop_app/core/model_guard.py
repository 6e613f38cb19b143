"""Checks a model file before the app runs it: its graph read statically, then a test run in a child process.

A model is a program. One that loops for ever, allocates gigabytes from a constant, or crashes ONNX Runtime would
take the app with it, and onnxruntime cannot interrupt a session while it is being created. So a model that is
not the bundled one is first loaded and run once on a blank image in a separate process, which is killed when it
takes longer than the time limit or more memory than the budget; only a model that passed is loaded in the app.

Budgets (stated, and measured by tests/hostile): a test run may take PROBE_TIMEOUT_S seconds (setting
CLASSIFIER_EXPLORER_MODEL_TIMEOUT) and PROBE_MEMORY_BYTES (1.25 GB) above the model file's size; initializers may
add up to MAX_WEIGHT_BYTES; a constant-shaped allocation may be at most MAX_CONSTANT_BYTES; a fixed batch input at
most MAX_BATCH_INPUT_BYTES; a loop with a constant trip count at most MAX_LOOP_TRIPS iterations.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from desktop_app.core.scheduler import Cancelled, CancelToken

PROBE_TIMEOUT_S = 10.0
TIMEOUT_ENV = "CLASSIFIER_EXPLORER_MODEL_TIMEOUT"
# 1.25 GB for running one image, on top of the model's own weights: with the polling overshoot (a model can fill
# ~100 MB between two looks) the test run stays within the app's 1.5 GB budget per operation.
PROBE_MEMORY_BYTES = 5 * 2**28
MAX_WEIGHT_BYTES = 2 * 2**30
MAX_CONSTANT_BYTES = 256 * 2**20
MAX_BATCH_INPUT_BYTES = 256 * 2**20
MAX_LOOP_TRIPS = 1_000_000
POLL_S = 0.01
SIZE_OF = {1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2}  # TensorProto types
PARENT_CHECK_S = 0.25  # how often a test run looks whether the app that started it is still there
PARENT_VARIABLE = "CLASSIFIER_EXPLORER_PROBE_PARENT"  # the app's process id, handed to its test runs


class ModelError(Exception):
    """A model file that cannot be used; str(err) says why in plain words."""


# --------------------------------------------------------------------------------------------- messages

_INTERNALS = [
    (re.compile(r"\[ONNXRuntimeError\] : \d+ : \w+ : "), ""),
    (re.compile(r"Load model from \S+ failed:\s*"), ""),
    (re.compile(r"\S*onnxruntime_src\S*|(?:/|[A-Za-z]:\\)\S+\.(?:cc|cpp|h|hpp|py)(?::\d+)?"), ""),
    (re.compile(r"\s*(?:\w+ )?(?:Status Message|Stacktrace):.*", re.S), ""),
    (re.compile(r"\s+"), " "),
]


def plain_error(err: BaseException) -> str:
    """What went wrong inside onnxruntime or protobuf, without source paths, status codes or Python internals."""
    if isinstance(err, RecursionError):
        return "the model's graph is nested too deeply"
    if isinstance(err, MemoryError):
        return "not enough memory"
    if not type(err).__module__.startswith(("onnxruntime", "google.protobuf", "onnx")) and not isinstance(
        err, RuntimeError
    ):
        return "it does not have the structure of an image classifier"
    lines = [line for line in str(err).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(err).__name__
    for pattern, replacement in _INTERNALS:
        text = pattern.sub(replacement, text)
    text = text.strip(" :;,.") or "ONNX Runtime could not read it"
    return text[:200]


# --------------------------------------------------------------------------------------------- static checks


def _tensor_bytes(tensor: object) -> int:
    """The size a TensorProto declares (its dims), whatever its data really holds."""
    count = 1
    for dim in tensor.dims:  # type: ignore[attr-defined]
        count *= max(0, int(dim))
    return count * SIZE_OF.get(tensor.data_type, 8)  # type: ignore[attr-defined]


def _integers(tensor: object) -> np.ndarray:
    """The values of an int32/int64 TensorProto (raw bytes or the typed list), shaped by its dims."""
    dtype = np.dtype("<i4") if tensor.data_type == 6 else np.dtype("<i8")  # type: ignore[attr-defined]
    raw = tensor.raw_data  # type: ignore[attr-defined]
    typed = tensor.int32_data if tensor.data_type == 6 else tensor.int64_data  # type: ignore[attr-defined]
    values = np.frombuffer(raw, dtype) if raw else np.array(list(typed), dtype)
    dims: list[int] = [int(d) for d in tensor.dims]  # type: ignore[attr-defined]  # onnx's protobuf stubs are partial
    return values.reshape(dims)


def _constant_values(graph: object) -> dict[str, np.ndarray]:
    """Small integer constants of a graph (initializers and Constant nodes), by name: shapes, trip counts."""
    tensors = {init.name: init for init in graph.initializer}  # type: ignore[attr-defined]
    for node in graph.node:  # type: ignore[attr-defined]
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            tensors[node.output[0]] = node.attribute[0].t
    values = {}
    for name, tensor in tensors.items():
        if tensor.data_type in (6, 7) and _tensor_bytes(tensor) <= 1024:  # int32 / int64
            try:
                values[name] = _integers(tensor)
            except ValueError:  # a damaged constant: onnxruntime will say so
                continue
    return values


def _elements(shape: np.ndarray) -> int:
    count = 1
    for dim in shape.reshape(-1).tolist():
        count *= max(0, int(dim))
    return count


def _check_nodes(graph: object, name: str, depth: int = 0) -> None:
    """ModelError for a node that allocates a huge constant-shaped tensor or loops without end (subgraphs too)."""
    if depth > 32:
        raise ModelError(f"“{name}” has subgraphs nested too deeply.")
    constants = _constant_values(graph)
    for node in graph.node:  # type: ignore[attr-defined]
        inputs = list(node.input)
        if node.op_type in ("ConstantOfShape", "Expand") and len(inputs) >= 1:
            shape = constants.get(inputs[0] if node.op_type == "ConstantOfShape" else inputs[-1])
            if shape is not None and _elements(shape) * 4 > MAX_CONSTANT_BYTES:
                raise ModelError(
                    f"“{name}” would allocate a tensor of {_elements(shape):,} values ({node.op_type} "
                    f"{shape.reshape(-1).tolist()[:8]}), more memory than this app allows."
                )
        if node.op_type == "Loop":
            trips = constants.get(inputs[0]) if inputs and inputs[0] else None
            condition = inputs[1] if len(inputs) > 1 else ""
            endless = (not inputs or not inputs[0]) and not condition
            if endless or (trips is not None and int(trips.reshape(-1)[0]) > MAX_LOOP_TRIPS):
                raise ModelError(f"“{name}” contains a loop that may never end; an image classifier has none.")
        for attribute in node.attribute:
            for subgraph in [attribute.g, *attribute.graphs] if attribute.type in (5, 10) else []:
                _check_nodes(subgraph, name, depth + 1)


def check_graph(proto: object, name: str) -> None:
    """ModelError when the model's graph declares more than the budgets allow (weights, allocations, loops,
    weights kept in other files)."""
    graph = proto.graph  # type: ignore[attr-defined]
    weights = 0
    for init in graph.initializer:
        if init.data_location == 1 or init.external_data:
            raise ModelError(f"“{name}” keeps its weights in other files; only single-file ONNX models are opened.")
        weights += _tensor_bytes(init)
    if weights > MAX_WEIGHT_BYTES:
        raise ModelError(f"“{name}” declares {weights / 2**30:,.1f} GB of weights; the limit is 2 GB.")
    _check_nodes(graph, name)


# --------------------------------------------------------------------------------------------- the test run


def probe_timeout() -> float:
    """Seconds a model's test run may take: CLASSIFIER_EXPLORER_MODEL_TIMEOUT, else PROBE_TIMEOUT_S."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return PROBE_TIMEOUT_S
    return value if 0 < value < 3600 else PROBE_TIMEOUT_S


def _probe_command(path: Path) -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--probe-model", str(path)]
    return [sys.executable, "-m", "desktop_app", "--probe-model", str(path)]


def _resident_bytes(pid: int) -> int:
    """The resident memory of a process (Linux /proc); 0 where that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


def probe_model(path: Path, timeout_s: float | None = None, cancel: CancelToken | None = None) -> dict:
    """Loads the model and runs it once on a blank image in a child process, killed when it overruns the time or
    memory budget or when `cancel` is set (Cancelled); ModelError says why a model failed. Returns what the child
    measured: {"seconds", "peak_bytes"}."""
    timeout = probe_timeout() if timeout_s is None else timeout_s
    limit = PROBE_MEMORY_BYTES + path.stat().st_size
    env = {**os.environ, "ORT_DISABLE_TELEMETRY": "1", "OMP_NUM_THREADS": "1", PARENT_VARIABLE: str(os.getpid())}
    process = subprocess.Popen(
        _probe_command(path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    started, peak = time.monotonic(), 0
    try:
        while True:
            try:
                output, _ = process.communicate(timeout=POLL_S)
                break
            except subprocess.TimeoutExpired:
                pass
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            peak = max(peak, _resident_bytes(process.pid))
            if peak > limit:
                raise ModelError(
                    f"“{path.name}” needed more than {limit / 2**30:,.1f} GB of memory for one image; it was stopped."
                )
            if time.monotonic() - started > timeout:
                raise ModelError(
                    f"“{path.name}” did not finish a test run on one image within {timeout:g} s; it may never "
                    "finish, so it was stopped."
                )
    finally:
        _stop(process)
    return _probe_result(output, process.returncode, path.name, peak)


def _probe_result(output: bytes, returncode: int, name: str, peak: int) -> dict:
    try:
        report = json.loads(output.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError, UnicodeDecodeError):
        report = None
    if not isinstance(report, dict):
        how = f"signal {-returncode}" if returncode < 0 else f"status {returncode}"
        raise ModelError(f"“{name}” made ONNX Runtime stop during a test run ({how}); it cannot be used.")
    if not report.get("ok"):
        raise ModelError(str(report.get("message", f"“{name}” cannot be used.")))
    return {"seconds": report.get("seconds", 0.0), "peak_bytes": max(peak, int(report.get("peak_bytes", 0)))}


def parse_model(data: bytes) -> object:
    """An onnx ModelProto parsed from bytes. The generated protobuf module is loaded on its own when it can be:
    importing the whole onnx package costs the child about a second."""
    spec = importlib.util.find_spec("onnx")
    folder = next(iter(spec.submodule_search_locations or []), None) if spec else None
    module = sys.modules.get("onnx.onnx_ml_pb2")
    if module is None and folder and os.path.isfile(os.path.join(folder, "onnx_ml_pb2.py")):
        standalone = importlib.util.spec_from_file_location("onnx.onnx_ml_pb2", os.path.join(folder, "onnx_ml_pb2.py"))
        if standalone is not None and standalone.loader is not None:
            module = importlib.util.module_from_spec(standalone)
            standalone.loader.exec_module(module)
    if module is None:
        from onnx import onnx_ml_pb2 as module
    proto = module.ModelProto()  # type: ignore[union-attr]  # the import above sets it when the file did not
    proto.ParseFromString(data)
    return proto


def _exit_with_parent() -> None:
    """Ends this process when the process that started it is gone (killed, or left with os._exit on Ctrl+C), so a
    model that never finishes cannot outlive the app and burn a core for ever. On Linux the kernel does it
    (PR_SET_PDEATHSIG), which works even while onnxruntime holds the interpreter; elsewhere a thread watches."""
    parent = int(os.environ.get(PARENT_VARIABLE, os.getppid()))
    if os.getppid() != parent:  # the app was gone before this process got this far
        os._exit(3)
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        if ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the request took effect
                os._exit(3)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(3)

    threading.Thread(target=watch, name="probe-parent-watch", daemon=True).start()


def run_probe(path: str) -> int:
    """The child's side of probe_model: check, load and run the model once; one JSON line on stdout."""
    from desktop_app.core.model import ClassifierModel

    _exit_with_parent()
    started = time.perf_counter()
    name = Path(path).name
    try:
        from desktop_app.core.safe_files import read_regular_file

        data = read_regular_file(path, 2 * 2**30, "an ONNX model")
        try:
            proto = parse_model(data)
        except Exception as err:
            raise ModelError(f"“{name}” is not an ONNX model this app can run ({plain_error(err)}).") from err
        del data
        check_graph(proto, name)
        del proto
        ClassifierModel(path, provider="cpu")
        report: dict[str, object] = {"ok": True, "seconds": time.perf_counter() - started, "peak_bytes": _peak_bytes()}
    except ModelError as err:
        report = {"ok": False, "message": str(err)}
    except Exception as err:  # the report must always come back: a model can make anything fail
        report = {"ok": False, "message": f"“{name}” is not an ONNX model this app can run ({plain_error(err)})."}
    print(json.dumps(report), flush=True)
    return 0


def _peak_bytes() -> int:
    """This process's peak resident memory since it started (Linux VmHWM; ru_maxrss elsewhere, which on Linux
    would include the parent's size at fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    except ImportError:
        return 0
