"""PredictionChart: rows shown as given, animated values reach their targets, states and rendering."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.imageio import save_image
from desktop_app.core.prediction import ChartRow
from desktop_app.ui.prediction_chart import PredictionChart
from tests.ui.screenshots import assert_bars_match, colour, grab

CAT_ROWS = [
    ChartRow(282, "tiger cat", 0.392, 0.835),
    ChartRow(285, "Egyptian cat", 0.361, 0.101),
    ChartRow(281, "tabby, tabby cat", 0.121, 0.042),
    ChartRow(287, "lynx, catamount", 0.052, 0.003),
    ChartRow(539, "doormat, welcome mat", 0.018, 0.0181),
    ChartRow(918, "crossword puzzle, crossword", 0.009, 0.0),
    ChartRow(223, "schipperke", 0.007, 0.0001),
]
SILHOUETTE_ROWS = [
    ChartRow(223, "schipperke", 0.157, 0.0001),
    ChartRow(282, "tiger cat", 0.121, 0.835),
    ChartRow(256, "Newfoundland, Newfoundland dog", 0.08, 0.0),
]


def _rows(seed: int) -> list[ChartRow]:
    """Five made-up rows whose classes and values vary with the seed."""
    rng = np.random.default_rng(seed)
    values = np.sort(rng.dirichlet(np.ones(8)))[::-1][:5]
    indices = rng.choice(1000, size=5, replace=False)
    return [ChartRow(int(i), f"class {i}", float(v)) for i, v in zip(indices, values, strict=True)]


def _targets(rows: list[ChartRow]) -> dict[int, float]:
    return {row.index: row.probability for row in rows}


def _reached(chart: PredictionChart, rows: list[ChartRow]) -> bool:
    values = chart.displayed_values()
    return values.keys() == _targets(rows).keys() and all(
        values[row.index] == pytest.approx(row.probability, abs=1e-9) for row in rows
    )


@pytest.fixture
def chart(qtbot: QtBot) -> PredictionChart:
    widget = PredictionChart()
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    return widget


def _palette(window: str, text: str, highlight: str) -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, QColor(window))
        palette.setColor(group, QPalette.ColorRole.Base, QColor(window))
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor(text))
        palette.setColor(group, QPalette.ColorRole.Text, QColor(text))
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(highlight))
    return palette


def _pixel_std(image: QImage) -> float:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return float(pixels.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].std())


def test_shows_rows_as_given(chart: PredictionChart) -> None:
    chart.show_rows(CAT_ROWS)
    assert chart.rows() == CAT_ROWS
    assert chart.accessibleDescription().startswith("tiger cat 39 %, Egyptian cat 36 %")


def test_keeps_at_most_eleven_rows(chart: PredictionChart) -> None:
    """Top 10 plus the original image's top class."""
    rows = [ChartRow(i, f"class {i}", 0.05) for i in range(14)]
    chart.show_rows(rows)
    assert chart.rows() == rows[:11]


def test_values_animate_to_targets(chart: PredictionChart, qtbot: QtBot) -> None:
    chart.show_rows(CAT_ROWS)
    assert all(value < 1e-9 for value in chart.displayed_values().values())  # new classes grow from zero
    qtbot.waitUntil(lambda: _reached(chart, CAT_ROWS), timeout=2000)


def test_second_call_mid_animation_ends_at_second_targets(chart: PredictionChart, qtbot: QtBot) -> None:
    chart.set_animation_duration(1000)  # long enough that a slow machine still sees it mid-way
    chart.show_rows(CAT_ROWS)
    qtbot.waitUntil(lambda: 0 < chart.displayed_values()[282] < 0.392, timeout=2000)
    mid_animation = chart.displayed_values()[282]
    chart.show_rows(SILHOUETTE_ROWS)
    # a class present before and after continues from where its bar was, not from zero or its old target
    assert chart.displayed_values()[282] == pytest.approx(mid_animation)
    assert chart.displayed_values()[223] <= 0.007
    qtbot.waitUntil(lambda: _reached(chart, SILHOUETTE_ROWS), timeout=3000)
    assert chart.rows() == SILHOUETTE_ROWS


def test_rapid_calls_end_with_the_last_rows(chart: PredictionChart, qtbot: QtBot) -> None:
    for seed in range(200):
        chart.show_rows(_rows(seed))
    last = _rows(199)
    assert chart.rows() == last
    qtbot.waitUntil(lambda: _reached(chart, last), timeout=2000)


def test_unchanged_rows_need_no_animation(chart: PredictionChart, qtbot: QtBot) -> None:
    chart.show_rows(CAT_ROWS)
    qtbot.waitUntil(lambda: _reached(chart, CAT_ROWS), timeout=2000)
    chart.show_rows(CAT_ROWS)
    assert _reached(chart, CAT_ROWS)


def test_zero_duration_jumps(chart: PredictionChart) -> None:
    chart.set_animation_duration(0)
    chart.show_rows(CAT_ROWS)
    assert _reached(chart, CAT_ROWS)
    chart.set_animation_duration(180)  # reconfiguring the animation must not move the bars
    assert _reached(chart, CAT_ROWS)


