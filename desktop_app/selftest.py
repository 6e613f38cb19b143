"""`classifier-explorer self-test`: the installed app checks itself, offline, and says what is wrong.

It checks the bundled files, loads the bundled model, classifies the bundled samples against the classes they must
get, decodes images through Qt's plugins, and opens the main window (offscreen unless QT_QPA_PLATFORM names a
platform), waits for its first prediction and closes it. Python socket connections are refused and counted while
it runs: the app must need none. Exit status 0 when everything passed, 1 otherwise.
"""

from __future__ import annotations

import os
import platform
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from desktop_app.core.model import ClassifierModel

EXIT_OK, EXIT_FAILED = 0, 1
T = TypeVar("T")
WINDOW_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Expectation:
    """What a bundled sample must be classified as: a test on the top class index and its name."""

    description: str
    check: Callable[[int, str], bool]


def _expectations() -> dict[str, Expectation]:
    from desktop_app.core.labels import coarse_category

    return {
        "cat.png": Expectation("a cat class", lambda index, _name: coarse_category(index) == "cat"),
        "coffee.png": Expectation("espresso", lambda _index, name: name == "espresso"),
    }


@dataclass
class Report:
    """Collects one line per check and whether any failed."""

    out: TextIO
    failures: list[str] = field(default_factory=list)

    def ok(self, name: str, detail: str) -> None:
        """Records a passed check."""
        print(f"ok    {name}: {detail}", file=self.out, flush=True)

    def fail(self, name: str, detail: str) -> None:
        """Records a failed check."""
        self.failures.append(name)
        print(f"FAIL  {name}: {detail}", file=self.out, flush=True)

    def note(self, name: str, detail: str) -> None:
        """Records information that is not a failure (e.g. CUDA is not usable here)."""
        print(f"note  {name}: {detail}", file=self.out, flush=True)


@contextmanager
def sockets_refused(attempts: list[str]) -> Iterator[None]:
    """Refuses every outgoing Python socket connection while active, recording where each one went."""
    originals = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection)

    def refuse(address: object) -> OSError:
        attempts.append(repr(address))
        return ConnectionRefusedError(f"self-test: network access is not allowed (to {address!r})")

    def connect(self: socket.socket, address: Any) -> None:  # Any: whatever the caller passed, passed on
        if self.family == getattr(socket, "AF_UNIX", None):
            return originals[0](self, address)
        raise refuse(address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family == getattr(socket, "AF_UNIX", None):
            return originals[1](self, address)
        raise refuse(address)

    def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
        raise refuse(address)

    # the point of this function: replace the socket functions while it is active (typeshed's types are narrower)
    socket.socket.connect = connect  # type: ignore[method-assign,assignment]  # see above
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]  # see above
    socket.create_connection = create_connection
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.create_connection = originals  # type: ignore[method-assign]  # putting them back


def check_files(report: Report) -> bool:
    """The bundled model, labels, samples, textures and icons are where the app looks for them."""
    from desktop_app.core.paths import app_root, default_model_path, resources_dir

    root = resources_dir()
    wanted = {
        "model": default_model_path(),
        "labels": root / "labels" / "imagenet1k.json",
        "samples": root / "samples" / "cat.png",
        "textures": root / "textures" / "textures.json",
        "stimuli": root / "texture-vs-shape" / "categories16.json",
        "icon": root / "icons" / "app.png",
    }
    missing = [f"{name} ({path})" for name, path in wanted.items() if not path.is_file()]
    if missing:
        report.fail("bundled files", "missing " + ", ".join(missing))
        return False
    textures = len(list((root / "textures").glob("*.jpg")))
    samples = len(list((root / "samples").iterdir()))
    stimuli = len(list((root / "texture-vs-shape" / "cue-conflict").glob("*/*.png")))
    size_mb = default_model_path().stat().st_size / 1e6
    report.ok(
        "bundled files",
        f"model {size_mb:.1f} MB, {samples} samples, {textures} textures, {stimuli} cue-conflict images "
        f"in {app_root()}",
    )
    return True


