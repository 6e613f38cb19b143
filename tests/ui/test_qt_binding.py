"""Guards against a Qt binding that breaks the app in ways the other tests cannot see."""

import sys

from desktop_app.core.prediction import ChartRow
from desktop_app.ui.prediction_chart import PredictionChart


def test_painting_does_not_leak_references_to_none(qtbot):
    """PySide6 6.12.0 on Python 3.11 drops a reference to None per void Qt call; the process aborts after a few
    seconds of repainting. pyproject.toml excludes it; this fails if such a build comes back."""
    chart = PredictionChart()
    qtbot.addWidget(chart)
    chart.set_animation_duration(0)
    chart.show_rows([ChartRow(i, f"class {i}", 0.1 * (i + 1), 0.05) for i in range(5)])
    chart.grab()
    before = sys.getrefcount(None)
    for _ in range(100):
        chart.grab()
    assert sys.getrefcount(None) >= before - 10
