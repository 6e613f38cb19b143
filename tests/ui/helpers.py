"""Driving the main window in tests: real mouse events in image coordinates, and waiting for and reading the chart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest


def started_window(qtbot, settings):
    """A main window made with these settings (not the `window` fixture's), shown, with its first prediction."""
    from desktop_app.ui.app import create_window

    window = create_window(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.prediction is not None, timeout=30_000)
    return window


def use_tool(window, key: str):
    """Picks a tool from the Tools menu, checks that it became the active one and returns it."""
    window.tools.actions[key].trigger()
    tool = window.tools.tools[key]
    assert window.tools.active is tool
    return tool


def view_point(window, fx: float, fy: float) -> QPoint:
    """The viewport position of a point given as fractions of the image on show (after a crop: the crop)."""
    frame = window.canvas.image_frame()
    return window.canvas.mapFromScene(QPointF(*frame.to_canvas((fx, fy))))


def drag(window, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
    """Press at `start`, move in steps, release at `end` (fractions of the image)."""
    points = [
        (start[0] + i / steps * (end[0] - start[0]), start[1] + i / steps * (end[1] - start[1]))
        for i in range(steps + 1)
    ]
    lasso(window, points)


def lasso(window, points: list[tuple[float, float]]) -> None:
    """Press at the first point, move through the others, release at the last (fractions of the image)."""
    viewport = window.canvas.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(window, *points[0])
    )
    for point in points[1:]:
        QTest.mouseMove(viewport, view_point(window, *point))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(window, *points[-1])
    )


def click(window, at: tuple[float, float]) -> None:
    """A left click at a point of the image."""
    QTest.mouseClick(
        window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view_point(window, *at)
    )


def predictions_during_drag(qtbot, window, start: tuple[float, float], end: tuple[float, float]) -> int:
    """Drags in 40 steps, waits for the chart, and returns how many predictions reached the window meanwhile."""
    shown: list[int] = []
    window.bridge.prediction_ready.connect(lambda prediction: shown.append(prediction.request_id))
    drag(window, start, end, steps=40)
    wait_for_chart(qtbot, window)
    return len(shown)


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


def chart_values(window) -> dict[int, float]:
    """The chart's probabilities by class index."""
    return {row.index: row.probability for row in window.chart.rows()}


def wait_for_bars(qtbot, window) -> None:
    """Waits until the chart's bars have grown to the probabilities it lists (the end of their animation)."""
    qtbot.waitUntil(lambda: window.chart.displayed_values() == chart_values(window), timeout=5_000)


def assert_chart_shows_the_render(window, top: int = 5) -> None:
    """Asserts that the chart holds the model's prediction of the image as rendered now: its top classes, with
    their probabilities to 1e-5 (batches of one and two may differ in the last float bits)."""
    expected = window.model.predict([window.editor.document.render()])[0]
    shown = chart_values(window)
    assert set(np.argsort(-expected)[:top].tolist()) <= shown.keys()
    for index, probability in shown.items():
        assert abs(probability - float(expected[index])) <= 1e-5, (index, probability, float(expected[index]))


def child_processes() -> set[int]:
    """This process's living child processes (Linux: /proc/self/task/*/children), e.g. a model's test run."""
    children: set[int] = set()
    for task in Path("/proc/self/task").glob("*"):
        try:
            children |= {int(pid) for pid in (task / "children").read_text().split()}
        except OSError:
            continue
    return children
