"""The snapshot strip: experiments kept side by side (thumbnail, top-1 and its probability), any one restorable.

It stays small: one row of thumbnails under a header line, and the header alone when collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
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

from desktop_app.core.document import Document
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.qimage import array_to_qimage

THUMB = 56
HINT = QT_TRANSLATE_NOOP("SnapshotStrip", "Double-click one (or press Enter) to bring it back.")


@dataclass(frozen=True)
class Snapshot:
    """One kept experiment: the document as it was and what the model said."""

    document: Document
    label: str
    probability: float


class SnapshotStrip(QWidget):
    """A header (collapse, Restore, Remove) over a row of snapshots; double-click or Enter brings one back."""

    restore_requested = Signal(object)  # Snapshot
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
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        for widget in (self.toggle, self.hint):
            header.addWidget(widget)
        header.addStretch(1)
        header.addWidget(self.restore_button)
        header.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self._update_header()
        self.hide()  # appears with the first snapshot

    def add(self, snapshot: Snapshot, image: np.ndarray) -> None:
        """Keeps a snapshot, shown with a thumbnail of its image; the strip opens to show it."""
        self.snapshots.append(snapshot)
        pixmap = QPixmap.fromImage(array_to_qimage(image)).scaled(
            THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        edits = [entry.edit.describe() for entry in snapshot.document.entries if entry.visible] or [self.tr("no edits")]
        item = QListWidgetItem(QIcon(pixmap), f"{snapshot.label}\n{100 * snapshot.probability:.1f} %")
        item.setToolTip(f"{snapshot.document.name}\n" + "\n".join(edits))
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self.list.scrollToItem(item)
        self.set_expanded(True)
        self.set_shown(True)
        self._update_header()

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
        for button in (self.restore_button, self.remove_button):
            button.setVisible(expanded)
            button.setEnabled(bool(self.snapshots))

    def _restore(self, row: int) -> None:
        if 0 <= row < len(self.snapshots):
            self.restore_requested.emit(self.snapshots[row])
