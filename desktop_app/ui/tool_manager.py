"""Builds the tools toolbar and the tool options bar, and switches the active tool."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.options_bar import OptionsBar
from desktop_app.ui.tools import TOOL_CLASSES, Tool, ToolContext

PAN = ("pan", QT_TRANSLATE_NOOP("Menus", "Pan"), "H", QT_TRANSLATE_NOOP("Menus", "Pan and zoom the image (no edits)"))


class ToolManager(QObject):
    """Owns one instance of every tool; exactly one (or none: pan and zoom) is active."""

    def __init__(self, window: QMainWindow, context: ToolContext) -> None:
        super().__init__(window)
        self.context = context
        self.tools: dict[str, Tool] = {cls.key: cls(context) for cls in TOOL_CLASSES}
        self.active: Tool | None = None
        self.toolbar = QToolBar(self.tr("Tools"))
        self.toolbar.setObjectName("ToolsToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.options_bar = QToolBar(self.tr("Tool options"))
        self.options_bar.setObjectName("ToolOptionsToolbar")
        self.options = OptionsBar()  # one page per tool, kept by the tool, so option widgets live as long as it
        self.pan_hint = QLabel(self.tr("Choose a tool on the left to edit the image; drag to pan, wheel to zoom."))
        self.options_bar.addWidget(self.options)
        self.actions: dict[str, QAction] = {}
        window.addToolBar(Qt.ToolBarArea.LeftToolBarArea, self.toolbar)  # the options bar: the window places it
        context.editor.changed.connect(self._document_changed)
        context.editor.selection_changed.connect(self._selection_changed)
        self._show_options(None)

    def action_specs(self) -> list[ActionSpec]:
        """Tools › Pan and one action per tool: exclusive, each with its one-key shortcut; View › Panels › Tool
        Options."""
        rows = [PAN] + [(tool.key, tool.text, tool.shortcut, tool.tip) for tool in self.tools.values()]
        return [
            ActionSpec(
                key, text, lambda k=key: self.activate(k), "&Tools", (shortcut,), tip=tip, group="tools", data=key
            )
            for key, text, shortcut, tip in rows
        ] + [
            ActionSpec(
                "tool_options",
                QT_TRANSLATE_NOOP("Menus", "&Tool Options"),
                self.options_bar.setVisible,
                "&View/&Panels",
                ("F4",),
                checkable=True,
                existing=self.options_bar.toggleViewAction(),
                tip=QT_TRANSLATE_NOOP("Menus", "Show or hide the bar of the active tool's options"),
            )
        ]

    def attach(self, actions: dict[str, QAction]) -> None:
        """Takes the tool actions the action table made: they fill the tools toolbar; Pan starts checked."""
        self.actions = {key: actions[key] for key in (PAN[0], *self.tools)}
        self.toolbar.addActions(list(self.actions.values()))
        self.actions[PAN[0]].setChecked(True)

    def activate(self, key: str) -> None:
        """Makes a tool active ("pan": none)."""
        tool = self.tools.get(key)
        if tool is self.active:
            return
        if self.active is not None:
            self.active.deactivate()
        self.active = tool
        self.context.canvas.set_tool(tool)
        self.context.canvas.viewport().setMouseTracking(tool is not None)
        if not self.actions[key].isChecked():
            self.actions[key].setChecked(True)
        self._show_options(tool)
        if tool is not None:
            tool.activate()
        self.context.editor.changed.emit()  # a tool may show the image differently

    def tool_for_kind(self, kind: str) -> Tool | None:
        """The tool that edits a kind of edit."""
        return next((t for t in self.tools.values() if kind in t.edit_kinds), None)

    def _show_options(self, tool: Tool | None) -> None:
        widget = tool.options() if tool is not None else None
        self.options.show_page(widget or self.pan_hint)

    @Slot()
    def _document_changed(self) -> None:
        if self.active is not None:
            self.active.document_changed()

    @Slot(int)
    def _selection_changed(self, index: int) -> None:
        if self.active is not None:
            self.active.selection_changed(index)
