"""Plain-SVG charts: well-formed, with bar sizes proportional to the numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

from desktop_app.core.svg_charts import bars_svg, histogram_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_histogram_bars_are_proportional_to_counts():
    values = np.array([-0.9, 0.1, 0.15, 0.2, 0.3, 5.0])  # 5.0 lands in the last bin
    root = ET.fromstring(histogram_svg(values, 4, -1.0, 1.0, "drop", 100))
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert heights == [210 / 4, 0.0, 210.0, 210 / 4]  # counts 1, 0, 4, 1 over a 210-pixel plot
    titles = [rect.find(f"{SVG}title").text for rect in root.iter(f"{SVG}rect")]
    assert titles == ["-100 to -50: 1", "-50 to 0: 0", "0 to 50: 4", "50 to 100: 1"]
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert labels[:5] == ["-100", "-50", "0", "50", "100"] and "drop" in labels


def test_bars_are_proportional_to_rates_and_escaped():
    root = ET.fromstring(bars_svg(["a <b>", "c"], [0.5, 1.0], [2, 10]))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[1] == 2 * widths[0] > 0
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert labels == ["a <b>", "50 %  (n=2)", "c", "100 %  (n=10)"]