def check_versions(report: Report) -> None:
    """Prints the versions that matter when someone reports a problem."""
    import cv2
    import numpy
    import onnxruntime
    import PySide6

    frozen = "frozen build" if getattr(sys, "frozen", False) else "source"
    report.ok(
        "versions",
        f"Python {platform.python_version()} ({frozen}) on {platform.platform()};"
        f" onnxruntime {onnxruntime.__version__}, PySide6 {PySide6.__version__},"
        f" OpenCV {cv2.__version__}, numpy {numpy.__version__}",
    )


def check_model(report: Report) -> ClassifierModel | None:
    """Loads the bundled model on the best provider, reporting what really runs; returns it or None."""
    from desktop_app.core.model import ClassifierModel, ModelError
    from desktop_app.core.paths import default_model_path

    started = time.perf_counter()
    try:
        model = ClassifierModel(default_model_path(), provider="auto")
    except ModelError as err:
        report.fail("model", str(err))
        return None
    provider = model.provider
    report.ok("model", f"{model.name} loaded in {time.perf_counter() - started:.2f} s, running on {provider.active}")
    if provider.reason:
        report.note("provider", f"not on CUDA: {provider.reason}")
    for notice in model.notices:
        report.note("model", notice)
    return model


def check_samples(report: Report, model: ClassifierModel) -> None:
    """Classifies every bundled sample; those with an expectation must get the expected class."""
    import numpy as np

    from desktop_app.core.imageio import ImageLoadError, load_image
    from desktop_app.core.paths import sample_images

    expectations = _expectations()
    seen = set()
    for path in sample_images():
        name = f"sample {path.name}"
        try:
            image = load_image(path)
            started = time.perf_counter()
            probabilities = np.asarray(model.predict([image])[0])
            elapsed = time.perf_counter() - started
        except (ImageLoadError, ValueError) as err:
            report.fail(name, str(err))
            continue
        if not (np.all(np.isfinite(probabilities)) and abs(float(probabilities.sum()) - 1.0) < 1e-3):
            report.fail(name, "the model's output is not a probability distribution")
            continue
        [top] = model.top_k(probabilities, 1)
        found = f"{top.label} {100 * top.probability:.1f}% ({elapsed * 1000:.0f} ms)"
        expected = expectations.get(path.name)
        if expected is None:
            report.ok(name, found)
        elif expected.check(top.index, top.label):
            report.ok(name, f"{found}, expected {expected.description}")
            seen.add(path.name)
        else:
            report.fail(name, f"{found}, but expected {expected.description}")
    for missing in sorted(set(expectations) - seen - {p.name for p in sample_images()}):
        report.fail(f"sample {missing}", "the bundled sample is missing")


