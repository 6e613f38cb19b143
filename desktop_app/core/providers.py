"""Execution providers: what the user asked for (auto, cpu, cuda) and what really runs.

ONNX Runtime falls back to the CPU silently when CUDA cannot start, and `get_available_providers()` lists
CUDA for every onnxruntime-gpu build, GPU or not. Only `session.get_providers()` after a first run tells the
truth, so that is what we report.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass

import onnxruntime as ort

from desktop_app.core.model_guard import plain_error

ort.disable_telemetry_events()  # with ORT_DISABLE_TELEMETRY=1 (desktop_app/__init__.py): the app never phones home
QUIET = 4  # onnxruntime log severity FATAL: its [E:...] lines on a cancelled run or a bad model stay off the terminal
ort.set_default_logger_severity(QUIET)

CHOICES = ("auto", "cpu", "cuda")
CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"
DISPLAY_NAMES = {CPU: "CPU", CUDA: "CUDA"}


@dataclass(frozen=True)
class ProviderReport:
    """The provider asked for, the one that runs, and why they differ (if they do)."""

    requested: str
    active: str
    reason: str = ""

    @property
    def notice(self) -> str:
        """A message for the user when an explicit request could not be honoured, else ""."""
        if self.requested == "cuda" and self.active != "CUDA":
            return f"CUDA was requested but cannot run here ({self.reason}); running on the CPU instead."
        return ""


def cuda_driver_present() -> bool:
    """Whether the NVIDIA driver library can be loaded on this machine."""
    names = {"win32": ["nvcuda.dll"], "darwin": []}.get(sys.platform, ["libcuda.so.1", "libcuda.so"])
    for name in names:
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            continue
    return False


def cuda_unavailable_reason() -> str:
    """Why CUDA cannot be tried at all, or "" when it is worth trying."""
    if CUDA not in ort.get_available_providers():
        return "this ONNX Runtime build has no CUDA support; see the README to install onnxruntime-gpu"
    if not cuda_driver_present():
        return "no NVIDIA GPU driver was found"
    return ""


def preload_cuda_libraries() -> None:
    """Loads CUDA/cuDNN from NVIDIA's pip packages when present; prints nothing, never raises."""
    preload = getattr(ort, "preload_dlls", None)
    if preload is None:
        return
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(Exception):
        preload(directory="")


def create_session(
    make: Callable[[list[str], ort.SessionOptions], ort.InferenceSession],
    requested: str,
    warm_up: Callable[[ort.InferenceSession], None],
) -> tuple[ort.InferenceSession, ProviderReport]:
    """A session on the best provider allowed by `requested`, warmed up once, and the truth about it."""
    if requested not in CHOICES:
        raise ValueError(f"provider must be one of {', '.join(CHOICES)}, not {requested!r}")
    reason = "CPU was requested" if requested == "cpu" else cuda_unavailable_reason()
    if not reason:
        preload_cuda_libraries()
        options = ort.SessionOptions()
        options.log_severity_level = QUIET  # CUDA start-up failures are reported by us, in words, not as ORT logs
        try:
            session = make([CUDA, CPU], options)
            warm_up(session)
            if session.get_providers()[0] == CUDA:
                return session, ProviderReport(requested, "CUDA")
            reason = "the CUDA 13 / cuDNN 9 libraries could not be loaded or the GPU is not supported"
        except Exception as err:  # onnxruntime's errors derive from Exception only
            reason = f"CUDA failed to start: {plain_error(err)}"  # ORT's source paths and status codes left out
    session = make([CPU], ort.SessionOptions())
    warm_up(session)
    return session, ProviderReport(requested, "CPU", reason)
