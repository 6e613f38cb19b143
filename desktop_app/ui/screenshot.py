"""Renders the main window, with an image classified and the chart filled, to a PNG (no display needed)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from desktop_app.core.safe_files import SaveError, atomic_write, save_error_message

WINDOW_SIZE = (1200, 760)


class ScreenshotError(Exception):
    """The screenshot could not be made; the message says why."""


def take_screenshot(out: Path, image: Path | None = None, timeout_s: float = 60.0) -> Path:
    """Opens the window on `image` (default: the cat; an experiment .json works too), waits for its prediction and
    saves the window as PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a real display is used only when asked for
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings
    from PySide6.QtTest import QTest

    from desktop_app.ui.app import create_window, make_application

    app = make_application()
    with tempfile.TemporaryDirectory() as folder:  # never touch the user's settings
        window = create_window(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat), image)
        try:
            window.resize(*WINDOW_SIZE)
            window.chart.set_animation_duration(0)
            window.show()
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
        finally:
            window.close()
    return out
