"""An in-window message strip for problems and notices: readable, non-modal, never a blocking dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

STYLES = {
    "error": ("#7f1d1d", "#fde8e8", "⚠"),
    "warning": ("#6b4a00", "#fff4d6", "⚠"),
    "info": ("#0b3d66", "#e3f0fb", "ℹ"),
}


class NoticeBar(QFrame):
    """Shows one message at a time above the canvas; errors stay until closed, notices fade after a while."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self, singleShot=True, timeout=self.hide)
        self.level = ""
        self.hide()

    def show_message(self, text: str, level: str = "error", seconds: float | None = None) -> None:
        """Shows a message; `seconds` hides it after a while (default: errors stay, others go after 8 s)."""
        foreground, background, glyph = STYLES.get(level, STYLES["info"])
        self.setStyleSheet(
            f"#NoticeBar {{ background: {background}; border: 1px solid {foreground}; border-radius: 4px; }}"
            f"#NoticeBar QLabel, #NoticeBar QToolButton {{ color: {foreground}; }}"
        )
        self.level = level
        self.icon.setText(glyph)
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        duration = seconds if seconds is not None else (None if level == "error" else 8.0)
        if duration:
            self._timer.start(int(duration * 1000))
        else:
            self._timer.stop()

    def message(self) -> str:
        """The message on display, or "" when hidden."""
        return "" if self.isHidden() else self.text.text()
