"""The window's arrangement: the canvas, the side panel (chart over edits), the notices and the snapshot strip; the
panels that can be closed and brought back with a key; and the layout remembered per screen size.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec, keys
from desktop_app.ui.screen_fit import first_geometry, keep_on_screen, screen_key
from desktop_app.ui.settings import AppSettings, SavedLayout
from desktop_app.ui.snapshots import SnapshotStrip

PANELS = "&View/&Panels"
SIDE_SHARE = 0.3  # of the splitter's width, for the chart and edits at first start


class WindowLayout(QObject):
    """Builds the central area, toggles its panels, and saves and restores the layout for each screen size."""

    def __init__(
        self,
        window: QMainWindow,
        canvas: QWidget,
        side: Sequence[QWidget],
        notices: Sequence[QWidget],
        snapshots: SnapshotStrip,
        settings: AppSettings,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.snapshots = snapshots
        self.canvas = canvas
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.setObjectName("SidePanel")
        for widget in side:
            self.side.addWidget(widget)
        self.side.setStretchFactor(0, 3)
        self.side.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(canvas)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        for notice in notices:
            layout.addWidget(notice)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(snapshots)
        window.setCentralWidget(central)
        self.actions: dict[str, QAction] = {}

    def action_specs(self) -> list[ActionSpec]:
        """View › Panels: the chart and edits, and the snapshot strip, each with its key."""
        return [
            ActionSpec("side_panel", QT_TRANSLATE_NOOP("Menus", "&Chart and Edits"), self.set_side_visible, PANELS,
                       keys("F7"), checkable=True,
                       tip=QT_TRANSLATE_NOOP("Menus", "Show or hide the prediction chart and the list of edits")),
            ActionSpec("snapshot_strip", QT_TRANSLATE_NOOP("Menus", "&Snapshots"), self.snapshots.set_shown, PANELS,
                       keys("F8"), checkable=True,
                       tip=QT_TRANSLATE_NOOP("Menus", "Show or hide the strip of kept snapshots")),
        ]  # fmt: skip

    def attach(self, actions: dict[str, QAction]) -> None:
        """Takes the panel actions the action table made and keeps their check marks true to the panels."""
        self.actions = actions
        self.sync_checks()
        self.snapshots.shown_changed.connect(actions["snapshot_strip"].setChecked)

    def sync_checks(self) -> None:
        """Ticks each panel's action as its panel is shown or hidden now (after projector mode moved them)."""
        for key, panel in (("side_panel", self.side), ("snapshot_strip", self.snapshots)):
            action = self.actions[key]
            action.blockSignals(True)
            action.setChecked(not panel.isHidden())
            action.blockSignals(False)

    # -- per screen size ----------------------------------------------------------------------------

    def restore(self) -> None:
        """Puts the window where it was last on a screen of this size, or sizes it to the screen the first time."""
        window = self.window
        screen = window.screen()
        saved = self.settings.window_layout(screen_key(screen))
        if saved.geometry is None or not window.restoreGeometry(saved.geometry):
            window.setGeometry(first_geometry(screen.availableGeometry()))
            # the same sizes whatever the screen: the first layout then depends on the window's size alone
            self.splitter.setSizes([round(1000 * (1 - SIDE_SHARE)), round(1000 * SIDE_SHARE)])
        if saved.state is not None:
            window.restoreState(saved.state)
        if saved.splitter is not None:
            self.splitter.restoreState(saved.splitter)
        self.set_side_visible("side" not in saved.hidden)
        if "snapshots-folded" in saved.hidden:
            self.snapshots.set_expanded(False)

    def save(self) -> None:
        """Remembers the window's geometry, toolbars, docks, splitter and closed panels for this screen size."""
        closed = {"side": self.side.isHidden(), "snapshots-folded": not self.snapshots.is_expanded()}
        hidden = tuple(name for name, gone in closed.items() if gone)
        window = self.window
        layout = SavedLayout(window.saveGeometry(), window.saveState(), self.splitter.saveState(), hidden)
        self.settings.save_window_layout(screen_key(window.screen()), layout)

    def set_side_visible(self, visible: bool) -> None:
        """Shows or hides the chart and edits panel."""
        self.side.setVisible(visible)
        action = self.actions.get("side_panel")
        if action is not None and action.isChecked() != visible:
            action.setChecked(visible)

    def chain_focus(self, widgets: Sequence[QWidget]) -> None:
        """Tab goes through these widgets in this order, then on to the snapshots."""
        chain = [*widgets, self.snapshots.list]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus_canvas(self) -> None:
        """View › Focus the Image: the keyboard goes to the canvas (arrow keys nudge the selected edit)."""
        self.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def keep_on_screen(self) -> None:
        """Shrinks and moves the window so that all of it is on its screen."""
        keep_on_screen(self.window)
