"""Builds the tools toolbar and the tool options bar, and switches the active tool."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QToolBar

from desktop_app.ui.tools import TOOL_CLASSES, Tool, ToolContext


class ToolManager(QObject):
    """Owns one instance of every tool; exactly one (or none: pan and zoom) is active."""

    def __init__(self, window: QMainWindow, context: ToolContext) -> None:
        super().__init__(window)
        self.context = context
        self.tools: dict[str, Tool] = {cls.key: cls(context) for cls in TOOL_CLASSES}
        self.active: Tool | None = None
        self.toolbar = QToolBar("Tools")
        self.toolbar.setObjectName("ToolsToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.options_bar = QToolBar("Tool options")
        self.options_bar.setObjectName("ToolOptionsToolbar")
        self.options_stack = QStackedWidget()  # one page per tool, so option widgets live as long as their tool
        self.options_stack.addWidget(QLabel("Choose a tool on the left to edit the image; drag to pan, wheel to zoom."))
        self.options_bar.addWidget(self.options_stack)
        self.group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        self._add_action("pan", "Pan", "H", "Pan and zoom the image (no edits)")
        for tool in self.tools.values():
            self._add_action(tool.key, tool.text, tool.shortcut, tool.tip)
        window.addToolBar(Qt.ToolBarArea.LeftToolBarArea, self.toolbar)
        window.addToolBarBreak()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.options_bar)
        context.editor.changed.connect(self._document_changed)
        context.editor.selection_changed.connect(self._selection_changed)
        self.actions["pan"].setChecked(True)
        self._show_options(None)

    def _add_action(self, key: str, text: str, shortcut: str, tip: str) -> None:
        action = QAction(text, self.toolbar)
        action.setCheckable(True)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            tip = f"{tip} ({shortcut})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setData(key)
        action.toggled.connect(lambda on, k=key: on and self.activate(k))
        self.group.addAction(action)
        self.toolbar.addAction(action)
        self.actions[key] = action

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
        if widget is None:
            self.options_stack.setCurrentIndex(0)
            return
        if self.options_stack.indexOf(widget) < 0:
            self.options_stack.addWidget(widget)
        self.options_stack.setCurrentWidget(widget)

    @Slot()
    def _document_changed(self) -> None:
        if self.active is not None:
            self.active.document_changed()

    @Slot(int)
    def _selection_changed(self, index: int) -> None:
        if self.active is not None:
            self.active.selection_changed(index)
