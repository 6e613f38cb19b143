"""Driving the canvas with real mouse events, in image coordinates."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest


def view_point(window, fx: float, fy: float) -> QPoint:
    """The viewport position of a point given as fractions of the working image."""
    height, width = window.document_model.document.working.shape[:2]
    return window.canvas.mapFromScene(QPointF(fx * width, fy * height))


def drag(window, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
    """Press at `start`, move in steps, release at `end` (fractions of the image)."""
    viewport = window.canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(window, *start))
    for i in range(1, steps + 1):
        t = i / steps
        point = (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))
        QTest.mouseMove(viewport, view_point(window, *point))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(window, *end))


def click(window, at: tuple[float, float]) -> None:
    """A left click at a point of the image."""
    QTest.mouseClick(
        window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(window, *at)
    )


def wait_for_chart(qtbot, window) -> None:
    """Waits until no work is pending and the latest render's prediction is on the chart."""
    qtbot.waitUntil(lambda: window.bridge.wait_idle(0.01), timeout=30_000)
    qtbot.waitUntil(
        lambda: (
            not window.live.render_pending()
            and window.prediction is not None
            and window.prediction.request_id == window.bridge.latest_prediction_id
        ),
        timeout=30_000,
    )
