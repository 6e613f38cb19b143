"""Colours the charts share: mixing two palette colours."""

from __future__ import annotations

from PySide6.QtGui import QColor


def mix(a: QColor, b: QColor, weight_of_a: float) -> QColor:
    """The colour `weight_of_a` of the way from b to a."""
    w = weight_of_a
    return QColor.fromRgbF(
        a.redF() * w + b.redF() * (1 - w),
        a.greenF() * w + b.greenF() * (1 - w),
        a.blueF() * w + b.blueF() * (1 - w),
    )
