"""The snapshot strip: experiments kept side by side (thumbnail, top-1 and its probability), any one restorable."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.document import Document
from desktop_app.ui.qimage import array_to_qimage

THUMB = 96


@dataclass(frozen=True)
class Snapshot:
    """One kept experiment: the document as it was and what the model said."""

    document: Document
    label: str
    probability: float


class SnapshotStrip(QWidget):
    """A horizontal strip of snapshots; double-click (or Restore) brings one back."""

    restore_requested = Signal(object)  # Snapshot

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshots: list[Snapshot] = []
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFixedHeight(THUMB + 3 * self.fontMetrics().height() + 8)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setAccessibleName("Snapshots")
        self.list.itemDoubleClicked.connect(lambda item: self._restore(self.list.row(item)))
        self.hint = QLabel("Snapshots: double-click one to bring it back.")
        self.hint.setEnabled(False)
        restore = QPushButton("Restore")
        restore.clicked.connect(lambda: self._restore(self.list.currentRow()))
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(restore)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        self.hide()  # appears with the first snapshot

    def add(self, snapshot: Snapshot, image: np.ndarray) -> None:
        """Keeps a snapshot, shown with a thumbnail of its image."""
        self.snapshots.append(snapshot)
        pixmap = QPixmap.fromImage(array_to_qimage(image)).scaled(
            THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        edits = [entry.edit.describe() for entry in snapshot.document.entries if entry.visible] or ["no edits"]
        item = QListWidgetItem(QIcon(pixmap), f"{snapshot.label}\n{100 * snapshot.probability:.1f} %")
        item.setToolTip(f"{snapshot.document.name}\n" + "\n".join(edits))
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.list.addItem(item)
        self.list.scrollToItem(item)
        self.show()

    def remove_selected(self) -> None:
        """Forgets the selected snapshot."""
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            del self.snapshots[row]
        self.setVisible(bool(self.snapshots))

    def _restore(self, row: int) -> None:
        if 0 <= row < len(self.snapshots):
            self.restore_requested.emit(self.snapshots[row])
