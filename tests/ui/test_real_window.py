"""One real window on a real X server (Xvfb): the xcb platform plugin, its system libraries, and a screenshot."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.core.imageio import load_image
from desktop_app.ui.screenshot import WINDOW_SIZE
from tests.ui.helpers import wait_for_bars, wait_for_chart
from tests.ui.screenshots import grab

ROOT = Path(__file__).resolve().parents[2]
SAME_WINDOW = 1.0  # mean absolute difference (0-255) to the offscreen window: only the timing text differs
SAME_WINDOW_HIDPI = 4.0  # the same, for a window drawn at twice the pixels and shrunk back (text hinting differs)
SHARPER = 1.6  # a window drawn at twice the pixels has this much more fine detail than one blown up

pytestmark = pytest.mark.xvfb


@pytest.fixture
def offscreen_window(qtbot, window) -> np.ndarray:
    """What the screenshot command draws, made here on the offscreen platform: the window at its size, its
    chart filled."""
    window.resize(*WINDOW_SIZE)
    wait_for_chart(qtbot, window)
    wait_for_bars(qtbot, window)
    return grab(window)


def _env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return env


def _screenshot(out: Path, env: dict[str, str]) -> np.ndarray:
    """Runs the screenshot command in its own process and returns what it wrote."""
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "screenshot", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return load_image(out)


def _fine_detail(image: np.ndarray) -> float:
    """How much an image loses when halved and doubled again (mean absolute difference, 0-255)."""
    height, width = image.shape[:2]
    half = cv2.resize(image, (width // 2, height // 2), interpolation=cv2.INTER_AREA)
    again = cv2.resize(half, (width, height), interpolation=cv2.INTER_LINEAR)
    return float(np.abs(image.astype(float) - again).mean())


def test_screenshot_of_a_real_window(x_display, offscreen_window, artifacts_dir):
    """The window on the X server draws what it draws offscreen: the cat, the model's square, the bars."""
    shot = _screenshot(artifacts_dir / "xvfb_window.png", _env(x_display))
    assert shot.shape == offscreen_window.shape
    assert np.abs(shot.astype(float) - offscreen_window).mean() <= SAME_WINDOW


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


def test_hidpi_rendering_doubles_the_pixels(offscreen_window, artifacts_dir):
    """At a device pixel ratio of 2 (QT_SCALE_FACTOR=2) the window renders at twice the pixels, not blurred up."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    shot = _screenshot(artifacts_dir / "hidpi_window.png", env)
    height, width = offscreen_window.shape[:2]
    assert shot.shape == (2 * height, 2 * width, 3)
    shrunk = cv2.resize(shot, (width, height), interpolation=cv2.INTER_AREA)
    assert np.abs(shrunk.astype(float) - offscreen_window).mean() <= SAME_WINDOW_HIDPI
    blown_up = cv2.resize(offscreen_window, (2 * width, 2 * height), interpolation=cv2.INTER_LINEAR)
    assert _fine_detail(shot) >= SHARPER * _fine_detail(blown_up)
