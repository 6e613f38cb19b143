"""Projector mode: the image and a large, high-contrast chart take the whole screen, readable from the back of a
hall; menus, option bars, the edits and the snapshots step aside until the mode is left (the same key)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec, keys
from desktop_app.ui.prediction_chart import PredictionChart
from desktop_app.ui.settings import AppSettings
from desktop_app.ui.window_layout import WindowLayout

KEY = "F5"
LINES_PER_SCREEN = 34  # the chart's text is the screen's height over this: 32 px on a 1080-line projector
MIN_TEXT_PX = 20
CHART_SHARE = 0.42  # of the width, for the chart
FULL_SCREEN_CHECK_MS = 250  # a window manager has made the window full-screen by then, if there is one
KEPT_TOOLBARS = ("ToolsToolbar",)  # the tools stay at hand; every other toolbar steps aside


@dataclass(frozen=True)
class _Before:
    """What projector mode changed, to put back when it ends."""

    geometry: QByteArray
    state: QByteArray
    splitter: QByteArray
    hidden: tuple[QWidget, ...]  # the widgets that were on show and were hidden for the mode
    menu_bar: bool


class ProjectorMode(QObject):
    """View › Projector Mode (F5): switched on and off, and remembered."""

    changed = Signal(bool)  # emitted with the new state

    def __init__(
        self,
        window: QMainWindow,
        layout: WindowLayout,
        chart: PredictionChart,
        step_aside: Callable[[], list[QWidget]],
        settings: AppSettings,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.layout = layout
        self.chart = chart
        self.step_aside = step_aside  # the panels that make room (edits, snapshots), asked for when the mode starts
        self.settings = settings
        self._before: _Before | None = None

    def action_specs(self) -> list[ActionSpec]:
        """View › Projector Mode."""
        return [
            ActionSpec("projector", QT_TRANSLATE_NOOP("Menus", "&Projector Mode"), self.set_on, "&View", keys(KEY),
                       checkable=True, separator=True, tip=QT_TRANSLATE_NOOP(
                           "Menus", "The image and a large, high-contrast chart fill the screen, for a hall")),
        ]  # fmt: skip

    @property
    def on(self) -> bool:
        """Whether the window is in projector mode."""
        return self._before is not None

    def set_on(self, on: bool) -> None:
        """Enters or leaves projector mode (and remembers the choice for the next start)."""
        if on == self.on:
            return
        if on:
            self._enter()
        else:
            self._leave()
        self.settings.projector = on
        self.changed.emit(on)

    def text_pixels(self) -> int:
        """The chart's text size in projector mode on the window's screen, in logical pixels."""
        height = self.window.screen().availableGeometry().height()
        return max(MIN_TEXT_PX, round(height / LINES_PER_SCREEN))

    def _enter(self) -> None:
        window = self.window
        toolbars = [bar for bar in window.findChildren(QToolBar) if bar.objectName() not in KEPT_TOOLBARS]
        aside = [widget for widget in [*toolbars, *self.step_aside()] if not widget.isHidden()]
        self._before = _Before(
            window.saveGeometry(), window.saveState(), self.layout.splitter.saveState(), tuple(aside),
            not window.menuBar().isHidden(),
        )  # fmt: skip
        for widget in aside:
            widget.hide()
        self.layout.sync_checks()
        window.menuBar().hide()  # every action keeps its shortcut: the table adds them to the window itself
        self.layout.set_side_visible(True)
        self.chart.set_presentation(self.text_pixels())
        window.installEventFilter(self)  # each resize (full screen, now or when the window manager gets to it)
        window.showFullScreen()
        self._share_the_width()
        QTimer.singleShot(FULL_SCREEN_CHECK_MS, self._fill_screen)
        window.statusBar().showMessage(self.tr("Projector mode: {key} leaves it.").format(key=KEY), 8000)

    def _fill_screen(self) -> None:
        """Where no window manager made the window full-screen (a bare X server), it takes the screen itself."""
        window = self.window
        if self.on and window.isFullScreen() and window.geometry() != window.screen().geometry():
            window.setGeometry(window.screen().geometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While on: after each resize of the window, the chart gets its share of the new width."""
        if watched is self.window and event.type() == QEvent.Type.Resize and self.on:
            QTimer.singleShot(0, self._share_the_width)  # once the splitter has its new width
        return super().eventFilter(watched, event)

    def _share_the_width(self) -> None:
        """The canvas and the chart share the splitter's width (whatever it is now) as CHART_SHARE says."""
        splitter = self.layout.splitter
        width = splitter.width() - splitter.handleWidth()
        splitter.setSizes([round(width * (1 - CHART_SHARE)), round(width * CHART_SHARE)])

    def _leave(self) -> None:
        before, self._before = self._before, None
        assert before is not None
        window = self.window
        window.removeEventFilter(self)
        self.chart.set_presentation(None)
        window.showNormal()
        window.restoreGeometry(before.geometry)
        window.restoreState(before.state)
        self.layout.splitter.restoreState(before.splitter)
        for widget in before.hidden:
            widget.show()
        self.layout.sync_checks()
        window.menuBar().setVisible(before.menu_bar)
        self.layout.keep_on_screen()
