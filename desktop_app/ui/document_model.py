"""The open Document behind Qt's undo stack: every change is a QUndoCommand, so Ctrl+Z undoes it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import Edit


class _DocumentCommand(QUndoCommand):
    """A change to the document's edit list that can be undone."""

    def __init__(self, owner: DocumentModel, text: str) -> None:
        super().__init__(text)
        self.owner = owner

    @property
    def document(self) -> Document:
        return self.owner.document  # type: ignore[return-value]


class AddEdit(_DocumentCommand):
    def __init__(self, owner: DocumentModel, entry: EditEntry, index: int) -> None:
        super().__init__(owner, f"Add {entry.edit.describe()}")
        self.entry, self.index = entry, index

    def redo(self) -> None:
        self.document.insert(self.index, self.entry)
        self.owner.notify()

    def undo(self) -> None:
        self.document.remove(self.index)
        self.owner.notify()


class RemoveEdit(_DocumentCommand):
    def __init__(self, owner: DocumentModel, index: int) -> None:
        super().__init__(owner, f"Delete {owner.document.entries[index].edit.describe()}")  # type: ignore[union-attr]
        self.index = index
        self.entry: EditEntry | None = None

    def redo(self) -> None:
        self.entry = self.document.remove(self.index)
        self.owner.notify()

    def undo(self) -> None:
        self.document.insert(self.index, self.entry)  # type: ignore[arg-type]
        self.owner.notify()


class ReplaceEdit(_DocumentCommand):
    """Changes one entry; consecutive changes with the same merge key (one mouse drag) undo as one step."""

    MERGE_ID = 1001

    def __init__(self, owner: DocumentModel, index: int, entry: EditEntry, text: str, merge_key: object = None):
        super().__init__(owner, text)
        self.index, self.new, self.merge_key = index, entry, merge_key
        self.old = owner.document.entries[index]  # type: ignore[union-attr]

    def id(self) -> int:
        return self.MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ReplaceEdit) or other.merge_key != self.merge_key or other.index != self.index:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.document.replace(self.index, self.new)
        self.owner.notify()

    def undo(self) -> None:
        self.document.replace(self.index, self.old)
        self.owner.notify()


class ClearEdits(_DocumentCommand):
    def __init__(self, owner: DocumentModel) -> None:
        super().__init__(owner, "Clear all edits")
        self.entries = list(owner.document.entries)  # type: ignore[union-attr]

    def redo(self) -> None:
        self.document.entries.clear()
        self.owner.notify()

    def undo(self) -> None:
        self.document.entries[:] = self.entries
        self.owner.notify()


class DocumentModel(QObject):
    """Holds the open document and its undo stack; emits `changed` after every change."""

    changed = Signal()  # the rendered image may differ
    document_replaced = Signal()  # a new source image (the undo history starts again)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None

    def set_document(self, document: Document) -> None:
        """Makes `document` the open one; its undo history starts empty."""
        self.undo_stack.clear()
        self.document = document
        self.document_replaced.emit()
        self.changed.emit()

    def notify(self) -> None:
        """Called by the commands after they change the document."""
        self.changed.emit()

    @property
    def entries(self) -> list[EditEntry]:
        """The current edit entries (empty without a document)."""
        return list(self.document.entries) if self.document else []

    def add_edit(self, edit: Edit) -> None:
        """Appends an edit (undoable)."""
        if self.document is not None:
            self.undo_stack.push(AddEdit(self, EditEntry(edit), len(self.document.entries)))

    def remove_edit(self, index: int) -> None:
        """Deletes an edit (undoable)."""
        if self.document is not None and 0 <= index < len(self.document.entries):
            self.undo_stack.push(RemoveEdit(self, index))

    def change_edit(self, index: int, edit: Edit, merge_key: object = None) -> None:
        """Replaces an edit's values (undoable; changes sharing a merge key undo together)."""
        if self.document is not None and 0 <= index < len(self.document.entries):
            entry = EditEntry(edit, self.document.entries[index].visible)
            self.undo_stack.push(ReplaceEdit(self, index, entry, f"Change {edit.describe()}", merge_key))

    def set_visible(self, index: int, visible: bool) -> None:
        """Shows or hides an edit (undoable)."""
        if self.document is not None and 0 <= index < len(self.document.entries):
            entry = self.document.entries[index]
            if entry.visible != visible:
                text = f"{'Show' if visible else 'Hide'} {entry.edit.describe()}"
                self.undo_stack.push(ReplaceEdit(self, index, entry.toggled(), text))

    def clear_edits(self) -> None:
        """Removes every edit (undoable)."""
        if self.document is not None and self.document.entries:
            self.undo_stack.push(ClearEdits(self))
