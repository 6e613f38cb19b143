"""An in-window message strip for problems and notices: readable, non-modal, never a blocking dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop_app.core.safe_files import printable
from desktop_app.ui.timers import single_shot_timer

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
        self.action_button = QPushButton()
        self.action_button.hide()
        self.action_button.clicked.connect(self._run_action)
        self._action: Callable[[], None] | None = None
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._timer = single_shot_timer(self, self.hide)
        self.level = ""
        self.hide()

    def show_message(
        self,
        text: str,
        level: str = "error",
        seconds: float | None = None,
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        """Shows a message; `seconds` hides it after a while (default: errors and offers stay, others go after 8 s);
        `action` adds a button (label, callback) that also dismisses the message."""
        text = printable(text, keep_newlines=True)  # names from files may carry escape sequences
        foreground, background, glyph = STYLES.get(level, STYLES["info"])
        self.setStyleSheet(
            f"#NoticeBar {{ background: {background}; border: 1px solid {foreground}; border-radius: 4px; }}"
            f"#NoticeBar QLabel, #NoticeBar QToolButton {{ color: {foreground}; }}"
        )
        self.level = level
        self.icon.setText(glyph)
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self.show()
        duration = seconds if seconds is not None else (None if level == "error" or action else 8.0)
        if duration:
            self._timer.start(int(duration * 1000))
        else:
            self._timer.stop()

    def _run_action(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()

    def message(self) -> str:
        """The message on display, or "" when hidden."""
        return "" if self.isHidden() else self.text.text()
