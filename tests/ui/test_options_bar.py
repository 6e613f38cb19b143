"""The tool options bar: no tool or mode makes the window wider; a page wider than the bar scrolls; controls have
accessible names."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.ui.options_bar import MIN_WIDTH
from tests.ui.helpers import use_tool


def test_no_tool_or_mode_makes_the_window_ask_for_more_width(qtbot, window):
    start = window.minimumSizeHint().width()
    widest = 0
    for key, tool in window.tools.tools.items():
        use_tool(window, key)
        for mode in tool.Mode:
            tool.set_mode(mode)
            widest = max(widest, window.minimumSizeHint().width())
            assert window.tools.options.minimumSizeHint().width() == MIN_WIDTH
    window.tools.activate("pan")
    assert widest == start and window.minimumSizeHint().width() == start  # Texture used to widen it by 500 px


def test_a_page_wider_than_the_bar_scrolls_and_the_bar_makes_room_for_the_scroll_bar(qtbot, window):
    use_tool(window, "texture")
    bar = window.tools.options
    page = bar.page()
    assert page is window.tools.tools["texture"].options()
    tall = page.sizeHint().height()  # the page's own height, without a scroll bar
    window.resize(640, window.height())
    qtbot.waitUntil(lambda: bar.cut() and bar.horizontalScrollBar().isVisible(), timeout=5_000)
    assert bar.horizontalScrollBar().maximum() == page.minimumSizeHint().width() - bar.viewport().width()
    assert bar.height() == tall + bar.horizontalScrollBar().sizeHint().height()


def test_option_controls_are_named_for_screen_readers(qtbot, window):
    use_tool(window, "occlude")
    page: QWidget = window.tools.options.page()
    names = {widget.accessibleName() for widget in page.findChildren(QWidget) if widget.accessibleName()}
    assert {"Shape", "Fill", "Brush size", "Rectangle"} & names == {"Shape", "Fill", "Brush size"}
    slider = window.tools.tools["occlude"].size_slider
    assert slider.accessibleName() == "Brush size" and "Brush radius" in slider.accessibleDescription()
