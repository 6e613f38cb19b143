"""The window's arrangement: sized to its screen at first start, panels that close and come back with their key,
and the layout remembered per screen size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.ui.settings import AppSettings
from desktop_app.ui.window_layout import SIDE_SHARE
from tests.ui.helpers import started_window

PANELS = {  # action: (key, the widget it shows and hides)
    "side_panel": (Qt.Key.Key_F7, lambda w: w.panels.side),
    "snapshot_strip": (Qt.Key.Key_F8, lambda w: w.snapshots),
    "explain_panel": (Qt.Key.Key_F9, lambda w: w.explain.dock),
    "tool_options": (Qt.Key.Key_F4, lambda w: w.tools.options_bar),
}


def test_the_first_start_sizes_the_window_to_its_screen_and_the_explain_dock_waits(qtbot, settings):
    window = started_window(qtbot, settings)
    room = window.screen().availableGeometry()  # the tests' offscreen screen: 1920 x 1080
    assert (window.width(), window.height()) == (round(0.85 * room.width()), round(0.85 * room.height()))
    assert room.contains(window.frameGeometry())
    sides = window.panels.splitter.sizes()
    assert sides[1] / sum(sides) == pytest.approx(SIDE_SHARE, abs=0.03)
    assert not window.explain.dock.isVisible()  # hidden until asked for
    window.action_table["explain"].trigger()
    assert window.explain.dock.isVisible()
    window.close()


@pytest.mark.parametrize("action", list(PANELS))
def test_each_panel_closes_and_comes_back_with_its_key(qtbot, window, action):
    key, widget_of = PANELS[action]
    widget = widget_of(window)
    window.action_table["snapshot"].trigger()  # so that the strip has something to show
    window.activateWindow()
    shown = widget.isVisible()
    QTest.keyClick(window, key)
    assert widget.isVisible() != shown and window.action_table[action].isChecked() == widget.isVisible()
    QTest.keyClick(window, key)
    assert widget.isVisible() == shown and window.action_table[action].isChecked() == shown


def test_the_layout_is_remembered_per_screen_size(qtbot, settings):
    first = started_window(qtbot, settings)
    first.resize(900, 640)
    first.action_table["side_panel"].trigger()  # closed
    first.action_table["explain_panel"].trigger()  # open
    first.close()
    stored = AppSettings(settings)
    assert stored.window_layout("1920x1080").hidden == ("side",)
    assert stored.window_layout("1366x768").geometry is None  # another screen size starts afresh
    second = started_window(qtbot, settings)
    assert (second.width(), second.height()) == (900, 640)
    assert second.panels.side.isHidden() and not second.action_table["side_panel"].isChecked()
    assert second.explain.dock.isVisible()
    second.close()
