"""The Edits panel: the document's edit list, with show/hide, delete and clear."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.document_editor import DocumentEditor


class EditsPanel(QWidget):
    """Lists the edits of the open document; the checkbox shows or hides an edit, a double-click opens its tool."""

    edit_activated = Signal(int)  # index of the edit the user wants to change

    def __init__(self, editor: DocumentEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.title = QLabel(self.tr("<b>Edits</b>"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Edits"))
        self.list.setAlternatingRowColors(True)
        self.empty_hint = QLabel(self.tr("No edits yet: the image is as loaded."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setEnabled(False)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.clear_button = QPushButton(self.tr("Clear all"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_hint)
        layout.addLayout(buttons)
        self.delete_button.clicked.connect(self.delete_selected)
        self.clear_button.clicked.connect(editor.clear_edits)
        self.list.itemChanged.connect(self._item_changed)
        self.list.itemDoubleClicked.connect(lambda item: self.edit_activated.emit(self.list.row(item)))
        self.list.currentRowChanged.connect(self._row_changed)
        editor.changed.connect(self.refresh)
        editor.selection_changed.connect(self._select_row)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Rebuilds the list from the document (cheap: a handful of rows)."""
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self.editor.entries:
            item = QListWidgetItem(entry.edit.describe())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.visible else Qt.CheckState.Unchecked)
            item.setToolTip(self.tr("Untick to hide this edit without deleting it; double-click to change it"))
            self.list.addItem(item)
        self.list.setCurrentRow(self.editor.selected)
        self.list.blockSignals(False)
        self.empty_hint.setVisible(self.list.count() == 0)
        self._update_buttons()

    @Slot()
    def delete_selected(self) -> None:
        """Deletes the selected edit (undoable)."""
        if self.list.currentRow() >= 0:
            self.editor.remove_edit(self.list.currentRow())

    def _row_changed(self, row: int) -> None:
        self.editor.select(row)
        self._update_buttons()

    @Slot(int)
    def _select_row(self, index: int) -> None:
        if self.list.currentRow() != index:
            self.list.blockSignals(True)
            self.list.setCurrentRow(index)
            self.list.blockSignals(False)
            self._update_buttons()

    def _item_changed(self, item: QListWidgetItem) -> None:
        self.editor.set_visible(self.list.row(item), item.checkState() == Qt.CheckState.Checked)

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.list.currentRow() >= 0)
        self.clear_button.setEnabled(self.list.count() > 0)