def check_xcb_plugin(report: Report) -> None:
    """On Linux: whether Qt's X11 platform plugin finds its system libraries (what a real desktop needs)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    from PySide6.QtCore import QLibraryInfo

    plugin = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        report.fail("xcb platform plugin", f"not bundled ({plugin})")
        return
    try:
        ctypes.CDLL(str(plugin))
    except OSError as err:
        report.note("xcb platform plugin", f"cannot load, a desktop session would fail: {err}")
        return
    report.ok("xcb platform plugin", "its system libraries are installed")


def _wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Runs the Qt event loop until `condition()` holds or the time is up."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer(interval=20)
    timer.timeout.connect(loop.quit)
    timer.start()
    try:
        while not condition() and time.monotonic() < deadline:
            loop.exec()
    finally:
        timer.stop()
    return condition()


def check_window(report: Report) -> None:
    """Opens the main window on the cat sample, waits for its first prediction, checks it, and closes it."""
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QImage

    from desktop_app.core.labels import coarse_category
    from desktop_app.core.paths import sample_images
    from desktop_app.ui.app import create_window, make_application

    started = time.perf_counter()
    app = make_application()
    report.ok("qt platform", f"{app.platformName()} (set QT_QPA_PLATFORM to try another)")
    undecodable = [p.name for p in sample_images() if QImage(str(p)).isNull()]
    if undecodable:
        report.fail("qt image plugins", "Qt cannot decode " + ", ".join(undecodable))
    else:
        report.ok("qt image plugins", f"Qt decodes all {len(sample_images())} samples (PNG and JPEG)")
    with tempfile.TemporaryDirectory() as folder:  # never touch the user's settings or autosave
        settings = QSettings(str(Path(folder) / "self-test.ini"), QSettings.Format.IniFormat)
        window = create_window(settings)
        failures: list[str] = []
        window.models.failed.connect(lambda message: failures.append(f"model: {message}"))
        window.images.open_failed.connect(lambda message: failures.append(f"image: {message}"))
        try:
            window.resize(1200, 760)
            window.show()
            shown = _wait_until(lambda: window.prediction is not None or bool(failures), WINDOW_TIMEOUT_S)
            if failures:
                report.fail("main window", "; ".join(failures))
            elif not shown or window.prediction is None or window.model is None:
                report.fail("main window", f"no prediction on screen within {WINDOW_TIMEOUT_S:.0f} s")
            else:
                [top] = window.model.top_k(window.prediction.probabilities, 1)
                rows = len(window.chart.rows())
                grabbed = window.grab()
                if coarse_category(top.index) != "cat":
                    report.fail("main window", f"the cat sample shows as {top.label}, expected a cat class")
                elif rows == 0 or grabbed.isNull():
                    report.fail("main window", f"the chart has {rows} rows; window grab empty: {grabbed.isNull()}")
                else:
                    elapsed = time.perf_counter() - started
                    report.ok("main window", f"opened, showed {top.label} with {rows} chart rows in {elapsed:.2f} s")
        finally:
            window.close()
            app.processEvents()
    if not failures:
        report.ok("main window", "closed")


def check_translations(report: Report) -> None:
    """Every language the window offers has a catalogue that loads (compiled at install time, or now from source)."""
    from PySide6.QtCore import QTranslator

    from desktop_app.ui.language import SOURCE_LANGUAGE, available_languages, compiled_catalogue

    languages = available_languages()
    for code, name in languages.items():
        catalogue = None if code == SOURCE_LANGUAGE else compiled_catalogue(code)
        if code != SOURCE_LANGUAGE and (catalogue is None or not QTranslator().load(str(catalogue))):
            report.fail("translations", f"{name} cannot be loaded ({catalogue or 'no compiled catalogue'})")
            return
    report.ok("translations", ", ".join(languages.values()))


def run_self_test(out: TextIO | None = None) -> int:
    """Runs every check, printing one line each to `out` (default stdout); returns 0 when all passed, else 1."""
    out = out or sys.stdout or sys.__stderr__ or open(os.devnull, "w")  # noqa: SIM115 (windowed builds: no stdout)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a real display only when asked for
    report = Report(out)
    attempts: list[str] = []
    started = time.perf_counter()
    with sockets_refused(attempts):
        _guarded(report, "versions", lambda: check_versions(report))
        if _guarded(report, "bundled files", lambda: check_files(report)):
            model = _guarded(report, "model", lambda: check_model(report))
            if model is not None:
                _guarded(report, "samples", lambda: check_samples(report, model))
                _guarded(report, "xcb platform plugin", lambda: check_xcb_plugin(report))
                _guarded(report, "main window", lambda: check_window(report))
        _guarded(report, "translations", lambda: check_translations(report))
    if attempts:
        report.fail("offline", f"{len(attempts)} network connection(s) attempted: {', '.join(attempts[:3])}")
    else:
        report.ok("offline", "no network connection was attempted")
    elapsed = time.perf_counter() - started
    if report.failures:
        print(f"self-test FAILED ({', '.join(report.failures)}) in {elapsed:.1f} s", file=out, flush=True)
        return EXIT_FAILED
    print(f"self-test passed in {elapsed:.1f} s", file=out, flush=True)
    return EXIT_OK


def _guarded(report: Report, name: str, check: Callable[[], T]) -> T | None:
    """Runs one check and returns its result; an unexpected exception becomes a failure line, not a crash."""
    try:
        return check()
    except Exception as err:  # the self-test must report, never crash
        report.fail(name, f"{type(err).__name__}: {err}")
        traceback.print_exc(file=report.out)
        return None


if __name__ == "__main__":
    sys.exit(run_self_test())
