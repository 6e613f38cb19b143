"""Shared fixtures: the real bundled model, the sample photos, a folder for artefacts, and a guard that fails any
test leaving a thread running, naming where that thread was started."""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
import traceback
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.imageio import load_image
from desktop_app.core.model import ClassifierModel
from desktop_app.core.paths import default_model_path, sample_images
from tests import fuzzing  # noqa: F401  (registers and loads the hypothesis profiles: HYPOTHESIS_PROFILE=ci)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS_VARIABLE = "CLASSIFIER_EXPLORER_ARTIFACTS"
THREAD_GRACE_S = 5.0  # a thread told to stop at the end of a test may take this long to finish
STACK_FRAMES = 8  # frames of the starting stack shown for a leaked thread

_started_from: weakref.WeakKeyDictionary[threading.Thread, str] = weakref.WeakKeyDictionary()


OFFSCREEN_SCREEN = (1920, 1080)  # the offscreen platform's screen in tests: room for a window of any test's size


def pytest_configure(config: pytest.Config) -> None:
    """On the offscreen platform, a 1920 x 1080 screen (Qt's default, 800 x 800, would squeeze the window)."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    width, height = OFFSCREEN_SCREEN
    screen = {"name": "tests", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
    config_file = Path(tempfile.gettempdir()) / f"classifier-explorer-tests-screen-{os.getpid()}.json"
    config_file.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config_file}"


@pytest.fixture(scope="session")
def model() -> ClassifierModel:
    """The bundled EfficientNet-Lite0 on the CPU."""
    return ClassifierModel(default_model_path(), provider="cpu")


@pytest.fixture(scope="session")
def cat_image() -> np.ndarray:
    """The bundled cat photo as RGB uint8."""
    return load_image(ROOT / "resources" / "samples" / "cat.png")


@pytest.fixture(scope="session")
def sample_photos() -> dict[str, np.ndarray]:
    """Every bundled sample photo by file name."""
    return {path.name: load_image(path) for path in sample_images()}


@pytest.fixture
def artifacts_dir(tmp_path: Path) -> Path:
    """The folder a test writes files for people to look at (screenshots): the test's own `tmp_path`, or the
    folder named by $CLASSIFIER_EXPLORER_ARTIFACTS when it is set."""
    chosen = os.environ.get(ARTIFACTS_VARIABLE)
    folder = Path(chosen).expanduser() if chosen else tmp_path / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session", autouse=True)
def record_where_threads_start() -> Iterator[None]:
    """Remembers the stack that started each thread, so that a leak report can say where it came from."""
    original_start = threading.Thread.start

    def start(self: threading.Thread) -> None:
        frames = traceback.extract_stack()[:-1]
        runner = [i for i, frame in enumerate(frames) if _is_test_runner(frame.filename)]
        ours = frames[runner[-1] + 1 :] if runner else frames
        _started_from[self] = "".join(traceback.format_list(ours[-STACK_FRAMES:]))
        original_start(self)

    threading.Thread.start = start  # type: ignore[method-assign]  # napari's habit: a leak names its origin
    yield
    threading.Thread.start = original_start  # type: ignore[method-assign]


def _is_test_runner(filename: str) -> bool:
    """Whether a stack frame belongs to pytest itself rather than to the tests or the app."""
    parts = Path(filename).parts
    return "_pytest" in parts or "pluggy" in parts or filename.startswith("<frozen")


def describe_thread(thread: threading.Thread) -> str:
    """A leaked thread's name and the stack that started it."""
    origin = _started_from.get(thread, "    (not started through threading.Thread.start)\n")
    return f"thread {thread.name!r} (daemon={thread.daemon}), started at:\n{origin}"


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fails the test if it leaves a thread running (napari's habit), and says where each one was started."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_GRACE_S
    leftover = [thread for thread in threading.enumerate() if thread not in before]
    for thread in leftover:
        if not isinstance(thread, threading._DummyThread):  # a foreign thread that ran Python cannot be joined
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
    still_running = [thread for thread in leftover if thread.is_alive()]
    if still_running:
        pytest.fail("threads left running:\n" + "\n".join(describe_thread(thread) for thread in still_running))


@contextlib.contextmanager
def xvfb(size: str) -> Iterator[str]:
    """A private Xvfb server with one screen of `size` ("1024x768"), installed by tools/ensure_test_deps.sh; skips
    the test when there is none. Yields the display name."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (make test installs it with apt-get when run as root)")
    ready, announce = os.pipe()  # Xvfb picks a free display and writes its number here once it takes clients
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(announce), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(announce,),
    )
    os.close(announce)
    announced = b""
    while not announced.endswith(b"\n"):  # the number and a newline, maybe in two writes
        if not select.select([ready], [], [], 10)[0] or not (more := os.read(ready, 16)):
            server.kill()
            pytest.fail(f"Xvfb did not start (exit status {server.wait()})")
        announced += more
    try:
        yield f":{announced.decode().strip()}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.close(ready)  # only now: Xvfb treats a closed pipe as fatal


@pytest.fixture(scope="session")
def x_display() -> Iterator[str]:
    """An X server with a 1920 x 1080 screen, as the offscreen platform's in the tests (so a window first opens
    alike on both, and its screenshots can be compared)."""
    with xvfb("1920x1080") as display:
        yield display


@pytest.fixture(scope="session")
def x_display_1024() -> Iterator[str]:
    """An X server with a 1024 x 768 screen (a classroom projector)."""
    with xvfb("1024x768") as display:
        yield display


@pytest.fixture(scope="session")
def x_display_1366() -> Iterator[str]:
    """An X server with a 1366 x 768 screen (a student laptop)."""
    with xvfb("1366x768") as display:
        yield display