def test_baseline_shows_change(chart: PredictionChart, qtbot: QtBot) -> None:
    chart.set_baseline_visible(True)
    chart.show_rows(CAT_ROWS)
    qtbot.waitUntil(lambda: _reached(chart, CAT_ROWS), timeout=2000)
    assert not chart.grab().isNull()
    description = chart.accessibleDescription()
    assert "tiger cat 39 % (down 44.3 points from the original image)" in description
    assert "Egyptian cat 36 % (up 26.0 points" in description
    chart.set_baseline_visible(False)
    assert "points" not in chart.accessibleDescription()


def test_show_message_replaces_rows(chart: PredictionChart) -> None:
    chart.show_rows(CAT_ROWS)
    chart.show_message("Could not read the image.")
    assert chart.rows() == []
    assert chart.displayed_values() == {}
    assert chart.accessibleDescription() == "Could not read the image."
    assert _pixel_std(chart.grab().toImage()) > 1.0


def test_busy_and_title_render(chart: PredictionChart) -> None:
    chart.set_title("EfficientNet-Lite0")
    chart.set_busy(True)
    chart.show_rows(CAT_ROWS)
    assert not chart.grab().isNull()
    chart.set_busy(False)


def test_tiny_widget_does_not_fail(chart: PredictionChart) -> None:
    chart.set_baseline_visible(True)
    chart.show_rows(CAT_ROWS)
    chart.resize(40, 30)
    assert not chart.grab().isNull()


@pytest.mark.parametrize(
    ("theme", "palette"),
    [
        ("light", _palette("#f6f6f6", "#1e1e1e", "#2a6fdb")),
        ("dark", _palette("#2b2b2b", "#e6e6e6", "#3d8ee6")),
    ],
)
def test_renders_in_light_and_dark(
    theme: str, palette: QPalette, chart: PredictionChart, qtbot: QtBot, artifacts_dir: Path
) -> None:
    """Each bar is as long as its probability in the highlight colour, on the palette's window colour."""
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    chart.set_title("EfficientNet-Lite0 · cat.png")
    chart.set_baseline_visible(True)
    chart.show_rows(CAT_ROWS)
    qtbot.waitUntil(lambda: _reached(chart, CAT_ROWS), timeout=2000)
    shot = grab(chart)
    name = "prediction_chart.png" if theme == "light" else "prediction_chart_dark.png"
    save_image(artifacts_dir / name, shot)
    assert_bars_match(chart, chart, shot)
    assert (shot[-2, 2] == colour(palette, QPalette.ColorRole.Window)).all()


def test_a_narrow_chart_puts_labels_over_bars_as_wide_as_the_chart(chart: PredictionChart, qtbot: QtBot) -> None:
    chart.set_animation_duration(0)
    chart.resize(300, 400)
    chart.show_rows(CAT_ROWS[:5])
    layout = chart.layout_now()
    assert layout.stacked
    first = layout.track(layout.rows[0])
    margin = layout.rows[0].left()
    assert first.left() == margin and first.width() == pytest.approx(300 - 2 * margin)  # the whole width
    assert first.top() > layout.rows[0].top() + layout.line  # under its label
    assert_bars_match(chart, chart, grab(chart))


def test_a_wide_chart_keeps_label_bar_and_numbers_in_columns(chart: PredictionChart) -> None:
    chart.resize(700, 300)
    chart.show_rows(CAT_ROWS[:3])
    layout = chart.layout_now()
    assert not layout.stacked and layout.bar_x > layout.label_width


def test_rows_grow_into_a_tall_chart_and_no_bar_is_a_sliver(chart: PredictionChart) -> None:
    chart.set_animation_duration(0)
    chart.resize(300, 900)
    chart.show_rows(CAT_ROWS[:5])
    layout = chart.layout_now()
    natural = layout.line * 1.35 + layout.bar_height
    assert layout.rows[0].height() == pytest.approx(natural * 1.5)  # half again its natural height
    assert layout.min_bar >= 3 and layout.bar_length(0.0005) == layout.min_bar  # 0.05 %: still a visible bar
    assert layout.bar_length(0.0) == 0 and layout.bar_length(0.5) == pytest.approx(layout.bar_width / 2)
    assert_bars_match(chart, chart, grab(chart))  # drawn as long as that, to the pixel


def test_the_accessible_text_says_unchanged_rather_than_up_zero_points(chart: PredictionChart) -> None:
    chart.set_baseline_visible(True)
    chart.show_rows([ChartRow(282, "tiger cat", 0.392, 0.3921), ChartRow(285, "Egyptian cat", 0.361, 0.101)])
    description = chart.accessibleDescription()
    assert "tiger cat 39 % (unchanged from the original image)" in description
    assert "up 0.0" not in description and "Egyptian cat 36 % (up 26.0 points" in description


def test_presentation_is_large_and_black_on_white_and_goes_back(chart: PredictionChart) -> None:
    chart.resize(800, 900)
    chart.show_rows(CAT_ROWS[:5])
    chart.set_presentation(32)
    assert chart.is_presenting() and chart.font().pixelSize() == 32 and chart.layout_now().stacked
    palette = chart.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#ffffff"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#000000"
    shot = grab(chart)
    assert (shot[-3, 3] == 255).all()  # a white chart
    chart.set_presentation(None)
    assert not chart.is_presenting() and chart.font().pixelSize() == QApplication.font().pixelSize()
    assert chart.palette().color(QPalette.ColorRole.Window) == QApplication.palette().color(QPalette.ColorRole.Window)
