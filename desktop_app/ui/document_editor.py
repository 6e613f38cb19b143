"""The open Document behind Qt's undo stack: every change is a QUndoCommand, so Ctrl+Z undoes it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import Edit


class _DocumentCommand(QUndoCommand):
    """A change to the document's edit list that can be undone."""

    def __init__(self, owner: DocumentEditor, text: str) -> None:
        super().__init__(text)
        self.owner = owner

    @property
    def document(self) -> Document:
        return self.owner.document  # type: ignore[return-value]  # commands are only made while a document is open


MERGE_ID = 1001  # commands of one gesture (same merge key) collapse into one undo step


class AddEdit(_DocumentCommand):
    """Adds an edit; later changes in the same gesture (same merge key) fold into it."""

    def __init__(self, owner: DocumentEditor, entry: EditEntry, index: int, merge_key: object = None) -> None:
        super().__init__(owner, f"Add {entry.edit.describe()}")
        self.entry, self.index, self.merge_key = entry, index, merge_key

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ReplaceEdit) or other.merge_key != self.merge_key or other.index != self.index:
            return False
        self.entry = other.new
        self.setText(f"Add {self.entry.edit.describe()}")
        return True

    def redo(self) -> None:
        self.document.insert(self.index, self.entry)
        self.owner.notify()

    def undo(self) -> None:
        self.document.remove(self.index)
        self.owner.notify()


class RemoveEdit(_DocumentCommand):
    def __init__(self, owner: DocumentEditor, index: int) -> None:
        super().__init__(owner, f"Delete {owner.document.entries[index].edit.describe()}")  # type: ignore[union-attr]  # commands are only made while a document is open
        self.index = index
        self.entry: EditEntry | None = None

    def redo(self) -> None:
        self.entry = self.document.remove(self.index)
        self.owner.notify()

    def undo(self) -> None:
        self.document.insert(self.index, self.entry)  # type: ignore[arg-type]  # redo() set the entry before undo() can run
        self.owner.notify()


class ReplaceEdit(_DocumentCommand):
    """Changes one entry; consecutive changes with the same merge key (one mouse drag) undo as one step."""

    def __init__(self, owner: DocumentEditor, index: int, entry: EditEntry, text: str, merge_key: object = None):
        super().__init__(owner, text)
        self.index, self.new, self.merge_key = index, entry, merge_key
        self.old = owner.document.entries[index]  # type: ignore[union-attr]  # commands are only made while a document is open

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

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
    def __init__(self, owner: DocumentEditor) -> None:
        super().__init__(owner, "Clear all edits")
        self.entries = list(owner.document.entries)  # type: ignore[union-attr]  # commands are only made while a document is open

    def redo(self) -> None:
        self.document.entries.clear()
        self.owner.notify()

    def undo(self) -> None:
        self.document.entries[:] = self.entries
        self.owner.notify()


class SetEntries(_DocumentCommand):
    """Replaces the whole edit list (restoring a snapshot)."""

    def __init__(self, owner: DocumentEditor, entries: list[EditEntry], text: str) -> None:
        super().__init__(owner, text)
        self.new, self.old = list(entries), list(owner.document.entries)  # type: ignore[union-attr]  # commands are only made while a document is open

    def redo(self) -> None:
        self.document.entries[:] = self.new
        self.owner.notify()

    def undo(self) -> None:
        self.document.entries[:] = self.old
        self.owner.notify()


class DocumentEditor(QObject):
    """The editor of the open document: the document, its undo stack and the selected edit; emits `changed`."""

    changed = Signal()  # the rendered image may differ
    document_replaced = Signal()  # a new source image (the undo history starts again)
    selection_changed = Signal(int)  # index of the selected edit, -1 for none

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.selected = -1
        self.replacements = 0  # documents set so far: a slow open still wanted when it ends if this is unchanged

    def keep_enabled(self, undo: QAction, redo: QAction) -> None:
        """Enables the Undo and Redo actions exactly while there is something to undo or redo."""
        for action, signal, enabled in (
            (undo, self.undo_stack.canUndoChanged, self.undo_stack.canUndo()),
            (redo, self.undo_stack.canRedoChanged, self.undo_stack.canRedo()),
        ):
            signal.connect(action.setEnabled)
            action.setEnabled(enabled)

    def set_document(self, document: Document) -> None:
        """Makes `document` the open one; its undo history starts empty."""
        self.undo_stack.clear()
        self.document = document
        self.replacements += 1
        self.selected = -1
        self.document_replaced.emit()
        self.changed.emit()
        self.selection_changed.emit(-1)

    def notify(self) -> None:
        """Called by the commands after they change the document."""
        if self.selected >= len(self.entries):
            self.select(len(self.entries) - 1)
        self.changed.emit()

    def select(self, index: int) -> None:
        """Marks an edit as selected (-1: none); tools show handles for it."""
        index = index if 0 <= index < len(self.entries) else -1
        if index != self.selected:
            self.selected = index
            self.selection_changed.emit(index)

    def selected_entry(self) -> EditEntry | None:
        """The selected edit entry, if any."""
        return (
            self.document.entries[self.selected]
            if self.document and 0 <= self.selected < len(self.document.entries)
            else None
        )

    @property
    def entries(self) -> list[EditEntry]:
        """The current edit entries (empty without a document)."""
        return list(self.document.entries) if self.document else []

    def add_edit(self, edit: Edit, merge_key: object = None) -> int:
        """Appends an edit (undoable), selects it and returns its index (-1 without a document). Later
        `change_edit` calls with the same merge key (one mouse drag) fold into this one undo step."""
        if self.document is None:
            return -1
        index = len(self.document.entries)
        self.undo_stack.push(AddEdit(self, EditEntry(edit), index, merge_key))
        self.select(index)
        return index

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

    def set_entries(self, entries: list[EditEntry], text: str = "Restore snapshot") -> None:
        """Replaces every edit at once (undoable)."""
        if self.document is not None:
            self.undo_stack.push(SetEntries(self, entries, text))

    def clear_edits(self) -> None:
        """Removes every edit (undoable)."""
        if self.document is not None and self.document.entries:
            self.undo_stack.push(ClearEdits(self))
