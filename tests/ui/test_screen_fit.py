"""Where the window opens on each screen: large, centred and wholly on it, title bar and frame included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from desktop_app.ui.screen_fit import BORDER, TITLE_BAR, first_geometry


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        (QRect(0, 0, 1024, 768), QRect(8, 32, 1008, 728)),  # a projector: all of it
        (QRect(0, 0, 1366, 768), QRect(43, 32, 1280, 728)),  # a student laptop
        (QRect(0, 0, 1280, 720), QRect(8, 32, 1264, 680)),  # 1920 x 1080 at 150 %
        (QRect(0, 0, 1920, 1080), QRect(144, 93, 1632, 918)),  # a large screen: 85 % of it
        (QRect(1920, 24, 1440, 876), QRect(2000, 74, 1280, 800)),  # a second screen, under a menu bar
    ],
)
def test_the_first_window_fills_a_small_screen_and_most_of_a_large_one(screen, expected):
    window = first_geometry(screen)
    assert window == expected
    with_frame = window.adjusted(-BORDER, -TITLE_BAR, BORDER, BORDER)
    assert screen.contains(with_frame)
