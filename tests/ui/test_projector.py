"""Projector mode: the image and a large, black-on-white chart take the screen; everything else steps aside and
comes back; the mode is remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar

from desktop_app.ui.projector import CHART_SHARE
from tests.ui.helpers import started_window


def test_projector_mode_fills_the_screen_with_the_image_and_a_large_chart(qtbot, window):
    window.action_table["snapshot"].trigger()  # the snapshot strip is on show, and steps aside too
    before = window.geometry()
    toolbars = {bar.objectName(): bar.isVisible() for bar in window.findChildren(QToolBar)}
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F5)
    assert window.projector.on and window.action_table["projector"].isChecked()
    qtbot.waitUntil(lambda: window.geometry() == window.screen().geometry(), timeout=5_000)
    assert window.chart.font().pixelSize() >= 28  # on the tests' 1920 x 1080 screen: 32 px
    assert window.chart.palette().color(window.chart.backgroundRole()).name() == "#ffffff"
    assert window.menuBar().isHidden() and window.edits_panel.isHidden() and window.tools.options_bar.isHidden()
    assert window.tools.toolbar.isVisible() and window.chart.isVisible() and window.canvas.isVisible()
    assert window.snapshots.isHidden() and not window.action_table["snapshot_strip"].isChecked()
    splitter = window.panels.splitter
    qtbot.waitUntil(lambda: abs(splitter.sizes()[1] / sum(splitter.sizes()) - CHART_SHARE) < 0.01, timeout=5_000)
    QTest.keyClick(window, Qt.Key.Key_F5)  # the menu bar is hidden: the key still works
    assert not window.projector.on and not window.chart.is_presenting()
    assert window.geometry() == before and not window.menuBar().isHidden() and window.edits_panel.isVisible()
    assert {bar.objectName(): bar.isVisible() for bar in window.findChildren(QToolBar)} == toolbars
    assert window.snapshots.isVisible() and window.action_table["snapshot_strip"].isChecked()


def test_projector_mode_is_remembered(qtbot, settings):
    first = started_window(qtbot, settings)
    first.projector.set_on(True)
    first.close()
    second = started_window(qtbot, settings)
    qtbot.waitUntil(lambda: second.projector.on, timeout=5_000)
    assert second.chart.is_presenting() and second.menuBar().isHidden()
    second.projector.set_on(False)
    assert not second.menuBar().isHidden()  # the everyday layout was the one saved
    second.close()
