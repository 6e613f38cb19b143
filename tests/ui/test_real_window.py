"""One real window on a real X server (Xvfb): the xcb platform plugin, its system libraries, and a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.xvfb


@pytest.fixture(scope="module")
def x_display():
    """A private Xvfb server (installed by tools/ensure_test_deps.sh); skips when there is none."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (make test installs it with apt-get when run as root)")
    for number in range(91, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return env


def test_screenshot_of_a_real_window(x_display):
    out = ARTIFACTS / "xvfb_window.png"
    out.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "screenshot", "--out", str(out)],
        env=_env(x_display),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 760)
    colours = {image.pixel(x, y) for x in range(0, 1200, 37) for y in range(0, 760, 29)}
    assert len(colours) > 50  # a real rendering, not a blank or black window


def test_the_app_starts_shows_a_classified_sample_and_quits(x_display):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--gui-exit-after-first-result"],
        env=_env(x_display),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "first result on screen after" in result.stdout
    assert "Traceback" not in result.stderr and "QThread" not in result.stderr
    print(result.stdout.strip(), f"(process total {time.perf_counter() - started:.2f} s)")


def test_hidpi_rendering_doubles_the_pixels(tmp_path):
    """At a device pixel ratio of 2 (QT_SCALE_FACTOR=2) the window renders at twice the pixels, not blurred up."""
    out = tmp_path / "hidpi.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "screenshot", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2400, 1520)
    image.save(str(ARTIFACTS / "hidpi_window.png"))
