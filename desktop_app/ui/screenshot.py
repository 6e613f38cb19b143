"""Renders the main window, with an image classified and the chart filled, to a PNG (no display needed)."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.main_window import MainWindow

from desktop_app.core.safe_files import SaveError, atomic_write, save_error_message

WINDOW_SIZE = (1200, 760)


class ScreenshotError(Exception):
    """The screenshot could not be made; the message says why."""


def take_screenshot(
    out: Path,
    image: Path | None = None,
    timeout_s: float = 60.0,
    size: tuple[int, int] = WINDOW_SIZE,
    projector: bool = False,
) -> Path:
    """Opens the window on `image` (default: the cat; an experiment .json works too) at `size` (logical pixels; on
    no display, on a screen of that size), optionally in projector mode, waits for its prediction and saves the
    window as PNG."""
    with tempfile.TemporaryDirectory() as folder:  # never touch the user's settings
        _offscreen_unless_asked(Path(folder), size)
        from PySide6.QtCore import QSettings

        from desktop_app.ui.app import create_window, make_application

        app = make_application()
        window = create_window(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat), image)
        try:
            window.resize(*size)
            window.chart.set_animation_duration(0)
            window.show()
            _wait_until_shown(window, image, timeout_s)
            if projector:
                window.projector.set_on(True)
            else:
                window.resize(*size)  # as asked, even where a platform's pretend frame would not fit its screen
            _save(app, window, out)
        finally:
            window.close()
    return out


def _offscreen_unless_asked(folder: Path, size: tuple[int, int]) -> None:
    """Without a platform asked for, draws offscreen on a screen of `size` (so the window fits it as on a real one)."""
    if not os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        return  # a real display (xcb, …), as asked for
    config = folder / "screen.json"
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)  # the screen is in device pixels
    width, height = round(size[0] * scale), round(size[1] * scale)
    screen = {"name": "screenshot", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
    config.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def _wait_until_shown(window: MainWindow, image: Path | None, timeout_s: float) -> None:
    """Waits until the window shows `image` (or the cat) with its edits applied and predicted."""
    from PySide6.QtTest import QTest

    failure: list[str] = []
    for failed in (window.models.failed, window.images.open_failed, window.experiments.open_failed):
        failed.connect(failure.append)
    deadline = time.monotonic() + timeout_s

    def shown() -> bool:
        if window.prediction is None or image is None or window.live.render_pending():
            return window.prediction is not None and not window.live.render_pending()
        if image.suffix.lower() == ".json":  # an experiment file: its edits applied and predicted
            current = window.prediction.request_id == window.bridge.latest_prediction_id
            return window.experiments.current_file == image and current
        document = window.editor.document
        return document is not None and document.path == image

    while not shown():
        if failure:
            raise ScreenshotError(failure[0])
        if time.monotonic() > deadline:
            raise ScreenshotError(f"no prediction within {timeout_s:.0f} s")
        QTest.qWait(20)


def _save(app: QApplication, window: MainWindow, out: Path) -> None:
    """Saves what the window shows as PNG (from the screen on a real display), atomically."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtTest import QTest

    QTest.qWaitForWindowExposed(window)
    QTest.qWait(100)  # let the last paint land
    real = app.platformName() not in ("offscreen", "minimal")
    pixmap = window.screen().grabWindow(window.winId()) if real else window.grab()
    png = QByteArray()
    buffer = QBuffer(png)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if pixmap.isNull() or not pixmap.save(buffer, "PNG"):
        raise ScreenshotError("the window could not be drawn")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(out, bytes(png.data()))  # a full disk keeps the previous screenshot whole
    except OSError as err:
        raise ScreenshotError(str(save_error_message(err, out))) from err
    except SaveError as err:
        raise ScreenshotError(str(err)) from err
