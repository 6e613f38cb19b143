"""Small timer helpers: one way to make the single-shot timers that the window's parts use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def single_shot_timer(parent: QObject, slot: Callable[[], object], interval_ms: int = 0) -> QTimer:
    """A single-shot timer owned by `parent` that calls `slot` when it fires (start it with `start()`)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
