"""The snapshot strip: experiments kept side by side (thumbnail, top-1 and its probability), any one restorable,
each with a note for the worksheet.

It stays small: one row of thumbnails under a header line, and the header alone when collapsed.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.core.worksheet import Snapshot

THUMB = 56
HINT = QT_TRANSLATE_NOOP("SnapshotStrip", "Double-click one (or press Enter) to bring it back.")


class SnapshotStrip(QWidget):
    """A header (collapse, Restore, Remove) over a row of snapshots; double-click or Enter brings one back."""

    restore_requested = Signal(object)  # Snapshot
    export_requested = Signal()  # the Worksheet button: export the snapshots as a worksheet
    shown_changed = Signal(bool)  # the strip was shown or hidden (a snapshot added, the last one removed, F8)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshots: list[Snapshot] = []
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.ListMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setSpacing(2)
        self.list.setFixedHeight(max(THUMB, 2 * self.fontMetrics().height()) + 14)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAccessibleName(self.tr("Snapshots"))
        self.list.setAccessibleDescription(self.tr(HINT))
        self.list.itemActivated.connect(lambda item: self._restore(self.list.row(item)))
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setToolTip(self.tr("Show or fold the snapshots"))
        self.toggle.toggled.connect(self.set_expanded)
        self.hint = QLabel(self.tr(HINT))
        self.hint.setEnabled(False)  # drawn as secondary text
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.clicked.connect(lambda: self._restore(self.list.currentRow()))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.note_button = QPushButton(self.tr("Note…"))
        self.note_button.setToolTip(self.tr("Write a note on the selected snapshot, for the worksheet"))
        self.note_button.clicked.connect(self.edit_note)
        self.export_button = QPushButton(self.tr("Worksheet…"))
        self.export_button.setToolTip(self.tr("Export every snapshot as a worksheet (HTML and PDF)"))
        self.export_button.clicked.connect(self.export_requested)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        for widget in (self.toggle, self.hint):
            header.addWidget(widget)
        header.addStretch(1)
        for button in self._buttons():
            header.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self._update_header()
        self.hide()  # appears with the first snapshot

    def add(self, snapshot: Snapshot) -> None:
        """Keeps a snapshot, shown with a thumbnail of its image; the strip opens to show it."""
        self.snapshots.append(snapshot)
        pixmap = QPixmap()
        pixmap.loadFromData(snapshot.picture.jpeg)
        pixmap = pixmap.scaled(
            THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        item = QListWidgetItem(QIcon(pixmap), f"{snapshot.label}\n{100 * snapshot.probability:.1f} %")
        self.list.addItem(item)
        self._describe(len(self.snapshots) - 1)
        self.list.setCurrentItem(item)
        self.list.scrollToItem(item)
        self.set_expanded(True)
        self.set_shown(True)
        self._update_header()

    def set_note(self, row: int, note: str) -> None:
        """Gives a snapshot its note (shown in its tooltip and on the worksheet)."""
        self.snapshots[row].note = note.strip()
        self._describe(row)

    def edit_note(self) -> None:
        """Asks for the selected snapshot's note."""
        row = self.list.currentRow()
        if row < 0:
            return
        title, label = self.tr("Note on the snapshot"), self.tr("What does this snapshot show? (for the worksheet)")
        note, ok = QInputDialog.getMultiLineText(self, title, label, self.snapshots[row].note)
        if ok:
            self.set_note(row, note)

    def _describe(self, row: int) -> None:
        snapshot = self.snapshots[row]
        lines = [snapshot.document.name, *(snapshot.edits or [self.tr("no edits")])]
        if snapshot.note:
            lines.append(self.tr("Note: {0}").format(snapshot.note))
        self.list.item(row).setToolTip("\n".join(lines))

    def remove_selected(self) -> None:
        """Forgets the selected snapshot; the strip goes with the last one."""
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            del self.snapshots[row]
        self._update_header()
        if not self.snapshots:
            self.set_shown(False)

    def set_shown(self, shown: bool) -> None:
        """Shows or hides the whole strip (View › Panels › Snapshots)."""
        if shown == self.isHidden():
            self.setVisible(shown)
            self.shown_changed.emit(shown)

    def set_expanded(self, expanded: bool) -> None:
        """Unfolds the row of snapshots, or folds the strip to its header line."""
        self.list.setVisible(expanded)
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)
        self._update_header()

    def is_expanded(self) -> bool:
        """Whether the row of snapshots is unfolded."""
        return self.toggle.isChecked()

    def _update_header(self) -> None:
        expanded = self.toggle.isChecked()
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.toggle.setText(self.tr("Snapshots ({count})").format(count=len(self.snapshots)))
        self.hint.setVisible(expanded)
        for button in self._buttons():
            button.setVisible(expanded)
            button.setEnabled(bool(self.snapshots))

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.restore_button, self.remove_button, self.note_button, self.export_button)

    def _restore(self, row: int) -> None:
        if 0 <= row < len(self.snapshots):
            self.restore_requested.emit(self.snapshots[row])
