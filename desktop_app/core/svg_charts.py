"""Small charts as plain SVG text (no plotting library): a histogram and horizontal bars, for HTML reports."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np

WIDTH = 720
BAR_COLOUR = "#3b6ea8"
AXIS_COLOUR = "#555"
FONT = 'font-family="sans-serif" font-size="12"'


def _svg(height: int, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img">' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} {extra}>{escape(text)}</text>'


def histogram_svg(values: np.ndarray, bins: int, low: float, high: float, x_label: str, unit_scale: float = 1) -> str:
    """A histogram of `values` in `bins` equal bins over [low, high] (values outside go to the end bins); tick
    labels are values times `unit_scale` (100: per cent)."""
    counts, edges = np.histogram(np.clip(values, low, high), bins=bins, range=(low, high))
    left, right, top, bottom, height = 50, WIDTH - 20, 10, 220, 260
    tallest = max(1, int(counts.max(initial=0)))
    step = (right - left) / bins
    body = [f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS_COLOUR}"/>']
    for i, count in enumerate(counts):
        bar = (bottom - top) * count / tallest
        body.append(
            f'<rect x="{left + i * step + 0.5:.1f}" y="{bottom - bar:.1f}" width="{max(step - 1, 1):.1f}" '
            f'height="{bar:.1f}" fill="{BAR_COLOUR}"><title>{edges[i] * unit_scale:.3g} to '
            f"{edges[i + 1] * unit_scale:.3g}: {count}</title></rect>"
        )
    for value in np.linspace(low, high, 5):
        x = left + (value - low) / (high - low) * (right - left)
        body.append(_text(x, bottom + 16, f"{value * unit_scale:.3g}", "middle"))
    body.append(_text(left - 6, top + 10, str(tallest), "end"))
    body.append(_text(left - 6, bottom, "0", "end"))
    body.append(_text((left + right) / 2, height - 6, x_label, "middle"))
    return _svg(height, body)


def bars_svg(names: Sequence[str], rates: Sequence[float], counts: Sequence[int]) -> str:
    """Horizontal bars of rates (0..1), one per name, in per cent with the count (n) beside each."""
    row, label_width = 18, 210
    height = row * len(names) + 10
    body = []
    span = WIDTH - label_width - 110
    for i, (name, rate, count) in enumerate(zip(names, rates, counts, strict=True)):
        y = 5 + i * row
        length = span * max(0.0, min(1.0, rate))
        body.append(_text(label_width - 6, y + 12, name[:32], "end"))
        bar = f'x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 4}"'
        body.append(f'<rect {bar} fill="{BAR_COLOUR}"/>')
        body.append(_text(label_width + length + 6, y + 12, f"{100 * rate:.0f} %  (n={count})"))
    return _svg(height, body)
